/**
 * Arrayed families for the scaling bench, each written twice: once with dimensions (one equation per
 * variable, flattened by the model package) and once element by element (one variable per element,
 * named as flattening names them, `s[r1]`), so that the two compile to the same scalar model.
 *
 * - `regional SIR`: n regions, each with its own population; infection reads the region's own
 *   infected and, through `mixing`, the total over all regions (one SUM);
 * - `aging chain`: n cohorts, each ageing into the next (a subrange mapped onto the one after it, as
 *   Vensim models write it), deaths per cohort, births from the total population (one SUM).
 */
import type { Dimension, Element, ElementEquation, Model } from '@stockflow/model'

export type ArrayFamily = 'regional SIR' | 'aging chain'
export const ARRAY_FAMILIES: readonly ArrayFamily[] = ['regional SIR', 'aging chain']

/** Public variables of each family: so many per element, and so many scalars. */
export const PER_ELEMENT: Readonly<Record<ArrayFamily, number>> = { 'regional SIR': 6, 'aging chain': 5 }
export const SCALARS: Readonly<Record<ArrayFamily, number>> = { 'regional SIR': 5, 'aging chain': 3 }

const q = (name: string) => `"${name}"`
const el = (base: string, i: number, prefix: string) => `${base}[${prefix}${i + 1}]`
const id = (name: string) => name.toLowerCase()

/** A population of region i: varied, so that per-element values are not all the same. */
const population = (i: number) => 1000 + ((i * 7919) % 997)

function model(name: string, elements: readonly Record<string, unknown>[], steps: number, dimensions?: Dimension[]) {
  return {
    name,
    time: { start: 0, stop: steps * 0.25, dt: 0.25 },
    ...(dimensions ? { dimensions } : {}),
    elements: elements.map((e) => ({ ...e, id: id(e['name'] as string) })) as unknown as Element[],
  } satisfies Model
}

function sirArrayed(n: number, steps: number): Model {
  const names = Array.from({ length: n }, (_, i) => `r${i + 1}`)
  const perElement: ElementEquation[] = names.map((r, i) => ({ subscripts: [r], equation: String(population(i)) }))
  const d = ['Region']
  return model(
    `regional-sir-${n}`,
    [
      { kind: 'param', name: 'beta', value: 0.3 },
      { kind: 'param', name: 'mixing', value: 0.1 },
      { kind: 'param', name: 'duration', value: 5 },
      { kind: 'param', name: 'population', value: 0, dimensions: d, perElement },
      { kind: 'aux', name: 'total_population', equation: 'SUM(population[*])' },
      { kind: 'aux', name: 'total_infected', equation: 'SUM(I[*])' },
      {
        kind: 'stock',
        name: 'S',
        dimensions: d,
        initial: 'population[Region] - 1',
        inflows: [],
        outflows: ['infection'],
      },
      { kind: 'stock', name: 'I', dimensions: d, initial: '1', inflows: ['infection'], outflows: ['recovery'] },
      { kind: 'stock', name: 'R', dimensions: d, initial: '0', inflows: ['recovery'], outflows: [] },
      {
        kind: 'flow',
        name: 'infection',
        dimensions: d,
        equation:
          'beta * S[Region] * ((1 - mixing) * I[Region] / population[Region] + mixing * total_infected / total_population)',
      },
      { kind: 'flow', name: 'recovery', dimensions: d, equation: 'I[Region] / duration' },
    ],
    steps,
    [{ name: 'Region', elements: names }],
  )
}

function sirElements(n: number, steps: number): Model {
  const e: Record<string, unknown>[] = [
    { kind: 'param', name: 'beta', value: 0.3 },
    { kind: 'param', name: 'mixing', value: 0.1 },
    { kind: 'param', name: 'duration', value: 5 },
  ]
  const r = (base: string, i: number) => el(base, i, 'r')
  for (let i = 0; i < n; i++) e.push({ kind: 'param', name: r('population', i), value: population(i) })
  const all = (base: string) => Array.from({ length: n }, (_, i) => q(r(base, i))).join(', ')
  e.push({ kind: 'aux', name: 'total_population', equation: `sum(${all('population')})` })
  e.push({ kind: 'aux', name: 'total_infected', equation: `sum(${all('I')})` })
  for (let i = 0; i < n; i++)
    e.push({
      kind: 'stock',
      name: r('S', i),
      initial: `${q(r('population', i))} - 1`,
      inflows: [],
      outflows: [id(r('infection', i))],
    })
  for (let i = 0; i < n; i++)
    e.push({
      kind: 'stock',
      name: r('I', i),
      initial: '1',
      inflows: [id(r('infection', i))],
      outflows: [id(r('recovery', i))],
    })
  for (let i = 0; i < n; i++)
    e.push({ kind: 'stock', name: r('R', i), initial: '0', inflows: [id(r('recovery', i))], outflows: [] })
  for (let i = 0; i < n; i++)
    e.push({
      kind: 'flow',
      name: r('infection', i),
      equation: `beta * ${q(r('S', i))} * ((1 - mixing) * ${q(r('I', i))} / ${q(r('population', i))} + mixing * total_infected / total_population)`,
    })
  for (let i = 0; i < n; i++) e.push({ kind: 'flow', name: r('recovery', i), equation: `${q(r('I', i))} / duration` })
  return model(`regional-sir-${n}`, e, steps)
}

