import { modelFromData } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { afterAll, describe, expect, it } from 'vitest'
import {
  calibrate,
  expandFactors,
  monteCarlo,
  readSeriesCsv,
  scenarios,
  sensitivity,
  sensitivityEach,
  sweep,
  uniform,
} from '../src/index.js'
import { workerPool } from '../src/node.js'
import { regionalSir } from './regional-sir.js'

// Experiments over the regional SIR seed, element by element: `Contact Rate[*]` is a factor per
// region, `Contact Rate` one value the regions share, and outputs, bands and data columns name elements.

const REGIONS = ['north', 'south', 'east'] as const
const rates = REGIONS.map((r) => `Contact Rate[${r}]`)
const spread = (e: { bands(name: string): { p5: Float64Array; p95: Float64Array } }, name: string, i: number) =>
  e.bands(name).p95[i]! - e.bands(name).p5[i]!

describe('expandFactors', () => {
  const m = regionalSir()
  it('makes a pattern or subrange a factor per element and keeps a bare array name as one', () => {
    expect(Object.keys(expandFactors(m, { 'Contact Rate[*]': 1, 'Travel Share': 2 }))).toEqual([
      ...rates,
      'Travel Share',
    ])
    expect(expandFactors(m, { 'contact rate[Coast]': 1 })).toEqual({
      'Contact Rate[south]': 1,
      'Contact Rate[east]': 1,
    })
    expect(expandFactors(m, { 'Contact Rate': 1 })).toEqual({ 'Contact Rate': 1 })
    expect(expandFactors(m, { 'Contact Rate[north]': 1 })).toEqual({ 'Contact Rate[north]': 1 })
  })

  it('expands a pattern over two dimensions, rows first', () => {
    const cohorts = modelFromData({
      name: 'cohorts',
      time: { start: 0, stop: 1, dt: 1 },
      dimensions: [
        { name: 'Region', elements: ['north', 'south'] },
        { name: 'Age', elements: ['young', 'old'] },
      ],
      elements: [{ kind: 'param', name: 'Rate', id: 'rate', dimensions: ['Region', 'Age'], value: 1 }],
    })
    expect(Object.keys(expandFactors(cohorts, { 'Rate[north,*]': 1 }))).toEqual([
      'Rate[north,young]',
      'Rate[north,old]',
    ])
    expect(Object.keys(expandFactors(cohorts, { 'Rate[*,old]': 1 }))).toEqual(['Rate[north,old]', 'Rate[south,old]'])
    expect(Object.keys(expandFactors(cohorts, { 'Rate[*,*]': 1 }))).toHaveLength(4)
  })

  it('lets an element named on its own keep its entry, and refuses two patterns drawing one element', () => {
    expect(expandFactors(m, { 'Contact Rate[*]': 1, 'Contact Rate[north]': 2 })).toEqual({
      'Contact Rate[south]': 1,
      'Contact Rate[east]': 1,
      'Contact Rate[north]': 2,
    })
    expect(() => expandFactors(m, { 'Contact Rate[*]': 1, 'Contact Rate[Coast]': 2 })).toThrow(
      'vary: "Contact Rate[*]" and "Contact Rate[Coast]" both vary "Contact Rate[south]"; name each element in one of them',
    )
    expect(() => expandFactors(m, { 'Contact Rate[north]': 1, 'contact rate[North]': 2 }, 'calibrate')).toThrow(
      'calibrate: "Contact Rate[north]" and "contact rate[North]" are the same parameter',
    )
  })
})

