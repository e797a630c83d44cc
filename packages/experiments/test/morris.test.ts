import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { morrisDesign, morrisIndices, morrisRows } from '../src/morris.js'
import { ishigami, ishigamiOutputs } from './ishigami.js'

/**
 * Exact moments of the elementary effects of f over the Morris grid, by enumeration. In morrisDesign
 * every factor's level before and after its step is uniform on the grid and independent of the other
 * factors, so factor i's effect is f's change from a uniform lower level l to l + p/2 with the others
 * at a uniform grid point: average over all p^k grid points whose level i is in the lower half.
 */
function gridMoments(f: (x: number[]) => number, k: number, levels: number) {
  const half = levels / 2
  const delta = half / (levels - 1)
  const mu: number[] = []
  const muStar: number[] = []
  const sigma: number[] = []
  const sdAbs: number[] = []
  for (let i = 0; i < k; i++) {
    const effects: number[] = []
    for (let index = 0; index < levels ** k; index++) {
      const level = Array.from({ length: k }, (_, c) => Math.floor(index / levels ** c) % levels)
      if (level[i]! >= half) continue
      const x = level.map((l) => l / (levels - 1))
      const up = x.map((v, c) => (c === i ? v + delta : v))
      effects.push((f(up) - f(x)) / delta)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const abs = effects.map(Math.abs)
    mu.push(mean(effects))
    muStar.push(mean(abs))
    sigma.push(Math.sqrt(mean(effects.map((e) => (e - mu[i]!) ** 2))))
    sdAbs.push(Math.sqrt(mean(abs.map((e) => (e - muStar[i]!) ** 2))))
  }
  return { mu, muStar, sigma, sdAbs }
}

describe('morrisDesign', () => {
  it('moves one new factor per row by ±Δ on the grid, every factor once per trajectory', () => {
    const k = 5
    const r = 200
    const levels = 4
    const delta = 2 / 3
    const d = morrisDesign(k, r, levels, 3)
    expect(morrisRows(k, r)).toBe(1200)
    expect(d.length).toBe(1200 * k)
    const counts = new Array<number>(levels).fill(0)
    for (const v of d) {
      const level = v * (levels - 1)
      expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-12)
      counts[Math.round(level)]!++
    }
    // Every level equally likely: 6000 values, 1500 expected per level, ±4 SD is about ±134.
    for (const c of counts) expect(Math.abs(c - 1500)).toBeLessThan(134)
    let ups = 0
    for (let t = 0; t < r; t++) {
      const moved = new Set<number>()
      for (let s = 1; s <= k; s++) {
        const row = t * (k + 1) + s
        const changed = []
        for (let c = 0; c < k; c++) if (d[row * k + c] !== d[(row - 1) * k + c]) changed.push(c)
        expect(changed.length).toBe(1)
        const step = d[row * k + changed[0]!]! - d[(row - 1) * k + changed[0]!]!
        expect(Math.abs(Math.abs(step) - delta)).toBeLessThan(1e-12)
        if (step > 0) ups++
        moved.add(changed[0]!)
      }
      expect(moved.size).toBe(k)
    }
    expect(Math.abs(ups / (r * k) - 0.5)).toBeLessThan(0.06)
  })

  it('steps across the whole range with two levels', () => {
    const d = morrisDesign(2, 3, 2, 1)
    for (const v of d) expect([0, 1]).toContain(v)
  })

  it('is the same for the same seed and differs for another', () => {
    expect(morrisDesign(4, 20, 4, 9)).toEqual(morrisDesign(4, 20, 4, 9))
    expect(morrisDesign(4, 20, 4, 9)).not.toEqual(morrisDesign(4, 20, 4, 10))
  })

  it('rejects arguments it cannot use, saying what it needs', () => {
    expect(() => morrisDesign(0, 10, 4, 0)).toThrow(StockflowError)
    expect(() => morrisDesign(0, 10, 4, 0)).toThrow(/number of factors must be a whole number of at least 1/)
    expect(() => morrisDesign(3, 1, 4, 0)).toThrow(/at least 2 trajectories/)
    expect(() => morrisDesign(3, 10, 3, 0)).toThrow(/levels must be an even whole number of at least 2/)
    expect(() => morrisDesign(3, 10, 0, 0)).toThrow(/levels must be an even whole number/)
  })
})