function agingArrayed(n: number, steps: number): Model {
  const names = Array.from({ length: n }, (_, i) => `c${i + 1}`)
  const d = ['Cohort']
  return model(
    `aging-chain-${n}`,
    [
      { kind: 'param', name: 'birth_rate', value: 0.02 },
      { kind: 'param', name: 'cohort_duration', value: 1 },
      { kind: 'aux', name: 'mortality', dimensions: d, equation: '0.001 + MODULO(Cohort - 1, 13) * 0.0005' },
      { kind: 'aux', name: 'births', equation: 'birth_rate * SUM(population[*])' },
      {
        kind: 'stock',
        name: 'population',
        dimensions: d,
        initial: '100',
        inflows: ['aging_in'],
        outflows: ['aging_out', 'deaths'],
      },
      {
        kind: 'flow',
        name: 'aging_in',
        dimensions: d,
        equation: '',
        perElement: [
          { subscripts: ['c1'], equation: 'births' },
          { subscripts: ['Older'], equation: 'aging_out[Younger]' },
        ],
      },
      { kind: 'flow', name: 'aging_out', dimensions: d, equation: 'population[Cohort] / cohort_duration' },
      { kind: 'flow', name: 'deaths', dimensions: d, equation: 'population[Cohort] * mortality[Cohort]' },
    ],
    steps,
    [
      { name: 'Cohort', elements: names },
      // Vensim's `Younger: (c1-c99) -> Older`: each younger cohort stands for the older one after it.
      { name: 'Younger', elements: names.slice(0, -1), parent: 'Cohort', mappings: [{ to: 'Older' }] },
      { name: 'Older', elements: names.slice(1), parent: 'Cohort' },
    ],
  )
}

function agingElements(n: number, steps: number): Model {
  const c = (base: string, i: number) => el(base, i, 'c')
  const e: Record<string, unknown>[] = [
    { kind: 'param', name: 'birth_rate', value: 0.02 },
    { kind: 'param', name: 'cohort_duration', value: 1 },
  ]
  // As flattening writes `0.001 + MODULO(Cohort - 1, 13) * 0.0005`: the cohort's position for Cohort.
  for (let i = 0; i < n; i++)
    e.push({ kind: 'aux', name: c('mortality', i), equation: `0.001 + MODULO(${i + 1} - 1, 13) * 0.0005` })
  const all = Array.from({ length: n }, (_, i) => q(c('population', i))).join(', ')
  e.push({ kind: 'aux', name: 'births', equation: `birth_rate * sum(${all})` })
  for (let i = 0; i < n; i++)
    e.push({
      kind: 'stock',
      name: c('population', i),
      initial: '100',
      inflows: [id(c('aging_in', i))],
      outflows: [id(c('aging_out', i)), id(c('deaths', i))],
    })
  for (let i = 0; i < n; i++)
    e.push({ kind: 'flow', name: c('aging_in', i), equation: i === 0 ? 'births' : q(c('aging_out', i - 1)) })
  for (let i = 0; i < n; i++)
    e.push({ kind: 'flow', name: c('aging_out', i), equation: `${q(c('population', i))} / cohort_duration` })
  for (let i = 0; i < n; i++)
    e.push({ kind: 'flow', name: c('deaths', i), equation: `${q(c('population', i))} * ${q(c('mortality', i))}` })
  return model(`aging-chain-${n}`, e, steps)
}

/** A family's model of `n` elements per dimension, arrayed or element by element, run for `steps` steps. */
export function arrayModel(family: ArrayFamily, n: number, steps: number, arrayed: boolean): Model {
  if (family === 'regional SIR') return arrayed ? sirArrayed(n, steps) : sirElements(n, steps)
  return arrayed ? agingArrayed(n, steps) : agingElements(n, steps)
}
