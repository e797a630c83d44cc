import type { Expr } from './ast.js'
import { applyBinary, applyUnary } from './ast.js'

/** Numbers the flattening put in place of a dimension's name, and what it folded from them: never written by the modeler. */
const substituted = new WeakSet<Expr>()

/** A number the flattening substituted (an element's position), marked as such. */
export function substitutedPosition(value: number): Expr {
  const e: Expr = { type: 'num', value }
  substituted.add(e)
  return e
}

/** Whether a number node was substituted by the flattening rather than written in the equation. */
export function isSubstituted(e: Expr): boolean {
  return substituted.has(e)
}

const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=', 'and', 'or'])

/**
 * Folds what a substitution made constant: a comparison or logic on numbers one of which is a
 * position, `not` of one, arithmetic on positions only, and a condition so decided (only the branch taken is kept,
 * so analyses see no dependency that can never act). Numbers the modeler wrote stay as written.
 */
export function foldSubstituted(e: Expr): Expr {
  if (e.type === 'if')
    return e.cond.type === 'num' && substituted.has(e.cond) ? (e.cond.value !== 0 ? e.then : e.else) : e
  // Only logic is folded: a sign stays as written (`-Age` prints as itself).
  if (e.type === 'unary') {
    const logic = e.op === 'not' && e.arg.type === 'num' && substituted.has(e.arg)
    return logic ? substitutedPosition(applyUnary(e.op, e.arg.value)) : e
  }
  if (e.type !== 'binary' || e.left.type !== 'num' || e.right.type !== 'num') return e
  const left = substituted.has(e.left)
  const right = substituted.has(e.right)
  const fold = COMPARISONS.has(e.op) ? left || right : left && right
  return fold ? substitutedPosition(applyBinary(e.op, e.left.value, e.right.value)) : e
}
