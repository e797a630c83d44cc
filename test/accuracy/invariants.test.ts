// T9, T10: conserved quantities need no closed form; their drift measures each method.
import { flow, model, stock } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { GOODWIN, goodwin, relErr, sir } from './models.js'

const METHODS = ['euler', 'rk2', 'rk4', 'adaptive'] as const
const tight = { rtol: 1e-8, atol: 1e-8 }

/** Largest |series − reference| over the run. */
function maxDrift(run: Run, name: string, reference: number): number {
  return run.get(name).reduce((worst, x) => Math.max(worst, Math.abs(x - reference)), 0)
}

describe('T9 Goodwin growth cycle', () => {
  const m = goodwin({ start: 0, stop: 200, dt: 0.1 })

  it('H starts at the check value 0.890896924167', () => {
    expect(simulate(m, { stop: 1 }).get('H')[0]).toBeCloseTo(GOODWIN.H, 12)
  })

  it('RK4 keeps H to 1e-10 over 200 time units, drift falling ~h⁴ when dt halves', () => {
    const coarse = maxDrift(simulate(m, { method: 'rk4', dt: 0.1 }), 'H', GOODWIN.H)
    const fine = maxDrift(simulate(m, { method: 'rk4', dt: 0.05 }), 'H', GOODWIN.H)
    expect(coarse).toBeLessThan(1e-10)
    // Rounding (~1e-13 per unit of H) floors the fine run, so ask for at least a factor 8.
    expect(coarse / fine).toBeGreaterThan(8)
  })

  it('RK2 drift is O(h²) and much larger than RK4’s', () => {
    const coarse = maxDrift(simulate(m, { method: 'rk2', dt: 0.1 }), 'H', GOODWIN.H)
    const fine = maxDrift(simulate(m, { method: 'rk2', dt: 0.05 }), 'H', GOODWIN.H)
    expect(coarse / fine).toBeGreaterThan(3.5)
    expect(coarse / fine).toBeLessThan(8.5)
    expect(coarse).toBeGreaterThan(1000 * maxDrift(simulate(m, { method: 'rk4', dt: 0.1 }), 'H', GOODWIN.H))
  })

  it('Euler drift grows with time and halves with dt', () => {
    const run = simulate(m, { method: 'euler', dt: 0.1 })
    const drift = [25, 50, 100, 200].map((t) => Math.abs(run.at('H', t) - GOODWIN.H))
    for (let j = 1; j < drift.length; j++) expect(drift[j]).toBeGreaterThan(drift[j - 1])
    expect(drift[3]).toBeGreaterThan(1e-3)
    const fine = Math.abs(simulate(m, { method: 'euler', dt: 0.05 }).at('H', 200) - GOODWIN.H)
    expect(drift[3] / fine).toBeGreaterThan(1.8)
    expect(drift[3] / fine).toBeLessThan(8)
  })

  it('adaptive at tolerance 1e-8 keeps H to 1e-8', () => {
    expect(maxDrift(simulate(m, { method: 'adaptive', tolerance: tight }), 'H', GOODWIN.H)).toBeLessThan(1e-8)
  })

  it('the cycle period is ≈ 15.82 (small-cycle 2π/√(a·c))', () => {
    const dt = 0.01
    const run = simulate(m, { method: 'rk4', dt, saveper: dt })
    const v = run.get('v')
    const centre = GOODWIN.c / GOODWIN.rho
    // Upward crossings of the equilibrium employment rate, linearly interpolated.
    const crossings: number[] = []
    for (let i = 1; i < v.length; i++) {
      if (v[i - 1] < centre && v[i] >= centre)
        crossings.push(run.times[i - 1] + (dt * (centre - v[i - 1])) / (v[i] - v[i - 1]))
    }
    expect(crossings.length).toBeGreaterThanOrEqual(12)
    const periods = crossings.slice(1).map((c, i) => c - crossings[i])
    for (const p of periods) expect(p).toBeCloseTo(15.82, 2)
    expect(relErr(periods[0], (2 * Math.PI) / Math.sqrt(GOODWIN.a * GOODWIN.c))).toBeLessThan(1e-3)
    // A closed orbit: the period does not drift from cycle to cycle.
    expect(Math.max(...periods) - Math.min(...periods)).toBeLessThan(1e-5)
  })
})

