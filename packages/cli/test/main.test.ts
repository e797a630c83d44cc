import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VERSION } from '@stockflow/solver'
import { main } from '@stockflow/cli'
import type { Io } from '@stockflow/cli'
import { cli, root, writeModel } from './support.js'

const teacup = join(root, 'seeds/teacup')
const cliPackage = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { version: string }

const COMMANDS = [
  'run',
  'check',
  'test',
  'loops',
  'view',
  'convert',
  'conformance',
  'sweep',
  'montecarlo',
  'sensitivity',
  'calibrate',
]

describe('stockflow --version', () => {
  it('prints the version on stdout and exits 0, as --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await cli(flag)
      expect(code).toBe(0)
      expect(stdout).toBe(`${VERSION}\n`)
      expect(stderr).toBe('')
    }
  })

  it("is the cli package's version, and the one runs record", async () => {
    expect(VERSION).toBe(cliPackage.version)
    const run = JSON.parse((await cli('run', teacup, '--format', 'json')).stdout) as { meta: { stockflow: string } }
    expect(run.meta.stockflow).toBe(VERSION)
  })

  it('is listed in the help', async () => {
    expect((await cli('--help')).stdout).toMatch(/-V, --version +print the version/)
  })
})

describe('exit codes', () => {
  it('0 when a command succeeds, and for --help of the program and of every command', async () => {
    expect((await cli('run', teacup)).code).toBe(0)
    expect((await cli('--help')).code).toBe(0)
    for (const command of COMMANDS) {
      const help = await cli(command, '--help')
      expect(help.code, command).toBe(0)
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: stockflow ${command} `))
    }
  })

  it('what the command returns: 1 for a model with errors (check), 0 when it has none', async () => {
    const broken = writeModel({
      name: 'broken',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [{ kind: 'aux', name: 'A', equation: 'B + 1' }],
    })
    const check = await cli('check', broken)
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(/error \[unknown-reference\] "A"/)
    expect((await cli('check', teacup)).code).toBe(0)
  })

  it('1 for a user mistake, one line on stderr and nothing on stdout', async () => {
    const missing = await cli('run', join(root, 'no/such/model.json'))
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toMatch(/^stockflow: \S*no[/\\]such[/\\]model\.json: no such file or folder\n$/)
    const flag = await cli('sweep', teacup, '--vary', 'Room Temperature=values(60,70)', '--workers', '0')
    expect(flag.code).toBe(1)
    expect(flag.stderr).toBe('stockflow: --workers must be at least 1, got 0\n')
  })

  it('2 for a command line that cannot be parsed: unknown command, unknown flag, missing argument, none', async () => {
    for (const args of [['bogus'], ['run', teacup, '--bogus'], ['run'], []]) {
      const { code, stderr } = await cli(...args)
      expect(code, args.join(' ')).toBe(2)
      expect(stderr, args.join(' ')).not.toBe('')
    }
  })

  it("commander's usage errors are one line: the mistake, its did-you-mean and the command's help", async () => {
    const flag = await cli('run', teacup, '--var', 'x')
    expect(flag.code).toBe(2)
    expect(flag.stderr).toBe(
      "stockflow: unknown option '--var'; did you mean --vars? (stockflow run --help lists them)\n",
    )
    expect((await cli('runn')).stderr).toBe(
      "stockflow: unknown command 'runn'; did you mean run? (stockflow --help lists them)\n",
    )
    expect((await cli('run')).stderr).toBe(
      "stockflow: missing required argument 'model' (stockflow run --help for usage)\n",
    )
    const many = await cli('run', teacup, 'extra')
    expect(many.code).toBe(2)
    expect(many.stderr).toMatch(
      /^stockflow: too many arguments for 'run'\. Expected 1 argument but got 2 \(stockflow run --help for usage\)\n$/,
    )
  })

  it('a StockflowError of another copy of @stockflow/model is a user mistake too (exit 1)', async () => {
    const foreign = Object.assign(new Error('model.ts: something the user can fix'), {
      name: 'StockflowError',
      issues: [],
    })
    const io: Io = {
      stdout: () => {
        throw foreign
      },
      stderr: (t) => void (stderr += t),
    }
    let stderr = ''
    expect(await main(['run', teacup], io)).toBe(1)
    expect(stderr).toBe('stockflow: model.ts: something the user can fix\n')
  })

  it('anything else is a bug: main rejects with it (bin.ts then prints the stack and exits 70)', async () => {
    const io: Io = {
      stdout: () => {
        throw new TypeError('boom')
      },
      stderr: () => {},
    }
    await expect(main(['run', teacup], io)).rejects.toThrow(TypeError)
  })
})
