import { describe, expect, it } from 'vitest'
import teacup from '../../../seeds/teacup/model.ts'
import involution from '../../../seeds/involution/model.ts'
import { MONTE_CARLO_DEFAULTS, isDate, monteCarloPlan, spreadRange } from '../src/montecarlo.ts'
import { Session } from '../src/session.ts'

const session = new Session(involution, 'involution', 'involution')
const now = (set: Record<string, number> = {}) =>
  session.params.map((spec) => ({ spec, value: set[spec.id] ?? spec.value, edited: spec.id in set }))

describe('the viewer Monte Carlo plan', () => {
  it('draws within ±spread of the value, inside the slider range', () => {
    expect(spreadRange(10, 0.2, 0, 100)).toEqual([8, 12])
    expect(spreadRange(0.5, 0.5, 0, 0.6)).toEqual([0.25, 0.6])
    expect(spreadRange(-5, 0.2, -10, 0)).toEqual([-6, -4])
    expect(spreadRange(0, 0.2, 0, 1)).toBeUndefined()
    // A value typed outside the slider's range widens it to the value, not beyond.
    expect(spreadRange(200, 0.1, 0, 100)).toEqual([180, 200])
  })

  it('holds parameters that are zero or a date within the run, and varies the rest', () => {
    const policyYear = session.params.find((p) => p.id === 'policy_year')!
    const lifetime = session.params.find((p) => p.id === 'capacity_lifetime')!
    expect(isDate(policyYear, 2025, involution)).toBe(true)
    expect(isDate(lifetime, 10, involution)).toBe(false)
    const { plan, varied, held } = monteCarloPlan(involution, now(), undefined, ['price'], MONTE_CARLO_DEFAULTS)
    const zero = session.params.filter((p) => p.value === 0).length
    expect(held).toBe(zero + 2) // Policy Year and Foreign Demand Step Year
    expect(varied.length + held).toBe(session.params.length)
    expect(plan.runs).toBe(200)
    expect(plan.settings).toEqual({ seed: 1 })
    const k = plan.names.length
    varied.forEach((v, j) => {
      for (let r = 0; r < plan.runs; r++) {
        const x = plan.values[r * k + j]!
        expect(x >= v.range[0] && x <= v.range[1], `${v.name}: ${x}`).toBe(true)
      }
    })
  })

  it('keeps edited values that are not varied, and draws the same values for the same settings', () => {
    const set = { added_tariff: 0.5, policy_year: 2030 }
    const a = monteCarloPlan(involution, now(set), 'S1', ['price'], { ...MONTE_CARLO_DEFAULTS, vary: 'edited' })
    expect(a.varied.map((v) => v.id)).toEqual(['added_tariff'])
    expect(a.varied[0]!.range).toEqual([0.4, 0.6])
    expect(a.plan.names).toEqual(['added_tariff', 'policy_year'])
    expect(a.plan.settings).toEqual({ scenario: 'S1', seed: 1 })
    for (let r = 0; r < a.plan.runs; r++) expect(a.plan.values[r * 2 + 1]).toBe(2030)
    const b = monteCarloPlan(involution, now(set), 'S1', ['price'], { ...MONTE_CARLO_DEFAULTS, vary: 'edited' })
    expect(Array.from(b.plan.values)).toEqual(Array.from(a.plan.values))
    const c = monteCarloPlan(involution, now(set), 'S1', ['price'], {
      ...MONTE_CARLO_DEFAULTS,
      vary: 'edited',
      seed: 2,
    })
    expect(Array.from(c.plan.values)).not.toEqual(Array.from(a.plan.values))
  })

  it('says what is wrong with the settings', () => {
    const plan = (settings: Partial<typeof MONTE_CARLO_DEFAULTS>, set = {}) =>
      monteCarloPlan(involution, now(set), undefined, ['price'], { ...MONTE_CARLO_DEFAULTS, ...settings })
    expect(() => plan({ runs: NaN })).toThrow(/whole number from 2 to 5000/)
    expect(() => plan({ runs: 1e6 })).toThrow(/from 2 to 5000/)
    expect(() => plan({ spread: 0 })).toThrow(/spread must be from 1% to 100%/)
    expect(() => plan({ seed: 1.5 })).toThrow(/seed must be a whole number/)
    expect(() => plan({ vary: 'edited' })).toThrow(/no parameter is edited/)
    expect(() => plan({ vary: 'edited' }, { policy_year: 2030 })).toThrow(/zero or a date/)
    // In a clock from 0, a parameter in the clock's units is not taken for a date.
    const cup = new Session(teacup, 'teacup', 'teacup')
    const values = cup.params.map((spec) => ({ spec, value: spec.value, edited: false }))
    expect(monteCarloPlan(teacup, values, undefined, ['teacup_temperature'], MONTE_CARLO_DEFAULTS).held).toBe(0)
  })
})
