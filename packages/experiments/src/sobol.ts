import { StockflowError } from '@stockflow/model'
import { percentileOfSorted } from './percentile.js'
import { randomIndex, uniformStream } from './rng.js'
import { uniformDesign } from './sampling.js'

/** First- and total-order Sobol' indices, one entry per factor, with bootstrap confidence half-widths. */
export interface SobolIndices {
  /** S_i: the share of the output variance that factor i explains on its own. */
  readonly first: Float64Array
  /** ST_i: the share that involves factor i at all, interactions included (ST_i ≥ S_i up to sampling error). */
  readonly total: Float64Array
  /** Half-width of the bootstrap interval for each S_i (NaN when `bootstrap` is 0). */
  readonly firstConf: Float64Array
  /** Half-width of the bootstrap interval for each ST_i (NaN when `bootstrap` is 0). */
  readonly totalConf: Float64Array
  /** The output variance the indices are shares of (f_A and f_B together). */
  readonly variance: number
}

/** Options of `sobolIndices`. */
export interface SobolOptions {
  /** Bootstrap resamples of the n base rows for the confidence half-widths; 200 unless given, 0 for none. */
  readonly bootstrap?: number
  /** Seed of the resampling, so the half-widths are the same on every run; 0 unless given. */
  readonly seed?: number
  /** Coverage of the interval, in (0, 1); 0.95 unless given. */
  readonly confidence?: number
}

/** Rows of a Saltelli design for n base samples of k factors: blocks A and B, then one block AB_i per factor. */
export function saltelliRows(n: number, k: number): number {
  return n * (k + 2)
}

/**
 * A Saltelli design in the unit cube: a row-major matrix of `saltelliRows(n, k)` rows × k columns,
 * all values in (0, 1). Rows [0, n) are block A, rows [n, 2n) block B, and rows [(2 + i)n, (3 + i)n)
 * block AB_i, which is A with column i taken from B (Saltelli et al. 2010, Computer Physics
 * Communications 181:259-270). Row j of every block belongs to base sample j.
 */
export function saltelliDesign(n: number, k: number, seed: number): Float64Array {
  checkSize(n, k)
  // A and B are the two halves of one n × 2k Latin hypercube: every row is still uniform on the cube and
  // A's row j is independent of B's row j, so both estimators stay unbiased. The gain is modest (4-30%
  // smaller spread over 100 seeds on Ishigami and a linear model) but free; the bootstrap, which treats
  // rows as independent, is then slightly conservative.
  const ab = uniformDesign(n, 2 * k, seed, 'lhs')
  const design = new Float64Array(saltelliRows(n, k) * k)
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < k; c++) {
      const a = ab[j * 2 * k + c]!
      const b = ab[j * 2 * k + k + c]!
      design[j * k + c] = a
      design[(n + j) * k + c] = b
      for (let i = 0; i < k; i++) design[((2 + i) * n + j) * k + c] = i === c ? b : a
    }
  }
  return design
}

/**
 * First- and total-order Sobol' indices from the outputs `y` of a `saltelliDesign(n, k, …)`, one output
 * per design row in order. First order by Saltelli et al. (2010), S_i = mean(f_B (f_ABi − f_A)) / V;
 * total order by Jansen (1999, Computer Physics Communications 117:35-43), ST_i = mean((f_A − f_ABi)²) / 2 / V;
 * V is the variance of f_A and f_B together. A constant output has every index 0. The half-widths come from a percentile bootstrap
 * over the n base samples, deterministic for a given seed.
 */
