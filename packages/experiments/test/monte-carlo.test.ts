import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import { aux, model, param } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { monteCarlo, normal, uniform } from '../src/index.js'
import { growthModel } from './growth.js'

const P = [5, 25, 50, 75, 95] as const

describe('Monte Carlo', () => {
  // x(t) = exp(r t) is increasing in r, so the p-th percentile of x(t) is exp(q_p(r) t).
  it('percentile bands of exponential growth with a normal rate match the analytic quantiles', async () => {
    const mc = await monteCarlo(growthModel(), { vary: { r: normal(0.1, 0.02) }, runs: 1000, seed: 7, vars: ['x'] })
    const bands = mc.bands('x')
    expect(bands.runs).toBe(1000)
    for (const t of [1, 5, 10]) {
      const i = bands.time.indexOf(t)
      for (const p of P) {
        const exact = Math.exp(normalQuantile(p / 100, 0.1, 0.02) * t)
        // A Latin hypercube puts one draw in each 1/1000 of probability: quantiles land within ~1/n.
        expect(Math.abs(bands[`p${p}`][i]! / exact - 1)).toBeLessThan(2e-3)
      }
    }
  })

  it('plain random sampling is within sampling error of the analytic quantiles', async () => {
    const n = 4000
    const mc = await monteCarlo(growthModel(), {
      vary: { r: normal(0.1, 0.02) },
      runs: n,
      seed: 3,
      sampling: 'random',
      vars: ['x'],
    })
    const b = mc.bands('x')
    const i = b.time.indexOf(10)
    for (const p of P) {
      const q = normalQuantile(p / 100, 0.1, 0.02)
      // Standard error of a sample quantile: sqrt(p(1-p)/n) / density; four of them, mapped through exp(10 r).
      const density = Math.exp(-(((q - 0.1) / 0.02) ** 2) / 2) / (0.02 * Math.sqrt(2 * Math.PI))
      const se = Math.sqrt(((p / 100) * (1 - p / 100)) / n) / density
      expect(b[`p${p}`][i]!).toBeGreaterThan(Math.exp(10 * (q - 4 * se)))
      expect(b[`p${p}`][i]!).toBeLessThan(Math.exp(10 * (q + 4 * se)))
    }
  })

  it('the same seed gives the same runs; another seed does not', async () => {
    const m = compile(growthModel())
    const a = await monteCarlo(m, { vary: { r: uniform(0, 0.2) }, runs: 50, seed: 1, vars: ['x'] })
    const b = await monteCarlo(m, { vary: { r: uniform(0, 0.2) }, runs: 50, seed: 1, vars: ['x'] })
    const c = await monteCarlo(m, { vary: { r: uniform(0, 0.2) }, runs: 50, seed: 2, vars: ['x'] })
    expect(b.values).toEqual(a.values)
    expect(c.values).not.toEqual(a.values)
    expect(a.input('r').every((r) => r > 0 && r < 0.2)).toBe(true)
  })

  it('a Latin hypercube puts exactly one draw in each stratum', async () => {
    const mc = await monteCarlo(growthModel(), { vary: { r: uniform(0, 1) }, runs: 64, seed: 11, vars: ['x'] })
    const strata = Array.from(mc.input('r'), (r) => Math.floor(r * 64)).sort((a, b) => a - b)
    expect(strata).toEqual(Array.from({ length: 64 }, (_, i) => i))
  })

  it('summaries reduce each run: final equals the last saved value, max and mean of growth', async () => {
    const mc = await monteCarlo(growthModel(), { vary: { r: uniform(0.05, 0.15) }, runs: 8, seed: 5, vars: ['x'] })
    const r = mc.input('r')
    const final = mc.summary('x', 'final')
    const at = mc.summary('x', 2.5)
    for (let i = 0; i < 8; i++) {
      expect(final[i]!).toBeCloseTo(Math.exp(10 * r[i]!), 6)
      expect(mc.summary('x', 'max')[i]).toBe(final[i])
      // 2.5 lies between save points 2 and 3: linear interpolation of the saved values.
      expect(at[i]!).toBeCloseTo((Math.exp(2 * r[i]!) + Math.exp(3 * r[i]!)) / 2, 6)
    }
  })

  it('names a variable the experiment did not keep, and a parameter the model lacks', async () => {
    const mc = await monteCarlo(growthModel(), { vary: { r: uniform(0, 1) }, runs: 2, vars: ['x'] })
    expect(() => mc.bands('growth')).toThrow(/kept no variable "growth"; it kept x/)
    await expect(monteCarlo(growthModel(), { vary: { rate: uniform(0, 1) }, runs: 2 })).rejects.toThrow(/rate/)
  })

  it("gives each run its own stream of the model's random numbers: seed 2 is not seed 1 shifted by a run", async () => {
    const noise = model('noise', {
      time: { start: 0, stop: 5, dt: 1 },
      elements: [param('scale', 1), aux('draw', { equation: 'scale * RANDOM()' })],
    })
    const options = { vary: { scale: uniform(1, 1.000001) }, runs: 4, vars: ['draw'] }
    const one = await monteCarlo(noise, { ...options, seed: 1 })
    const two = await monteCarlo(noise, { ...options, seed: 2 })
    for (let r = 0; r + 1 < 4; r++) {
      const a = Array.from(one.series(r + 1, 'draw'), (x) => x / one.input('scale')[r + 1]!)
      const b = Array.from(two.series(r, 'draw'), (x) => x / two.input('scale')[r]!)
      expect(b).not.toEqual(a)
    }
  })

  it('refuses a plan that sets a computed variable, before any run', async () => {
    await expect(monteCarlo(growthModel(), { vary: { growth: uniform(0, 1) }, runs: 3 })).rejects.toThrow(
      /cannot set "growth": it is a flow computed by an equation/,
    )
  })
})
