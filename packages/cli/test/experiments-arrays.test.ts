import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root, writeModel } from './support.js'

import seed from '../../../seeds/regional-sir/model.js'

// The experiments on an arrayed model, element by element: the regional SIR seed (Region = north,
// south, east; the epidemic starts in the north and spreads by travel), and for scenarios a copy with
// a subrange Coast = south, east and scenarios of its own.

const rsir = join(root, 'seeds/regional-sir')
const variant = {
  ...seed,
  dimensions: [...(seed.dimensions ?? []), { name: 'Coast', elements: ['south', 'east'], parent: 'Region' }],
  scenarios: [
    { id: 'north low', set: { 'Contact Rate[north]': 0.1 } },
    { id: 'coast', set: { 'Contact Rate[Coast]': 0.2, 'Contact Rate[*]': 0.4 } },
  ],
}
const model = writeModel(variant, 'stockflow-rsir-')
// A scenario with a mistake is a model error: every command on the model reports it.
const typo = writeModel(
  { ...variant, scenarios: [...variant.scenarios, { id: 'typo', set: { 'Contact Rate[west]': 0.1 } }] },
  'stockflow-rsir-typo-',
)
const REGIONS = ['north', 'south', 'east']

const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','))

describe('montecarlo on an arrayed model', () => {
  it('varies one region: its bands widen, the others stay narrower; a column per element and percentile', async () => {
    const args = ['--vary', 'Contact Rate[north]=uniform(0.2,0.4)', '--output', 'Infected[*]', '--runs', '60']
    const { code, stdout, stderr } = await cli('montecarlo', rsir, ...args)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const [header, ...rows] = csv(stdout)
    expect(header).toEqual(['time', ...REGIONS.flatMap((r) => [5, 25, 50, 75, 95].map((p) => `Infected[${r}] p${p}`))])
    // While the north's epidemic runs (it starts there; later the others' timing follows it too).
    for (const day of ['10', '20', '30']) {
      const row = rows.find((r) => r[0] === day)!.map(Number)
      const spread = (j: number) => row[1 + 5 * j + 4]! - row[1 + 5 * j]!
      expect(spread(0)).toBeGreaterThan(10)
      expect(spread(1)).toBeLessThan(spread(0) / 2)
      expect(spread(2)).toBeLessThan(spread(0) / 2)
    }
  })

  it('draws each element of Contact Rate[*] on its own, the same with one thread or two', async () => {
    const args = ['--vary', 'Contact Rate[*]=uniform(0.2,0.4)', '--output', 'Infected[north]', '--runs', '40']
    const one = await cli('montecarlo', rsir, ...args, '--per-run', '--workers', '1')
    const two = await cli('montecarlo', rsir, ...args, '--per-run', '--workers', '2')
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
    const args = ['--vary', 'Contact Rate=uniform(0.2,0.4)', '--output', 'Infected[east]', '--runs', '3', '--per-run']
    const [header, ...rows] = csv((await cli('montecarlo', rsir, ...args)).stdout)
    expect(header).toEqual(['run', 'Contact Rate', 'Infected[east] @ final'])
    // Each run is the model with every region at that one rate.
    const [, rate, east] = rows[1]!
    const single = await cli('run', rsir, '--set', `Contact Rate=${rate}`, '--vars', 'Infected[east]')
    expect(csv(single.stdout).at(-1)![1]).toBe(east)
  })
})

describe('sweep on an arrayed model', () => {
  it('sets each level of Contact Rate[*] on every element together: one axis', async () => {
    const args = ['--vary', 'Contact Rate[*]=values(0.2,0.3)', '--output', 'Infected[north]', '--at', 'max']
    const { code, stdout } = await cli('sweep', rsir, ...args)
    expect(code).toBe(0)
    expect(csv(stdout).map((r) => r.slice(0, 2))).toEqual([
      ['run', 'Contact Rate[*]'],
      ['0', '0.2'],
      ['1', '0.3'],
    ])
  })
})

describe('sensitivity over regional parameters', () => {
  const base = ['--vary', 'Contact Rate[*]=uniform(0.2,0.4)', '--runs', '64', '--workers', '1']

  it('Sobol on Infected[north]: north’s own rate first, inputs named by element', async () => {
    const { code, stdout, stderr } = await cli(
      'sensitivity',
      rsir,
      ...base,
      '--at',
      '30',
      '--output',
      'Infected[north]',
    )
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
    const { code, stdout } = await cli(
      'sensitivity',
      rsir,
      ...base,
      '--at',
      'max',
      '--output',
      'Infected',
      '--format',
      'csv',
    )
    expect(code).toBe(0)
    const [header, ...rows] = csv(stdout)
    expect(header).toEqual(['output', 'input', 'first', 'first ±95%', 'total', 'total ±95%'])
    expect(rows).toHaveLength(9)
    for (const r of REGIONS) {
      const mine = rows.filter((row) => row[0] === `Infected[${r}]`)
      expect(mine[0]![1]).toBe(`Contact Rate[${r}]`)
    }
    const json = await cli(
      'sensitivity',
      model,
      ...base,
      '--at',
      'max',
      '--output',
      'Infected[Coast]',
      '--format',
      'json',
    )
    const results = JSON.parse(json.stdout) as { output: string; inputs: { name: string }[] }[]
    expect(results.map((r) => [r.output, r.inputs[0]!.name])).toEqual([
      ['Infected[south]', 'Contact Rate[south]'],
      ['Infected[east]', 'Contact Rate[east]'],
    ])
  })
})

