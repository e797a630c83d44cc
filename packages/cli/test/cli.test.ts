import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './support.js'

const root = join(__dirname, '../../..')
const teacup = join(root, 'seeds/teacup')

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stockflow-cli-'))
}

const jsonModel = (equation: string) =>
  JSON.stringify({
    name: 'cup',
    time: { start: 0, stop: 2, dt: 0.5 },
    elements: [
      { kind: 'stock', name: 'Teacup Temperature', initial: '180', outflows: ['heat_loss'] },
      { kind: 'flow', name: 'Heat Loss', equation },
      { kind: 'param', name: 'Room Temperature', value: 70 },
    ],
    scenarios: [
      { id: 'cold', set: { 'Room Temperature': 10 } },
      { id: 'Warm', set: { room_temperature: 90 } },
    ],
  })

describe('stockflow run', () => {
  it('prints every variable as CSV, one row per save point', async () => {
    const { code, stdout, stderr } = await cli('run', teacup, '--method', 'euler')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('time,Teacup Temperature,Heat Loss to Room,Room Temperature,Characteristic Time')
    expect(lines).toHaveLength(242)
    expect(lines[1]).toBe('0,180,11,70,10')
    expect(lines[2]).toBe('0.125,178.625,10.8625,70,10')
  })

  it('selects variables, sets parameters and changes the clock', async () => {
    const { code, stdout } = await cli(
      'run',
      teacup,
      '--vars',
      'teacup_temperature',
      '--set',
      'Room Temperature=60',
      '--stop',
      '1',
      '--saveper',
      '0.5',
    )
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'time,Teacup Temperature',
      '0,180',
      '0.5,174.11156542968752',
      '1,168.51207804011543',
    ])
  })

  it('writes JSON with metadata', async () => {
    const { stdout } = await cli('run', teacup, '--format', 'json', '--stop', '1', '--method', 'rk4', '--seed', '7')
    const out = JSON.parse(stdout) as {
      meta: Record<string, unknown>
      time: number[]
      series: Record<string, number[]>
    }
    expect(out.meta).toMatchObject({ model: 'teacup', method: 'rk4', dt: 0.125, seed: 7, stockflow: '0.1.0' })
    expect(out.time).toHaveLength(9)
    expect(Object.keys(out.series)).toContain('Heat Loss to Room')
  })

  it('runs every scenario with a scenario column, and one by case-insensitive id', async () => {
    const dir = tempDir()
    const file = join(dir, 'cup.json')
    writeFileSync(file, jsonModel('(Teacup_Temperature - Room_Temperature) / 10'))
    const all = await cli('run', file, '--scenario', 'all', '--vars', 'Room Temperature')
    expect(all.code).toBe(0)
    expect(all.stdout.trim().split('\n')).toEqual([
      'scenario,time,Room Temperature',
      ...[0, 0.5, 1, 1.5, 2].map((t) => `cold,${t},10`),
      ...[0, 0.5, 1, 1.5, 2].map((t) => `Warm,${t},90`),
    ])
    const one = await cli('run', file, '--scenario', 'WARM', '--vars', 'Room Temperature', '--format', 'tsv')
    expect(one.stdout.split('\n')[1]).toBe('0\t90')
  })

  it('writes --out whole and refuses to overwrite the model', async () => {
    const dir = tempDir()
    const file = join(dir, 'cup.json')
    writeFileSync(file, jsonModel('(Teacup_Temperature - Room_Temperature) / 10'))
    const out = join(dir, 'out.csv')
    expect((await cli('run', file, '--out', out)).code).toBe(0)
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('time,Teacup Temperature,Heat Loss,Room Temperature')
    const clobber = await cli('run', file, '--out', file)
    expect(clobber.code).toBe(1)
    expect(clobber.stderr).toMatch(/refusing to overwrite an input/)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ name: 'cup' })
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('names the file and the element of a misspelt reference, on one line, without a stack', async () => {
    const dir = tempDir()
    const file = join(dir, 'bad.json')
    writeFileSync(file, jsonModel('(Teacup_Temprature - Room_Temperature) / 10'))
    const { code, stderr } = await cli('run', file)
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/bad\.json: error \[unknown-reference\] "Heat Loss" equation at 2: "Teacup_Temprature"/)
    expect(lines[0]).toMatch(/did you mean "Teacup Temperature"/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('reports bad flags and unknown files clearly', async () => {
    expect((await cli('run', teacup, '--method', 'foo')).stderr).toBe(
      'stockflow: --method must be one of euler, rk2, rk4, adaptive, got "foo"\n',
    )
    expect((await cli('run', teacup, '--dt', 'abc')).stderr).toMatch(/--dt must be a number/)
    expect((await cli('run', teacup, '--set', 'nothing=1')).stderr).toMatch(/--set: no variable "nothing"/)
    expect((await cli('run', teacup, '--scenario', 'S9')).stderr).toMatch(/no scenario "S9"/)
    expect((await cli('run', join(root, 'no/such/model.ts'))).stderr).toMatch(/no such file or folder/)
    const unknown = await cli('run', teacup, '--bogus')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown option/)
  })

  it('loads a TS model and reports one whose code fails', async () => {
    const dir = tempDir()
    const file = join(dir, 'broken.ts')
    writeFileSync(file, `const temprature = 1\nexport default { name: 'x', time: temperature, elements: [] }\n`)
    const { code, stderr } = await cli('run', file)
    expect(code).toBe(1)
    expect(stderr).toMatch(/broken\.ts:2:35: could not load the model: temperature is not defined/)
  })
})