describe('morrisIndices', () => {
  it('gives each linear coefficient times its range, with sigma 0', () => {
    const k = 3
    const r = 20
    const c = [2, -0.5, 0]
    const lo = [10, -1, 0]
    const hi = [12, 3, 5]
    const d = morrisDesign(k, r, 6, 4)
    const y = new Float64Array(morrisRows(k, r))
    for (let j = 0; j < y.length; j++) {
      for (let i = 0; i < k; i++) y[j]! += c[i]! * (lo[i]! + (hi[i]! - lo[i]!) * d[j * k + i]!)
    }
    const m = morrisIndices(d, y, k, r)
    for (let i = 0; i < k; i++) {
      expect(m.mu[i]).toBeCloseTo(c[i]! * (hi[i]! - lo[i]!), 10)
      expect(m.muStar[i]).toBeCloseTo(Math.abs(c[i]! * (hi[i]! - lo[i]!)), 10)
      expect(m.sigma[i]).toBeLessThan(1e-10)
    }
  })

  it('matches the exact grid expectation on Ishigami within 4 standard errors (r = 10000)', () => {
    const k = 3
    const r = 10_000
    const exact = gridMoments((x) => ishigami(x[0]!, x[1]!, x[2]!), k, 4)
    const d = morrisDesign(k, r, 4, 2024)
    const m = morrisIndices(d, ishigamiOutputs(d), k, r)
    // Trajectories are independent, so mu* has standard error sd(|EE|)/√r: 0.0625 here, 4 SE < 4.1%.
    for (let i = 0; i < k; i++) {
      // (x2's |EE| is the same at every step, so its bound is round-off only.)
      const bound = (4 * exact.sdAbs[i]!) / Math.sqrt(r) + 1e-12
      expect(bound).toBeLessThanOrEqual(0.041 * exact.muStar[i]!)
      expect(Math.abs(m.muStar[i]! - exact.muStar[i]!)).toBeLessThanOrEqual(bound)
      expect(Math.abs(m.mu[i]! - exact.mu[i]!)).toBeLessThanOrEqual((4 * exact.sigma[i]!) / Math.sqrt(r))
      expect(Math.abs(m.sigma[i]! / exact.sigma[i]! - 1)).toBeLessThan(0.03)
    }
    // |EE| of x2 is a·sin²(π/3)/Δ = 7.875 at every admissible step, so its mu* has no sampling error.
    expect(exact.muStar[1]).toBeCloseTo(7.875, 12)
    expect(m.muStar[1]).toBeCloseTo(7.875, 9)
    // Exact order: x2 (7.875) > x1 (7.704) > x3 (6.249); the estimates are far enough apart to put x3 last.
    expect(exact.muStar[1]).toBeGreaterThan(exact.muStar[0]!)
    expect(exact.muStar[0]).toBeGreaterThan(exact.muStar[2]!)
    expect(Math.min(m.muStar[0]!, m.muStar[1]!)).toBeGreaterThan(m.muStar[2]!)
  })

  it('agrees with the SALib regression values for Ishigami, 4 levels, 10000 trajectories', () => {
    // SALib tests/test_regression.py (test_regression_morris_vanilla): mu* = [7.682808, 7.875, 6.256295].
    const exact = gridMoments((x) => ishigami(x[0]!, x[1]!, x[2]!), 3, 4)
    const salib = [7.682808, 7.875, 6.256295]
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(salib[i]! - exact.muStar[i]!)).toBeLessThanOrEqual(
        (4 * exact.sdAbs[i]!) / Math.sqrt(10_000) + 1e-6,
      )
    }
  })

  it('reads which factor moved from the design, so a step down counts like a step up', () => {
    // Two trajectories by hand for y = 3 x1 − x2: x2 down then x1 up; x1 up then x2 up.
    const design = new Float64Array([0, 1, 0, 1 / 3, 2 / 3, 1 / 3, 1 / 3, 0, 1, 0, 1, 2 / 3])
    const y = new Float64Array(6)
    for (let j = 0; j < 6; j++) y[j] = 3 * design[2 * j]! - design[2 * j + 1]!
    const m = morrisIndices(design, y, 2, 2)
    expect(m.mu[0]).toBeCloseTo(3, 12)
    expect(m.mu[1]).toBeCloseTo(-1, 12)
    expect(m.sigma[0]).toBeLessThan(1e-12)
  })

  it('rejects designs that are not Morris trajectories', () => {
    const d = morrisDesign(3, 4, 4, 1)
    const y = new Float64Array(morrisRows(3, 4))
    const twoMoved = d.slice()
    twoMoved[4 * 3 + 0] = twoMoved[4 * 3 + 0] === 0 ? 1 : 0
    twoMoved[4 * 3 + 1] = twoMoved[4 * 3 + 1] === 0 ? 1 : 0
    expect(() => morrisIndices(twoMoved, y, 3, 4)).toThrow(/does not move exactly one new factor/)
    const stuck = d.slice()
    stuck.copyWithin(5 * 3, 4 * 3, 5 * 3)
    expect(() => morrisIndices(stuck, y, 3, 4)).toThrow(StockflowError)
    expect(() => morrisIndices(d, y.subarray(1), 3, 4)).toThrow(/one output per row/)
    expect(() => morrisIndices(d, y, 3, 1)).toThrow(/at least 2 trajectories/)
  })

  it('says how many outputs are not finite', () => {
    const d = morrisDesign(2, 3, 4, 1)
    const y = new Float64Array(morrisRows(2, 3))
    y[0] = NaN
    expect(() => morrisIndices(d, y, 2, 3)).toThrow(/^1 of 9 model outputs are not finite/)
  })
})
