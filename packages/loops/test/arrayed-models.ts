import { modelFromData } from '@stockflow/model'
import type { Model } from '@stockflow/model'

/**
 * Regional SIR over Region = north, south, east: each region's exposure mixes its own prevalence with
 * the whole population's (SUM over regions), so infection travels between regions.
 */
export const REGIONAL_SIR = {
  name: 'regional SIR',
  time: { start: 0, stop: 60, dt: 0.125, units: 'day' },
  dimensions: [{ name: 'Region', elements: ['north', 'south', 'east'] }],
  elements: [
    {
      kind: 'param',
      name: 'Population',
      id: 'population',
      dimensions: ['Region'],
      value: 1000,
      units: 'people',
      perElement: [{ subscripts: ['south'], equation: '2000' }],
    },
    {
      kind: 'param',
      name: 'Contact Rate',
      id: 'contact_rate',
      dimensions: ['Region'],
      value: 0.3,
      units: '1/day',
      min: 0,
      max: 1,
    },
    { kind: 'param', name: 'Travel', id: 'travel', value: 0.01, units: 'dmnl' },
    { kind: 'param', name: 'Duration', id: 'duration', value: 5, units: 'day' },
    {
      kind: 'stock',
      name: 'Susceptible',
      id: 'susceptible',
      dimensions: ['Region'],
      initial: 'Population[Region] - 1',
      inflows: [],
      outflows: ['infecting'],
      units: 'people',
    },
    {
      kind: 'stock',
      name: 'Infected',
      id: 'infected',
      dimensions: ['Region'],
      initial: '1',
      inflows: ['infecting'],
      outflows: ['recovering'],
      units: 'people',
    },
    {
      kind: 'stock',
      name: 'Recovered',
      id: 'recovered',
      dimensions: ['Region'],
      initial: '0',
      inflows: ['recovering'],
      outflows: [],
      units: 'people',
    },
    {
      kind: 'aux',
      name: 'Exposure',
      id: 'exposure',
      dimensions: ['Region'],
      equation: '(1-Travel)*Infected[Region]/Population[Region] + Travel*SUM(Infected[*])/SUM(Population[*])',
      units: 'dmnl',
    },
    {
      kind: 'flow',
      name: 'Infecting',
      id: 'infecting',
      dimensions: ['Region'],
      equation: 'Contact_Rate[Region]*Susceptible[Region]*Exposure[Region]',
      units: 'people/day',
    },
    {
      kind: 'flow',
      name: 'Recovering',
      id: 'recovering',
      dimensions: ['Region'],
      equation: 'Infected[Region]/Duration',
      units: 'people/day',
    },
  ],
} as const

type Data = typeof REGIONAL_SIR
type ElementData = Data['elements'][number] | Record<string, unknown>

/** The regional SIR, with changes: elements replaced or added by name, other model fields. */
function regional(change: { readonly elements?: readonly ElementData[]; readonly [k: string]: unknown } = {}): Model {
  const { elements = [], ...rest } = change
  const byName = new Map<string, ElementData>(REGIONAL_SIR.elements.map((e) => [e.name, e]))
  for (const e of elements) byName.set(String(e.name), e)
  return modelFromData({ ...REGIONAL_SIR, ...rest, elements: [...byName.values()] })
}

/** The regional SIR as in its fixture, with a named contagion loop. */
export function regionalSir(): Model {
  return regional({
    loops: [
      {
        id: 'R1',
        name: 'Contagion',
        polarity: 'reinforcing',
        variables: ['Infected', 'Infecting'],
      },
      { id: 'B1', name: 'Depletion', polarity: 'balancing', variables: ['Susceptible', 'Infecting'] },
    ],
  })
}

/** The regional SIR over `n` regions (`r0`, `r1`, …), all of the same size. */
export function manyRegions(n: number): Model {
  const elements = Array.from({ length: n }, (_, i) => `r${i}`)
  return regional({
    dimensions: [{ name: 'Region', elements }],
    elements: [{ ...REGIONAL_SIR.elements[0], perElement: [] }],
  })
}

/**
 * Travel through a scalar: `Total Infected = SUM(Infected[*])` (or another reduction) feeds the
 * exposure of every region, so Infected -> Total Infected -> Exposure -> Infecting -> Infected is a
 * loop at the variable level.
 */
