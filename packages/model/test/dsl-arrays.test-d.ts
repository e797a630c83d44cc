/**
 * Type tests for arrays in the DSL, checked by `tsc -p tsconfig.json --noEmit` (vitest does not run this
 * file). Each `@ts-expect-error` proves that a misuse does not compile; tsc fails if the line compiles.
 */
import { at, aux, bang, dimension, eq, flow, lookup, model, param, stock, subrange } from '@stockflow/model'
import type { DepsOf, DimensionHandle, Equation, Iterates, Model, Subscripted } from '@stockflow/model'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Expect<T extends true> = T

const time = { start: 0, stop: 10, dt: 0.25, units: 'day' }

const Region = dimension('Region', ['north', 'south', 'east'])
const Age = dimension('Age', ['young', 'old'])
const Coast = subrange('Coast', Region, ['north', 'south'])
const Cohort = dimension('Cohort', 3)

const infected = stock('Infected', { dimensions: [Region], initial: 1, units: 'people' })
const growth = param('Growth', 0.1, { dimensions: [Region] })
const pop = param('Population', { north: 1000, south: 2000, east: 500 }, { dimensions: [Region] })
const table = param(
  'Table',
  { north: { young: 1, old: 2 }, south: { young: 3, old: 4 }, east: { young: 5, old: 6 } },
  {
    dimensions: [Region, Age],
  },
)
const rate = aux('Rate', {
  dimensions: [Region, Age],
  equation: eq`${at(growth, Region)} * 2`,
  perElement: [
    [['north', 'young'], eq`0`],
    [[Coast, 'old'], 3],
  ],
})
const share = aux('Share', { dimensions: [Region], equation: eq`${infected} / ${pop}`, perElement: { north: 0 } })
const onlyPer = aux('Only Per', { dimensions: [Region], perElement: { north: 1, south: 2, east: 3 } })
const total = aux('Total', { equation: eq`SUM(${at(infected, '*')})` })
const coastal = aux('Coastal', { dimensions: [Coast], equation: eq`${at(infected, Coast)} + ${Coast}` })
// Over a subrange, an array over its parent reads bare: every Coast element is a Region.
const coastBare = aux('Coast Bare', { dimensions: [Coast], equation: eq`${infected} + ${at(infected, Region)}` })
// A per-element entry's own subranges count as its own dimensions.
const perCoast = aux('Per Coast', {
  dimensions: [Region, Age],
  equation: 0,
  perElement: [[[Coast, 'old'], eq`${Coast} + ${at(infected, Coast)} + ${infected}`]],
})
const oldShare = aux('Old Share', {
  dimensions: [Region],
  equation: eq`${at(table, Region, 'old')} / SUM(${at(table, Region, '*')})`,
})
const banged = aux('Banged', { dimensions: [Region], equation: eq`${infected} / SUM(${at(infected, bang(Region))})` })
const effect = lookup(
  'Effect',
  [
    [0, 0],
    [1, 1],
  ],
  {
    dimensions: [Region],
    perElement: {
      south: [
        [0, 1],
        [1, 0],
      ],
    },
  },
)
const effected = aux('Effected', { dimensions: [Region], equation: eq`${at(effect, Region)}(${share})` })
const recovered = stock('Recovered', { dimensions: [Region], initial: 0 })
const recovering = flow('Recovering', {
  dimensions: [Region],
  from: infected,
  to: recovered,
  rate: eq`${infected} * ${growth}`,
})
const cohorts = stock('Cohorts', { dimensions: [Cohort], initial: 0, perElement: { '2': 5 } })

export const north = at(infected, 'north')
export const coastRows = at(table, Coast, '*')
export const perRegion = at(infected, bang(Region))

