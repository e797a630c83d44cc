import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { auxModel } from './helpers.js'

describe('NPV', () => {
  it('of a constant stream under Euler is the discounted sum dt * s * (1 + q + ... + q^k), q = 1/(1 + r*dt)', () => {
    const [s, r, dt] = [10, 0.2, 0.5]
    const run = simulate(auxModel({ v: `NPV(${s}, ${r}, 0, 1)` }, { start: 0, stop: 20, dt }))
    const q = 1 / (1 + r * dt)
    run.get('v').forEach((value, k) => {
      expect(value).toBeCloseTo((s * dt * (1 - q ** (k + 1))) / (1 - q), 10)
    })
  })

  it('adds its initial value and scales by its factor; they default to 0 and 1', () => {
    const time = { start: 0, stop: 5, dt: 1 }
    const run = simulate(auxModel({ a: 'NPV(4, 0.1)', b: 'NPV(4, 0.1, 7)', c: 'NPV(4, 0.1, 7, 2)' }, time))
    const a = run.get('a')
    const q = 1 / 1.1
    // The accumulation starts from the initial value; the factor multiplies the whole.
    expect(a[0]).toBe(4)
    expect(a[2]!).toBeCloseTo(4 * (1 + q + q * q), 12)
    run.get('b').forEach((value, k) => expect(value).toBeCloseTo(a[k]! + 7, 12))
    run.get('c').forEach((value, k) => expect(value).toBeCloseTo(2 * (a[k]! + 7), 12))
  })

  it('under RK4 approaches the continuous discounting it integrates, λ = r/(1 + r*dt)', () => {
    const [s, r, dt] = [3, 0.05, 0.125]
    const run = simulate(auxModel({ v: `NPV(${s}, ${r})` }, { start: 0, stop: 40, dt }), { method: 'rk4' })
    const lambda = r / (1 + r * dt)
    const at = (t: number) => (s * (1 - Math.exp(-lambda * t))) / lambda + s * dt * Math.exp(-lambda * t)
    const v = run.get('v')
    for (const k of [0, 80, 320]) expect(v[k]!).toBeCloseTo(at(k * dt), 9)
  })

  it('runs under the adaptive method, to the same continuous discounting', () => {
    const [s, r, dt] = [3, 0.05, 0.125]
    const run = simulate(auxModel({ v: `NPV(${s}, ${r})` }, { start: 0, stop: 40, dt }), { method: 'adaptive' })
    const lambda = r / (1 + r * dt)
    const at = (t: number) => (s * (1 - Math.exp(-lambda * t))) / lambda + s * dt * Math.exp(-lambda * t)
    const v = run.get('v')
    for (const k of [0, 80, 320]) expect(v[k]! / at(k * dt)).toBeCloseTo(1, 5)
  })

  it("matches Vensim's own run of its NPV sample (a 100 investment at month 12, then 3 a month, 10% a year)", () => {
    // Vensim's output of the sample, as SDEverywhere keeps it for its npv test model.
    const stream = 'TIME == 12 ? -97 : (TIME > 12 ? 3 : 0)'
    const run = simulate(auxModel({ stream, v: 'NPV(stream, 10 / 12 / 100, 0, 1)' }, { start: 0, stop: 100, dt: 1 }))
    const v = run.get('v')
    expect(v[11]).toBe(0)
    expect(v[12]!).toBeCloseTo(-87.8056, 4)
    expect(v[50]!).toBeCloseTo(0.334138, 5)
    expect(v[100]!).toBeCloseTo(81.0743, 4)
  })

  it('reads a discount rate that changes during the run', () => {
    const run = simulate(auxModel({ r: 'TIME < 2 ? 0 : 1', v: 'NPV(1, r)' }, { start: 0, stop: 4, dt: 1 }))
    // df stays 1 while r = 0, then halves each step: 1, 1, 1, 0.5, 0.25.
    expect(Array.from(run.get('v'))).toEqual([1, 2, 3, 3.5, 3.75])
  })
})
