import { modelFromData } from '@stockflow/model'
import type { Scenario } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { compile, simulate } from '@stockflow/solver'

// A scenario's keys name elements, patterns, subranges or whole arrays as `set` does; the narrowest
// name wins within the scenario, `set` wins over the scenario, and a mistake names the scenario.

function regions(scenarios: Scenario[]) {
  return modelFromData({
    name: 'regions',
    time: { start: 0, stop: 1, dt: 1 },
    dimensions: [
      { name: 'Region', elements: ['north', 'south', 'east'] },
      { name: 'Coast', elements: ['south', 'east'], parent: 'Region' },
    ],
    elements: [
      { kind: 'param', name: 'Contact Rate', id: 'contact_rate', dimensions: ['Region'], value: 0.3 },
      { kind: 'stock', name: 'Pop', id: 'pop', dimensions: ['Region'], initial: '10', inflows: [], outflows: [] },
      { kind: 'aux', name: 'Total', id: 'total', equation: 'SUM(Pop[*])' },
    ],
    scenarios,
  })
}

const rates = (scenario: string, model = regions(SCENARIOS), set?: Record<string, number>) =>
  Array.from(simulate(model, { scenario, ...(set ? { set } : {}), vars: ['Contact Rate'] }).series, (s) => s.values[0])

const SCENARIOS: Scenario[] = [
  { id: 'one', set: { 'Contact Rate[north]': 0.1 } },
  { id: 'whole', set: { 'Contact Rate': 0.2 } },
  { id: 'star', set: { 'contact rate[*]': 0.25 } },
  { id: 'narrowest', set: { 'Contact Rate[north]': 0.1, 'Contact Rate[Coast]': 0.15, 'Contact Rate': 0.2 } },
  { id: 'stocks', set: { 'Pop[east]': 1, 'Pop[Coast]': 5 } },
]

describe('scenarios on arrays', () => {
  it('set one element, a whole array by its name or [*], and a subrange; the narrowest name wins', () => {
    expect(rates('one')).toEqual([0.1, 0.3, 0.3])
    expect(rates('whole')).toEqual([0.2, 0.2, 0.2])
    expect(rates('STAR')).toEqual([0.25, 0.25, 0.25])
    expect(rates('narrowest')).toEqual([0.1, 0.15, 0.15])
    const run = simulate(regions(SCENARIOS), { scenario: 'stocks', vars: ['Pop', 'Total'] })
    expect(Array.from(run.array('Pop').elements, (e) => e.values[0])).toEqual([10, 5, 1])
    expect(run.get('Total')[0]).toBe(16)
  })

  it('let set win over the scenario, a whole array in set included', () => {
    expect(rates('one', regions(SCENARIOS), { 'Contact Rate[south]': 0.5 })).toEqual([0.1, 0.5, 0.3])
    expect(rates('narrowest', regions(SCENARIOS), { 'Contact Rate': 0.9 })).toEqual([0.9, 0.9, 0.9])
  })

  it('refuse an unknown element, variable or a computed one in one line naming the scenario', () => {
    // Validation refuses them as compile reads the model, in the words of the run's own refusal.
    const bad = (set: Record<string, number>) => () =>
      simulate(compile(regions([{ id: 'bad', set }])), { scenario: 'bad' })
    expect(bad({ 'Contact Rate[west]': 0.1 })).toThrow(
      'scenario "bad": cannot set "Contact Rate[west]": Contact Rate has no element [west]; did you mean "Contact Rate[east]"?',
    )
    expect(bad({ 'Contact Rat[north]': 0.1 })).toThrow(
      'scenario "bad": cannot set "Contact Rat[north]": model "regions" has no such variable; did you mean "Contact Rate[north]"?',
    )
    expect(bad({ 'Contact Rate[north,south]': 0.1 })).toThrow(
      /\n {2}error \[scenario-key\]: scenario "bad": cannot set "Contact Rate\[north,south\]": Contact Rate has 1 dimension, so 1 subscript: /,
    )
    expect(bad({ Total: 1 })).toThrow(
      'scenario "bad": cannot set "Total": it is an auxiliary computed by an equation; only parameters, constants and stock initial values can be set',
    )
    // A mistake in set is set's own, without a scenario to name.
    expect(() => simulate(regions(SCENARIOS), { scenario: 'one', set: { 'Contact Rate[west]': 1 } })).toThrow(
      /^cannot set "Contact Rate\[west\]": /,
    )
  })
})
