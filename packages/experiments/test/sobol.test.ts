import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { saltelliDesign, saltelliRows, sobolIndices } from '../src/sobol.js'
import { ishigamiIndices, ishigamiOutputs } from './ishigami.js'

/** Outputs of `f` (given a unit row) for every row of a Saltelli design. */
function outputs(design: Float64Array, k: number, f: (row: Float64Array) => number): Float64Array {
  const y = new Float64Array(design.length / k)
  for (let j = 0; j < y.length; j++) y[j] = f(design.subarray(j * k, (j + 1) * k))
  return y
}

/** The bootstrap half-width at 95% as a standard error (the percentile interval is about ±1.96 SE). */
const standardError = (halfWidth: number) => halfWidth / 1.96

describe('Ishigami reference values', () => {
  it('the closed-form indices reproduce the published ones to 4 decimals', () => {
    const { first, total } = ishigamiIndices()
    expect(first[0]).toBeCloseTo(0.3139, 4)
    expect(first[1]).toBeCloseTo(0.4424, 4)
    expect(first[2]).toBe(0)
    expect(total[0]).toBeCloseTo(0.5576, 4)
    expect(total[1]).toBeCloseTo(0.4424, 4)
    expect(total[2]).toBeCloseTo(0.2437, 4)
  })
})

describe('saltelliDesign', () => {
  it('lays out A, B, then AB_i = A with column i from B, all inside (0, 1)', () => {
    const n = 16
    const k = 3
    const d = saltelliDesign(n, k, 1)
    expect(saltelliRows(n, k)).toBe(80)
    expect(d.length).toBe(80 * k)
    for (const v of d) expect(v > 0 && v < 1).toBe(true)
    const at = (block: number, j: number, c: number) => d[(block * n + j) * k + c]
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < n; j++) {
        for (let c = 0; c < k; c++) expect(at(2 + i, j, c)).toBe(c === i ? at(1, j, c) : at(0, j, c))
      }
    }
  })

  it('stratifies each column of A and B: one value in each interval [m/n, (m+1)/n)', () => {
    const n = 50
    const k = 2
    const d = saltelliDesign(n, k, 3)
    for (const block of [0, 1]) {
      for (let c = 0; c < k; c++) {
        const strata = new Set<number>()
        for (let j = 0; j < n; j++) strata.add(Math.floor(d[(block * n + j) * k + c]! * n))
        expect(strata.size).toBe(n)
      }
    }
  })

  it('is the same for the same seed and differs for another', () => {
    expect(saltelliDesign(64, 4, 42)).toEqual(saltelliDesign(64, 4, 42))
    expect(saltelliDesign(64, 4, 42)).not.toEqual(saltelliDesign(64, 4, 43))
  })

  it('rejects sizes it cannot use, saying what it needs', () => {
    expect(() => saltelliDesign(1, 3, 0)).toThrow(StockflowError)
    expect(() => saltelliDesign(100, 0, 0)).toThrow(/number of factors must be a whole number of at least 1/)
    expect(() => saltelliDesign(10.5, 2, 0)).toThrow(/base samples must be a whole number/)
  })
})

