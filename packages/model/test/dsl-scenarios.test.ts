import { describe, expect, it } from 'vitest'
import {
  at,
  aux,
  dimension,
  eq,
  flow,
  model,
  modelFromJSON,
  modelToJSON,
  namedLoop,
  param,
  scenario,
  stock,
  validate,
} from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { callDsl } from '@stockflow/model/internal'

const Region = dimension('Region', ['north', 'south'])
const harvestRate = param('Harvest Rate', 0.3)
const rates = param('Rates', 0.2, { dimensions: [Region] })
const fish = stock('Fish', { initial: 500 })
const catches = flow('Catch', { from: fish, rate: eq`${harvestRate} * ${fish} * ${at(rates, 'north')}` })
const time = { start: 0, stop: 2, dt: 1 }
const errors = (m: Model) => validate(m).filter((i) => i.severity === 'error')

describe('scenario()', () => {
  it('keeps handles as their names, at() as Name[a,b], text as given, in order', () => {
    const s = scenario('quota', {
      name: 'Quota',
      doc: 'Harvest cut',
      set: [
        [harvestRate, 0.1],
        [at(rates, 'north'), 0.15],
        [at(rates, '*'), 0.25],
        ['Fish', 400],
      ],
    })
    expect(s).toEqual({
      id: 'quota',
      name: 'Quota',
      doc: 'Harvest cut',
      set: { 'Harvest Rate': 0.1, 'Rates[north]': 0.15, 'Rates[*]': 0.25, Fish: 400 },
    })
    expect(Object.keys(s.set)).toEqual(['Harvest Rate', 'Rates[north]', 'Rates[*]', 'Fish'])
  })

  it('takes a record as it is, and gives plain data that survives JSON', () => {
    const s = scenario('plain', { set: { 'Harvest Rate': 0.2 } })
    expect(s).toEqual({ id: 'plain', set: { 'Harvest Rate': 0.2 } })
    const m = model('fishery', {
      time,
      dimensions: [Region],
      elements: [harvestRate, rates, fish, catches],
      scenarios: [s],
    })
    expect(errors(m)).toEqual([])
    expect(modelFromJSON(modelToJSON(m)).scenarios).toEqual([s])
  })

  it('keeps "__proto__" a name like any other', () => {
    const s = scenario('odd', { set: [['__proto__', 1]] })
    expect(Object.keys(s.set)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(s.set)).toBe(Object.prototype)
  })

  it('refuses a name given twice, a malformed entry, a banged dimension and a missing set, in one line', () => {
    const call =
      (...args: unknown[]) =>
      () =>
        (scenario as (...a: unknown[]) => unknown)(...args)
    expect(
      call('twice', {
        set: [
          [harvestRate, 0.1],
          ['harvest_rate', 0.2],
        ],
      }),
    ).toThrow('scenario "twice" sets "harvest_rate" twice (also as "Harvest Rate"); give each name once')
    expect(call('short', { set: [[harvestRate]] })).toThrow(
      'scenario "short": set entry 1 is not [key, value]; write e.g. [harvestRate, 0.1]',
    )
    expect(call('key', { set: [[42, 1]] })).toThrow(
      'scenario "key": set entry 1 is 42; give a handle, at(handle, ...) or a name',
    )
    expect(call('bang', { set: [[{ ref: 'Rates', subscripts: [{ dimension: 'Region', bang: true }] }, 1]] })).toThrow(
      `scenario "bang": set entry 1: at("Rates", ...) takes elements, '*' or dimensions here, not bang()`,
    )
    expect(call('none', {})).toThrow('scenario "none": give `set` as a record by name or a list of [key, value]')
    expect(call('', { set: {} })).toThrow('scenario(): give the scenario an id')
  })

  it('leaves the names to validation, which words a mistake as a run would', () => {
    const m = model('fishery', {
      time,
      dimensions: [Region],
      elements: [harvestRate, rates, fish, catches],
      scenarios: [scenario('typo', { set: [['Harvest Rat', 0.1], [catches, 1] as never] })],
    })
    expect(errors(m).map((i) => i.message)).toEqual([
      'scenario "typo": cannot set "Harvest Rat": model "fishery" has no such variable; did you mean "Harvest Rate"?',
      'scenario "typo": cannot set "Catch": it is a flow computed by an equation; only parameters, constants and stock initial values can be set',
    ])
  })
})

describe('namedLoop()', () => {
  it('keeps handles and elements as names, the id as the name when none is given', () => {
    expect(namedLoop('B', { polarity: 'balancing', variables: [fish, catches, at(rates, 'south'), 'Fish'] })).toEqual({
      id: 'B',
      name: 'B',
      polarity: 'balancing',
      variables: ['Fish', 'Catch', 'Rates[south]', 'Fish'],
    })
    expect(
      namedLoop('B', { name: 'Depletion', polarity: 'balancing', variables: [fish], story: 'fewer fish' }),
    ).toEqual({
      id: 'B',
      name: 'Depletion',
      polarity: 'balancing',
      variables: ['Fish'],
      story: 'fewer fish',
    })
  })

  it('refuses a bad polarity, no variables and a variable that is no name, in one line', () => {
    const call =
      (...args: unknown[]) =>
      () =>
        (namedLoop as (...a: unknown[]) => unknown)(...args)
    expect(call('R', { polarity: 'positive', variables: [fish] })).toThrow(
      `named loop "R": polarity is "positive"; give 'reinforcing' or 'balancing'`,
    )
    expect(call('R', { polarity: 'reinforcing', variables: [] })).toThrow(
      'named loop "R": give its variables in causal order',
    )
    expect(call('R', { polarity: 'reinforcing', variables: [fish, null] })).toThrow(
      'named loop "R": variable 2 is null; give a handle, at(handle, ...) or a name',
    )
  })
})

describe('graph with a mode', () => {
  it('gives an auxiliary or a flow the graph and its mode; continuous is the default, left out', () => {
    const points = [
      [0, 0],
      [1, 2],
    ] as const
    expect(aux('A', { equation: 1, graph: { points, mode: 'extrapolate' } }).graph).toEqual({
      x: [0, 1],
      y: [0, 2],
      mode: 'extrapolate',
    })
    expect(aux('B', { equation: 1, graph: { points, mode: 'continuous' } }).graph).toEqual({ x: [0, 1], y: [0, 2] })
    expect(aux('C', { equation: 1, graph: points }).graph).toEqual({ x: [0, 1], y: [0, 2] })
    expect(flow('F', { rate: 1, graph: { points, mode: 'discrete' } }).graph).toEqual({
      x: [0, 1],
      y: [0, 2],
      mode: 'discrete',
    })
    expect(flow('G', { rate: 1, graph: points }).graph).toEqual({ x: [0, 1], y: [0, 2] })
    expect(flow('H', { rate: 1 })).not.toHaveProperty('graph')
  })

  it('refuses an unknown mode or a graph without points, in one line', () => {
    expect(() => callDsl('aux', 'A', { equation: 1, graph: { points: [[0, 1]], mode: 'linear' } })).toThrow(
      'variable "A": graph mode "linear" is not one of continuous, extrapolate, discrete, forward',
    )
    expect(() => callDsl('flow', 'F', { rate: 1, graph: { mode: 'discrete' } })).toThrow(
      'flow "F": give `graph` as a list of [x, y] or { points, mode }',
    )
  })
})
