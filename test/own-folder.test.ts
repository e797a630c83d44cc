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
// A developer offline skips this file; CI must reach the registry, so there the skip is a failure.
const inCi = !!process.env.CI && process.env.CI !== 'false'
if (!online && !inCi)
  console.warn('own-folder.test.ts: skipped, the npm registry is unreachable (npm install would fail)')

it.runIf(!online && inCi)('the npm registry is reachable (CI needs it for the own-folder test)', () => {
  expect.fail('npm view vitest@4.1.12 failed: the own-folder test cannot install a project without the registry')
})

/** A literal text as a regular expression. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

describe.skipIf(!online)('a model project in a folder of its own', { timeout: 10 * MINUTES }, () => {
  let work = ''
  let project = ''
  let install = ''
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
    install = join(work, 'install')
    const bin = join(work, 'bin')
    // Nothing of this test run leaks into the commands: the nested vitest would otherwise think it is ours.
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|npm_|TSX_)/.test(k)),
    )
    env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`
    env.FORCE_COLOR = '0'
    env.NO_COLOR = '1'
    // The package builds are part of the documented command; STOCKFLOW_BUILT=1 (set by CI, which builds
    // before it tests) says they are fresh.
    const build = process.env.STOCKFLOW_BUILT === '1' ? ['--no-build'] : []
    ok(await sh('pnpm', ['install:cli', '--dir', install, '--bin', bin, ...build], root), 'pnpm install:cli')
  }, 20 * MINUTES)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  }, 5 * MINUTES)

  it('init writes a project whose npm install and npm test pass', async () => {
    ok(await sh('stockflow', ['init', 'my-model'], work), 'stockflow init')
    expect((await sh('stockflow', ['init', 'my-model'], work)).stderr).toMatch(/not empty.*--force/)
    ok(await sh('npm', ['install', '--no-audit', '--no-fund']), 'npm install')
    expect(ok(await sh('npm', ['test']), 'npm test').stdout).toMatch(/2 passed/)
  })

  it('run, check and test work on the project', async () => {
    const run = ok(await sh('stockflow', ['run', 'model.ts', '--saveper', '50', '--vars', 'Young,Old']), 'run')
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['time,Young,Old', '0,600,400'])
    expect(ok(await sh('stockflow', ['check', 'model.ts']), 'check').stdout).toMatch(/^model\.ts: ok/)
    expect(ok(await sh('stockflow', ['test', '.']), 'test').stdout).toMatch(/2 passed, 0 failed/)
    const scenarios = ok(await sh('npm', ['run', 'run', '--', '--scenario', 'all', '--saveper', '100']), 'npm run')
    expect(scenarios.stdout).toMatch(/^low-births,100,/m)
  })

  it('plot draws the trajectories to SVG and PNG', async () => {
    ok(await sh('stockflow', ['plot', 'model.ts', '--vars', 'Young,Old', '--out', 'ages.svg']), 'plot svg')
    expect(readFileSync(join(project, 'ages.svg'), 'utf8')).toMatch(/<svg[\s\S]*Young[\s\S]*<\/svg>\s*$/)
    ok(await sh('stockflow', ['plot', 'model.ts', '--vars', 'Young', '--scenario', 'all', '--out', 'young.png']), 'png')
    const png = readFileSync(join(project, 'young.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  })

  /** Starts `stockflow view model.ts --watch` in `cwd`: the viewer's page and the model it serves. */
  const view = async (cwd: string): Promise<{ page: string; model: { name: string } }> => {
    const child = spawn('stockflow', ['view', 'model.ts', '--watch', '--port', '0', '--no-open'], { cwd, env })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        const seen = (d: Buffer) => {
          out += d.toString()
          const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)
          if (found) resolve(found[0])
        }
        child.stdout.on('data', seen)
        child.stderr.on('data', (d: Buffer) => (out += d.toString()))
        child.on('error', reject)
        child.on('close', (code) => reject(new Error(`stockflow view exited with ${code}: ${out}`)))
      })
      const page = await (await fetch(url)).text()
      const response = await fetch(`${url}model.json`)
      expect(response.status, await response.clone().text()).toBe(200)
      return { page, model: (await response.json()) as { name: string } }
    } finally {
      child.kill()
    }
  }

  it('view serves the installed viewer with the model', async () => {
    const { page, model } = await view(project)
    expect(page).toMatch(/<!doctype html>/i)
    expect(model.name).toBe('Population')
  })

  it('a model in a folder without node_modules loads through the installation', async () => {
    const bare = join(work, 'bare')
    ok(await sh('stockflow', ['init', bare], work), 'init bare')
    expect(existsSync(join(bare, 'node_modules'))).toBe(false)
    // check type-checks before npm install: no `types` the folder lacks, @stockflow/* from the installation.
    expect(ok(await sh('stockflow', ['check', 'model.ts'], bare), 'check').stdout).toMatch(/^model\.ts: ok/)
    // No package.json either: tsx reads model.ts as CommonJS, which needs the require fallback.
    rmSync(join(bare, 'package.json'))
    const run = ok(await sh('stockflow', ['run', 'model.ts', '--saveper', '100', '--vars', 'Young'], bare), 'run')
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['time,Young', '0,600'])
    // view --watch loads the model in a worker, which resolves @stockflow/* the same way.
    expect((await view(bare)).model.name).toBe('Population')
    // The CommonJS build of the CLI (dist/*.cjs) finds its own folder, packages and tsx without import.meta.
    const script = `const cli = require(${JSON.stringify(join(install, 'dist', 'index.cjs'))})
      const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }
      cli.main(['init', 'from-cjs'], io)
        .then((code) => code || cli.main(['run', 'from-cjs/model.ts', '--saveper', '100', '--vars', 'Old'], io))
        .then((code) => { process.exitCode = code })`
    const cjs = ok(await sh('node', ['-e', script], bare), 'the CommonJS build')
    expect(cjs.stdout).toMatch(/^wrote package\.json, .* in from-cjs\n[\s\S]*^time,Old\n0,400\n/m)
  })

  it('a typo in model.ts fails npm test with the compiler message naming the file and line', async () => {
    const file = join(project, 'model.ts')
    const lines = readFileSync(file, 'utf8').split('\n')
    const at = lines.findIndex((l) => l.includes('${young} / ${yearsYoung}'))
    expect(at).toBeGreaterThan(0)
    lines[at] = lines[at]!.replace('${yearsYoung}', '${yearsYung}')
    writeFileSync(file, lines.join('\n'))
    const test = await sh('npm', ['test'])
    expect(test.code).not.toBe(0)
    const message = `model.ts(${at + 1},COL): error TS2552: Cannot find name 'yearsYung'. Did you mean 'yearsYoung'?`
    expect(test.stdout + test.stderr).toMatch(new RegExp(`^${escape(message).replace('COL', '\\d+')}$`, 'm'))
    const check = await sh('stockflow', ['check', 'model.ts'])
    expect(check.code).toBe(1)
    expect(check.stdout + check.stderr).toMatch(new RegExp(`model\\.ts:${at + 1}:\\d+:.*yearsYung`))
  })
})