describe('Monte Carlo per element', () => {
  it('varying one region widens its bands and leaves the others narrower', async () => {
    const mc = await monteCarlo(regionalSir(), {
      vary: { 'Contact Rate[north]': uniform(0.2, 0.4) },
      runs: 100,
      vars: ['Infected[*]'],
    })
    expect(mc.vars).toEqual(['Infected[north]', 'Infected[south]', 'Infected[east]'])
    // While the north's epidemic runs (it starts there); later the others' timing follows it too.
    for (const day of [10, 20, 30]) {
      const i = Array.from(mc.times).indexOf(day)
      const north = spread(mc, 'Infected[north]', i)
      expect(north).toBeGreaterThan(10)
      for (const other of ['Infected[south]', 'Infected[east]']) expect(spread(mc, other, i)).toBeLessThan(north / 2)
    }
    const bands = mc.elementBands('Infected')
    expect([...bands.keys()]).toEqual(mc.vars)
    expect(bands.get('Infected[south]')!.p95).toEqual(mc.bands('Infected[south]').p95)
  })

  it('draws each element of Contact Rate[*] on its own, a Latin hypercube column each', async () => {
    const runs = 50
    const mc = await monteCarlo(regionalSir(), { vary: { 'Contact Rate[*]': uniform(0.2, 0.4) }, runs, seed: 3 })
    expect(mc.inputs.names).toEqual(rates)
    const columns = rates.map((r) => Array.from(mc.input(r)))
    for (const column of columns) {
      // One draw in each of the n equal strata of (0.2, 0.4).
      const strata = column.map((v) => Math.floor(((v - 0.2) / 0.2) * runs)).sort((a, b) => a - b)
      expect(strata).toEqual(Array.from({ length: runs }, (_, i) => i))
    }
    expect(columns[0]).not.toEqual(columns[1])
    expect(columns[0]).not.toEqual(columns[2])
    // Each run is the model run with its own draws.
    const set = Object.fromEntries(rates.map((r, j) => [r, columns[j]![7]!]))
    const single = simulate(regionalSir(), { set, seed: 0, vars: ['Infected[east]'] })
    expect(mc.series(7, 'Infected[east]')).toEqual(single.get('Infected[east]'))
    // The same seed gives the same draws; another seed others.
    const again = await monteCarlo(regionalSir(), { vary: { 'Contact Rate[*]': uniform(0.2, 0.4) }, runs, seed: 3 })
    expect(Array.from(again.values)).toEqual(Array.from(mc.values))
    const other = await monteCarlo(regionalSir(), { vary: { 'Contact Rate[*]': uniform(0.2, 0.4) }, runs, seed: 4 })
    expect(Array.from(other.input(rates[0]!))).not.toEqual(columns[0])
  })

  it('draws one value shared by every element for the bare array name', async () => {
    const mc = await monteCarlo(regionalSir(), { vary: { 'Contact Rate': uniform(0.2, 0.4) }, runs: 5 })
    expect(mc.inputs.names).toEqual(['Contact Rate'])
    const [value] = mc.input('Contact Rate')
    const single = simulate(regionalSir(), { set: { 'Contact Rate': value! }, vars: ['Infected[east]'] })
    expect(mc.series(0, 'Infected[east]')).toEqual(single.get('Infected[east]'))
  })

  describe('in worker threads', () => {
    const pool = workerPool({ workers: 2 })
    afterAll(() => pool.close())

    it('gives the same numbers as this thread for per-element draws', async () => {
      const options = { vary: { 'Contact Rate[*]': uniform(0.2, 0.4) }, runs: 64, seed: 9, vars: ['Infected'] }
      const here = await monteCarlo(regionalSir(), options)
      const there = await monteCarlo(regionalSir(), { ...options, executor: pool })
      expect(there.inputs.names).toEqual(rates)
      expect(Array.from(there.inputs.values)).toEqual(Array.from(here.inputs.values))
      expect(Array.from(there.values)).toEqual(Array.from(here.values))
    })

    it('refuses a scenario with an unknown element once, as in this thread', async () => {
      const model = regionalSir([{ id: 'bad', set: { 'Contact Rate[west]': 0.1 } }])
      const options = { vary: { 'Recovery Duration': uniform(4, 6) }, runs: 8, scenario: 'bad' }
      const message =
        'scenario "bad": cannot set "Contact Rate[west]": Contact Rate has no element [west]; did you mean "Contact Rate[east]"?'
      await expect(monteCarlo(model, options)).rejects.toThrow(message)
      await expect(monteCarlo(model, { ...options, executor: pool })).rejects.toThrow(message)
    })
  })
})

