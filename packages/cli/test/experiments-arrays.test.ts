import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'

// The experiments on an arrayed model, element by element: a regional SIR over Region = north, south,
// east (Coast = south, east), whose regions mix only through a little travel.

const regionalSir = {
  name: 'regional SIR',
  time: { start: 0, stop: 60, dt: 0.125, units: 'day' },
  dimensions: [
    { name: 'Region', elements: ['north', 'south', 'east'] },
    { name: 'Coast', elements: ['south', 'east'], parent: 'Region' },
  ],
  elements: [
    {
      kind: 'param',
      name: 'Population',
      id: 'population',
      dimensions: ['Region'],
      value: 1000,
      perElement: [{ subscripts: ['south'], equation: '2000' }],
    },
    { kind: 'param', name: 'Contact Rate', id: 'contact_rate', dimensions: ['Region'], value: 0.3 },
    { kind: 'param', name: 'Travel', id: 'travel', value: 0.01 },
    { kind: 'param', name: 'Duration', id: 'duration', value: 5 },
    ...[
      ['Susceptible', 'Population[Region] - 1', [], ['infecting']],
      ['Infected', '1', ['infecting'], ['recovering']],
      ['Recovered', '0', ['recovering'], []],
    ].map(([name, initial, inflows, outflows]) => ({
      kind: 'stock',
      name,
      id: String(name).toLowerCase(),
      dimensions: ['Region'],
      initial,
      inflows,
      outflows,
    })),
    {
      kind: 'aux',
      name: 'Exposure',
      id: 'exposure',
      dimensions: ['Region'],
      equation: '(1-Travel)*Infected[Region]/Population[Region] + Travel*SUM(Infected[*])/SUM(Population[*])',
    },
    {
      kind: 'flow',
      name: 'Infecting',
      id: 'infecting',
      dimensions: ['Region'],
      equation: 'Contact_Rate[Region]*Susceptible[Region]*Exposure[Region]',
    },
    {
      kind: 'flow',
      name: 'Recovering',
      id: 'recovering',
      dimensions: ['Region'],
      equation: 'Infected[Region]/Duration',
    },
  ],
  scenarios: [
    { id: 'north low', set: { 'Contact Rate[north]': 0.1 } },
    { id: 'coast', set: { 'Contact Rate[Coast]': 0.2, 'Contact Rate[*]': 0.4 } },
    { id: 'typo', set: { 'Contact Rate[west]': 0.1 } },
  ],
}
const model = writeModel(regionalSir, 'stockflow-rsir-')
const REGIONS = ['north', 'south', 'east']

const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','))

describe('montecarlo on an arrayed model', () => {
  it('varies one region: its bands widen, the others stay narrow; a column per element and percentile', async () => {
    const args = ['--vary', 'Contact Rate[north]=uniform(0.2,0.4)', '--output', 'Infected[*]', '--runs', '60']
    const { code, stdout, stderr } = await cli('montecarlo', model, ...args)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const [header, ...rows] = csv(stdout)
    expect(header).toEqual(['time', ...REGIONS.flatMap((r) => [5, 25, 50, 75, 95].map((p) => `Infected[${r}] p${p}`))])
    const day30 = rows.find((r) => r[0] === '30')!.map(Number)
    const spread = (j: number) => day30[1 + 5 * j + 4]! - day30[1 + 5 * j]!
    expect(spread(0)).toBeGreaterThan(20)
    expect(spread(1)).toBeLessThan(spread(0) / 10)
    expect(spread(2)).toBeLessThan(spread(0) / 10)
  })

  it('draws each element of Contact Rate[*] on its own, the same with one thread or two', async () => {
    const args = ['--vary', 'Contact Rate[*]=uniform(0.2,0.4)', '--output', 'Infected[north]', '--runs', '40']
    const one = await cli('montecarlo', model, ...args, '--per-run', '--workers', '1')
    const two = await cli('montecarlo', model, ...args, '--per-run', '--workers', '2')
    expect(one.stderr).toBe('')
    expect(two.stderr).toBe('')
    expect(two.stdout).toBe(one.stdout)
    const [header, ...rows] = csv(one.stdout)
    expect(header).toEqual([
      'run',
      'Contact Rate[north]',
      'Contact Rate[south]',
      'Contact Rate[east]',
      'Infected[north] @ final',
    ])
    expect(rows).toHaveLength(40)
    expect(new Set(rows.map((r) => r[1]))).not.toEqual(new Set(rows.map((r) => r[2])))
  })

  it('draws one shared value for the bare array name', async () => {
    const args = ['--vary', 'Contact Rate=uniform(0.2,0.4)', '--output', 'Infected', '--runs', '5', '--per-run']
    const [header, ...rows] = csv((await cli('montecarlo', model, ...args)).stdout)
    expect(header.slice(0, 2)).toEqual(['run', 'Contact Rate'])
    // North and east have the same people, so one shared rate runs them alike.
    for (const row of rows) expect(row[2]).toBe(row[4])
  })
})

