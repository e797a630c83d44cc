import type { Expr, Subscript } from './ast.js'
import { findBuiltin } from './builtins.js'
import { formatNumber, nameText as bareName, quoteName } from './equation.js'

/** A node that names an element: a reference, or a lookup called like a function. */
export type NameNode = Extract<Expr, { readonly type: 'ref' | 'lookup' }>

/** How `printExpr` writes names and parentheses; `T` is a token of the caller's that stands for a name. */
export interface PrintOptions<T extends object = never> {
  /** A reference or a lookup's callee as equation text, or as a token of the caller's (default: the name quoted). */
  readonly name?: (node: NameNode) => string | T
  /**
   * `needed` (the default) puts parentheses where the parser would group otherwise, and for the reader
   * around a unary operand of `^` or of another unary and around a conditional inside a conditional;
   * `all` puts them around every operator and conditional, for text that reads the same under any precedence.
   */
  readonly parens?: 'needed' | 'all'
}

// How tightly each node binds under the equation parser (mathjs), loosest first.
const Level = {
  Conditional: 1,
  Or: 2,
  And: 3,
  Compare: 4,
  Add: 5,
  Multiply: 6,
  Unary: 7,
  Power: 8,
  Atom: 9,
} as const
type Level = (typeof Level)[keyof typeof Level]

function level(e: Expr): Level {
  switch (e.type) {
    case 'if':
      return Level.Conditional
    case 'unary':
      return Level.Unary
    case 'lookup':
      return Level.Atom
    case 'binary':
      switch (e.op) {
        case 'or':
          return Level.Or
        case 'and':
          return Level.And
        case '+':
        case '-':
          return Level.Add
        case '*':
        case '/':
          return Level.Multiply
        case '^':
          return Level.Power
        case '%':
          return Level.Atom // printed as a call, mod(a, b)
        default:
          return Level.Compare
      }
    default:
      return Level.Atom
  }
}

/** Subscripts as equation text: `[north, *]`, `[Region!]`, `["New York", 2]` (names keep their spelling). */
function subscripts(subs: readonly Subscript[]): string {
  const nameText = (name: string) => (bareName(name) === name ? name : quoteName(name))
  const one = (s: Subscript) =>
    s.kind === 'position'
      ? String(s.position)
      : s.kind === 'star'
        ? '*'
        : s.kind === 'bang'
          ? `${nameText(s.name)}!`
          : nameText(s.name)
  return `[${subs.map(one).join(', ')}]`
}

/**
 * Writes an expression as equation text that `parseEquation` reads back to the same tree (spans and
 * the spelling of names aside). A binary `%`, which the parser never gives (it reads `a % b` as a call),
 * is written `mod(a, b)`.
 */
export function printExpr(expr: Expr, options: PrintOptions = {}): string {
  return printExprParts(expr, options).join('')
}

/**
 * As `printExpr`, but the text comes in pieces: runs of equation text, and whatever `options.name`
 * returned where it did not return text (the DSL writer puts an element's handle there).
 */
export function printExprParts<T extends object>(expr: Expr, options: PrintOptions<T> = {}): (string | T)[] {
  const name = options.name ?? ((n: NameNode) => quoteName(n.name))
  const all = options.parens === 'all'
  const parts: (string | T)[] = []
  const emit = (p: string | T) => {
    const last = parts[parts.length - 1]
    if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p
    else parts.push(p)
  }
  // `needed`: whether the parser would group `node` otherwise here; with `all`, every operator is wrapped too.
  const operand = (node: Expr, needed: boolean) => {
    const parens = needed || (all && node.type !== 'lookup' && level(node) < Level.Atom)
    if (parens) emit('(')
    write(node)
    if (parens) emit(')')
  }
  const call = (fn: string, args: readonly Expr[]) => {
    emit(fn + '(')
    args.forEach((a, i) => {
      if (i > 0) emit(', ')
      operand(a, false)
    })
    emit(')')
  }
  const write = (node: Expr): void => {
    switch (node.type) {
      case 'num':
        emit(formatNumber(node.value))
        break
      case 'ref':
        emit(name(node))
        if (node.subs) emit(subscripts(node.subs))
        break
      case 'lookup':
        emit(name(node))
        if (node.subs) emit(subscripts(node.subs))
        emit('(')
        operand(node.arg, false)
        emit(')')
        break
      case 'call':
        if (node.args.length === 0 && findBuiltin(node.fn)?.kind === 'clock') emit(node.fn)
        else call(node.fn, node.args)
        break
      case 'unary':
        emit(node.op === 'not' ? 'not ' : node.op)
        // `- -x` would read, but `-(-x)` says what it means.
        operand(node.arg, level(node.arg) <= Level.Unary)
        break
      case 'binary': {
        if (node.op === '%') {
          call('mod', [node.left, node.right])
          break
        }
        const p = level(node)
        const l = level(node.left)
        const r = level(node.right)
        // `^` groups to the right; comparisons never chain (mathjs reads `a < b < c` as `a < b and b < c`).
        operand(node.left, l < p || (l === p && (p === Level.Power || p === Level.Compare)))
        emit(` ${node.op} `)
        operand(node.right, r < p || (r === p && p !== Level.Power))
        break
      }
      case 'if':
        operand(node.cond, level(node.cond) === Level.Conditional)
        emit(' ? ')
        operand(node.then, node.then.type === 'if')
        emit(' : ')
        operand(node.else, node.else.type === 'if')
        break
    }
  }
  operand(expr, false)
  return parts
}
