import type { Element, ElementEquation, Model } from '@stockflow/model'

/**
 * A regional SIR of `n` regions, element by element as flattening names elements (`s[r1]`) or arrayed
 * over a dimension `Region`: each region its own population (one number per element) and contact
 * rate, the infection reading the total of the infected over all regions (one SUM).
 */
export function regionalSir(n: number, arrayed: boolean, time = { start: 0, stop: 20, dt: 0.25 }): Model {
  const regions = Array.from({ length: n }, (_, i) => `r${i + 1}`)
  const population = (i: number) => 1000 + ((i * 7919) % 997)
  const contact = (i: number) => 0.2 + (i % 7) * 0.02
  const scalars = [
    { kind: 'param', name: 'mixing', value: 0.1 },
    { kind: 'param', name: 'duration', value: 5 },
  ]
  const infection = (r: (name: string) => string) =>
    `${r('contact')} * ${r('S')} * ((1 - mixing) * ${r('I')} / ${r('population')} + mixing * total_infected / total_population)`
  let elements: Record<string, unknown>[]
  if (arrayed) {
    const d = ['Region']
    const values = (f: (i: number) => number): ElementEquation[] =>
      regions.map((r, i) => ({ subscripts: [r], equation: String(f(i)) }))
    elements = [
      ...scalars,
      { kind: 'param', name: 'population', value: 0, dimensions: d, perElement: values(population) },
      { kind: 'param', name: 'contact', value: 0, dimensions: d, perElement: values(contact) },
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
      { kind: 'flow', name: 'infection', dimensions: d, equation: infection((x) => `${x}[Region]`) },
      { kind: 'flow', name: 'recovery', dimensions: d, equation: 'I[Region] / duration' },
    ]
  } else {
    const each = (f: (r: (name: string) => string, i: number) => Record<string, unknown>) =>
      regions.map((region, i) => f((x) => `"${x}[${region}]"`, i))
    const id = (x: string, i: number) => `${x.toLowerCase()}[${regions[i]}]`
    const all = (x: string) => regions.map((region) => `"${x}[${region}]"`).join(', ')
    elements = [
      ...scalars,
      ...regions.map((r, i) => ({ kind: 'param', name: `population[${r}]`, value: population(i) })),
      ...regions.map((r, i) => ({ kind: 'param', name: `contact[${r}]`, value: contact(i) })),
      { kind: 'aux', name: 'total_population', equation: `SUM(${all('population')})` },
      { kind: 'aux', name: 'total_infected', equation: `SUM(${all('I')})` },
      ...each((r, i) => ({
        kind: 'stock',
        name: `S[${regions[i]}]`,
        initial: `${r('population')} - 1`,
        inflows: [],
        outflows: [id('infection', i)],
      })),
      ...each((_, i) => ({
        kind: 'stock',
        name: `I[${regions[i]}]`,
        initial: '1',
        inflows: [id('infection', i)],
        outflows: [id('recovery', i)],
      })),
      ...each((_, i) => ({
        kind: 'stock',
        name: `R[${regions[i]}]`,
        initial: '0',
        inflows: [id('recovery', i)],
        outflows: [],
      })),
      ...each((r, i) => ({ kind: 'flow', name: `infection[${regions[i]}]`, equation: infection(r) })),
      ...each((r, i) => ({ kind: 'flow', name: `recovery[${regions[i]}]`, equation: `${r('I')} / duration` })),
    ]
  }
  const withIds = elements.map((e) => ({ ...e, id: (e['name'] as string).toLowerCase() })) as unknown as Element[]
  return {
    name: `regional-sir-${n}`,
    time,
    ...(arrayed ? { dimensions: [{ name: 'Region', elements: regions }] } : {}),
    elements: withIds,
  }
}
