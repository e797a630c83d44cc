import { findBuiltin, formatNumber, nameText, quoteName } from '@stockflow/model/internal'
import type { XExpr, XSubscript } from './expression.js'
import { ExpressionError } from './tokenize.js'

/** Binding strength of each node when printed in stockflow (mathjs) syntax; higher binds tighter. */
const Level = { Conditional: 1, Or: 2, And: 3, Compare: 4, Add: 5, Multiply: 6, Unary: 7, Power: 8, Atom: 9 } as const
type Level = (typeof Level)[keyof typeof Level]

const BINARY: Readonly<Record<string, { text: string; level: Level }>> = {
  or: { text: 'or', level: Level.Or },
  and: { text: 'and', level: Level.And },
  '=': { text: '==', level: Level.Compare },
  '<>': { text: '!=', level: Level.Compare },
  '<': { text: '<', level: Level.Compare },
  '<=': { text: '<=', level: Level.Compare },
  '>': { text: '>', level: Level.Compare },
  '>=': { text: '>=', level: Level.Compare },
  '+': { text: '+', level: Level.Add },
  '-': { text: '-', level: Level.Add },
  '*': { text: '*', level: Level.Multiply },
  '/': { text: '/', level: Level.Multiply },
  '^': { text: '^', level: Level.Power },
}

function level(e: XExpr): Level {
  switch (e.t) {
    case 'if':
      return Level.Conditional
    case 'binary':
      return BINARY[e.op]?.level ?? Level.Atom
    case 'unary':
      return Level.Unary
    default:
      return Level.Atom
  }
}

/** Subscripts in stockflow syntax: `[north, *, Region!, 2]` (names underscored or quoted). */
export function subscriptsText(subs: readonly XSubscript[] | undefined): string {
  if (!subs) return ''
  const one = (s: XSubscript) =>
    s.kind === 'name'
      ? nameText(s.name)
      : s.kind === 'bang'
        ? `${nameText(s.name)}!`
        : s.kind === 'star'
          ? '*'
          : String(s.position)
  return `[${subs.map(one).join(', ')}]`
}

/**
 * Prints an expression whose calls are resolved (builtins and lookups only) as stockflow equation
 * text. `ref` gives the text a reference stands for (usually `nameText` of an element's name);
 * `subscripted` says the reference is followed by subscripts.
 * Parentheses go wherever mathjs would group differently from XMILE; comparisons never chain
 * (mathjs reads `a < b < c` as `a < b and b < c`).
 */
export function printEquation(expr: XExpr, ref: (name: string, subscripted: boolean) => string): string {
  const wrap = (e: XExpr, parens: boolean) => (parens ? `(${p(e)})` : p(e))
  const p = (e: XExpr): string => {
    switch (e.t) {
      case 'num':
        return formatNumber(e.value)
      case 'name':
        // The importer turns `a'` into subscripts; without the model's dimensions it cannot be said.
        if (e.transposed) throw new ExpressionError(`unsupported: transposition (${e.name}')`, e.start, 'transposition')
        return ref(e.name, e.subs !== undefined) + subscriptsText(e.subs)
      case 'unary': {
        const op = e.op === 'not' ? 'not ' : e.op
        return op + wrap(e.arg, level(e.arg) < Level.Power)
      }
      case 'binary': {
        const { text, level: l } = BINARY[e.op]!
        if (l === Level.Power)
          return `${wrap(e.left, level(e.left) < Level.Atom)} ^ ${wrap(e.right, level(e.right) < Level.Atom)}`
        // Same-level operands on the right keep their parentheses, so sums add in the order written.
        const left = level(e.left) < l || (l === Level.Compare && level(e.left) === l)
        return `${wrap(e.left, left)} ${text} ${wrap(e.right, level(e.right) <= l)}`
      }
      case 'if':
        // Inside any operator a conditional is wrapped by its parent (mathjs's ?: binds loosest).
        return `${wrap(e.cond, level(e.cond) < Level.Atom)} ? ${wrap(e.then, level(e.then) <= Level.Conditional)} : ${wrap(e.else, level(e.else) <= Level.Conditional)}`
      case 'builtin': {
        if (findBuiltin(e.fn)?.kind === 'clock') return e.fn
        return `${e.fn}(${e.args.map(p).join(', ')})`
      }
      case 'lookup':
        return `${quoteName(e.name)}${subscriptsText(e.subs)}(${p(e.arg)})`
      case 'call':
        throw new ExpressionError(`unresolved call of ${e.name}`, e.start)
    }
  }
  return p(expr)
}
