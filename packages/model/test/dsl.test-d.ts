/**
 * Type tests for the DSL, checked by `tsc -p tsconfig.json --noEmit` (vitest does not run this file).
 * Each `@ts-expect-error` proves that a misuse does not compile; tsc fails if the line compiles.
 */
import { aux, eq, flow, lookup, model, param, stock } from '@stockflow/model'
import type { DepsOf, Equation, Model } from '@stockflow/model'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Expect<T extends true> = T

const time = { start: 0, stop: 30, dt: 0.125, units: 'minute' }

const temperature = stock('Teacup Temperature', { initial: 180, units: 'degF' })
const room = param('Room Temperature', 70, { units: 'degF' })
const tau = param('Characteristic Time', 10, { units: 'minute' })
const rate = eq`(${temperature} - ${room}) / ${tau}`
const heatLoss = flow('Heat Loss to Room', { from: temperature, rate })

/** Equations and handles remember, in their types, the display names they read. */
export type Checks = [
  Expect<Equal<typeof rate, Equation<'Teacup Temperature' | 'Room Temperature' | 'Characteristic Time'>>>,
  Expect<Equal<DepsOf<typeof heatLoss>, 'Teacup Temperature' | 'Room Temperature' | 'Characteristic Time'>>,
  Expect<Equal<DepsOf<typeof room>, never>>,
  Expect<Equal<typeof temperature.name, 'Teacup Temperature'>>,
]

// Correct models compile.
export const teacup: Model = model('teacup', { time, elements: [temperature, room, tau, heatLoss] })

const debt = stock('地方政府 债务', { initial: eq`${room} * 2` })
const borrowing = flow('Borrowing', { to: debt, rate: eq`0.1 * ${debt} + ${-1}` })
const effect = lookup('Effect', [
  [0, 1],
  [1, 2],
])
const level = aux('Level', { equation: eq`Effect(${debt}) + SMTH1(${borrowing}, 3)` })
export const chinese: Model = model('debt', { time, elements: [room, debt, borrowing, effect, level] })
// Element order does not matter to the check.
export const reordered: Model = model('teacup', { time, elements: [heatLoss, tau, room, temperature] })

// (1) An equation over a misspelt or undeclared handle does not compile.
// @ts-expect-error -- `temprature` is not declared
export const misspelt = eq`${temprature} * 2`
// @ts-expect-error -- a name as a string is not a handle
export const notAHandle = eq`${'Room Temperature'} * 2`

// (2) model() whose elements leave out an element that an equation uses does not compile.
// @ts-expect-error -- Room Temperature is read by Heat Loss to Room but missing
export const noRoom: Model = model('teacup', { time, elements: [temperature, tau, heatLoss] })
// @ts-expect-error -- the stock Heat Loss drains (and reads) is missing
export const noStock: Model = model('teacup', { time, elements: [room, tau, heatLoss] })
// @ts-expect-error -- a stock's initial value is checked too
export const noInitial: Model = model('debt', { time, elements: [debt] })
const half = aux('Half', { equation: eq`${room} / 2` })
const quarter = aux('Quarter', { equation: eq`${half} / 2` })
// @ts-expect-error -- Room Temperature is needed through Half
export const noTransitive: Model = model('m', { time, elements: [quarter, half] })
export const transitive: Model = model('m', { time, elements: [quarter, half, room] })

// (3) A flow's `from` and `to` must be stock handles.
// @ts-expect-error -- a param is not a stock
export const fromParam = flow('Bad', { from: room, rate: 1 })
// @ts-expect-error -- an auxiliary is not a stock
export const toAux = flow('Bad', { to: half, rate: 1 })
// @ts-expect-error -- a flow is not a stock
export const fromFlow = flow('Bad', { from: heatLoss, rate: 1 })
