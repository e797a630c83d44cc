/**
 * The p-th percentile (0..100) of sorted finite values, interpolating linearly between order
 * statistics (Hyndman & Fan's type 7, the default of R and NumPy). NaN when there are none.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = ((n - 1) * p) / 100
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/** The finite values of xs, sorted ascending (runs that failed hold NaN and are left out). */
export function sortedFinite(xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length)
  let n = 0
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) out[n++] = xs[i]!
  return out.subarray(0, n).sort()
}