/** Handles and equations remember, in their types, the names, dimensions and iterations they carry. */
export type Checks = [
  Expect<Equal<typeof Region, DimensionHandle<'Region', 'north' | 'south' | 'east'>>>,
  Expect<Equal<typeof Coast, DimensionHandle<'Coast', 'north' | 'south', 'Coast' | 'Region'>>>,
  Expect<Equal<typeof Cohort, DimensionHandle<'Cohort', '1' | '2' | '3'>>>,
  Expect<Equal<DepsOf<typeof rate>, 'Growth'>>,
  Expect<Equal<DepsOf<typeof recovering>, 'Infected' | 'Growth' | 'Recovered'>>,
  Expect<Equal<typeof total.equation, string>>,
  Expect<Equal<typeof north, Subscripted<'Infected', never, never>>>,
  Expect<Equal<typeof coastRows, Subscripted<'Table', Iterates<'Coast', 'Coast' | 'Region'>, 'Coast' | 'Region'>>>,
  Expect<Equal<typeof perRegion, Subscripted<'Infected', never, 'Region'>>>,
  Expect<
    Equal<ReturnType<typeof eq<readonly [typeof infected]>>, Equation<'Infected', Iterates<'Region', 'Region'>, never>>
  >,
]

// Correct models compile.
export const arrayed: Model = model('arrays', {
  time,
  dimensions: [Region, Age, Coast, Cohort],
  elements: [
    infected,
    growth,
    pop,
    table,
    rate,
    share,
    onlyPer,
    total,
    coastal,
    coastBare,
    perCoast,
    oldShare,
    banged,
    effect,
    effected,
    recovered,
    recovering,
    cohorts,
  ],
})

// (1) A misspelt element, or a subrange with an element its parent lacks.
// @ts-expect-error -- there is no west
export const west = at(infected, 'west')
// @ts-expect-error -- west is not a Region
export const badCoast = subrange('Bad Coast', Region, ['north', 'west'])

// (2) The wrong dimension (a subrange of the right one is fine), the wrong number of subscripts.
// @ts-expect-error -- Infected is over Region, not Age
export const wrongDim = at(infected, Age)
// @ts-expect-error -- Table has two dimensions
export const tooFew = at(table, Region)
// @ts-expect-error -- Table has two dimensions
export const tooMany = at(table, Region, 'old', 'young')
// @ts-expect-error -- a scalar has no elements
export const scalarAt = at(total, 'north')
// @ts-expect-error -- the bang of the wrong dimension
export const wrongBang = at(infected, bang(Age))
// @ts-expect-error -- Region stands for more than Coast, so it cannot stand where Coast is expected
export const parentForSubrange = at(coastal, Region)

// (3) An equation iterating over a dimension the variable is not arrayed over.
// @ts-expect-error -- bare Infected iterates over Region, the aux is over Age
export const overAge = aux('Over Age', { dimensions: [Age], equation: eq`${infected} * 2` })
// @ts-expect-error -- at(infected, Region) iterates over Region
export const overAgeAt = aux('Over Age', { dimensions: [Age], equation: eq`${at(infected, Region)}` })
// @ts-expect-error -- a scalar reading an array bare
export const scalarBare = aux('Scalar', { equation: eq`${infected}` })
// @ts-expect-error -- a per-element formula is checked too
export const perBad = aux('Per Bad', { dimensions: [Age], equation: 0, perElement: { old: eq`${infected}` } })
// @ts-expect-error -- Coast lacks east: over Region, pick elements of a Coast reading (P3[east] would read nothing)
export const p3 = aux('P3', { dimensions: [Region], equation: eq`${at(infected, Coast)}` })
// @ts-expect-error -- the position in Coast, over Region
export const coastPosition = aux('Coast Position', { dimensions: [Region], equation: eq`${Coast}` })
// @ts-expect-error -- a per-element entry at one element does not iterate over Coast
export const perAtCoast = aux('Per At Coast', {
  dimensions: [Region, Age],
  equation: 0,
  perElement: [[['north', 'old'], eq`${Coast}`]],
})
// @ts-expect-error -- a flow's rate is checked like an equation
export const flowBad = flow('Flow Bad', { dimensions: [Age], rate: eq`${infected}` })
// @ts-expect-error -- a stock's initial value too
export const stockBad = stock('Stock Bad', { initial: eq`${infected}` })