export function totalInfected(reduction = 'SUM'): Model {
  return regional({
    elements: [
      { kind: 'aux', name: 'Total Infected', id: 'total_infected', equation: `${reduction}(Infected[*])` },
      {
        ...REGIONAL_SIR.elements[7],
        equation: '(1-Travel)*Infected/Population + Travel*Total_Infected/SUM(Population[*])',
      },
    ],
  })
}

/**
 * Two dimensions: Pop[Region, Age] grows by births that crowding (the SUM of a region's ages over its
 * capacity) slows. Loops: growth (R) and crowding (B), four element loops each.
 */
export function twoDimensional(): Model {
  return modelFromData({
    name: 'crowded cohorts',
    time: { start: 0, stop: 20, dt: 0.25 },
    dimensions: [
      { name: 'Region', elements: ['a', 'b'] },
      { name: 'Age', elements: ['young', 'old'] },
    ],
    elements: [
      { kind: 'param', name: 'Capacity', dimensions: ['Region'], value: 100 },
      {
        kind: 'stock',
        name: 'Pop',
        dimensions: ['Region', 'Age'],
        initial: '10',
        inflows: ['births'],
        outflows: [],
      },
      { kind: 'aux', name: 'Crowding', dimensions: ['Region'], equation: 'SUM(Pop[Region, *]) / Capacity[Region]' },
      {
        kind: 'flow',
        name: 'Births',
        dimensions: ['Region', 'Age'],
        equation: '0.1 * Pop[Region, Age] * (1 - Crowding[Region])',
      },
    ],
  })
}

/**
 * A subrange: fish regrow in every region, boats (over the coastal regions only) catch them and
 * invest their landings in more boats. Catch is zero in the north.
 */
export function coastalFishery(): Model {
  return modelFromData({
    name: 'coastal fishery',
    time: { start: 0, stop: 10, dt: 0.25 },
    dimensions: [
      { name: 'Region', elements: ['north', 'south', 'east'] },
      { name: 'Coastal', elements: ['south', 'east'], parent: 'Region' },
    ],
    elements: [
      {
        kind: 'stock',
        name: 'Fish',
        dimensions: ['Region'],
        initial: '1000',
        inflows: ['regrowth'],
        outflows: ['catch'],
      },
      { kind: 'flow', name: 'Regrowth', dimensions: ['Region'], equation: '0.05 * Fish' },
      { kind: 'stock', name: 'Boats', dimensions: ['Coastal'], initial: '10', inflows: ['investment'], outflows: [] },
      { kind: 'aux', name: 'Landings', dimensions: ['Coastal'], equation: '0.001 * Boats[Coastal] * Fish[Coastal]' },
      { kind: 'flow', name: 'Investment', dimensions: ['Coastal'], equation: '0.01 * Landings' },
      {
        kind: 'flow',
        name: 'Catch',
        dimensions: ['Region'],
        equation: '',
        perElement: [
          { subscripts: ['north'], equation: '0' },
          { subscripts: ['Coastal'], equation: 'Landings[Coastal]' },
        ],
      },
    ],
  })
}

/**
 * Element links of both signs: X[north] grows with itself, X[south] and X[east] shrink, so the
 * variable link X -> Change is mixed and the variable loop stands for one reinforcing and two
 * balancing element loops.
 */
export function mixedSigns(): Model {
  return modelFromData({
    name: 'mixed signs',
    time: { start: 0, stop: 5, dt: 0.5 },
    dimensions: [{ name: 'Region', elements: ['north', 'south', 'east'] }],
    elements: [
      { kind: 'stock', name: 'X', dimensions: ['Region'], initial: '10', inflows: ['change'], outflows: [] },
      {
        kind: 'flow',
        name: 'Change',
        dimensions: ['Region'],
        equation: '-0.1 * X',
        perElement: [{ subscripts: ['north'], equation: '0.1 * X[north]' }],
      },
    ],
  })
}

/** `n` regions whose stock drains in proportion to itself: one balancing element loop per region. */
export function regionalDecay(n: number): Model {
  return modelFromData({
    name: 'regional decay',
    time: { start: 0, stop: 4, dt: 0.5 },
    dimensions: [{ name: 'Region', elements: Array.from({ length: n }, (_, i) => `r${i}`) }],
    elements: [
      { kind: 'stock', name: 'Stock', dimensions: ['Region'], initial: '100', inflows: [], outflows: ['drain'] },
      { kind: 'flow', name: 'Drain', dimensions: ['Region'], equation: '0.2 * Stock' },
    ],
  })
}

/**
 * Two stocks that trade what they hold through two channels, each reading the other element: the
 * element loops wind through both elements, by one channel (a variable loop) or by both (no single
 * variable loop).
 */
