import { modelFromData } from '@stockflow/model'
import type { Model, Scenario } from '@stockflow/model'

/**
 * A regional SIR over Region = north, south, east: each region's epidemic runs on its own contact
 * rate, the regions mixing only through a little travel. South has twice the people.
 */
export function regionalSir(scenarios: readonly Scenario[] = []): Model {
  return modelFromData(
    {
      name: 'regional SIR',
      time: { start: 0, stop: 60, dt: 0.125, units: 'day' },
      dimensions: [
        { name: 'Region', elements: ['north', 'south', 'east'] },
        { name: 'Coast', elements: ['south', 'east'], parent: 'Region' },
      ],
      elements: [
        param('Population', 1000, { perElement: [{ subscripts: ['south'], equation: '2000' }] }),
        param('Contact Rate', 0.3, { min: 0, max: 1 }),
        { kind: 'param', name: 'Travel', id: 'travel', value: 0.01 },
        { kind: 'param', name: 'Duration', id: 'duration', value: 5 },
        stock('Susceptible', 'Population[Region] - 1', [], ['infecting']),
        stock('Infected', '1', ['infecting'], ['recovering']),
        stock('Recovered', '0', ['recovering'], []),
        arrayed(
          'aux',
          'Exposure',
          '(1-Travel)*Infected[Region]/Population[Region] + Travel*SUM(Infected[*])/SUM(Population[*])',
        ),
        arrayed('flow', 'Infecting', 'Contact_Rate[Region]*Susceptible[Region]*Exposure[Region]'),
        arrayed('flow', 'Recovering', 'Infected[Region]/Duration'),
      ],
      ...(scenarios.length ? { scenarios } : {}),
    },
    'regional-sir.json',
  )
}

const id = (name: string) => name.toLowerCase().replace(/ /g, '_')

function param(name: string, value: number, rest: Record<string, unknown> = {}) {
  return { kind: 'param', name, id: id(name), dimensions: ['Region'], value, ...rest }
}

function stock(name: string, initial: string, inflows: string[], outflows: string[]) {
  return { kind: 'stock', name, id: id(name), dimensions: ['Region'], initial, inflows, outflows }
}

function arrayed(kind: 'aux' | 'flow', name: string, equation: string) {
  return { kind, name, id: id(name), dimensions: ['Region'], equation }
}