// (4) Per-element keys and parameter records.
// @ts-expect-error -- west is not a Region
export const perWest = aux('Per West', { dimensions: [Region], equation: 0, perElement: { west: 1 } })
export const perWestTuple = aux('Per West', {
  dimensions: [Region, Age],
  equation: 0,
  // @ts-expect-error -- west is not a Region
  perElement: [[['west', 'old'], 1]],
})
// @ts-expect-error -- one subscript for two dimensions
export const perShort = aux('Per Short', { dimensions: [Region, Age], equation: 0, perElement: [[['north'], 1]] })
// @ts-expect-error -- Age where Region is expected
export const perAge = aux('Per Age', { dimensions: [Region, Age], equation: 0, perElement: [[[Age, 'old'], 1]] })
// @ts-expect-error -- east is missing
export const popMissing = param('Pop', { north: 1, south: 2 }, { dimensions: [Region] })
// @ts-expect-error -- west is not a Region
export const popExtra = param('Pop', { north: 1, south: 2, east: 3, west: 4 }, { dimensions: [Region] })
export const nestedMissing = param(
  'T',
  // @ts-expect-error -- old is missing for east
  { north: { young: 1, old: 2 }, south: { young: 3, old: 4 }, east: { young: 5 } },
  { dimensions: [Region, Age] },
)
export const perParam = param('Per Param', 1, { dimensions: [Region], perElement: { east: 2 } })
// @ts-expect-error -- a parameter's per-element values are numbers
export const perParamEq = param('Per Param', 1, { dimensions: [Region], perElement: { east: eq`1` } })
// @ts-expect-error -- west is not a Region
export const perParamWest = param('Per Param', 1, { dimensions: [Region], perElement: { west: 2 } })
// @ts-expect-error -- a record for a scalar
export const scalarRecord = param('S', { north: 1 })
// @ts-expect-error -- neither an equation nor per-element equations
export const noEquation = aux('None', { dimensions: [Region] })
// @ts-expect-error -- without an equation, south and east have none
export const partial = aux('P8', { dimensions: [Region], perElement: { north: 1 } })
// @ts-expect-error -- a stock's initial value too
export const partialStock = stock('Partial', { dimensions: [Region], perElement: { north: 1, east: 2 } })
// @ts-expect-error -- a dimension twice (a square table needs a second dimension)
export const twice = aux('Twice', { dimensions: [Region, Region], equation: 1 })
// @ts-expect-error -- a parameter's dimensions too
export const twiceParam = param('Twice', 1, { dimensions: [Age, Region, Age] })

// (5) model() refuses a missing handle, and now a missing dimension.
// @ts-expect-error -- Growth is read by Rate but missing
export const noGrowth: Model = model('m', { time, dimensions: [Region, Age, Coast], elements: [rate] })
// @ts-expect-error -- Rate is over Age, which is not listed
export const noAge: Model = model('m', { time, dimensions: [Region, Coast], elements: [rate, growth] })
// @ts-expect-error -- no dimensions at all
export const noDims: Model = model('m', { time, elements: [infected] })
// @ts-expect-error -- Rate's per-element entry names the subrange Coast
export const noCoast: Model = model('m', { time, dimensions: [Region, Age], elements: [rate, growth] })
// @ts-expect-error -- a subrange needs its parent
export const noParent: Model = model('m', { time, dimensions: [Coast], elements: [] })

// (6) The README's lines that do not compile (packages/model/README.md, "Arrays in the typed DSL").
const birthRate = param('Birth Rate', { north: 0.03, south: 0.02, east: 0.03 }, { dimensions: [Region] })
const popByAge = stock('Pop', { dimensions: [Region, Age], initial: 100, perElement: [[[Coast, 'old'], 50]] })
// @ts-expect-error -- west is not an element of Region
export const readmeWest = at(popByAge, 'west', 'young')
// @ts-expect-error -- Pop has two dimensions
export const readmeCount = at(popByAge, Region)
// @ts-expect-error -- Birth Rate iterates over Region, not Age
export const readmeAge = aux('Bad', { dimensions: [Age], equation: eq`${birthRate}` })
// @ts-expect-error -- east has no value
export const readmeEast = param('P', { north: 1, south: 2 }, { dimensions: [Region] })
// @ts-expect-error -- Age is not among the dimensions
export const readmeDims: Model = model('m', { time, dimensions: [Region], elements: [popByAge] })
