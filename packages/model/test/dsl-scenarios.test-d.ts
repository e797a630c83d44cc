/**
 * Type tests for scenarios, named loops and graphs written with handles, checked by `tsc -p tsconfig.json
 * --noEmit` (vitest does not run this file). Each `@ts-expect-error` proves that a misuse does not compile.
 */
import { at, aux, dimension, eq, flow, lookup, model, namedLoop, param, scenario, stock } from '@stockflow/model'
import type { Model, NamedLoop, Scenario } from '@stockflow/model'

const time = { start: 0, stop: 10, dt: 1 }
const Region = dimension('Region', ['north', 'south'])
const harvestRate = param('Harvest Rate', 0.3)
const rates = param('Rates', 0.2, { dimensions: [Region] })
const fish = stock('Fish', { initial: 500 })
const ratio = aux('Ratio', { equation: eq`${fish} / 1000` })
const catches = flow('Catch', { from: fish, rate: eq`${harvestRate} * ${fish} * ${ratio}` })
const effect = lookup('Effect', [
  [0, 0],
  [1, 1],
])

// Handles, elements by at() and names as text compile side by side; so does a record by name.
export const quota: Scenario = scenario('quota', {
  name: 'Quota',
  doc: 'Harvest cut',
  set: [
    [harvestRate, 0.1],
    [fish, 400],
    [ratio, 0.5],
    [at(rates, 'north'), 0.1],
    [at(rates, '*'), 0.3],
    ['Harvest Rate', 0.2],
  ],
})
export const byName: Scenario = scenario('by-name', { set: { 'Harvest Rate': 0.2 } })
export const wom: NamedLoop = namedLoop('B', {
  name: 'Depletion',
  polarity: 'balancing',
  variables: [fish, catches, 'Fish', at(rates, 'south')],
  story: 'The more fish, the larger the catch',
})
export const fishery: Model = model('fishery', {
  time,
  dimensions: [Region],
  elements: [harvestRate, rates, fish, ratio, catches, effect],
  scenarios: [quota, byName],
  loops: [wom],
})

// A graph takes points, or points and the mode to read them with, on an auxiliary or a flow.
export const graphs = [
  aux('Plain', { equation: 1, graph: [[0, 1]] }),
  aux('Extrapolated', { equation: 1, graph: { points: [[0, 1]], mode: 'extrapolate' } }),
  flow('Graphed', { rate: 1, graph: { points: [[0, 1]], mode: 'discrete' } }),
  flow('Points only', { rate: 1, graph: { points: [[0, 1]] } }),
]

// @ts-expect-error -- `harvestRat` is not declared: a misspelt handle does not compile
export const misspelt = scenario('typo', { set: [[harvestRat, 0.1]] })
// @ts-expect-error -- a flow is computed by its rate: a scenario cannot set it
export const setsFlow = scenario('flow', { set: [[catches, 1]] })
// @ts-expect-error -- a lookup has no value to set
export const setsLookup = scenario('lookup', { set: [[effect, 1]] })
// @ts-expect-error -- a value is a number
export const notNumber = scenario('text', { set: [[harvestRate, '0.1']] })
// @ts-expect-error -- `west` is not an element of Region
export const badElement = scenario('west', { set: [[at(rates, 'west'), 0.1]] })
// @ts-expect-error -- `fsh` is not declared: a misspelt handle in a loop does not compile
export const badLoop = namedLoop('R', { polarity: 'reinforcing', variables: [fsh, catches] })
// @ts-expect-error -- polarity is reinforcing or balancing
export const badPolarity = namedLoop('R', { polarity: 'positive', variables: [fish, catches] })
// @ts-expect-error -- a scenario needs its values
export const noSet = scenario('empty', { name: 'Empty' })
// @ts-expect-error -- the modes are those of a lookup
export const badMode = aux('Bad Mode', { equation: 1, graph: { points: [[0, 1]], mode: 'linear' } })
