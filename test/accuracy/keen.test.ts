// T11: Keen's Minsky model is stiff near λ → 1, a nonlinear regression test with two known fates.
import { simulate } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { keen, relErr } from './models.js'

const P = {
  nu: 3,
  alpha: 0.025,
  beta: 0.02,
  delta: 0.01,
  r: 0.03,
  phi0: 0.04 / (1 - 0.04 ** 2),
  phi1: 0.04 ** 3 / (1 - 0.04 ** 2),
  kappa0: -0.0065,
  kappa1: Math.exp(-5),
  kappa2: 20,
}

/** The interior equilibrium: κ(π̄)/ν = α + β + δ, Φ(λ̄) = α, ḋ = 0 and ω̄ = 1 − π̄ − r·d̄. */
function goodEquilibrium() {
  const profit = Math.log((P.nu * (P.alpha + P.beta + P.delta) - P.kappa0) / P.kappa1) / P.kappa2
  const d = (P.kappa0 + P.kappa1 * Math.exp(P.kappa2 * profit) - profit) / (P.alpha + P.beta)
  return { omega: 1 - profit - P.r * d, lambda: 1 - Math.sqrt(P.phi1 / (P.alpha + P.phi0)), d, profit }
}

const tolerance = { rtol: 1e-10, atol: 1e-10 }

/** First save time at which `name` exceeds `level`, interpolated linearly; NaN if it never does. */
function firstCrossing(run: Run, name: string, level: number): number {
  const y = run.get(name)
  const t = run.times
  for (let i = 1; i < y.length; i++)
    if (y[i - 1] <= level && y[i] > level)
      return t[i - 1] + ((t[i] - t[i - 1]) * (level - y[i - 1])) / (y[i] - y[i - 1])
  return NaN
}

describe('T11 Keen model', () => {
  it('the good equilibrium is (0.8361, 0.9686, 0.0702) with π̄ = 0.1618', () => {
    const eq = goodEquilibrium()
    expect(eq.omega).toBeCloseTo(0.8361, 4)
    expect(eq.lambda).toBeCloseTo(0.9686, 4)
    expect(eq.d).toBeCloseTo(0.0702, 4)
    expect(eq.profit).toBeCloseTo(0.1618, 4)
  })

  it('the equilibrium is a fixed point of the compiled model (all flows ≈ 0)', () => {
    const eq = goodEquilibrium()
    const run = simulate(keen({ start: 0, stop: 10, dt: 0.01 }, eq.omega, eq.lambda, eq.d), { method: 'rk4' })
    for (const f of ['wage_share_change', 'employment_change', 'debt_change'])
      expect(Math.abs(run.get(f)[0])).toBeLessThan(1e-12)
    expect(Math.abs(run.at('d', 10) - eq.d)).toBeLessThan(1e-10)
  })

  describe('from (0.75, 0.75, 0.1): damped cycles into the good equilibrium', () => {
    const m = keen({ start: 0, stop: 300, dt: 0.001, saveper: 0.5 })

    it('adaptive: d peaks near 2 around t ≈ 45 and the state is near equilibrium by t = 300', () => {
      const run = simulate(m, { method: 'adaptive', tolerance })
      const d = run.get('d')
      const peak = Math.max(...d)
      expect(peak).toBeGreaterThan(1.9)
      expect(peak).toBeLessThan(2.1)
      const when = run.times[d.indexOf(peak)]
      expect(when).toBeGreaterThan(35)
      expect(when).toBeLessThan(55)
      // The published t = 300 state (LSODA): 0.836, 0.969, 0.072; the cycles are still dying out there.
      expect(run.at('omega', 300)).toBeCloseTo(0.836, 3)
      expect(run.at('lambda', 300)).toBeCloseTo(0.969, 3)
      expect(run.at('d', 300)).toBeCloseTo(0.072, 3)
      const eq = goodEquilibrium()
      expect(Math.abs(run.at('omega', 300) - eq.omega)).toBeLessThan(1e-3)
      expect(Math.abs(run.at('lambda', 300) - eq.lambda)).toBeLessThan(1e-3)
      expect(Math.abs(run.at('d', 300) - eq.d)).toBeLessThan(3e-3)
    })

    it('RK4 converges to the adaptive path at fourth order (dt 0.002 → 0.001)', () => {
      const adaptive = simulate(m, { method: 'adaptive', tolerance })
      const worst = (dt: number) => {
        const rk4 = simulate(m, { method: 'rk4', dt })
        return Math.max(
          ...['omega', 'lambda', 'd'].map((name) =>
            rk4.get(name).reduce((w, y, i) => Math.max(w, Math.abs(y - adaptive.get(name)[i])), 0),
          ),
        )
      }
      const coarse = worst(0.002)
      const fine = worst(0.001)
      expect(fine).toBeLessThan(1e-4)
      expect(coarse / fine).toBeGreaterThan(12)
      expect(coarse / fine).toBeLessThan(20)
    })
  })

  describe('from (0.75, 0.70, 5.0): debt diverges', () => {
    const m = keen({ start: 0, stop: 130, dt: 1 / 4096, saveper: 1 / 128 }, 0.75, 0.7, 5)

    for (const method of ['adaptive', 'rk4'] as const) {
      it(`${method}: d(50) ≈ 63, d(100) ≈ 377, d passes 10³ at t ≈ 124`, () => {
        const run = simulate(m, { method, tolerance })
        expect(relErr(run.at('d', 50), 63)).toBeLessThan(0.05)
        expect(relErr(run.at('d', 100), 377)).toBeLessThan(0.05)
        expect(Math.abs(firstCrossing(run, 'd', 1e3) - 124)).toBeLessThan(1)
        // Towards the bad equilibrium (0, 0, +∞).
        expect(run.at('omega', 130)).toBeLessThan(0.01)
        expect(run.at('lambda', 130)).toBeLessThan(0.01)
      })
    }

    it('RK4 with a small dt and adaptive agree to 5e-5 relative on d', () => {
      const rk4 = simulate(m, { method: 'rk4' })
      const adaptive = simulate(m, { method: 'adaptive', tolerance })
      for (const t of [25, 50, 100, 124]) expect(relErr(rk4.at('d', t), adaptive.at('d', t))).toBeLessThan(5e-5)
    })
  })
})
