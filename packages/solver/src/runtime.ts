import { StockflowError } from '@stockflow/model'
import type { GraphicalFunction, LookupMode } from '@stockflow/model'

/**
 * Functions the generated code calls to read graphical functions, and the ring buffer of DELAY FIXED
 * (builtins' functions are in builtin-table.ts). They are passed in as parameters of the generated
 * factory, so calls are direct and monomorphic; keep them small so V8 inlines them.
 */

/**
 * Graphical functions are read from packed arrays: the points of table k are `xs[o .. o + n - 1]`
 * and `ys[o .. o + n - 1]` (generated code packs every table of a model into one pair of arrays, so a
 * loop over lookups in many tables reads two arrays instead of two per table).
 */

/**
 * Index (in the packed arrays) of the segment holding `x` (xs[i] <= x < xs[i+1]), for x strictly
 * inside the table `o, n`. Generated code passes `hint[k]`, the segment table k found last time,
 * counted from `o`: inputs such as TIME move little between calls, so that segment or the next one
 * usually holds x and the bisection is skipped. A hint only saves time; the answer is the same
 * without it.
 */
export function segment(xs: ArrayLike<number>, o: number, n: number, x: number, hint?: Int32Array, k = 0): number {
  if (hint) {
    const i = o + hint[k]!
    if (i + 1 < o + n && xs[i]! <= x) {
      if (x < xs[i + 1]!) return i
      if (i + 2 < o + n && x < xs[i + 2]!) {
        hint[k] = i + 1 - o
        return i + 1
      }
    }
  }
  let lo = o
  let hi = o + n - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! <= x) lo = mid
    else hi = mid
  }
  if (hint) hint[k] = lo - o
  return lo
}

/** A graphical function read linearly between points and held flat beyond the ends. */
export function lookupClamped(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  o: number,
  n: number,
  x: number,
  hint?: Int32Array,
  k?: number,
): number {
  if (x <= xs[o]!) return ys[o]!
  const last = o + n - 1
  if (x >= xs[last]!) return ys[last]!
  const i = segment(xs, o, n, x, hint, k)
  const x0 = xs[i]!
  return ys[i]! + ((ys[i + 1]! - ys[i]!) * (x - x0)) / (xs[i + 1]! - x0)
}

/** Linear between points and continued along the end segments beyond them. */
export function lookupExtrapolated(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  o: number,
  n: number,
  x: number,
  hint?: Int32Array,
  k?: number,
): number {
  if (n === 1) return ys[o]!
  const i = x <= xs[o]! ? o : x >= xs[o + n - 1]! ? o + n - 2 : segment(xs, o, n, x, hint, k)
  return ys[i]! + ((ys[i + 1]! - ys[i]!) * (x - xs[i]!)) / (xs[i + 1]! - xs[i]!)
}

/** A step function: the y of the last point at or before x. */
export function lookupDiscrete(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  o: number,
  n: number,
  x: number,
  hint?: Int32Array,
  k?: number,
): number {
  if (x < xs[o]!) return ys[o]!
  if (x >= xs[o + n - 1]!) return ys[o + n - 1]!
  return ys[segment(xs, o, n, x, hint, k)]!
}

/**
 * Vensim's LOOKUP FORWARD: the y of the first point at or after x (a point's own y at the point),
 * held beyond the ends.
 */
export function lookupForward(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  o: number,
  n: number,
  x: number,
  hint?: Int32Array,
  k?: number,
): number {
  if (x <= xs[o]!) return ys[o]!
  if (x >= xs[o + n - 1]!) return ys[o + n - 1]!
  const i = segment(xs, o, n, x, hint, k)
  return xs[i] === x ? ys[i]! : ys[i + 1]!
}

/** The longest DELAY FIXED, in steps, a run may hold in memory. */
const MAX_DELAY_STEPS = 2 ** 26

/** The ring buffer behind DELAY FIXED, counted in steps. */
export class Pipeline {
  private buffer = new Float64Array(1)
  private steps = 1
  private initial = 0

  reset(delaySteps: number, initial: number): void {
    if (!(delaySteps <= MAX_DELAY_STEPS)) {
      throw new StockflowError(
        `DELAY FIXED would remember ${delaySteps} steps, more than ${MAX_DELAY_STEPS}; shorten its delay or raise dt`,
      )
    }
    this.steps = Math.max(1, Math.round(delaySteps))
    this.buffer = new Float64Array(this.steps)
    this.initial = initial
  }

  /** The input of `steps` steps ago, or the initial value before that. */
  read(step: number): number {
    return step < this.steps ? this.initial : this.buffer[step % this.steps]!
  }

  write(step: number, value: number): void {
    this.buffer[step % this.steps] = value
  }
}

/** A graphical function read as the generated code reads it, by its mode. */
export function readGraph(g: GraphicalFunction, x: number): number {
  if (g.x.length === 0) return NaN
  return LOOKUP_BY_MODE[g.mode ?? 'continuous'](g.x, g.y, 0, g.x.length, x)
}

/** The lookup function of each mode. */
const LOOKUP_BY_MODE: Readonly<Record<LookupMode, typeof lookupClamped>> = {
  continuous: lookupClamped,
  extrapolate: lookupExtrapolated,
  discrete: lookupDiscrete,
  forward: lookupForward,
}

/** The lookup functions, in the order the generated factory receives them (after the builtins'). */
export const LOOKUP_HELPERS = {
  lookupClamped,
  lookupExtrapolated,
  lookupDiscrete,
  lookupForward,
  segment,
} as const
