import { StockflowError } from '@stockflow/model'
import { quantile } from './distributions.js'
import type { Distribution } from './distributions.js'
import { permutation, uniformStream } from './rng.js'

/** How uniform points are spread: independent draws, or one draw in each of n equal strata per column. */
export type Sampling = 'random' | 'lhs'

/**
 * An n × k matrix (row-major) of uniforms in (0, 1). Latin hypercube: each column takes exactly one
 * value in each interval [i/n, (i+1)/n), the intervals paired across columns by random permutations.
 * The whole design comes from one seed before any run starts, so it cannot depend on the worker count.
 */
export function uniformDesign(n: number, k: number, seed: number, sampling: Sampling = 'lhs'): Float64Array {
  if (!Number.isInteger(n) || n < 1)
    throw new StockflowError(`the number of runs must be a whole number of at least 1, got ${n}`)
  const u = uniformStream(seed, 0x5a3d1e)
  const design = new Float64Array(n * k)
  if (sampling === 'random') {
    for (let i = 0; i < design.length; i++) design[i] = open(u())
    return design
  }
  for (let j = 0; j < k; j++) {
    const strata = permutation(u, n)
    for (let i = 0; i < n; i++) design[i * k + j] = open((strata[i]! + u()) / n)
  }
  return design
}

/** Maps a unit design to parameter values, column j through distribution j's quantile function. */
export function toValues(design: Float64Array, distributions: readonly Distribution[]): Float64Array {
  const k = distributions.length
  const values = new Float64Array(design.length)
  for (let i = 0; i < design.length; i++) values[i] = quantile(distributions[i % k]!, design[i]!)
  return values
}

/** Keeps a uniform strictly inside (0, 1): a quantile at exactly 0 is minus infinity for a normal. */
function open(x: number): number {
  return x <= 0 ? Number.EPSILON : x >= 1 ? 1 - Number.EPSILON : x
}
