import { clip, mod, pulse, pulseTrain, ramp, round, safediv, step } from './runtime.js'

/** The clock a builtin may read. */
export interface Clock {
  readonly time: number
  readonly dt: number
  readonly start: number
  readonly stop: number
}

const MATH: Readonly<Record<string, (...a: number[]) => number>> = {
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  exp: Math.exp,
  ln: Math.log,
  log10: Math.log10,
  log: (x, b) => Math.log(x) / Math.log(b),
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  int: Math.floor,
  integer: Math.trunc,
  round,
  mod,
  modulo: (a, b) => a % b,
  safediv: (a, b, x = 0) => safediv(a, b, x),
  clip,
  if_then_else: (c, a, b) => (c !== 0 ? a : b),
}

/**
 * The value of a builtin without state (math, clock, test inputs) for numbers already computed, with
 * the same helpers the generated code uses. For interpreters that read a finished run (behaviour
 * checks, loop scores); NaN for a builtin that keeps state.
 */
export function builtinValue(fn: string, a: readonly number[], clock: Clock): number {
  const { time: t, dt } = clock
  switch (fn) {
    case 'time':
      return t
    case 'dt':
      return dt
    case 'starttime':
      return clock.start
    case 'stoptime':
      return clock.stop
    case 'pi':
      return Math.PI
    case 'step':
      return step(t, dt, a[0]!, a[1]!)
    case 'pulse':
      return pulse(t, dt, a[0]!, a[1]!, a[2] ?? 0)
    case 'pulse_train':
      return pulseTrain(t, dt, a[0]!, a[1]!, a[2]!, a[3]!)
    case 'ramp':
      return ramp(t, a[0]!, a[1]!, a[2] ?? Infinity)
    default: {
      const f = MATH[fn]
      return f ? f(...a) : NaN
    }
  }
}
