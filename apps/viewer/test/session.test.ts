import { describe, expect, it } from 'vitest'
import { param } from '@stockflow/model'
import involution from '../../../seeds/involution/model.ts'
import sir from '../../../seeds/SIR/model.ts'
import { Session, defaultVariables, paramSpec } from '../src/session.ts'

describe('parameter sliders', () => {
  it("take the model's min and max, with a step of about a hundredth of the range", () => {
    const spec = paramSpec(param('Contact Rate', 0.3, { min: 0, max: 2 }), [])
    expect(spec).toMatchObject({ id: 'contact_rate', value: 0.3, min: 0, max: 2, step: 0.01 })
  })

  it('move over a range around the value when the model gives none, and in whole steps over wide integer ranges', () => {
    expect(paramSpec(param('a', 5), [])).toMatchObject({ min: 0, max: 10, step: 0.1 })
    expect(paramSpec(param('b', -3), [])).toMatchObject({ min: -6, max: 0, step: 0.01 })
    expect(paramSpec(param('c', 0), [])).toMatchObject({ min: 0, max: 1, step: 0.01 })
    expect(paramSpec(param('Year', 2025, { min: 2011, max: 2035 }), [])).toMatchObject({ step: 1 })
  })

  it("widen to hold every scenario's value", () => {
    const spec = paramSpec(param('Tariff', 0, { min: 0, max: 1 }), [
      { id: 'a', set: { Tariff: 1.5 } },
      { id: 'b', set: { other: 9 } },
    ])
    expect(spec).toMatchObject({ min: 0, max: 1.5 })
  })
})

describe('a session', () => {
  it('runs scenarios with the user’s values on top, and caches the unedited scenario runs', () => {
    const session = new Session(involution, 'involution', 'Involution')
    const tariff = session.params.find((p) => p.id === 'added_tariff')!
    const s1 = session.scenario('s1')!
    expect(session.scenarioValue('S1', tariff)).toBe(s1.set['Added Tariff'] ?? tariff.value)
    const base = session.run(undefined, {})
    const edited = session.run(undefined, { added_tariff: 0.9 })
    expect(edited.get('Price')).not.toEqual(base.get('Price'))
    expect(session.scenarioRun('S1')).toBe(session.scenarioRun('s1'))
    expect(session.scenarioRun('S1').get('Price')).toEqual(session.run('S1', {}).get('Price'))
  })

  it('plots the given variables, else the first stocks', () => {
    const session = new Session(sir, 'sir', 'SIR')
    expect(defaultVariables(session.variables, ['Infectious', 'nope'])).toEqual(['infectious'])
    expect(defaultVariables(session.variables)).toEqual(['susceptible', 'infectious', 'recovered'])
  })
})