describe('sweep over an array', () => {
  it('sets each level of Contact Rate[*] on every element together: one axis', async () => {
    const e = await sweep(regionalSir(), { vary: { 'Contact Rate[*]': [0.2, 0.3] }, vars: ['Infected'] })
    expect(e.runs).toBe(2)
    expect(e.inputs.names).toEqual(['Contact Rate[*]'])
    const single = simulate(regionalSir(), { set: { 'Contact Rate[*]': 0.3 }, vars: ['Infected[south]'] })
    expect(e.series(1, 'Infected[south]')).toEqual(single.get('Infected[south]'))
  })
})

describe('sensitivity over regional parameters', () => {
  it("Sobol over Contact Rate[*] finds north's own rate the most important for Infected[north]", async () => {
    const s = await sensitivity(regionalSir(), {
      vary: { 'Contact Rate[*]': uniform(0.2, 0.4) },
      output: 'Infected[north]',
      at: 30,
      runs: 128,
      bootstrap: 0,
    })
    expect(s.runs).toBe(128 * 5)
    expect(s.inputs.map((i) => i.name).sort()).toEqual([...rates].sort())
    const byFirst = [...s.inputs].sort((a, b) => b.first! - a.first!)
    expect(byFirst[0]!.name).toBe('Contact Rate[north]')
    expect(byFirst[0]!.first).toBeGreaterThan(0.5)
    for (const other of byFirst.slice(1)) expect(other.first!).toBeLessThan(0.05)
  })

  it('gives indices per output element from one set of runs, each region led by its own rate', async () => {
    const results = await sensitivityEach(regionalSir(), {
      vary: { 'Contact Rate[*]': uniform(0.2, 0.4), 'Recovery Duration': uniform(4, 6) },
      outputs: ['Infected'],
      at: 'max',
      runs: 64,
      bootstrap: 0,
    })
    expect(results.map((r) => r.output)).toEqual(['Infected[north]', 'Infected[south]', 'Infected[east]'])
    results.forEach((r, j) => {
      const own = r.inputs.find((i) => i.name === rates[j])!
      for (const other of rates.filter((_, k) => k !== j))
        expect(own.first!).toBeGreaterThan(r.inputs.find((i) => i.name === other)!.first!)
    })
  })

  it('Morris screens each element as a factor', async () => {
    const s = await sensitivity(regionalSir(), {
      vary: { 'Contact Rate[*]': uniform(0.2, 0.4) },
      output: 'Infected[south]',
      at: 30,
      analysis: 'morris',
      runs: 6,
    })
    expect(s.runs).toBe(6 * 4)
    expect(s.inputs[0]!.name).toBe('Contact Rate[south]')
  })

  it('asks for one output element, or sensitivityEach', async () => {
    await expect(
      sensitivity(regionalSir(), { vary: { 'Recovery Duration': uniform(4, 6) }, output: 'Infected', runs: 4 }),
    ).rejects.toThrow(
      'sensitivity: output "Infected" names 3 elements (Infected[north], Infected[south], Infected[east]); name one, or use sensitivityEach for indices per element',
    )
  })
})

