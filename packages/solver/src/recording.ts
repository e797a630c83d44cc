/**
 * What a run records at each save point, and where each value goes.
 *
 * The recorded slots are the distinct outputs in slot order; the outputs keep the order they were
 * asked for through `place`. Small models (slots in locals, see loop.ts) write each value straight
 * into its column: a few columns stay in cache, and the run's series are views on them. Large models
 * write rows (`byRow`): a row is a few copies of contiguous ranges of the state vector (slots are
 * numbered by kind and evaluation order, so public variables mostly sit in a few long ranges), each one
 * `Float64Array.set`, about 3x faster than reading slots one by one and far faster than scattering a
 * wide row over thousands of columns; the run makes columns on first use (see Run).
 */
export interface Recording {
  /** Values are stored row after row (else column after column). */
  readonly byRow: boolean
  /** The recorded slots, distinct and ascending: the row, position by position. */
  readonly slots: Int32Array
  /** For output j (in the order asked for), its position in the row. */
  readonly place: Int32Array
  /** Runs of consecutive slots: [first slot, length] pairs, in row order. */
  readonly ranges: Int32Array
}

/** The recording of the given output slots (repeats allowed). */
export function recordingOf(outputSlots: ArrayLike<number>, byRow: boolean): Recording {
  const slots = Int32Array.from(new Set(Array.from(outputSlots))).sort()
  const position = new Map<number, number>()
  slots.forEach((s, p) => position.set(s, p))
  const place = Int32Array.from(outputSlots, (s) => position.get(s)!)
  const ranges: number[] = []
  for (let p = 0; p < slots.length; p++) {
    if (p > 0 && slots[p] === slots[p - 1]! + 1) ranges[ranges.length - 1]!++
    else ranges.push(slots[p]!, 1)
  }
  return { byRow, slots, place, ranges: Int32Array.from(ranges) }
}

/** Ranges of at most this many slots are copied value by value: cheaper than a call to `set`. */
export const SHORT_RANGE = 8
