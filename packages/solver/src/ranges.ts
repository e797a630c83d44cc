import { JS_HELPERS } from './builtin-table.js'
import type { IR, RangeFn } from './ir.js'
import { fn, slot } from './ir-build.js'

/**
 * Reductions as loops. Flattening writes `SUM(pop[*])` as the flat call `sum(pop[r1], ..., pop[rn])`;
 * once the program is laid out (each array in contiguous slots, see lower.ts) its arguments are slots
 * `base, base + stride, ...`, and the call becomes a `range` node: generated JavaScript calls a helper
 * looping over the state vector (`sumRange(v, base, n, stride)`), the asm.js module its twin over
 * its heap (`sumRange(base, n, stride)`, both in array-reductions.ts), and the code no longer grows
 * with the array.
 */

/** The helper generated JavaScript calls for each reduction over a range of `v`. */
export const RANGE_HELPER: Readonly<Record<RangeFn, string>> = {
  sum: 'sumRange',
  prod: 'prodRange',
  min: 'minRange',
  max: 'maxRange',
  mean: 'meanRange',
  stddev: 'stddevRange',
}

/** Fewer arguments than this stay a call (two-argument MIN and MAX keep their `Math.min(a, b)`). */
export const MIN_RANGE = 3

const isRangeFn = (name: string): name is RangeFn => Object.hasOwn(RANGE_HELPER, name)

/** The reductions generated JavaScript can loop over: those whose helper the builtin table provides. */
function available(name: RangeFn, helpers: Readonly<Record<string, unknown>>): boolean {
  return typeof helpers[RANGE_HELPER[name]] === 'function'
}

/**
 * The range a flat call's arguments form, if they are MIN_RANGE or more slots evenly spaced upwards;
 * undefined otherwise (an argument that is an expression, slots out of order).
 */
function rangeOf(name: RangeFn, args: readonly IR[]): IR | undefined {
  if (args.length < MIN_RANGE) return undefined
  const first = args[0]!
  const second = args[1]!
  if (first.t !== 'slot' || second.t !== 'slot') return undefined
  const stride = second.i - first.i
  if (stride <= 0) return undefined
  for (let j = 2; j < args.length; j++) {
    const a = args[j]!
    if (a.t !== 'slot' || a.i !== first.i + j * stride) return undefined
  }
  return { t: 'range', fn: name, base: first.i, n: args.length, stride }
}

/**
 * The expression with every reduction over evenly spaced slots written as a range; the same object
 * when there is none (most expressions), so that laying out a large model allocates nothing here.
 */
export function withRanges(ir: IR, helpers: Readonly<Record<string, unknown>> = JS_HELPERS): IR {
  switch (ir.t) {
    case 'num':
    case 'slot':
    case 'range':
      return ir
    case 'un': {
      const a = withRanges(ir.a, helpers)
      return a === ir.a ? ir : { ...ir, a }
    }
    case 'bin': {
      const l = withRanges(ir.l, helpers)
      const r = withRanges(ir.r, helpers)
      return l === ir.l && r === ir.r ? ir : { ...ir, l, r }
    }
    case 'if': {
      const c = withRanges(ir.c, helpers)
      const a = withRanges(ir.a, helpers)
      const b = withRanges(ir.b, helpers)
      return c === ir.c && a === ir.a && b === ir.b ? ir : { ...ir, c, a, b }
    }
    case 'table': {
      const a = withRanges(ir.a, helpers)
      return a === ir.a ? ir : { ...ir, a }
    }
    case 'fn': {
      if (isRangeFn(ir.fn) && available(ir.fn, helpers)) {
        const range = rangeOf(ir.fn, ir.args)
        if (range) return range
      }
      let changed = false
      const args = ir.args.map((a) => {
        const b = withRanges(a, helpers)
        if (b !== a) changed = true
        return b
      })
      return changed ? { ...ir, args } : ir
    }
  }
}

/** A range as the flat call it stands for, one argument per slot (for code that keeps slots in locals). */
export function rangeCall(ir: Extract<IR, { t: 'range' }>): IR {
  return fn(ir.fn, ...Array.from({ length: ir.n }, (_, j) => slot(ir.base + j * ir.stride)))
}