describe('sweep on an arrayed model', () => {
  it('sets each level of Contact Rate[*] on every element together: one axis', async () => {
    const args = ['--vary', 'Contact Rate[*]=values(0.2,0.3)', '--output', 'Infected[north]', '--at', 'max']
    const { code, stdout } = await cli('sweep', model, ...args)
    expect(code).toBe(0)
    expect(csv(stdout).map((r) => r.slice(0, 2))).toEqual([
      ['run', 'Contact Rate[*]'],
      ['0', '0.2'],
      ['1', '0.3'],
    ])
  })
})

describe('sensitivity over regional parameters', () => {
  const base = ['--vary', 'Contact Rate[*]=uniform(0.2,0.4)', '--at', '30', '--runs', '64', '--workers', '1']

  it('Sobol on Infected[north]: north’s own rate first, inputs named by element', async () => {
    const { code, stdout, stderr } = await cli('sensitivity', model, ...base, '--output', 'Infected[north]')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('Sobol indices of "Infected[north]" (at time 30), 320 runs; by total index:')
    expect(lines[2]).toMatch(/^Contact Rate\[north\]\s+0\.[5-9]/)
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[0])).toEqual(
      expect.arrayContaining(['Contact Rate[south]', 'Contact Rate[east]']),
    )
  })

  it('indices per output element for an array output: each region led by its own rate', async () => {
    const { code, stdout } = await cli('sensitivity', model, ...base, '--output', 'Infected', '--format', 'csv')
    expect(code).toBe(0)
    const [header, ...rows] = csv(stdout)
    expect(header).toEqual(['output', 'input', 'first', 'first ±95%', 'total', 'total ±95%'])
    expect(rows).toHaveLength(9)
    for (const r of REGIONS) {
      const mine = rows.filter((row) => row[0] === `Infected[${r}]`)
      expect(mine[0]![1]).toBe(`Contact Rate[${r}]`)
    }
    const json = await cli('sensitivity', model, ...base, '--output', 'Infected[Coast]', '--format', 'json')
    const results = JSON.parse(json.stdout) as { output: string; inputs: { name: string }[] }[]
    expect(results.map((r) => [r.output, r.inputs[0]!.name])).toEqual([
      ['Infected[south]', 'Contact Rate[south]'],
      ['Infected[east]', 'Contact Rate[east]'],
    ])
  })
})

describe('calibrate against data columns named by element', () => {
  it('fits Contact Rate[*], a parameter per element, from columns Infected[north] and Infected[south]', async () => {
    const truth = ['north=0.25', 'south=0.35', 'east=0.4'].flatMap((s) => [
      '--set',
      `Contact Rate[${s}`.replace('=', ']='),
    ])
    const observed = await cli('run', model, ...truth, '--vars', 'Infected[north],Infected[south]', '--saveper', '5')
    expect(observed.stdout.split('\n')[0]).toBe('time,Infected[north],Infected[south]')
    const data = join(mkdtempSync(join(model, '..', 'data-')), 'observed.csv')
    writeFileSync(data, observed.stdout)
    const args = ['--vary', 'Contact Rate[*]=uniform(0.1,0.6)', '--data', data, '--format', 'json']
    const { code, stdout, stderr } = await cli('calibrate', model, ...args)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const { set, series } = JSON.parse(stdout) as { set: Record<string, number>; series: { variable: string }[] }
    expect(Object.keys(set)).toEqual(['Contact Rate[north]', 'Contact Rate[south]', 'Contact Rate[east]'])
    expect(set['Contact Rate[north]']).toBeCloseTo(0.25, 4)
    expect(set['Contact Rate[south]']).toBeCloseTo(0.35, 4)
    expect(set['Contact Rate[east]']).toBeCloseTo(0.4, 3)
    expect(series.map((s) => s.variable)).toEqual(['Infected[north]', 'Infected[south]'])
  })
})

