import {
  StockflowError,
  aux,
  data,
  eq,
  flow,
  model,
  modelFromJSON,
  modelToJSON,
  stock,
  validate,
} from '@stockflow/model'
import type { DepsOf, Equation, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Expect<T extends true> = T

const time = { start: 0, stop: 30, dt: 0.5 }

// Rises to 10 at t = 10, falls to 5 at t = 20, then holds (clamped beyond the last point).
const inflow = data(
  'Observed Inflow',
  [
    [0, 0],
    [10, 10],
    [20, 5],
  ],
  { units: 'widget/week', doc: 'shipments as reported' },
)
const stockOnHand = stock('Stock On Hand', { initial: 0 })
const receiving = flow('Receiving', { to: stockOnHand, rate: eq`${inflow}` })
const reported = data('Reported Stock', { times: [0, 10, 30], values: [0, 50, 200] })
const gap = aux('Reporting Gap', { equation: eq`${reported} - ${stockOnHand}` })
const m = model('data', { time, elements: [inflow, stockOnHand, receiving, reported, gap] })

/** A data variable's handle is typed like an auxiliary's: it names itself and reads nothing. */
export type Checks = [
  Expect<Equal<typeof inflow.name, 'Observed Inflow'>>,
  Expect<Equal<DepsOf<typeof inflow>, never>>,
  Expect<Equal<typeof receiving.equation, string>>,
  Expect<Equal<ReturnType<typeof eq<[typeof inflow]>>, Equation<'Observed Inflow'>>>,
]
// @ts-expect-error -- Receiving reads Observed Inflow, which is missing from the model
export const missing: Model = model('data', { time, elements: [stockOnHand, receiving] })

describe('data variables', () => {
  it('are an auxiliary of TIME with a graphical function of the points', () => {
    expect(inflow).toEqual({
      kind: 'aux',
      name: 'Observed Inflow',
      id: 'observed_inflow',
      equation: 'TIME',
      graph: { x: [0, 10, 20], y: [0, 10, 5] },
      units: 'widget/week',
      doc: 'shipments as reported',
    })
    expect(reported.graph).toEqual({ x: [0, 10, 30], y: [0, 50, 200] })
    expect(validate(m).filter((i) => i.severity === 'error')).toEqual([])
    expect(modelFromJSON(modelToJSON(m))).toEqual(m)
  })

  it('read linearly between points and hold the end values outside them', () => {
    const run = simulate(m)
    for (const [t, v] of [
      [0, 0],
      [2.5, 2.5],
      [10, 10],
      [15, 7.5],
      [17.5, 6.25],
      [20, 5],
      [30, 5],
    ])
      expect(run.at('Observed Inflow', t)).toBeCloseTo(v, 12)
    expect(run.at('Reported Stock', 20)).toBeCloseTo(125, 12)
  })

  it('drive a stock and compare with one', () => {
    const run = simulate(m)
    // Euler sums dt times the inflow at the start of each step: 0.5 * 0.5 * (0 + 1 + ... + 19) by t = 10.
    expect(run.at('Stock On Hand', 10)).toBeCloseTo(47.5, 10)
    // From 10 to 20 the inflow is 10 - 0.5 (t - 10): twenty steps more.
    let expected = 47.5
    for (let k = 0; k < 20; k++) expected += 0.5 * (10 - 0.25 * k)
    expect(run.at('Stock On Hand', 20)).toBeCloseTo(expected, 10)
    expect(run.at('Reporting Gap', 20)).toBeCloseTo(125 - expected, 10)
    expect(run.at('Stock On Hand', 30)).toBeCloseTo(expected + 20 * 0.5 * 5, 10)
  })

  it('accept a single point as a constant series', () => {
    const one = data('Level', [[5, 3]])
    const run = simulate(model('one', { time, elements: [one] }))
    expect([...run.get('Level')].every((v) => v === 3)).toBe(true)
  })

  it('refuse points that cannot be a series, naming the variable and point', () => {
    const bad = (points: Parameters<typeof data>[1]) => () => data('Sales', points)
    expect(bad([])).toThrow(StockflowError)
    expect(bad([])).toThrow('data variable "Sales": no points; give at least one [time, value]')
    expect(
      bad([
        [1, 2],
        [1, 3],
      ]),
    ).toThrow('data variable "Sales": point 2 has time 1, not after 1; times must increase strictly')
    expect(
      bad([
        [2, 2],
        [1, 3],
      ]),
    ).toThrow('point 2 has time 1, not after 2')
    expect(bad([[0, NaN]])).toThrow('point 1 (time 0) has value NaN, not a finite number')
    expect(bad([[Infinity, 1]])).toThrow('point 1 has time Infinity, not a finite number')
    expect(bad({ times: [0, 1], values: [1] })).toThrow('2 times but 1 values')
  })
})