describe('T10 SIR', () => {
  const m = sir({ start: 0, stop: 300, dt: 0.1, saveper: 1 })
  const INVARIANT = -2448.8524715642
  const S_INF = 199.79603232

  it('the check values: invariant at t = 0 and the final-size equation', () => {
    expect(10 + 990 - (0.25 / 5e-4) * Math.log(990)).toBeCloseTo(INVARIANT, 9)
    expect(relErr(990 * Math.exp(-(5e-4 / 0.25) * (990 + 10 - S_INF)), S_INF)).toBeLessThan(1e-9)
  })

  for (const method of METHODS) {
    it(`${method}: N = S + I + R stays 1000 to 1e-9`, () => {
      const run = simulate(m, { method, tolerance: tight })
      expect(maxDrift(run, 'total', 1000)).toBeLessThan(1e-9)
    })
  }

  it('RK4 keeps I + S − (γ/β)ln S to 1e-7 (relative 4e-11)', () => {
    expect(maxDrift(simulate(m, { method: 'rk4' }), 'invariant', INVARIANT)).toBeLessThan(1e-7)
  })

  it('adaptive at tolerance 1e-8 keeps the invariant to 1e-5 (relative 4e-9)', () => {
    expect(maxDrift(simulate(m, { method: 'adaptive', tolerance: tight }), 'invariant', INVARIANT)).toBeLessThan(1e-5)
  })

  it('Euler drifts far more than RK4, and less at smaller dt', () => {
    const coarse = maxDrift(simulate(m, { method: 'euler' }), 'invariant', INVARIANT)
    const fine = maxDrift(simulate(m, { method: 'euler', dt: 0.05 }), 'invariant', INVARIANT)
    expect(coarse).toBeGreaterThan(0.1)
    expect(coarse / fine).toBeGreaterThan(1.8)
    expect(coarse / fine).toBeLessThan(2.2)
  })

  it('final size S∞ = 199.79603232 (RK4 and adaptive)', () => {
    const rk4 = simulate(m, { method: 'rk4' })
    expect(rk4.at('I', 300)).toBeLessThan(1e-12)
    expect(Math.abs(rk4.at('S', 300) - S_INF)).toBeLessThan(1e-7)
    expect(Math.abs(simulate(m, { method: 'adaptive', tolerance: tight }).at('S', 300) - S_INF)).toBeLessThan(1e-6)
  })
})

describe('material conservation through PULSE and chains', () => {
  // A pulse in the middle of the run must deliver its whole magnitude whatever the stage weights.
  const a = stock('A', { initial: 0 })
  const b = stock('B', { initial: 0 })
  const m = model('pulse chain', {
    time: { start: 0, stop: 20, dt: 0.25 },
    elements: [
      a,
      b,
      flow('shipment', { to: a, rate: 'PULSE(3, 2)' }),
      flow('transfer', { from: a, to: b, rate: 'A / 1.5' }),
    ],
  })

  for (const method of METHODS) {
    it(`${method}: PULSE(3, 2) adds exactly 3 to A + B`, () => {
      const run = simulate(m, { method, tolerance: tight })
      const total = run.get('A').map((x, i) => x + run.get('B')[i])
      // Around t = 2 the methods spread the pulse differently over the two steps that touch it.
      const digits = method === 'adaptive' ? 7 : 12
      run.times.forEach((t, i) => {
        if (t <= 1.75) expect(total[i]).toBe(0)
        if (t >= 2.25) expect(total[i]).toBeCloseTo(3, digits)
      })
    })
  }
})
