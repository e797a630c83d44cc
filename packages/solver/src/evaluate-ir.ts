import { applyBinary, applyUnary } from '@stockflow/model/internal'
import { builtinValue } from './builtin-value.js'
import type { Clock } from './builtin-value.js'
import type { IR } from './ir.js'

/** What evaluating an IR tree outside the generated code needs: its slots, its tables and the clock. */
export interface IREnvironment {
  readonly slot: (i: number) => number
  /** A table read at x. */
  readonly table: (k: number, x: number) => number
  readonly clock: Clock
}

/**
 * The value of an IR tree, computed as the generated code would, for the few places that need one
 * value without a run (a delay's order at the start, a limited flow in the loop analysis).
 */
export function evaluateIR(ir: IR, env: IREnvironment): number {
  const go = (e: IR): number => {
    switch (e.t) {
      case 'num':
        return e.v
      case 'slot':
        return env.slot(e.i)
      case 'un':
        return applyUnary(e.op, go(e.a))
      case 'bin':
        return applyBinary(e.op, go(e.l), go(e.r))
      case 'if':
        return go(e.c) !== 0 ? go(e.a) : go(e.b)
      case 'fn':
        return builtinValue(e.fn, e.args.map(go), env.clock)
      case 'table':
        return env.table(e.k, go(e.a))
      case 'range': {
        // The flat call it stands for, so that the value is the variadic builtin's.
        const values = Array.from({ length: e.n }, (_, j) => env.slot(e.base + j * e.stride))
        return builtinValue(e.fn, values, env.clock)
      }
    }
  }
  return go(ir)
}
