import { arrayAt, lastResult } from './array-vectors.js'

/**
 * Vensim's allocation builtins. Each requester has a demand curve: the share of its request it takes
 * at a priority level x, falling from 1 to 0 as x rises past its own priority. The allocation is the
 * x where the requests times their shares add up to what is available (one x for all), found by
 * bisection to the resolution of doubles. The curves (the `ptype` of a priority profile, Vensim's
 * "Specifying the Curves"): 1 rectangular and 2 triangular over `pwidth` centred on `ppriority`, 3 the
 * tail of a normal distribution with standard deviation `pwidth`, 4 that of a symmetric exponential
 * (Laplace) with scale `pwidth`; 0 a fixed quantity, served first. ALLOCATE BY PRIORITY is the
 * rectangular case with one width.
 */

const FIXED = 0
const RECTANGULAR = 1
const TRIANGULAR = 2
const NORMAL = 3
const EXPONENTIAL = 4

/** One requester's demand curve. */
interface Curve {
  readonly type: number
  readonly priority: number
  readonly width: number
}

/**
 * erfc(x) to about 1e-13 relative: below 2.5 by erf's series e^-x² Σ 2ⁿx²ⁿ⁺¹/(2n+1)!! (positive
 * terms, no cancellation), above by the continued fraction of erfc.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return 2 - erfc(-x)
  if (x < 2.5) {
    let term = x
    let total = x
    for (let n = 1; term > 1e-17 * total; n++) {
      term *= (2 * x * x) / (2 * n + 1)
      total += term
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * total
  }
  let k = x
  for (let n = 60; n >= 1; n--) k = x + n / 2 / k
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * k)
}

/** The share of its request a curve takes at priority level x. */
function share(c: Curve, x: number): number {
  const d = x - c.priority
  const w = c.width
  switch (c.type) {
    case RECTANGULAR:
      return Math.min(1, Math.max(0, 0.5 - d / w))
    case TRIANGULAR: {
      const h = w / 2
      if (d <= -h) return 1
      if (d >= h) return 0
      return d <= 0 ? 1 - (2 * (d + h) * (d + h)) / (w * w) : (2 * (h - d) * (h - d)) / (w * w)
    }
    case NORMAL:
      return 0.5 * erfc(d / (w * Math.SQRT2))
    default:
      return d < 0 ? 1 - 0.5 * Math.exp(d / w) : 0.5 * Math.exp(-d / w)
  }
}

/** How far from its priority a curve has reached 0 and 1 in doubles. */
function reach(c: Curve): number {
  return c.type === NORMAL ? 40 * c.width : c.type === EXPONENTIAL ? 750 * c.width : c.width / 2
}

/** The priority level where the curves' takes add up to `target` (their total at -∞ is above it, at +∞ 0). */
function level(requests: readonly number[], curves: readonly Curve[], target: number): number {
  const total = (x: number) => {
    let t = 0
    for (let i = 0; i < curves.length; i++) t += requests[i]! * share(curves[i]!, x)
    return t
  }
  let lo = Infinity
  let hi = -Infinity
  for (const c of curves) {
    lo = Math.min(lo, c.priority - reach(c))
    hi = Math.max(hi, c.priority + reach(c))
  }
  // Invariant: total(lo) >= target > total(hi); 200 halvings shrink any span far below a curve's width.
  for (let k = 0; k < 200; k++) {
    const mid = lo + (hi - lo) / 2
    if (mid <= lo || mid >= hi) break
    if (total(mid) >= target) lo = mid
    else hi = mid
  }
  return Math.abs(total(lo) - target) <= Math.abs(total(hi) - target) ? lo : hi
}

/**
 * Shares of `available` among `requests`, each by its curve. Everyone gets their request when there
 * is enough, nothing when there is none; a negative request counts as 0. Fixed-quantity requesters
 * are served first (in proportion to their requests if they alone exceed the supply), the others
 * from what remains. NaN everywhere for a NaN input, an unknown curve type (5, constant elasticity,
 * and 10 and up, integer allocations, are not simulated) or a width not above 0.
 */
