/** Domains and scales for the charts: finite extents, padded when flat, niced by d3-scale. */
import { scaleLinear } from 'd3-scale'
import type { ScaleLinear } from 'd3-scale'

/** The [min, max] of the finite values of several series, or undefined when there are none. */
export function finiteExtent(series: readonly ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo <= hi ? [lo, hi] : undefined
}

/** A value domain that is never empty: a flat series gets ±10% (or ±1 around zero). */
export function paddedDomain(extent: [number, number] | undefined): [number, number] {
  if (!extent) return [0, 1]
  const [lo, hi] = extent
  if (lo !== hi) return [lo, hi]
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1
  return [lo - d, hi + d]
}

/** A linear scale from `domain` onto `range`, niced to round ticks when `nice`. */
export function linear(domain: [number, number], range: [number, number], nice = true): ScaleLinear<number, number> {
  const s = scaleLinear().domain(domain).range(range)
  return nice ? s.nice() : s
}
