import { StockflowError } from '@stockflow/model'
import type { Program } from './lower.js'

/**
 * Expands the pulses of PULSE, PULSE TRAIN and Vensim's PULSE into the times where the adaptive method restarts,
 * for the generated `breaks` function. `b` collects every input's times; `k` is the breakpoint (of
 * `program.breakpoints`) being expanded, named in the error when the times would pass the limit.
 */
export interface BreakSeries {
  /** PULSE: `first`, then every `interval` (once when interval <= 0), each pulse lasting one dt. */
  every(b: number[], k: number, first: number, interval: number, dt: number, t1: number): void
  /**
   * PULSE TRAIN: from `start` every `interval`, each pulse lasting `width` (at least `dt`), none after
   * `end`; Vensim's pulses switch at whole steps from `t0` (see `held` in builtin-table.ts).
   */
  train(
    b: number[],
    k: number,
    start: number,
    width: number,
    interval: number,
    end: number,
    t0: number,
    dt: number,
    t1: number,
  ): void
  /** Vensim's PULSE (VENSIM_PULSE): on at the step `start` falls in, off `width` (0: one dt) later. */
  window(b: number[], k: number, start: number, width: number, t0: number, dt: number): void
  /** The input that gave the most times, as `PULSE in "x"`, for messages; undefined when none did. */
  busiest(): string | undefined
}

/** The most restart times any run may hold, whatever its budget: the list and its sorted copy stay small. */
export const MAX_BREAKPOINTS = 2 ** 22

/**
 * Pulse expansion bounded to `limit` times in all (see BreakSeries), starting at `t0`. Pulses over
 * before `t0` are skipped by arithmetic rather than walked (a pulse train from -1e9 would take 1e9
 * steps to reach the run); from there the times accumulate as they always have.
 */
export function breakSeries(program: Program, t0: number, limit: number): BreakSeries {
  // Times given by each breakpoint, and its name, for `busiest`.
  const given = new Map<number, { name: string; count: number }>()
  const pulses = (
    b: number[],
    k: number,
    first: number,
    length: number,
    interval: number,
    last: number,
    name: string,
  ) => {
    let s = first
    // A pulse starting at s matters while s + length is still ahead of t0.
    const skip = interval > 0 ? Math.floor((t0 - Math.max(length, 0) - first) / interval) : 0
    if (skip > 0) s = first + skip * interval
    if (!(s <= last)) return
    const count = interval > 0 ? 2 * (Math.floor((last - s) / interval) + 1) : 2
    if (b.length + count > limit) throw tooMany(program, k, name, count, limit)
    const before = b.length
    while (s <= last) {
      if (b.length + 2 > limit) throw tooMany(program, k, name, count, limit)
      b.push(s, s + length)
      // An interval below the rounding of s gives no new time (it used to loop forever).
      if (!(interval > 0) || s + interval === s) break
      s += interval
    }
    const entry = given.get(k) ?? { name: described(program, k, name), count: 0 }
    entry.count += b.length - before
    given.set(k, entry)
  }
  return {
    every: (b, k, first, interval, dt, t1) => pulses(b, k, first, dt, interval, t1, 'PULSE'),
    train: (b, k, start, width, interval, end, t0, dt, t1) => {
      const before = b.length
      pulses(b, k, start, Math.max(width, dt), interval, Math.min(end, t1), 'PULSE TRAIN')
      if (b.length === before) return
      for (let i = before; i < b.length; i++) b[i] = onStep(b[i]!, t0, dt)
      // The pulse running at `end` stops at the step after it.
      b.push(t0 + (Math.floor((end - t0) / dt + 1e-9) + 1) * dt)
    },
    window: (b, _k, start, width, t0, dt) => {
      b.push(onStep(start, t0, dt), onStep(start + (width === 0 ? dt : width), t0, dt))
    },
    busiest: () => [...given.values()].sort((x, y) => y.count - x.count)[0]?.name,
  }
}

/** The first step where Time + DT/2 passes `x`: where a Vensim input held at whole steps switches at `x`. */
function onStep(x: number, t0: number, dt: number): number {
  return t0 + (Math.floor((x - t0) / dt - 0.5) + 1) * dt
}

function described(program: Program, k: number, name: string): string {
  const owner = program.breakpoints[k]?.owner
  return owner === undefined ? name : `${name} in "${owner}"`
}

function tooMany(program: Program, k: number, name: string, count: number, limit: number): StockflowError {
  const many = count < 1e6 ? String(count) : count.toPrecision(2).replace('e+', 'e')
  return new StockflowError(
    `${described(program, k, name)} makes ${many} breakpoints for the adaptive method, more than its limit of ${limit.toLocaleString('en-US')}; widen the pulses or their interval, or use a fixed-step method (--method rk4)`,
  )
}
