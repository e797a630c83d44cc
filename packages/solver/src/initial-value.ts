import type { GraphicalFunction } from '@stockflow/model'
import type { Clock } from './builtin-value.js'
import { evaluateIR } from './evaluate-ir.js'
import type { IREnvironment } from './evaluate-ir.js'
import type { IR } from './ir.js'
import { readGraph } from './runtime.js'

/** Where a slot's value at the start comes from, as the lowering knows it so far. */
export interface StartSources {
  /** A parameter's default value. */
  param(slot: number): number | undefined
  /** What the initial pass computes the slot from (a stock's initial value, an auxiliary's equation, ...). */
  initial(slot: number): IR | undefined
  /** Makes the slot's equation known when it is built later (see ExpansionContext.later); false if none is. */
  settle(slot: number): boolean
  table(k: number): GraphicalFunction
  clock(): Clock
}

/**
 * The value of an expression at the start of a run, computed from the lowering's equations as the
 * initial pass will compute it: for what the stages of Vensim's DELAY N and SMOOTH N are fixed by.
 * NaN where it cannot be known before a run (random draws, a value depending on itself).
 */
export function startValue(expr: IR, sources: StartSources): number {
  const known = new Map<number, number>()
  const visiting = new Set<number>()
  const slotValue = (i: number): number => {
    const cached = known.get(i)
    if (cached !== undefined) return cached
    const p = sources.param(i)
    if (p !== undefined) return p
    if (visiting.has(i)) return NaN
    visiting.add(i)
    let init = sources.initial(i)
    if (init === undefined && sources.settle(i)) init = sources.initial(i)
    const v = init === undefined ? NaN : evaluateIR(init, env)
    visiting.delete(i)
    known.set(i, v)
    return v
  }
  const env: IREnvironment = {
    slot: slotValue,
    table: (k, x) => readGraph(sources.table(k), x),
    // Read when a builtin needs it, as the lowering may settle it late.
    get clock() {
      return sources.clock()
    },
  }
  return evaluateIR(expr, env)
}