export function sobolIndices(y: Float64Array, n: number, k: number, options: SobolOptions = {}): SobolIndices {
  checkSize(n, k)
  const resamples = options.bootstrap ?? 200
  const confidence = options.confidence ?? 0.95
  if (y.length !== saltelliRows(n, k)) {
    throw new StockflowError(
      `sobolIndices needs one output per design row, n × (k + 2) = ${saltelliRows(n, k)}, got ${y.length}`,
    )
  }
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new StockflowError(`bootstrap must be a whole number of resamples (0 for none), got ${resamples}`)
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new StockflowError(`confidence must be between 0 and 1 (0.95 for a 95% interval), got ${confidence}`)
  }
  let nonFinite = 0
  for (let j = 0; j < y.length; j++) if (!Number.isFinite(y[j]!)) nonFinite++
  if (nonFinite > 0) {
    throw new StockflowError(
      `${nonFinite} of ${y.length} model outputs are not finite; Sobol indices need every design row to give a finite output (narrow the parameter ranges or fix the model where it fails)`,
    )
  }

  const rows = new Int32Array(n)
  for (let j = 0; j < n; j++) rows[j] = j
  const first = new Float64Array(k)
  const total = new Float64Array(k)
  const variance = estimate(y, n, k, rows, first, total)

  const firstConf = new Float64Array(k).fill(NaN)
  const totalConf = new Float64Array(k).fill(NaN)
  if (resamples > 0) {
    // Resampling whole base samples keeps each A, B and AB_i row together, as the estimators pair them.
    const uniform = uniformStream(options.seed ?? 0, 0x50b01)
    const firstDraws = new Float64Array(resamples * k)
    const totalDraws = new Float64Array(resamples * k)
    const s = new Float64Array(k)
    const st = new Float64Array(k)
    for (let b = 0; b < resamples; b++) {
      for (let j = 0; j < n; j++) rows[j] = randomIndex(uniform, n)
      estimate(y, n, k, rows, s, st)
      for (let i = 0; i < k; i++) {
        firstDraws[i * resamples + b] = s[i]!
        totalDraws[i * resamples + b] = st[i]!
      }
    }
    const lo = (100 * (1 - confidence)) / 2
    const hi = 100 - lo
    for (let i = 0; i < k; i++) {
      const fs = firstDraws.subarray(i * resamples, (i + 1) * resamples).sort()
      const ts = totalDraws.subarray(i * resamples, (i + 1) * resamples).sort()
      firstConf[i] = (percentileOfSorted(fs, hi) - percentileOfSorted(fs, lo)) / 2
      totalConf[i] = (percentileOfSorted(ts, hi) - percentileOfSorted(ts, lo)) / 2
    }
  }
  return { first, total, firstConf, totalConf, variance }
}

/** Writes S_i and ST_i for the base samples listed in `rows` (repeats allowed) and returns V. */
function estimate(
  y: Float64Array,
  n: number,
  k: number,
  rows: Int32Array,
  first: Float64Array,
  total: Float64Array,
): number {
  // Variance of f_A and f_B about a shift (the first value seen): exact 0 for a constant output, and no
  // cancellation when the outputs sit far from zero.
  const shift = y[rows[0]!]!
  let sum = 0
  for (let j = 0; j < n; j++) sum += y[rows[j]!]! - shift + (y[n + rows[j]!]! - shift)
  const mean = sum / (2 * n)
  let squares = 0
  for (let j = 0; j < n; j++) {
    const da = y[rows[j]!]! - shift - mean
    const db = y[n + rows[j]!]! - shift - mean
    squares += da * da + db * db
  }
  const variance = squares / (2 * n - 1)
  const centre = shift + mean
  for (let i = 0; i < k; i++) {
    const offset = (2 + i) * n
    let firstSum = 0
    let totalSum = 0
    for (let j = 0; j < n; j++) {
      const row = rows[j]!
      const fa = y[row]!
      const step = y[offset + row]! - fa
      // f_B is centred on the mean output (the expectation moves by O(1/n) only): otherwise an offset c
      // in the output adds the noise term c (f_ABi − f_A), which swamps S_i when outputs sit far from zero.
      firstSum += (y[n + row]! - centre) * step
      totalSum += step * step
    }
    first[i] = variance > 0 ? firstSum / n / variance : 0
    total[i] = variance > 0 ? totalSum / (2 * n) / variance : 0
  }
  return variance
}

function checkSize(n: number, k: number): void {
  if (!Number.isInteger(n) || n < 2) {
    throw new StockflowError(`the number of base samples must be a whole number of at least 2, got ${n}`)
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new StockflowError(`the number of factors must be a whole number of at least 1, got ${k}`)
  }
}
