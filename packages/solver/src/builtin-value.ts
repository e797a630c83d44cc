import { solverBuiltin } from './builtin-table.js'
import type { ClockRole } from './builtin-table.js'

/** The clock a builtin may read. */
export interface Clock {
  readonly time: number
  readonly dt: number
  readonly start: number
  readonly stop: number
}

/** The interpreter's clock values (it has no adaptive pieces: inputs see the time itself). */
const CLOCK_VALUE: Readonly<Record<ClockRole, (c: Clock) => number>> = {
  time: (c) => c.time,
  input: (c) => c.time,
  step: (c) => c.time,
  dt: (c) => c.dt,
  start: (c) => c.start,
  stop: (c) => c.stop,
}

/**
 * The value of a builtin without state (math, clock, test inputs) for numbers already computed, with
 * the functions the generated code calls (builtin-table.ts). For interpreters that read a finished
 * run (behaviour checks, loop scores); NaN for a builtin that keeps state or draws.
 */
export function builtinValue(fn: string, a: readonly number[], clock: Clock): number {
  const b = solverBuiltin(fn)
  if (!b) return NaN
  const values = b.clock.map((role) => CLOCK_VALUE[role](clock))
  values.push(...a)
  for (let i = a.length; i < b.params.length && b.params[i]!.default !== undefined; i++)
    values.push(b.params[i]!.default!)
  return b.value(...values)
}
