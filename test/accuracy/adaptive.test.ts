// Adaptive (odex) at rtol = atol = 1e-8 against closed forms, through dense output and STEP/PULSE restarts.
import { flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { bass, bassExact, bathtub, bathtubExact, exponential, logistic, logisticExact, oscillator } from './models.js'

const tolerance = { rtol: 1e-8, atol: 1e-8 }

/** Largest |run − exact| / max(1, |exact|): relative above 1, since rtol 1e-8 on a stock near 10³ allows ~1e-5. */
function worst(run: Run, name: string, exact: (t: number) => number): number {
  return run.get(name).reduce((w, y, i) => {
    const e = exact(run.times[i])
    return Math.max(w, Math.abs(y - e) / Math.max(1, Math.abs(e)))
  }, 0)
}

interface Case {
  readonly id: string
  readonly model: Model
  readonly checks: readonly (readonly [string, (t: number) => number])[]
}

const cases: readonly Case[] = [
  {
    id: 'T1 exponential',
    model: exponential({ start: 0, stop: 10, dt: 0.25 }),
    checks: [['S', (t) => Math.exp(0.1 * t)]],
  },
  { id: 'T2 bathtub', model: bathtub({ start: 0, stop: 20, dt: 0.25 }), checks: [['S', (t) => bathtubExact(t)]] },
  { id: 'T3 logistic', model: logistic({ start: 0, stop: 20, dt: 0.25 }), checks: [['N', (t) => logisticExact(t)]] },
  { id: 'T7 Bass', model: bass({ start: 0, stop: 20, dt: 0.25 }), checks: [['A', (t) => bassExact(t)]] },
  {
    id: 'T8 oscillator',
    model: oscillator({ start: 0, stop: 50, dt: 0.1 }),
    checks: [
      ['x', (t) => Math.cos(t)],
      ['vel', (t) => -Math.sin(t)],
      ['E', () => 0.5],
    ],
  },
]

describe('adaptive at rtol = atol = 1e-8 against the closed forms', () => {
  for (const c of cases) {
    it(`${c.id}: within 1e-6 (relative above 1) at every save point`, () => {
      const run = simulate(c.model, { method: 'adaptive', tolerance })
      expect(run.times.length).toBe(simulate(c.model, { method: 'euler' }).times.length)
      for (const [name, exact] of c.checks) expect(worst(run, name, exact)).toBeLessThan(1e-6)
    })
  }

  it('T1: tightening the tolerance shrinks the error', () => {
    const m = cases[0].model
    const err = (tol: number) =>
      worst(simulate(m, { method: 'adaptive', tolerance: { rtol: tol, atol: tol } }), 'S', (t) => Math.exp(0.1 * t))
    const loose = err(1e-5)
    const strict = err(1e-10)
    expect(strict).toBeLessThan(1e-8)
    expect(strict).toBeLessThan(loose / 100)
  })

  it('T1: the whole save grid is read from the dense output (saveper 0.1 between steps)', () => {
    const run = simulate(cases[0].model, { method: 'adaptive', tolerance, dt: 0.1, saveper: 0.1 })
    expect(run.times.length).toBe(101)
    expect(worst(run, 'S', (t) => Math.exp(0.1 * t))).toBeLessThan(1e-6)
  })
})

describe('adaptive restarts at input discontinuities', () => {
  /** Bathtub S' = STEP(10, t0) − S/4: zero until t0, then 40(1 − e^(−(t−t0)/4)). */
  function stepTub(at: number): { model: Model; exact: (t: number) => number } {
    const s = stock('S', { initial: 0 })
    return {
      model: model('step bathtub', {
        time: { start: 0, stop: 10, dt: 0.25 },
        elements: [
          s,
          param('tau', 4),
          flow('inflow', { to: s, rate: `STEP(10, ${at})` }),
          flow('outflow', { from: s, rate: 'S / tau' }),
        ],
      }),
      exact: (t) => (t < at ? 0 : 40 * (1 - Math.exp(-(t - at) / 4))),
    }
  }

  for (const at of [3, 3.1]) {
    it(`STEP at t = ${at}: within 1e-6 of the exact response at every save point`, () => {
      const { model: m, exact } = stepTub(at)
      expect(worst(simulate(m, { method: 'adaptive', tolerance }), 'S', exact)).toBeLessThan(1e-6)
    })
  }

  it('STEP at t = 3: the stock stays at 0 (within atol) until the step', () => {
    // On [0, 3) the inflow is exactly 0, so a restart that never sees the step must leave S untouched.
    const { model: m } = stepTub(3)
    const run = simulate(m, { method: 'adaptive', tolerance })
    run.times.forEach((t, i) => {
      if (t <= 3) expect(Math.abs(run.get('S')[i])).toBeLessThanOrEqual(tolerance.atol)
    })
  })

  it('PULSE(3, 2): the whole pulse arrives (within 1e-7)', () => {
    const q = stock('Q', { initial: 0 })
    const m = model('pulse', {
      time: { start: 0, stop: 5, dt: 0.25 },
      elements: [q, flow('shipment', { to: q, rate: 'PULSE(3, 2)' })],
    })
    const run = simulate(m, { method: 'adaptive', tolerance })
    expect(run.at('Q', 1.75)).toBe(0)
    expect(Math.abs(run.at('Q', 5) - 3)).toBeLessThan(1e-7)
  })
})