export function crossedChannels(): Model {
  return modelFromData({
    name: 'crossed channels',
    time: { start: 0, stop: 2, dt: 0.5 },
    dimensions: [{ name: 'D', elements: ['one', 'two'] }],
    elements: [
      { kind: 'stock', name: 'A', dimensions: ['D'], initial: '1', inflows: ['f'], outflows: [] },
      {
        kind: 'aux',
        name: 'B',
        dimensions: ['D'],
        equation: '',
        perElement: [
          { subscripts: ['one'], equation: 'A[two]' },
          { subscripts: ['two'], equation: 'A[one]' },
        ],
      },
      {
        kind: 'aux',
        name: 'C',
        dimensions: ['D'],
        equation: '',
        perElement: [
          { subscripts: ['one'], equation: '2 * A[two]' },
          { subscripts: ['two'], equation: '2 * A[one]' },
        ],
      },
      { kind: 'flow', name: 'F', dimensions: ['D'], equation: '0.01 * (B + C)' },
    ],
  })
}

/** A variable loop with no element loop under it: F[one] reads S[two], F[two] reads no stock. */
export function noElementLoop(): Model {
  return modelFromData({
    name: 'no element loop',
    time: { start: 0, stop: 2, dt: 0.5 },
    dimensions: [{ name: 'D', elements: ['one', 'two'] }],
    elements: [
      { kind: 'stock', name: 'S', dimensions: ['D'], initial: '1', inflows: ['f'], outflows: [] },
      {
        kind: 'flow',
        name: 'F',
        dimensions: ['D'],
        equation: '',
        perElement: [
          { subscripts: ['one'], equation: '0.1 * S[two]' },
          { subscripts: ['two'], equation: '1' },
        ],
      },
    ],
  })
}

/**
 * Two regions by two ages: births (young only) read the whole region (`SUM(Pop[Region, *])`), the young
 * age into the old through one flow (`Aging`, negative for the young, positive for the old), and all
 * die. The old raise the births of the young, so an element loop runs Pop[r,young] -> Aging[r,old] ->
 * Pop[r,old] -> Births[r,young] -> Pop[r,young]: through Pop twice at the variable level.
 */
export const POPULATION = {
  name: 'regional population',
  time: { start: 0, stop: 24, dt: 0.25, units: 'year' },
  dimensions: [
    { name: 'Region', elements: ['north', 'south'] },
    { name: 'Age', elements: ['young', 'old'] },
  ],
  elements: [
    {
      kind: 'param',
      name: 'Birth Rate',
      id: 'birth_rate',
      dimensions: ['Region'],
      value: 0.08,
      units: '1/year',
      perElement: [{ subscripts: ['south'], equation: '0.1' }],
    },
    { kind: 'param', name: 'Aging Time', id: 'aging_time', value: 10, units: 'year' },
    {
      kind: 'param',
      name: 'Death Rate',
      id: 'death_rate',
      dimensions: ['Age'],
      value: 0.01,
      units: '1/year',
      perElement: [{ subscripts: ['old'], equation: '0.04' }],
    },
    {
      kind: 'stock',
      name: 'Pop',
      id: 'pop',
      dimensions: ['Region', 'Age'],
      initial: '100',
      inflows: ['births', 'aging'],
      outflows: ['deaths'],
      units: 'people',
    },
    {
      kind: 'flow',
      name: 'Births',
      id: 'births',
      dimensions: ['Region', 'Age'],
      equation: '',
      perElement: [
        { subscripts: ['Region', 'young'], equation: 'Birth_Rate[Region] * SUM(Pop[Region, *])' },
        { subscripts: ['Region', 'old'], equation: '0' },
      ],
      units: 'people/year',
    },
    {
      kind: 'flow',
      name: 'Aging',
      id: 'aging',
      dimensions: ['Region', 'Age'],
      equation: '',
      perElement: [
        { subscripts: ['Region', 'young'], equation: '-Pop[Region, young] / Aging_Time' },
        { subscripts: ['Region', 'old'], equation: 'Pop[Region, young] / Aging_Time' },
      ],
      units: 'people/year',
    },
    {
      kind: 'flow',
      name: 'Deaths',
      id: 'deaths',
      dimensions: ['Region', 'Age'],
      equation: 'Pop[Region, Age] * Death_Rate[Age]',
      units: 'people/year',
    },
  ],
} as const

/** The regional population as a model. */
export function population(): Model {
  return modelFromData(POPULATION)
}