export function allocate(requests: readonly number[], curves: readonly Curve[], available: number): number[] {
  const nan = () => requests.map(() => NaN)
  if (Number.isNaN(available) || requests.some((r) => Number.isNaN(r))) return nan()
  const r = requests.map((x) => Math.max(x, 0))
  const wanted = r.reduce((a, b) => a + b, 0)
  if (available >= wanted) return r
  if (available <= 0) return r.map(() => 0)
  const fixed = r.reduce((a, x, i) => (curves[i]!.type === FIXED ? a + x : a), 0)
  if (available <= fixed) return r.map((x, i) => (curves[i]!.type === FIXED ? (x / fixed) * available : 0))
  const others = r.flatMap((x, i) => (x > 0 && curves[i]!.type !== FIXED ? [i] : []))
  for (const i of others) {
    const c = curves[i]!
    const known = c.type === RECTANGULAR || c.type === TRIANGULAR || c.type === NORMAL || c.type === EXPONENTIAL
    if (!known || !(c.width > 0) || !Number.isFinite(c.priority)) return nan()
  }
  const target = available - fixed
  const x = level(
    others.map((i) => r[i]!),
    others.map((i) => curves[i]!),
    target,
  )
  const out = r.map((q, i) => (curves[i]!.type === FIXED ? q : q > 0 ? q * share(curves[i]!, x) : 0))
  // The level is exact to a double; what its rounding leaves goes to the partly served, so shares add up.
  const partly = others.filter((i) => out[i]! > 0 && out[i]! < r[i]!)
  const weight = partly.reduce((a, i) => a + r[i]!, 0)
  const served = others.reduce((a, i) => (out[i] === r[i] ? a + out[i]! : a), 0)
  const left = target - served - partly.reduce((a, i) => a + out[i]!, 0)
  for (const i of partly) out[i] = Math.min(r[i]!, Math.max(0, out[i]! + (left * r[i]!) / weight))
  return out
}

/**
 * ALLOCATE AVAILABLE(request, pp, avail): each request's share of `avail` by its priority profile
 * pp (per requester: ptype, ppriority, pwidth, pextra). Flat: i, avail, n, request..., 4n, pp...
 */
export const allocateAvailable = lastResult((a) => {
  const requests = arrayAt(a, 1)
  const pp = requests && arrayAt(a, 2 + requests.length)
  if (!requests || !pp || a.length !== 3 + requests.length + pp.length) return []
  const n = requests.length
  const k = n ? pp.length / n : 4
  if (!Number.isInteger(k) || k < 3) return []
  const curves = requests.map((_, i) => ({ type: pp[i * k]!, priority: pp[i * k + 1]!, width: pp[i * k + 2]! }))
  if (curves.some((c) => Number.isNaN(c.type) || Number.isNaN(c.width))) return requests.map(() => NaN)
  return allocate(requests, curves, a[0]!)
})

/**
 * ALLOCATE BY PRIORITY(request, priority, size, width, supply): shares of `supply` going first to
 * higher priorities, requests within `width` of each other sharing in proportion to their requests
 * (rectangular curves of that width; `size`, the count, must be the arrays' length). Flat: i, size,
 * width, supply, n, request..., n, priority...
 */
export const allocateByPriority = lastResult((a) => {
  const requests = arrayAt(a, 3)
  const priorities = requests && arrayAt(a, 4 + requests.length)
  const [size, width, supply] = a as [number, number, number]
  if (!requests || !priorities || priorities.length !== requests.length) return []
  if (a.length !== 5 + 2 * requests.length || size !== requests.length) return []
  const curves = priorities.map((priority) => ({ type: RECTANGULAR, priority, width }))
  if (Number.isNaN(width) || priorities.some((p) => Number.isNaN(p))) return requests.map(() => NaN)
  return allocate(requests, curves, supply)
})
