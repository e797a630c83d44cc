// T1, T8: fixed-step methods must reproduce their discrete amplification factors, which pins down the tableaux.
import { aux, flow, model, param, stock } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { exponential, oscillator, relErr } from './models.js'

describe('T1 exponential growth: discrete amplification factors', () => {
  const g = 0.1
  const h = 0.25
  const n = 40
  const z = g * h
  const m = exponential({ start: 0, stop: n * h, dt: h })

  it('the check values of the note follow from the factors', () => {
    expect(relErr((1 + z) ** n, 2.68506383839)).toBeLessThan(1e-12)
    expect(relErr((1 + z + z ** 2 / 2 + z ** 3 / 6 + z ** 4 / 24) ** n, 2.718281819793)).toBeLessThan(1e-12)
  })

  it('Euler gives S0(1+gh)^n at every step', () => {
    const s = simulate(m, { method: 'euler' }).get('S')
    expect(s.length).toBe(n + 1)
    for (let i = 0; i <= n; i++) expect(relErr(s[i], (1 + z) ** i)).toBeLessThan(1e-12)
    expect(relErr(s[n], 2.68506383839)).toBeLessThan(1e-12)
  })

  it('RK2 (Heun) gives S0(1+z+z²/2)^n at every step', () => {
    const s = simulate(m, { method: 'rk2' }).get('S')
    for (let i = 0; i <= n; i++) expect(relErr(s[i], (1 + z + z ** 2 / 2) ** i)).toBeLessThan(1e-12)
  })

  it('RK4 gives S0(1+z+z²/2+z³/6+z⁴/24)^n at every step', () => {
    const s = simulate(m, { method: 'rk4' }).get('S')
    const r = 1 + z + z ** 2 / 2 + z ** 3 / 6 + z ** 4 / 24
    for (let i = 0; i <= n; i++) expect(relErr(s[i], r ** i)).toBeLessThan(1e-12)
    expect(relErr(s[n], 2.718281819793)).toBeLessThan(1e-12)
  })

  it('saving every 4th step records the same states', () => {
    const every = simulate(m, { method: 'rk4' }).get('S')
    const coarse = simulate(m, { method: 'rk4', saveper: 1 }).get('S')
    expect(coarse.length).toBe(11)
    for (let i = 0; i <= 10; i++) expect(coarse[i]).toBe(every[4 * i])
  })

  it('recorded flows are computed from the stock recorded in the same row', () => {
    for (const method of ['euler', 'rk2', 'rk4'] as const) {
      const run = simulate(m, { method, set: { g: 0.3 } })
      const s = run.get('S')
      const f = run.get('growth')
      for (let i = 0; i <= n; i++) expect(relErr(f[i], 0.3 * s[i])).toBeLessThan(1e-15)
    }
  })
})

describe('stage times: quadrature of a time-dependent inflow', () => {
  // With S' = f(t) Euler is the left Riemann sum, Heun the trapezoid rule and RK4 Simpson's rule.
  const h = 0.1
  const quadrature = (rate: string) => {
    const s = stock('S', { initial: 0 })
    return model('quadrature', { time: { start: 0, stop: 5, dt: h }, elements: [s, flow('f', { to: s, rate })] })
  }

  it('Euler on S′ = 2t gives t² − h·t', () => {
    const run = simulate(quadrature('2 * TIME'), { method: 'euler' })
    run.times.forEach((t, i) => expect(run.get('S')[i]).toBeCloseTo(t * t - h * t, 12))
  })

  it('RK2 on S′ = 2t is exact (trapezoid rule)', () => {
    const run = simulate(quadrature('2 * TIME'), { method: 'rk2' })
    run.times.forEach((t, i) => expect(run.get('S')[i]).toBeCloseTo(t * t, 12))
  })

  it('RK4 on S′ = 3t² is exact (Simpson’s rule)', () => {
    const run = simulate(quadrature('3 * TIME^2'), { method: 'rk4' })
    run.times.forEach((t, i) => expect(run.get('S')[i]).toBeCloseTo(t ** 3, 11))
  })
})

describe('T8 linear oscillator: energy factor per step', () => {
  const omega = 1
  const h = 0.1
  const steps = 1000
  const m = oscillator({ start: 0, stop: steps * h, dt: h }, omega)
  const wh = omega * h
  const rk4Factor = 1 - wh ** 6 / 72 + wh ** 8 / 576

  it('the check values of the note follow from the factors', () => {
    expect(relErr((1 + wh ** 2) ** steps, 20959.1556378)).toBeLessThan(1e-11)
    expect(relErr(rk4Factor ** steps, 0.999986128568)).toBeLessThan(1e-12)
  })

  it('Euler multiplies the energy by 1 + (ωh)² every step', () => {
    const run = simulate(m, { method: 'euler' })
    const e = run.get('E')
    expect(e.length).toBe(steps + 1)
    for (let i = 0; i <= steps; i += 50) expect(relErr(e[i] / e[0], (1 + wh ** 2) ** i)).toBeLessThan(1e-12)
    expect(relErr(e[steps] / e[0], 20959.1556378)).toBeLessThan(1e-11)
  })

  it('RK4 multiplies the energy by 1 − (ωh)⁶/72 + (ωh)⁸/576 every step', () => {
    const run = simulate(m, { method: 'rk4' })
    const e = run.get('E')
    for (let i = 0; i <= steps; i += 50) expect(relErr(e[i] / e[0], rk4Factor ** i)).toBeLessThan(1e-12)
    expect(relErr(e[steps] / e[0], 0.999986128568)).toBeLessThan(1e-12)
  })

  it('RK2 multiplies the energy by 1 + (ωh)⁴/4 every step', () => {
    // Heun's factor |1 + iωh − (ωh)²/2|² = 1 + (ωh)⁴/4.
    const e = simulate(m, { method: 'rk2' }).get('E')
    for (let i = 0; i <= steps; i += 50) expect(relErr(e[i] / e[0], (1 + wh ** 4 / 4) ** i)).toBeLessThan(1e-12)
  })
})

describe('STEP input under the fixed-step methods', () => {
  // Euler sees the step from the grid point t0 on, so SMTH1 then decays exactly by (1 − h/τ) per step.
  const h = 0.25
  const tau = 4
  const m = model('step smooth', {
    time: { start: 0, stop: 10, dt: h },
    elements: [param('tau', tau), aux('x', { equation: 'STEP(1, 2)' }), aux('y', { equation: 'SMTH1(x, tau)' })],
  })

  it('Euler: y(t) = 1 − (1 − h/τ)^((t − 2)/h) after the step', () => {
    const run = simulate(m, { method: 'euler' })
    run.times.forEach((t, i) => {
      const expected = t <= 2 ? 0 : 1 - (1 - h / tau) ** Math.round((t - 2) / h)
      expect(run.get('y')[i]).toBeCloseTo(expected, 13)
      expect(run.get('x')[i]).toBe(t >= 2 ? 1 : 0)
    })
  })

  it('RK4 follows 1 − e^(−(t−2)/τ) to O(h) (the jump falls inside one step)', () => {
    const run = simulate(m, { method: 'rk4', dt: 1 / 64 })
    for (const t of [3, 6, 10]) expect(Math.abs(run.at('y', t) - (1 - Math.exp(-(t - 2) / tau)))).toBeLessThan(2e-3)
  })
})
