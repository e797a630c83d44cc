import { findBuiltin, formatNumber, quoteName } from '@stockflow/model'
import type { Expr } from '@stockflow/model'

/** Writes an expression as equation text that parses back to the same tree (fully parenthesised). */
export function printExpr(e: Expr): string {
  switch (e.type) {
    case 'num':
      return formatNumber(e.value)
    case 'ref':
      return quoteName(e.name)
    case 'unary':
      return e.op === 'not' ? `(not ${printExpr(e.arg)})` : `(${e.op}${printExpr(e.arg)})`
    case 'binary':
      if (e.op === '%') return `mod(${printExpr(e.left)}, ${printExpr(e.right)})`
      return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`
    case 'if':
      return `(${printExpr(e.cond)} ? ${printExpr(e.then)} : ${printExpr(e.else)})`
    case 'lookup':
      return `${quoteName(e.name)}(${printExpr(e.arg)})`
    case 'call':
      if (e.args.length === 0 && findBuiltin(e.fn)?.kind === 'clock') return e.fn
      return `${e.fn}(${e.args.map(printExpr).join(', ')})`
  }
}
