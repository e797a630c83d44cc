import type { Expr } from '@stockflow/model'
import { findBuiltin } from '@stockflow/model/internal'

/** A call node of the equation AST. */
export type CallExpr = Extract<Expr, { type: 'call' }>

// Asked at every evaluation of every call: the answer is kept per builtin name.
const hidden = new Map<string, boolean>()

/** Whether a call keeps state or draws random numbers: its value cannot be recomputed from its arguments. */
export function hasHiddenState(e: Expr): boolean {
  if (e.type !== 'call') return false
  let h = hidden.get(e.fn)
  if (h === undefined) {
    const kind = findBuiltin(e.fn)?.kind
    hidden.set(e.fn, (h = kind === 'stateful' || kind === 'random'))
  }
  return h
}
