import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { auxModel } from './helpers.js'

const noise = auxModel(
  { u: 'UNIFORM(2, 4)', z: 'NORMAL(10, 2)', r: 'RANDOM()', c: 'RANDOM_NORMAL(-1, 1, 0, 5)' },
  { start: 0, stop: 20000, dt: 1 },
)

describe('seeded random functions', () => {
  it('give the same numbers for the same seed and different ones for another', () => {
    const a = simulate(noise, { seed: 42 })
    const b = simulate(noise, { seed: 42 })
    const c = simulate(noise, { seed: 43 })
    expect(Array.from(a.get('u'))).toEqual(Array.from(b.get('u')))
    expect(Array.from(a.get('u'))).not.toEqual(Array.from(c.get('u')))
    expect(a.meta.seed).toBe(42)
  })

  it('draw from the stated distributions', () => {
    const run = simulate(noise, { seed: 7 })
    const stats = (xs: Float64Array) => {
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1))
      return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) }
    }
    const u = stats(run.get('u'))
    expect(u.min).toBeGreaterThanOrEqual(2)
    expect(u.max).toBeLessThan(4)
    expect(u.mean).toBeCloseTo(3, 1)
    expect(u.sd).toBeCloseTo(2 / Math.sqrt(12), 1)
    const z = stats(run.get('z'))
    expect(z.mean).toBeCloseTo(10, 1)
    expect(z.sd).toBeCloseTo(2, 1)
    const r = stats(run.get('r'))
    expect(r.min).toBeGreaterThanOrEqual(0)
    expect(r.max).toBeLessThan(1)
    const c = stats(run.get('c'))
    expect(c.min).toBe(-1)
    expect(c.max).toBe(1)
  })

  it('draw once per step, so the method does not change the numbers', () => {
    const euler = simulate(noise, { seed: 3, method: 'euler', stop: 50 })
    const rk4 = simulate(noise, { seed: 3, method: 'rk4', stop: 50 })
    expect(Array.from(rk4.get('z'))).toEqual(Array.from(euler.get('z')))
  })
})
