import { canonicalId } from '@stockflow/model'
import type { XExpr } from './expression.js'
import { ExpressionError } from './tokenize.js'
import { displayName } from './variables.js'

/** Builtins whose arguments may name the variable being defined as SELF. */
const TAKES_SELF = new Set(['previous', 'init'])

/**
 * Replaces XMILE's SELF, "the variable the equation defines" (XMILE 1.0, built-in functions,
 * miscellaneous), by that variable's name `own`. The spec allows it only in PREVIOUS, as in
 * `PREVIOUS(SELF, 0)`, and in the array function SIZE; INIT(SELF) reads the same way. Elsewhere it
 * is an ExpressionError at its offset. Runs on resolved calls (builtins). `SIZE(SELF)` is `count`, the
 * number of elements of the variable (1 when it is not arrayed).
 */
export function resolveSelf(expr: XExpr, own: string, count = 1): XExpr {
  const isSelf = (e: XExpr | undefined) => e?.t === 'name' && !e.subs && canonicalId(displayName(e.name)) === 'self'
  const go = (e: XExpr, inside: boolean): XExpr => {
    switch (e.t) {
      case 'name':
        if (canonicalId(displayName(e.name)) !== 'self') return e
        if (!inside) throw new ExpressionError('SELF is only valid inside PREVIOUS, INIT or SIZE', e.start)
        return { ...e, name: own }
      case 'unary':
        return { ...e, arg: go(e.arg, inside) }
      case 'binary':
        return { ...e, left: go(e.left, inside), right: go(e.right, inside) }
      case 'if':
        return { ...e, cond: go(e.cond, inside), then: go(e.then, inside), else: go(e.else, inside) }
      case 'builtin':
        if (e.fn === 'size' && e.args.length === 1 && isSelf(e.args[0])) return { t: 'num', value: count }
        return { ...e, args: e.args.map((a) => go(a, inside || TAKES_SELF.has(e.fn))) }
      case 'lookup':
        return { ...e, arg: go(e.arg, inside) }
      default:
        return e
    }
  }
  return go(expr, false)
}