describe('calibration against data columns named by element', () => {
  const truth = { 'Contact Rate[north]': 0.3, 'Contact Rate[south]': 0.35, 'Contact Rate[east]': 0.28 }
  const observed = (columns: readonly string[]) => {
    const run = simulate(regionalSir(), { set: truth, saveper: 5, vars: ['Infected'] })
    const header = ['time', ...columns].join(',')
    const rows = Array.from(run.times, (t, i) =>
      [t, ...REGIONS.map((r) => run.get(`Infected[${r}]`)[i]!)].slice(0, columns.length + 1).join(','),
    )
    return readSeriesCsv([header, ...rows].join('\n'), 'observed.csv')
  }

  it('fits Contact Rate[*] as a parameter per element and recovers each', () => {
    const data = observed(['Infected[north]', 'Infected[ South ]', 'infected[east]'])
    const fit = calibrate(regionalSir(), { fit: { 'Contact Rate[*]': { min: 0.1, max: 0.6 } }, data })
    expect(fit.parameters.map((p) => p.name)).toEqual(rates)
    for (const [name, value] of Object.entries(truth)) expect(fit.set[name]).toBeCloseTo(value, 4)
    expect(fit.series.map((s) => s.variable)).toEqual(['Infected[north]', 'Infected[south]', 'Infected[east]'])
  })

  it('fits one value shared by every element for the bare name', () => {
    const run = simulate(regionalSir(), { set: { 'Contact Rate': 0.32 }, saveper: 5, vars: ['Infected[north]'] })
    const data = readSeriesCsv(
      ['time,Infected[north]', ...Array.from(run.times, (t, i) => `${t},${run.get('Infected[north]')[i]}`)].join('\n'),
    )
    const fit = calibrate(regionalSir(), { fit: { 'Contact Rate': { min: 0.1, max: 0.6 } }, data })
    expect(Object.keys(fit.set)).toEqual(['Contact Rate'])
    expect(fit.set['Contact Rate']).toBeCloseTo(0.32, 4)
  })

  it('refuses a column naming a whole array or an unknown element, in one line', () => {
    const fit = { 'Contact Rate[*]': { min: 0.1, max: 0.6 } }
    const whole = readSeriesCsv('time,Infected\n0,1\n5,2\n10,3\n15,4', 'observed.csv')
    expect(() => calibrate(regionalSir(), { fit, data: whole })).toThrow(
      'observed.csv: series "Infected" names 3 array elements; a column observes one, so name a column per element: Infected[north], Infected[south], Infected[east]',
    )
    const west = readSeriesCsv('time,Infected[west]\n0,1\n5,2\n10,3\n15,4', 'observed.csv')
    expect(() => calibrate(regionalSir(), { fit, data: west })).toThrow(
      'observed.csv: series "Infected[west]" matches no variable of model "regional SIR": Infected has no element [west]; did you mean "Infected[east]"?',
    )
  })
})

describe('scenarios that set elements or whole arrays', () => {
  const model = regionalSir([
    { id: 'north low', set: { 'Contact Rate[north]': 0.1 } },
    { id: 'all', set: { 'Contact Rate': 0.2 } },
    { id: 'star', set: { 'Contact Rate[Coast]': 0.25, 'Contact Rate[*]': 0.2 } },
  ])
  const final = (e: { summary(name: string): Float64Array }, r: string) => Array.from(e.summary(`Contact Rate[${r}]`))

  it('runs each scenario with its elements set, the narrowest name winning', async () => {
    const e = await scenarios(model, { vars: ['Contact Rate'] })
    expect(e.runs).toBe(5)
    // The seed's lockdown-north and distancing, then these three.
    expect(REGIONS.map((r) => final(e, r))).toEqual([
      [0.1, 0.15, 0.1, 0.2, 0.2],
      [0.3, 0.15, 0.3, 0.2, 0.25],
      [0.25, 0.15, 0.25, 0.2, 0.25],
    ])
  })

  it('applies a scenario to every run of a Monte Carlo', async () => {
    const mc = await monteCarlo(model, {
      vary: { 'Contact Rate[east]': uniform(0.5, 0.6) },
      runs: 4,
      scenario: 'north low',
      vars: ['Contact Rate'],
    })
    expect(final(mc, 'north')).toEqual([0.1, 0.1, 0.1, 0.1])
    expect(final(mc, 'south')).toEqual([0.3, 0.3, 0.3, 0.3])
    expect(mc.inputs.names).toEqual(['Contact Rate[east]'])
    for (const v of final(mc, 'east')) expect(v).toBeGreaterThan(0.5)
  })
})
