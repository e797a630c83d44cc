import type { BinaryOp } from '@stockflow/model'
import type { ClockRole, Target } from './builtin-table.js'
import type { IR, RangeFn } from './ir.js'
import { asmLiteral, literal } from './literals.js'

/**
 * How a target language writes each form of the IR: JavaScript (codegen.ts) and asm.js (asm.ts)
 * differ in types and names, not in the walk. Arguments are code already emitted.
 */
export interface Dialect {
  num(v: number): string
  slot(i: number): string
  /** A lookup of table `k` at `x`. */
  table(k: number, x: string): string
  /** A reduction over `n` slots from `base`, `stride` apart (ranges.ts). */
  range(fn: RangeFn, base: number, n: number, stride: number): string
  neg(a: string): string
  not(a: string): string
  binary(op: BinaryOp, l: string, r: string): string
  cond(c: string, a: string, b: string): string
  call(name: string, args: string[]): string
}

/**
 * Emits code for an IR expression in a dialect, operands left to right (inline lookups rely on it:
 * a lookup inside another's argument is written first). Only slot indices, numbers and fixed names
 * appear in the code.
 */
export function emitIn(d: Dialect): (ir: IR) => string {
  const e = (ir: IR): string => {
    switch (ir.t) {
      case 'num':
        return d.num(ir.v)
      case 'slot':
        return d.slot(ir.i)
      case 'un':
        return ir.op === '-' ? d.neg(e(ir.a)) : ir.op === '+' ? e(ir.a) : d.not(e(ir.a))
      case 'bin': {
        const l = e(ir.l)
        return d.binary(ir.op, l, e(ir.r))
      }
      case 'if': {
        const c = e(ir.c)
        const a = e(ir.a)
        return d.cond(c, a, e(ir.b))
      }
      case 'table':
        return d.table(ir.k, e(ir.a))
      case 'fn':
        return d.call(ir.fn, ir.args.map(e))
      case 'range':
        return d.range(ir.fn, ir.base, ir.n, ir.stride)
    }
  }
  return e
}

/**
 * The names generated code gives the clock: every generated function has the time `t`, the step `dt`
 * and the run's start and stop `t0` and `t1` in scope, and JavaScript's the inputs' time `ti` (see
 * ClockRole; the asm.js module, never adaptive, reads `t` there). The time of the step being taken,
 * `tk`, is a variable of the whole generated module, set where each step starts.
 */
export const CLOCK: Readonly<Record<ClockRole, string>> = {
  time: 't',
  input: 'ti',
  step: 'tk',
  dt: 'dt',
  start: 't0',
  stop: 't1',
}

/** How generated JavaScript names the clock and writes numbers in builtins' calls (builtin-table.ts). */
export const JS_TARGET: Target = { code: 'js', clock: CLOCK, number: literal }

/** The same in the asm.js module: never adaptive, its inputs read the time itself. */
export const ASM_TARGET: Target = { code: 'asm', clock: { ...CLOCK, input: CLOCK.time }, number: asmLiteral }