describe('scenarios setting elements and whole arrays', () => {
  it('run --scenario sets the elements the scenario names, the narrowest winning', async () => {
    const low = await cli('run', model, '--scenario', 'north low', '--vars', 'Contact Rate', '--stop', '1')
    expect(low.stdout.split('\n').slice(0, 2)).toEqual([
      'time,Contact Rate[north],Contact Rate[south],Contact Rate[east]',
      '0,0.1,0.3,0.3',
    ])
    const coast = await cli('run', model, '--scenario', 'coast', '--vars', 'Contact Rate', '--stop', '1')
    expect(coast.stdout.split('\n')[1]).toBe('0,0.4,0.2,0.2')
  })

  it('montecarlo --scenario applies it to every run', async () => {
    const args = ['--scenario', 'north low', '--vary', 'Duration=uniform(4,6)', '--runs', '4', '--per-run']
    const { code, stdout } = await cli('montecarlo', model, ...args, '--output', 'Contact Rate', '--at', '0')
    expect(code).toBe(0)
    for (const row of csv(stdout).slice(1)) expect(row.slice(2)).toEqual(['0.1', '0.3', '0.3'])
  })

  it('an unknown element is one line naming the file, the scenario and the element', async () => {
    const expected = `stockflow: ${model}: scenario "typo": cannot set "Contact Rate[west]": Contact Rate has no element [west]; did you mean "Contact Rate[east]"?\n`
    const run = await cli('run', model, '--scenario', 'typo')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(expected)
    const mc = await cli('montecarlo', model, '--scenario', 'typo', '--vary', 'Duration=uniform(4,6)', '--runs', '4')
    expect(mc.code).toBe(1)
    expect(mc.stdout).toBe('')
    expect(mc.stderr).toBe(expected)
  })
})

describe('stockflow test with checks over elements', () => {
  // Inside the repository, so the checks module can import the @stockflow packages.
  mkdirSync(join(__dirname, '.scratch'), { recursive: true })
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
  /** A fresh folder per suite: a checks module, once imported, stays as it was. */
  const folder = (checks: string) => {
    const dir = mkdtempSync(join(__dirname, '.scratch', 'regional-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'model.json'), JSON.stringify(regionalSir))
    writeFileSync(join(dir, 'checks.ts'), suite(checks))
    return dir
  }

  const suite = (checks: string) => `import { readFileSync } from 'node:fs'
import { modelFromJSON } from '@stockflow/model'
import { check, checkEach, defineChecks } from '@stockflow/solver'
const m = modelFromJSON(readFileSync(new URL('./model.json', import.meta.url), 'utf8'))
const Region = m.dimensions![0]!
export default defineChecks(m, [
  check('people are kept', ({ scenario }) => scenario().series('Susceptible[north] + Infected[north] + Recovered[north]').isBetween(999.999, 1000.001)),
${checks}
])
`

  it('passes a check that holds in every region', async () => {
    const dir = folder(
      `  checkEach('the epidemic peaks before day 50', Region, ({ scenario }, region) =>
    scenario().series(\`Infected[\${region}]\`).max().isAbove(scenario().series(\`Infected[\${region}]\`).at(50))),`,
    )
    const { code, stdout } = await cli('test', dir)
    expect(stdout.trim().split('\n')).toEqual([
      'PASS people are kept',
      'PASS the epidemic peaks before day 50',
      '2 passed, 0 failed',
    ])
    expect(code).toBe(0)
  })

  it('names the failing regions, a line each with its detail', async () => {
    const dir = folder(
      `  checkEach('under 100 infected at once', Region, ({ scenario }, region) =>
    scenario().series(\`Infected[\${region}]\`).isBelow(100)),`,
    )
    const { code, stdout } = await cli('test', dir)
    expect(code).toBe(1)
    expect(stdout.trim().split('\n')).toEqual([
      'PASS people are kept',
      'FAIL under 100 infected at once: fails for south (1 of 3)',
      expect.stringMatching(/^ {2}south: max of Infected\[south\] in the model \(at [\d.]+\) = [\d.]+ < 100$/),
      '1 passed, 1 failed',
    ])
  })
})
