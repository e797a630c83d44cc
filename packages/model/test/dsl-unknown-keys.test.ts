import { describe, expect, it } from 'vitest'
import {
  StockflowError,
  aux,
  data,
  dimension,
  flow,
  lookup,
  model,
  namedLoop,
  param,
  scenario,
  stock,
  subrange,
} from '@stockflow/model'
import { callDsl } from '@stockflow/model/internal'
import { optionKeys } from '../src/dsl-keys.js'

// Each call is what plain JavaScript (or a model nobody type-checked) may write: the types refuse these
// keys, so every call goes past them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a misspelt key on purpose
type Loose = (...args: any[]) => unknown
const loose = <F>(f: F): Loose => f as unknown as Loose

/** What `run()` throws: a StockflowError's one line. */
function refusal(run: () => unknown): string {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(StockflowError)
    const message = (err as Error).message
    expect(message).not.toContain('\n')
    return message
  }
  throw new Error('expected the call to throw')
}

const S = stock('S', { initial: 100 })
const time = { start: 0, stop: 10, dt: 1 }

describe('the DSL refuses an unknown option key', () => {
  it('flow: names the flow and the key, says what it meant and lists what it takes', () => {
    expect(refusal(() => loose(flow)('Recovery', { form: S, rate: 1 }))).toBe(
      'flow "Recovery": unknown option "form"; did you mean "from"? ' +
        '(it takes from, to, rate, units, doc, min, max, nonNegative, graph, dimensions, perElement)',
    )
  })

  it('stock, aux, param, lookup, data: each with its own list', () => {
    expect(refusal(() => loose(stock)('S', { intial: 1 }))).toBe(
      'stock "S": unknown option "intial"; did you mean "initial"? ' +
        '(it takes initial, units, doc, min, max, nonNegative, dimensions, perElement)',
    )
    expect(refusal(() => loose(aux)('A', { equation: 1, unit: 'people' }))).toBe(
      'aux "A": unknown option "unit"; did you mean "units"? ' +
        '(it takes equation, units, doc, min, max, graph, dimensions, perElement)',
    )
    expect(refusal(() => loose(param)('Infectivity', 0.05, { maximum: 1 }))).toBe(
      'param "Infectivity": unknown option "maximum"; did you mean "max"? ' +
        '(it takes units, doc, min, max, dimensions, perElement)',
    )
    expect(refusal(() => loose(lookup)('L', [[0, 1]], { mdoe: 'discrete' }))).toBe(
      'lookup "L": unknown option "mdoe"; did you mean "mode"? ' +
        '(it takes mode, units, doc, min, max, dimensions, perElement)',
    )
    expect(refusal(() => loose(data)('D', [[0, 1]], { docs: 'observed' }))).toBe(
      'data "D": unknown option "docs"; did you mean "doc"? (it takes units, doc)',
    )
  })

  it('model, its time and a graph: the nested record is named', () => {
    expect(refusal(() => loose(model)('m', { time, elements: [S], loop: [] }))).toBe(
      'model "m": unknown option "loop"; did you mean "loops"? ' +
        '(it takes time, elements, dimensions, doc, scenarios, loops, views)',
    )
    expect(refusal(() => loose(model)('m', { time: { start: 0, stpo: 10, dt: 1 }, elements: [S] }))).toBe(
      'model "m": unknown key "stpo" in `time`; did you mean "stop"? ' +
        '(`time` takes start, stop, dt, saveper, units, method)',
    )
    expect(refusal(() => callDsl('aux', 'A', { equation: 1, graph: { points: [[0, 1]], mdoe: 'discrete' } }))).toBe(
      'variable "A": unknown key "mdoe" in `graph`; did you mean "mode"? (`graph` takes points, mode)',
    )
    // A misspelt `points` is named as such, not as a graph without points.
    expect(refusal(() => callDsl('flow', 'F', { rate: 1, graph: { point: [[0, 1]] } }))).toContain(
      'unknown key "point" in `graph`; did you mean "points"?',
    )
  })

  it('dimension, scenario, namedLoop', () => {
    expect(refusal(() => loose(dimension)('Region', ['north', 'south'], { alias: ['Area'] }))).toBe(
      'dimension "Region": unknown option "alias"; did you mean "aliases"? (it takes aliases, mappings)',
    )
    expect(refusal(() => loose(scenario)('quota', { sets: { S: 1 } }))).toBe(
      'scenario "quota": unknown option "sets"; did you mean "set"? (it takes set, name, doc)',
    )
    expect(refusal(() => loose(namedLoop)('R', { polarity: 'reinforcing', variables: [S], storey: 'x' }))).toBe(
      'named loop "R": unknown option "storey"; did you mean "story"? (it takes polarity, variables, name, story)',
    )
  })

  it('suggests min and max for their longer spellings and synonyms', () => {
    const near = (key: string) => refusal(() => loose(stock)('S', { initial: 1, [key]: 0 }))
    expect(near('minimum')).toContain('did you mean "min"?')
    expect(near('maxValue')).toContain('did you mean "max"?')
    expect(near('upper')).toContain('did you mean "max"?')
    expect(near('lower')).toContain('did you mean "min"?')
    expect(near('init')).toContain('did you mean "initial"?')
    expect(near('Initial')).toContain('did you mean "initial"?')
  })

  it('a key far from any: no suggestion, but the list', () => {
    expect(refusal(() => loose(flow)('F', { rate: 1, colour: 'red' }))).toBe(
      'flow "F": unknown option "colour" ' +
        '(it takes from, to, rate, units, doc, min, max, nonNegative, graph, dimensions, perElement)',
    )
  })

  it('refuses options that are not a record', () => {
    expect(refusal(() => loose(param)('P', 1, 5))).toBe(
      'param "P": give its options as a record { units, doc, min, max, dimensions, perElement }',
    )
    expect(refusal(() => loose(model)('m', { time: [0, 10, 1], elements: [] }))).toBe(
      'model "m": give `time` as a record { start, stop, dt, saveper, units, method }',
    )
  })

  it('takes every key it lists', () => {
    const Region = dimension('Region', ['north', 'south'], { aliases: ['Area'], mappings: [] })
    const Coast = subrange('Coast', Region, ['north'])
    const pool = stock('Pool', {
      initial: 1,
      units: 'fish',
      doc: 'd',
      min: 0,
      max: 10,
      nonNegative: true,
      dimensions: [Region],
      perElement: { north: 2 },
    })
    const drain = flow('Drain', {
      from: pool,
      rate: 1,
      units: 'fish/year',
      doc: 'd',
      min: 0,
      max: 1,
      nonNegative: true,
      graph: { points: [[0, 0]], mode: 'discrete' },
      dimensions: [Region],
      perElement: [[[Coast], 0]],
    })
    const m = model('m', {
      time: { start: 0, stop: 1, dt: 1, saveper: 1, units: 'year', method: 'euler' },
      dimensions: [Region, Coast],
      elements: [pool, drain, data('D', [[0, 1]], { units: 'fish', doc: 'd' })],
      doc: 'd',
      scenarios: [scenario('s', { set: { Pool: 1 }, name: 'S', doc: 'd' })],
      loops: [namedLoop('R', { polarity: 'balancing', variables: [pool, drain], name: 'R', story: 's' })],
      views: [],
    })
    expect(m.elements).toHaveLength(3)
  })
})

describe('one list of keys per options type', () => {
  it('does not compile when the list and the type drift apart', () => {
    type Options = { readonly a?: number; readonly b: string }
    // @ts-expect-error -- b is missing from the list
    optionKeys<Options>({ a: true })
    // @ts-expect-error -- c is not an option
    optionKeys<Options>({ a: true, b: true, c: true })
    expect(optionKeys<Options>({ a: true, b: true })).toEqual(['a', 'b'])
  })
})