describe('calibrate against data columns named by element', () => {
  it('fits Contact Rate[*], a parameter per element, from columns Infected[north] and Infected[south]', async () => {
    const truth = ['north=0.3', 'south=0.35', 'east=0.28'].flatMap((s) => [
      '--set',
      `Contact Rate[${s}`.replace('=', ']='),
    ])
    const observed = await cli('run', rsir, ...truth, '--vars', 'Infected[north],Infected[south]', '--saveper', '5')
    expect(observed.stdout.split('\n')[0]).toBe('time,Infected[north],Infected[south]')
    const data = join(mkdtempSync(join(tmpdir(), 'stockflow-data-')), 'observed.csv')
    writeFileSync(data, observed.stdout)
    const args = ['--vary', 'Contact Rate[*]=uniform(0.1,0.6)', '--data', data, '--format', 'json']
    const { code, stdout, stderr } = await cli('calibrate', rsir, ...args)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const { set, series } = JSON.parse(stdout) as { set: Record<string, number>; series: { variable: string }[] }
    expect(Object.keys(set)).toEqual(['Contact Rate[north]', 'Contact Rate[south]', 'Contact Rate[east]'])
    expect(set['Contact Rate[north]']).toBeCloseTo(0.3, 4)
    expect(set['Contact Rate[south]']).toBeCloseTo(0.35, 4)
    expect(set['Contact Rate[east]']).toBeCloseTo(0.28, 3)
    expect(series.map((s) => s.variable)).toEqual(['Infected[north]', 'Infected[south]'])
  })
})

describe('scenarios setting elements and whole arrays', () => {
  it('run --scenario sets the elements the scenario names, the narrowest winning', async () => {
    const low = await cli('run', model, '--scenario', 'north low', '--vars', 'Contact Rate', '--stop', '1')
    expect(low.stdout.split('\n').slice(0, 2)).toEqual([
      'time,Contact Rate[north],Contact Rate[south],Contact Rate[east]',
      '0,0.1,0.3,0.25',
    ])
    const coast = await cli('run', model, '--scenario', 'coast', '--vars', 'Contact Rate', '--stop', '1')
    expect(coast.stdout.split('\n')[1]).toBe('0,0.4,0.2,0.2')
  })

  it('montecarlo --scenario applies it to every run', async () => {
    const args = ['--scenario', 'north low', '--vary', 'Recovery Duration=uniform(4,6)', '--runs', '4', '--per-run']
    const { code, stdout } = await cli('montecarlo', model, ...args, '--output', 'Contact Rate', '--at', '0')
    expect(code).toBe(0)
    for (const row of csv(stdout).slice(1)) expect(row.slice(2)).toEqual(['0.1', '0.3', '0.25'])
  })

  it('an unknown element is one line naming the file, the scenario and the element', async () => {
    const line = `${typo}: error [scenario-key]: scenario "typo": cannot set "Contact Rate[west]": Contact Rate has no element [west]; did you mean "Contact Rate[east]"?\n`
    const expected = `stockflow: ${line}`
    const run = await cli('run', typo, '--scenario', 'typo')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(expected)
    expect((await cli('run', typo)).stderr).toBe(expected)
    const check = await cli('check', typo)
    expect(check.code).toBe(1)
    expect(check.stdout).toBe(line)
    const mc = await cli(
      'montecarlo',
      typo,
      '--scenario',
      'typo',
      '--vary',
      'Recovery Duration=uniform(4,6)',
      '--runs',
      '4',
    )
    expect(mc.code).toBe(1)
    expect(mc.stdout).toBe('')
    expect(mc.stderr).toBe(expected)
  })
})

describe('stockflow test with checks over elements', () => {
  it("runs the seed's per-region checks", async () => {
    const { code, stdout } = await cli('test', rsir)
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines).toContain("PASS a lockdown in the north lowers every region's peak")
    expect(lines.at(-1)).toBe(`${lines.length - 1} passed, 0 failed`)
  })

  it('names the failing regions of a planted failing check, a line each with its detail', async () => {
    // Inside the repository, so the checks module can import the @stockflow packages and the seed.
    mkdirSync(join(__dirname, '.scratch'), { recursive: true })
    const dir = mkdtempSync(join(__dirname, '.scratch', 'regional-'))
    const seedModule = relative(dir, join(rsir, 'model.js')).split(sep).join('/')
    writeFileSync(
      join(dir, 'checks.ts'),
      `import { checkEach, defineChecks } from '@stockflow/solver'
import regionalSir from '${seedModule}'
const Region = regionalSir.dimensions!.find((d) => d.name === 'Region')!
export default defineChecks(regionalSir, [
  checkEach('the epidemic peaks before day 40', Region, ({ scenario }, region) => {
    const infected = scenario().series(\`Infected[\${region}]\`)
    return infected.until(40).max().isAbove(infected.from(40).max())
  }),
])
`,
    )
    const { code, stdout } = await cli('test', dir)
    rmSync(dir, { recursive: true, force: true })
    expect(code).toBe(1)
    expect(stdout.trim().split('\n')).toEqual([
      'FAIL the epidemic peaks before day 40: fails for south, east (2 of 3)',
      expect.stringMatching(
        /^ {2}south: max of Infected\[south\] in the model, 0–40 \(at [\d.]+\) = [\d.]+ > max of Infected\[south\] in the model, 40–100 \(at 57\) = [\d.]+$/,
      ),
      expect.stringMatching(/^ {2}east: max of Infected\[east\] in the model, 0–40 /),
      '0 passed, 1 failed',
    ])
  })
})