describe('sobolIndices', () => {
  it('estimates the Ishigami indices within 4 standard errors (n = 2^13)', () => {
    const n = 2 ** 13
    const design = saltelliDesign(n, 3, 7)
    const s = sobolIndices(ishigamiOutputs(design), n, 3, { seed: 7 })
    const exact = ishigamiIndices()
    expect(s.variance / exact.variance).toBeCloseTo(1, 1)
    for (let i = 0; i < 3; i++) {
      // The half-widths are honest error bars only if they are small enough to mean something.
      expect(s.firstConf[i]).toBeLessThan(0.06)
      expect(s.totalConf[i]).toBeLessThan(0.06)
      expect(Math.abs(s.first[i]! - exact.first[i]!)).toBeLessThanOrEqual(4 * standardError(s.firstConf[i]!))
      expect(Math.abs(s.total[i]! - exact.total[i]!)).toBeLessThanOrEqual(4 * standardError(s.totalConf[i]!))
    }
  })

  it('has bootstrap intervals that cover the analytic Ishigami indices about 95% of the time', () => {
    // 10 designs × 6 indices: at a true 95% coverage, fewer than 51 of 60 happens 0.2% of the time.
    const n = 2 ** 11
    const exact = ishigamiIndices()
    let covered = 0
    for (let seed = 1; seed <= 10; seed++) {
      const s = sobolIndices(ishigamiOutputs(saltelliDesign(n, 3, seed)), n, 3, { seed })
      for (let i = 0; i < 3; i++) {
        if (Math.abs(s.first[i]! - exact.first[i]!) <= s.firstConf[i]!) covered++
        if (Math.abs(s.total[i]! - exact.total[i]!) <= s.totalConf[i]!) covered++
      }
    }
    expect(covered).toBeGreaterThanOrEqual(51)
  })

  it('gives S_i = ST_i = c_i² / Σc² for a linear function', () => {
    const n = 2 ** 12
    const c = [1, 2, 3, 0]
    const k = c.length
    const sum = c.reduce((acc, ci) => acc + ci * ci, 0)
    const y = outputs(saltelliDesign(n, k, 11), k, (x) => x.reduce((acc, xi, i) => acc + c[i]! * xi, 0))
    const s = sobolIndices(y, n, k, { seed: 11 })
    // LHS columns are paired at random, so the cross terms keep their O(1/√n) noise in V.
    expect(Math.abs(s.variance / (sum / 12) - 1)).toBeLessThan(0.05)
    for (let i = 0; i < k; i++) {
      const share = (c[i]! * c[i]!) / sum
      expect(Math.abs(s.first[i]! - share)).toBeLessThanOrEqual(4 * standardError(s.firstConf[i]!) + 1e-12)
      expect(Math.abs(s.total[i]! - share)).toBeLessThanOrEqual(4 * standardError(s.totalConf[i]!) + 1e-12)
    }
    // A factor the output ignores has f_ABi = f_A on every row: exactly zero, with no interval at all.
    expect([s.first[3], s.total[3], s.firstConf[3], s.totalConf[3]]).toEqual([0, 0, 0, 0])
  })

  it('does not care where the output sits: Ishigami + 1000 gives the same indices', () => {
    const n = 2 ** 10
    const y = ishigamiOutputs(saltelliDesign(n, 3, 5))
    const shifted = y.map((v) => v + 1000)
    const a = sobolIndices(y, n, 3, { seed: 5 })
    const b = sobolIndices(shifted, n, 3, { seed: 5 })
    expect(b.variance).toBeCloseTo(a.variance, 9)
    for (let i = 0; i < 3; i++) {
      expect(b.first[i]).toBeCloseTo(a.first[i]!, 9)
      expect(b.total[i]).toBeCloseTo(a.total[i]!, 9)
      expect(b.firstConf[i]).toBeCloseTo(a.firstConf[i]!, 9)
    }
  })

  it('gives zeros, not NaN, for a constant output', () => {
    const n = 256
    const s = sobolIndices(new Float64Array(saltelliRows(n, 3)).fill(0.1), n, 3)
    expect(s.variance).toBe(0)
    for (const values of [s.first, s.total, s.firstConf, s.totalConf]) expect(Array.from(values)).toEqual([0, 0, 0])
  })

  it('is deterministic for a seed; the seed moves only the half-widths', () => {
    const n = 512
    const y = ishigamiOutputs(saltelliDesign(n, 3, 9))
    const a = sobolIndices(y, n, 3, { seed: 1 })
    expect(sobolIndices(y, n, 3, { seed: 1 })).toEqual(a)
    const b = sobolIndices(y, n, 3, { seed: 2 })
    expect(b.first).toEqual(a.first)
    expect(b.total).toEqual(a.total)
    expect(b.firstConf).not.toEqual(a.firstConf)
  })

  it('widens the interval with the confidence level and skips it for bootstrap 0', () => {
    const n = 512
    const y = ishigamiOutputs(saltelliDesign(n, 3, 9))
    const s90 = sobolIndices(y, n, 3, { confidence: 0.9 })
    const s99 = sobolIndices(y, n, 3, { confidence: 0.99 })
    for (let i = 0; i < 3; i++) expect(s99.totalConf[i]).toBeGreaterThan(s90.totalConf[i]!)
    const none = sobolIndices(y, n, 3, { bootstrap: 0 })
    expect(none.first).toEqual(s90.first)
    expect(Array.from(none.firstConf).every(Number.isNaN)).toBe(true)
  })

  it('says how many outputs are not finite', () => {
    const n = 8
    const y = new Float64Array(saltelliRows(n, 2)).fill(1)
    y[3] = NaN
    y[20] = Infinity
    expect(() => sobolIndices(y, n, 2)).toThrow(StockflowError)
    expect(() => sobolIndices(y, n, 2)).toThrow(/^2 of 32 model outputs are not finite/)
  })

  it('rejects outputs that do not match the design, and bad options', () => {
    const y = new Float64Array(saltelliRows(8, 2))
    expect(() => sobolIndices(y, 8, 3)).toThrow(/one output per design row, n × \(k \+ 2\) = 40, got 32/)
    expect(() => sobolIndices(y, 8, 2, { bootstrap: -1 })).toThrow(/bootstrap must be a whole number/)
    expect(() => sobolIndices(y, 8, 2, { confidence: 95 })).toThrow(/confidence must be between 0 and 1/)
  })
})
