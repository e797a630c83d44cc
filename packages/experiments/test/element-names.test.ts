import { canonicalId } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { calibrate, monteCarlo, runPlan, scenarios, sweep, uniform } from '../src/index.js'

// Experiments name array elements as runs do: `Growth[North]` one, `Growth` every element; `Growth[*]`
// every element too, a factor each (in a sweep one axis); a whole array kept is its elements. The model is written the way flattening writes an
// arrayed one: a variable per element named `Population[North]`.

const REGIONS = ['North', 'South']

function element(kind: Element['kind'], name: string, rest: Record<string, unknown>): Element {
  return { kind, name, id: canonicalId(name), ...rest } as unknown as Element
}

function regions(): Model {
  return {
    name: 'regions',
    time: { start: 0, stop: 2, dt: 1 },
    elements: [
      ...REGIONS.map((r) =>
        element('stock', `Population[${r}]`, { initial: '100', inflows: [`births[${r.toLowerCase()}]`], outflows: [] }),
      ),
      ...REGIONS.map((r) => element('flow', `Births[${r}]`, { equation: `"Population[${r}]" * "Growth[${r}]"` })),
      ...REGIONS.map((r) => element('param', `Growth[${r}]`, { value: 0.1 })),
    ],
    scenarios: [{ id: 'still', set: { Growth: 0 } }],
  }
}

describe('experiments with element names', () => {
  it('sweep sets one element, every element with * or the whole name, and keeps every stock element by default', async () => {
    const one = await sweep(regions(), { vary: { 'growth[north]': [0, 1] } })
    expect(one.vars).toEqual(['Population[North]', 'Population[South]'])
    expect(Array.from(one.summary('Population[North]'))).toEqual([100, 400])
    expect(Array.from(one.summary('population[south]'))).toEqual([121, 121])
    for (const name of ['Growth[*]', 'GROWTH']) {
      const all = await sweep(compile(regions()), { vary: { [name]: [0, 1] }, vars: ['Population'] })
      expect(Array.from(all.summary('Population[South]'))).toEqual([100, 400])
    }
  })

  it('monte carlo keeps a whole array as its elements, and a pattern', async () => {
    const mc = await monteCarlo(regions(), { vary: { 'Growth[South]': uniform(0, 1) }, runs: 4, vars: ['births[*]'] })
    expect(mc.vars).toEqual(['Births[North]', 'Births[South]'])
    expect(mc.bands('Births[North]').p50[0]).toBeCloseTo(10)
  })

  it('scenarios with a whole array set, by element', async () => {
    const e = await scenarios(regions(), { ids: ['still'] })
    expect(Array.from(e.summary('Population[North]'))).toEqual([100])
  })

  it('calibrate fits one element, each element of Growth[*], or one value shared by every element of Growth', () => {
    const observed = (name: string, values: number[]) => ({
      name,
      times: Float64Array.from([0, 1, 2]),
      values: Float64Array.from(values),
    })
    const data = { file: 'observed.csv', series: [observed('Population[South]', [100, 120, 144])] }
    const one = calibrate(regions(), { fit: { 'growth[south]': { min: 0, max: 1 } }, data })
    expect(one.set['Growth[South]']).toBeCloseTo(0.2, 6)
    const both = { ...data, series: [...data.series, observed('Population[North]', [100, 120, 144])] }
    const each = calibrate(regions(), { fit: { 'Growth[*]': { min: 0, max: 1 } }, data: both })
    expect(Object.keys(each.set)).toEqual(['Growth[North]', 'Growth[South]'])
    expect(each.set['Growth[North]']).toBeCloseTo(0.2, 6)
    const shared = calibrate(regions(), { fit: { growth: { min: 0, max: 1 } }, data: both })
    expect(Object.keys(shared.set)).toEqual(['growth'])
    expect(shared.set.growth).toBeCloseTo(0.2, 6)
    expect(() =>
      calibrate(regions(), { fit: { Growth: { min: 0, max: 1 }, 'Growth[North]': { min: 0, max: 1 } }, data }),
    ).toThrow('calibrate: "Growth" and "Growth[North]" are the same parameter')
    expect(() => calibrate(regions(), { fit: { 'Growth[Sth]': { min: 0, max: 1 } }, data })).toThrow(
      'calibrate: no parameter "Growth[Sth]": Growth has no element [Sth]; did you mean "Growth[South]"?',
    )
  })

  it('refuse unknown elements and a whole array kept as one output, in one line', async () => {
    await expect(sweep(regions(), { vary: { 'Growth[Nort]': [1] } })).rejects.toThrow(
      'cannot set "Growth[Nort]": Growth has no element [Nort]; did you mean "Growth[North]"?',
    )
    await expect(sweep(regions(), { vary: { 'Births[*]': [1] } })).rejects.toThrow(
      /cannot set "Births\[North\]": it is a flow computed by an equation/,
    )
    await expect(sweep(regions(), { vary: { Growth: [1] }, vars: ['Population[Soth]'] })).rejects.toThrow(
      'no variable "Population[Soth]" in model "regions": Population has no element [Soth]; did you mean "Population[South]"?',
    )
    const plan = { model: regions(), settings: {}, names: [], values: new Float64Array(0), runs: 1 }
    await expect(runPlan({ ...plan, vars: ['Population'] })).rejects.toThrow(
      'cannot keep "Population" as one output: it names 2 array elements; keep each, e.g. "Population[North]"',
    )
  })
})
