import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The README's "Your own model" path, as a new user takes it: the documented install command, then a
// project made by `stockflow init` in a folder outside the repository, installed from the npm registry.
const root = join(__dirname, '..')
const MINUTES = 60_000

/** npm answers for the pinned vitest: the project's third-party devDependencies can be installed. */
function registryReachable(): boolean {
  try {
    execFileSync('npm', ['view', 'vitest@4.1.12', 'version'], { stdio: 'pipe', timeout: 60_000 })
    return true
  } catch {
    return false
  }
}

const online = registryReachable()
if (!online) console.warn('own-folder.test.ts: skipped, the npm registry is unreachable (npm install would fail)')

interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

describe.skipIf(!online)('a model project in a folder of its own', () => {
  let work = ''
  let project = ''
  let env: NodeJS.ProcessEnv = {}

  /** Runs a command the way a user's shell would: the installed `stockflow` first on PATH, no vitest state. */
  const sh = (command: string, args: readonly string[], cwd = project): Promise<Ran> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  const ok = (ran: Ran, what: string): Ran => {
    expect(ran.code, `${what}\n${ran.stdout}\n${ran.stderr}`).toBe(0)
    return ran
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stockflow-own-folder-'))
    project = join(work, 'my-model')
    const bin = join(work, 'bin')
    // Nothing of this test run leaks into the commands: the nested vitest would otherwise think it is ours.
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|npm_|TSX_)/.test(k)),
    )
    env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`
    env.FORCE_COLOR = '0'
    env.NO_COLOR = '1'
    // The package builds are part of the documented command; STOCKFLOW_BUILT=1 says they are fresh.
    const build = process.env.STOCKFLOW_BUILT === '1' ? ['--no-build'] : []
    ok(
      await sh('pnpm', ['install:cli', '--dir', join(work, 'install'), '--bin', bin, ...build], root),
      'pnpm install:cli',
    )
  }, 20 * MINUTES)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  }, 5 * MINUTES)

  it(
    'stockflow init writes a project whose npm install and npm test pass',
    async () => {
      ok(await sh('stockflow', ['init', 'my-model'], work), 'stockflow init')
      expect((await sh('stockflow', ['init', 'my-model'], work)).stderr).toMatch(/not empty.*--force/)
      ok(await sh('npm', ['install', '--no-audit', '--no-fund']), 'npm install')
      const test = ok(await sh('npm', ['test']), 'npm test')
      expect(test.stdout).toMatch(/2 passed/)
    },
    10 * MINUTES,
  )

  it(
    'runs, checks and tests the model with the installed command',
    async () => {
      const run = ok(await sh('stockflow', ['run', 'model.ts', '--saveper', '50', '--vars', 'Young,Old']), 'run')
      expect(run.stdout.split('\n')[0]).toBe('time,Young,Old')
      expect(run.stdout.split('\n')[1]).toBe('0,600,400')
      expect(ok(await sh('stockflow', ['check', 'model.ts']), 'check').stdout).toMatch(/^model\.ts: ok/)
      expect(ok(await sh('stockflow', ['test', '.']), 'test').stdout).toMatch(/2 passed, 0 failed/)
      expect(
        ok(await sh('npm', ['run', 'run', '--', '--scenario', 'all', '--saveper', '100']), 'npm run run').stdout,
      ).toMatch(/^low-births,100,/m)
    },
    5 * MINUTES,
  )

  it(
    'loads a model from a folder without node_modules through the installation',
    async () => {
      const bare = join(work, 'bare')
      ok(await sh('stockflow', ['init', bare], work), 'init bare')
      expect(existsSync(join(bare, 'node_modules'))).toBe(false)
      // No package.json either: tsx reads model.ts as CommonJS, which needs the require fallback.
      rmSync(join(bare, 'package.json'))
      const run = ok(
        await sh('stockflow', ['run', 'model.ts', '--saveper', '100', '--vars', 'Young'], bare),
        'bare run',
      )
      expect(run.stdout.split('\n').slice(0, 2)).toEqual(['time,Young', '0,600'])
    },
    5 * MINUTES,
  )

  it(
    'a typo in model.ts fails npm test with the compiler message naming the file and line',
    async () => {
      const file = join(project, 'model.ts')
      const lines = readFileSync(file, 'utf8').split('\n')
      const at = lines.findIndex((l) => l.includes('${young} / ${yearsYoung}'))
      expect(at).toBeGreaterThan(0)
      lines[at] = lines[at]!.replace('${yearsYoung}', '${yearsYung}')
      writeFileSync(file, lines.join('\n'))
      const test = await sh('npm', ['test'])
      expect(test.code).not.toBe(0)
      expect(test.stdout + test.stderr).toMatch(
        new RegExp(
          `^model\\.ts\\(${at + 1},\\d+\\): error TS2552: Cannot find name 'yearsYung'\\. Did you mean 'yearsYoung'\\?$`,
          'm',
        ),
      )
      const check = await sh('stockflow', ['check', 'model.ts'])
      expect(check.code).toBe(1)
      expect(check.stderr).toMatch(new RegExp(`model\\.ts:${at + 1}:\\d+:.*yearsYung`))
    },
    5 * MINUTES,
  )
})