describe('stockflow check', () => {
  it('passes a valid model', async () => {
    const { code, stdout } = await cli('check', teacup)
    expect(code).toBe(0)
    expect(stdout).toMatch(/ok, 4 elements, no problems/)
  })

  it('lists every problem and fails; --strict fails on warnings', async () => {
    const dir = tempDir()
    const file = join(dir, 'bad.json')
    writeFileSync(file, jsonModel('(Teacup_Temprature - Room) / 10 + foo(1, 2)'))
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(1)
    const lines = stdout.trim().split('\n')
    expect(lines.filter((l) => l.includes('error'))).toHaveLength(3)
    expect(stdout).toMatch(/unknown-function/)
    const warn = join(dir, 'warn.json')
    writeFileSync(warn, jsonModel('Teacup_Temperature / 10'))
    expect((await cli('check', warn)).code).toBe(0)
    const strict = await cli('check', warn, '--strict')
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(/warning \[unused\] "Room Temperature"/)
  })

  it('prints help', async () => {
    const { code, stdout } = await cli('run', '--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(/--scenario <id>/)
    expect(stdout).toMatch(
      /Arrays in --set and --vars .*\n.*Pop\[north\][\s\S]*Pop\[\*\][\s\S]*Pop\[Coast\] +a subrange/,
    )
    expect((await cli('sweep', '--help')).stdout).toMatch(/Arrays in --vary and --output[\s\S]*--output Pop /)
    expect((await cli('calibrate', '--help')).stdout).toMatch(/Arrays in --vary \(/)
    expect(existsSync(teacup)).toBe(true)
  })
})

describe('stockflow test', () => {
  it("runs a seed's checks: a line per check and a summary", async () => {
    const { code, stdout } = await cli('test', join(root, 'seeds/SIR'))
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines.filter((l) => l.startsWith('PASS '))).toHaveLength(3)
    expect(lines.at(-1)).toBe('3 passed, 0 failed')
  })

  it('fails with exit 1 and the detail of each failing check', async () => {
    // Inside the repository, so the checks module can import the @stockflow packages.
    mkdirSync(join(__dirname, '.scratch'), { recursive: true })
    const dir = mkdtempSync(join(__dirname, '.scratch', 'checks-'))
    writeFileSync(join(dir, 'model.json'), jsonModel('(Teacup_Temperature - Room_Temperature) / 10'))
    writeFileSync(
      join(dir, 'checks.ts'),
      `import { readFileSync } from 'node:fs'
import { modelFromJSON } from '@stockflow/model'
import { check, defineChecks } from '@stockflow/solver'
const m = modelFromJSON(readFileSync(new URL('./model.json', import.meta.url), 'utf8'))
export default defineChecks(m, [
  check('cools', ({ scenario }) => scenario().series('Teacup Temperature').falls()),
  check('stays hot', ({ scenario }) => scenario('cold').series('Teacup Temperature').isAtLeast(150)),
])
`,
    )
    const { code, stdout } = await cli('test', dir)
    expect(code).toBe(1)
    expect(stdout.trim().split('\n')).toEqual([
      'PASS cools',
      expect.stringMatching(/^FAIL stays hot: min of Teacup Temperature in cold \(at 2\) = [\d.]+ >= 150$/),
      '1 passed, 1 failed',
    ])
    rmSync(dir, { recursive: true, force: true })
  })

  it('says where checks are missing', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'model.json'), jsonModel('1'))
    const { code, stderr } = await cli('test', dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/no checks\.ts beside the model/)
  })
})

describe('XMILE models on the command line', () => {
  const xmile = (flowClose: string) => `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>cup</name><vendor>test</vendor><product version="1">test</product></header>
  <sim_specs><start>0</start><stop>2</stop><dt>0.5</dt></sim_specs>
  <model><variables>
    <flow name="Heat Loss"><eqn>(Teacup_Temperature - 70) / 10</eqn>${flowClose}
    <stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat_Loss</outflow></stock>
  </variables></model>
</xmile>
`

  it('runs an XMILE file', async () => {
    const dir = tempDir()
    const file = join(dir, 'cup.xmile')
    writeFileSync(file, xmile('</flow>'))
    const { code, stdout, stderr } = await cli('run', file, '--vars', 'Teacup Temperature')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 3)).toEqual(['time,Teacup Temperature', '0,180', '0.5,174.5'])
  })

  it('reports what it recovered from as warnings, failing --strict', async () => {
    const dir = tempDir()
    const file = join(dir, 'broken.xmile')
    writeFileSync(file, xmile(''))
    const check = await cli('check', file)
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(/broken\.xmile:\d+: warning: /)
    expect((await cli('check', file, '--strict')).code).toBe(1)
    const run = await cli('run', file)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^stockflow: .*broken\.xmile:\d+: warning: /)
  })
})

describe('JSON models naming flows as written', () => {
  it('attach "Heat Loss" to its stock by id, and stop on a division by zero naming it', async () => {
    const dir = tempDir()
    const file = join(dir, 'nan.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'nan',
        time: { start: 0, stop: 3, dt: 1 },
        elements: [
          { kind: 'stock', name: 'Level', initial: '3', outflows: ['Drain'] },
          { kind: 'flow', name: 'Drain', equation: 'Level / (TIME - 2)' },
        ],
      }),
    )
    const stopped = await cli('run', file)
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toMatch(/"Drain": became (Infinity|-Infinity|NaN) at time 2 \(division by zero\)/)
    const kept = await cli('run', file, '--on-non-finite', 'continue')
    expect(kept.code).toBe(0)
    expect(kept.stdout.split('\n').slice(0, 3)).toEqual(['time,Level,Drain', '0,3,-1.5', '1,4.5,-4.5'])
    expect((await cli('run', file, '--on-non-finite', 'maybe')).stderr).toMatch(
      /--on-non-finite must be error or continue/,
    )
  })
})
