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
  const printer = new Printer(options)
  printer.operand(expr, false)
  // One join of the pieces: a flat string, not a rope of concatenations (flattening keeps 100,000 of them).
  return printer.pieces.join('')
}

/**
 * As `printExpr`, but the text comes in pieces: runs of equation text, and whatever `options.name`
 * returned where it did not return text (the DSL writer puts an element's handle there).
 */
export function printExprParts<T extends object>(expr: Expr, options: PrintOptions<T> = {}): (string | T)[] {
  const printer = new Printer(options)
  printer.operand(expr, false)
  const parts: (string | T)[] = []
  let run: string[] = []
  for (const p of printer.pieces) {
    if (typeof p === 'string') run.push(p)
    else {
      if (run.length) parts.push(run.join(''))
      run = []
      parts.push(p)
    }
  }
  if (run.length) parts.push(run.join(''))
  return parts
}

/** Subtrees several printed expressions share (the same object), and their texts once printed. */
export interface SharedText {
  readonly shared: ReadonlySet<Expr>
  readonly texts: Map<Expr, string>
}

/**
 * `printExpr` where the subtrees `sharing` names are printed once, whatever the number of expressions
 * holding them, and joined to the rest by concatenation (V8 keeps a reference, not a copy): each of
 * 100,000 shares of one SUM costs its own text, not the SUM's 100,000 names again.
 */
export function printExprSharing(expr: Expr, options: PrintOptions, sharing: SharedText): string {
  const printer = new Printer(options, sharing)
  printer.operand(expr, false)
  return printer.text()
}

const quoted = (n: NameNode) => quoteName(n.name)

/** One printing (methods rather than closures: flattening prints an equation per element, 100,000 at a time). */
class Printer<T extends object> {
  /** Text and the caller's tokens in order, text not yet joined. */
  readonly pieces: (string | T)[] = []
  private readonly name: (node: NameNode) => string | T
  private readonly all: boolean
  /** Where in `pieces` a shared subtree's text stands (see printExprSharing). */
  private readonly sharedAt: number[] = []

  constructor(
    private readonly options: PrintOptions<T>,
    private readonly sharing?: SharedText,
  ) {
    this.name = options.name ?? quoted
    this.all = options.parens === 'all'
  }

  /** The text: runs joined, shared texts concatenated (not copied). */
  text(): string {
    if (this.sharedAt.length === 0) return this.pieces.join('')
    let out = ''
    let from = 0
    for (const at of this.sharedAt) {
      out += this.pieces.slice(from, at).join('') + (this.pieces[at] as string)
      from = at + 1
    }
    return out + this.pieces.slice(from).join('')
  }

  private shared(node: Expr): boolean {
    const sharing = this.sharing
    if (!sharing || node.type !== 'call' || !sharing.shared.has(node)) return false
    let text = sharing.texts.get(node)
    if (text === undefined) {
      const inner = new Printer(this.options, sharing)
      inner.write(node)
      sharing.texts.set(node, (text = inner.text()))
    }
    this.sharedAt.push(this.pieces.length)
    this.pieces.push(text)
    return true
  }

  private emit(p: string | T): void {
    this.pieces.push(p)
  }

  /** `needed`: whether the parser would group `node` otherwise here; with `all`, every operator is wrapped too. */
  operand(node: Expr, needed: boolean): void {
    const parens = needed || (this.all && node.type !== 'lookup' && level(node) < Level.Atom)
    if (parens) this.emit('(')
    if (!this.shared(node)) this.write(node)
    if (parens) this.emit(')')
  }

  private call(fn: string, args: readonly Expr[]): void {
    this.emit(fn + '(')
    for (let i = 0; i < args.length; i++) {
      if (i > 0) this.emit(', ')
      this.operand(args[i]!, false)
    }
    this.emit(')')
  }

  private write(node: Expr): void {
    switch (node.type) {
      case 'num':
        this.emit(formatNumber(node.value))
        break
      case 'ref':
        this.emit(this.name(node))
        if (node.subs) this.emit(subscripts(node.subs))
        break
      case 'lookup':
        this.emit(this.name(node))
        if (node.subs) this.emit(subscripts(node.subs))
        this.emit('(')
        this.operand(node.arg, false)
        this.emit(')')
        break
      case 'call':
        if (node.args.length === 0 && findBuiltin(node.fn)?.kind === 'clock') this.emit(node.fn)
        else this.call(node.fn, node.args)
        break
      case 'unary':
        this.emit(node.op === 'not' ? 'not ' : node.op)
        // `- -x` would read, but `-(-x)` says what it means.
        this.operand(node.arg, level(node.arg) <= Level.Unary)
        break
      case 'binary': {
        if (node.op === '%') {
          this.call('mod', [node.left, node.right])
          break
        }
        const p = level(node)
        const l = level(node.left)
        const r = level(node.right)
        // `^` groups to the right; comparisons never chain (mathjs reads `a < b < c` as `a < b and b < c`).
        this.operand(node.left, l < p || (l === p && (p === Level.Power || p === Level.Compare)))
        this.emit(` ${node.op} `)
        this.operand(node.right, r < p || (r === p && p !== Level.Power))
        break
      }
      case 'if':
        this.operand(node.cond, level(node.cond) === Level.Conditional)
        this.emit(' ? ')
        this.operand(node.then, node.then.type === 'if')
        this.emit(' : ')
        this.operand(node.else, node.else.type === 'if')
        break
    }
  }
}
