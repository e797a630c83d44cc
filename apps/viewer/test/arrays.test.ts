import { describe, expect, it } from 'vitest'
import { modelFromData } from '@stockflow/model'
import regionalSir from '../../../seeds/regional-sir/model.ts'
import { ArrayIndex, dimensionSets, elementMatch, splitElement } from '../src/arrays.ts'
import { trajectoryPanels } from '../src/chart-views.ts'
import { Session, defaultVariables } from '../src/session.ts'

const REGIONS = ['north', 'south', 'east']

describe('arrays in the viewer', () => {
  it('groups the elements of a run by arrayed variable, in run order', () => {
    expect(splitElement('x[north, young]')).toEqual({ base: 'x', subscripts: ['north', 'young'] })
    expect(splitElement('Total Infected')).toBeUndefined()
    const session = new Session(regionalSir, 'regional-sir', 'Regional SIR')
    const groups = session.arrays.groups
    expect(groups.map((g) => `${g.name} ${g.kind}`)).toEqual([
      'Susceptible stock',
      'Infected stock',
      'Recovered stock',
      'Infecting flow',
      'Recovering flow',
      'Exposure aux',
      'Population param',
      'Contact Rate param',
    ])
    expect(session.arrays.array('Infected')!.elements).toEqual(
      REGIONS.map((r) => ({ id: `infected[${r}]`, name: `Infected[${r}]`, label: r })),
    )
    expect(session.arrays.arrayOf('infected[south]')?.id).toBe('infected')
    expect(session.arrays.arrayOf('total_infected')).toBeUndefined()
    const two = new ArrayIndex([{ id: 'x[a,b]', name: 'x[a,b]', kind: 'aux' }])
    expect(two.groups[0]!.elements[0]!.label).toBe('a,b')
  })

  it('plots an arrayed stock once, its chosen elements a line each, stacked when asked', () => {
    const session = new Session(regionalSir, 'regional-sir', 'Regional SIR')
    const vars = ['infected[north]', 'total_infected', 'infected[east]', 'exposure[south]']
    expect(trajectoryPanels(session, vars, true)).toEqual([
      {
        name: 'Infected',
        units: 'people',
        elements: [
          { name: 'Infected[north]', label: 'north' },
          { name: 'Infected[east]', label: 'east' },
        ],
        stacked: true,
      },
      { name: 'Total Infected', units: 'people' },
      { name: 'Exposure', units: 'dmnl', elements: [{ name: 'Exposure[south]', label: 'south' }] },
    ])
    expect(trajectoryPanels(session, vars, false)[0]!.stacked).toBeUndefined()
  })

  it('plots the first stocks by default, an arrayed stock with all its elements; a seed may name arrays', () => {
    const session = new Session(regionalSir, 'regional-sir', 'Regional SIR')
    expect(defaultVariables(session.variables)).toEqual(
      ['susceptible', 'infected', 'recovered'].flatMap((v) => REGIONS.map((r) => `${v}[${r}]`)),
    )
    expect(defaultVariables(session.variables, ['Infected', 'Total Infected', 'nope'])).toEqual([
      ...REGIONS.map((r) => `infected[${r}]`),
      'total_infected',
    ])
  })

  it("gives an arrayed parameter a slider per element, grouped, with each element's own and scenario values", () => {
    const session = new Session(regionalSir, 'regional-sir', 'Regional SIR')
    expect(session.params.map((p) => p.id)).toEqual([
      ...REGIONS.map((r) => `population[${r}]`),
      ...REGIONS.map((r) => `contact_rate[${r}]`),
      'travel_share',
      'recovery_duration',
    ])
    const rates = session.params.filter((p) => p.group?.id === 'contact_rate')
    expect(rates.map((p) => [p.name, p.group!.element, p.value, p.min, p.max])).toEqual([
      ['Contact Rate[north]', 'north', 0.35, 0, 1],
      ['Contact Rate[south]', 'south', 0.3, 0, 1],
      ['Contact Rate[east]', 'east', 0.25, 0, 1],
    ])
    expect(session.params.find((p) => p.id === 'travel_share')!.group).toBeUndefined()
    // `Contact Rate[north]` in one scenario, `Contact Rate[*]` in another.
    expect(rates.map((p) => session.scenarioValue('lockdown-north', p))).toEqual([0.1, 0.3, 0.25])
    expect(rates.map((p) => session.scenarioValue('distancing', p))).toEqual([0.15, 0.15, 0.15])
    // The run takes an element's value by its id.
    const run = session.run(undefined, { 'contact_rate[east]': 0.5 })
    expect(run.get('contact_rate[east]')[0]).toBe(0.5)
    expect(run.get('contact_rate[north]')[0]).toBe(0.35)
  })

  it('applies the narrowest name to an element: itself, then element subscripts, subranges, then `*`', () => {
    const model = modelFromData({
      name: 'coast',
      time: { start: 0, stop: 1, dt: 1 },
      dimensions: [
        { name: 'Region', elements: ['north', 'south', 'east'] },
        { name: 'Coast', elements: ['north', 'east'], parent: 'Region' },
      ],
      elements: [{ kind: 'param', name: 'Beta', dimensions: ['Region'], value: 1 }],
    })
    const dims = dimensionSets(model)
    const north = { id: 'beta[north]', array: 'beta', subscripts: ['north'] }
    expect(elementMatch('Beta[North]', north, dims)).toBe(Infinity)
    expect(elementMatch('Beta[*]', north, dims)).toBe(0)
    expect(elementMatch('Beta', north, dims)).toBe(0)
    expect(elementMatch('Beta[Coast]', north, dims)).toBe(0.5)
    expect(elementMatch('Beta[south]', north, dims)).toBeUndefined()
    expect(elementMatch('Gamma[*]', north, dims)).toBeUndefined()
    const x = { id: 'x[north,young]', array: 'x', subscripts: ['north', 'young'] }
    expect(elementMatch('x[north,*]', x, dims)).toBe(1)
    expect(elementMatch('x[*,old]', x, dims)).toBeUndefined()
    const session = new Session(
      { ...model, scenarios: [{ id: 's', set: { 'Beta[*]': 2, 'Beta[Coast]': 3, 'Beta[east]': 4 } }] },
      'coast',
      'Coast',
    )
    expect(session.params.map((p) => session.scenarioValue('s', p))).toEqual([3, 2, 4])
  })
})
