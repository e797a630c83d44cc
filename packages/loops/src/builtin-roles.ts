import type { Expr } from '@stockflow/model'
import { findBuiltin } from '@stockflow/model/internal'

/** A call node of the equation AST. */
export type CallExpr = Extract<Expr, { type: 'call' }>

/** Whether a call keeps state or draws random numbers: its value cannot be recomputed from its arguments. */
export function hasHiddenState(e: Expr): boolean {
  if (e.type !== 'call') return false
  const kind = findBuiltin(e.fn)?.kind
  return kind === 'stateful' || kind === 'random'
}
