import type { UnsupportedFeature } from './errors.js'
import { ExpressionError, tokenize } from './tokenize.js'
import type { Token } from './tokenize.js'

/** Binary operators of XMILE expressions (`=` compares, `<>` is not-equal, `mod` is the MOD operator). */
export type XBinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '<' | '<=' | '>' | '>=' | '=' | '<>' | 'and' | 'or'

/**
 * One subscript of an arrayed reference as written: a name (an element, possibly qualified `Dim.elem`,
 * or a dimension), a 1-based position, `*` (every element), or `*:Dim`, XMILE's wildcard over one
 * dimension (a bang in the model, `Dim!`), also read from Vensim's `Dim!`.
 */
export type XSubscript =
  | { readonly kind: 'name'; readonly name: string; readonly start: number }
  | { readonly kind: 'position'; readonly position: number }
  | { readonly kind: 'star' }
  | { readonly kind: 'bang'; readonly name: string; readonly start: number }

/**
 * An XMILE expression as read. `call` is a function as written; `builtin` (a stockflow builtin by its
 * canonical name) and `lookup` (a graphical function applied to a value) appear once calls are resolved.
 */
export type XExpr =
  | { readonly t: 'num'; readonly value: number }
  | {
      readonly t: 'name'
      readonly name: string
      readonly start: number
      readonly subs?: readonly XSubscript[]
      /** Written `a'`: the array transposed. */
      readonly transposed?: true
    }
  | {
      readonly t: 'call'
      readonly name: string
      readonly args: readonly XExpr[]
      readonly start: number
      readonly subs?: readonly XSubscript[]
    }
  | { readonly t: 'builtin'; readonly fn: string; readonly args: readonly XExpr[] }
  | { readonly t: 'lookup'; readonly name: string; readonly arg: XExpr; readonly subs?: readonly XSubscript[] }
  | { readonly t: 'unary'; readonly op: '-' | '+' | 'not'; readonly arg: XExpr }
  | { readonly t: 'binary'; readonly op: XBinaryOp; readonly left: XExpr; readonly right: XExpr }
  | { readonly t: 'if'; readonly cond: XExpr; readonly then: XExpr; readonly else: XExpr }

const EQUALITY: Readonly<Record<string, XBinaryOp>> = { '=': '=', '==': '=', '<>': '<>', '!=': '<>' }
const RELATIONAL = new Set(['<', '<=', '>', '>='])

/** Words that are operators or keywords wherever they stand between operands. */
const KEYWORDS = new Set(['and', 'or', 'not', 'mod', 'if', 'then', 'else'])

/**
 * Parses XMILE equation text: `IF c THEN a ELSE b` (nested, any case), AND/OR/NOT, `=` and `<>`,
 * MOD as an operator, `^` binding tighter than unary minus (`-2^2` is -4) and right-associative.
 * Throws an ExpressionError with the offset of the problem.
 */
export function parseXmileExpression(text: string): XExpr {
  return new Parser(tokenize(text)).run()
}

class Parser {
  private pos = 0
  constructor(private readonly tokens: Token[]) {}

  run(): XExpr {
    if (this.peek().kind === 'end') throw new ExpressionError('the equation is empty', 0)
    const e = this.expr()
    const t = this.peek()
    if (t.kind !== 'end') throw new ExpressionError(`unexpected ${describe(t)}`, t.start)
    return e
  }

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!
  }

  private next(): Token {
    const t = this.peek()
    if (t.kind !== 'end') this.pos++
    return t
  }

  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k)
    return t.kind === 'op' && t.text === text
  }

  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k)
    return t.kind === 'name' && t.text.toLowerCase() === word
  }

  private expect(text: string): void {
    const t = this.next()
    if (!(t.kind === 'op' && t.text === text) && !(t.kind === 'name' && t.text.toLowerCase() === text)) {
      throw new ExpressionError(`expected ${text.toUpperCase()} but found ${describe(t)}`, t.start)
    }
  }

  private expr(): XExpr {
    return this.or()
  }

  private or(): XExpr {
    let left = this.and()
    while (this.isWord('or')) {
      this.next()
      left = { t: 'binary', op: 'or', left, right: this.and() }
    }
    return left
  }

  private and(): XExpr {
    let left = this.equality()
    while (this.isWord('and')) {
      this.next()
      left = { t: 'binary', op: 'and', left, right: this.equality() }
    }
    return left
  }

  private equality(): XExpr {
    let left = this.relational()
    for (let t = this.peek(); t.kind === 'op' && EQUALITY[t.text]; t = this.peek()) {
      this.next()
      left = { t: 'binary', op: EQUALITY[t.text]!, left, right: this.relational() }
    }
    return left
  }

  private relational(): XExpr {
    let left = this.additive()
    for (let t = this.peek(); t.kind === 'op' && RELATIONAL.has(t.text); t = this.peek()) {
      this.next()
      left = { t: 'binary', op: t.text as XBinaryOp, left, right: this.additive() }
    }
    return left
  }

  private additive(): XExpr {
    let left = this.multiplicative()
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-'
      left = { t: 'binary', op, left, right: this.multiplicative() }
    }
    return left
  }

  private multiplicative(): XExpr {
    let left = this.unary()
    // After an operand a name can only be the MOD operator (a variable called "mod" stands elsewhere).
    while (this.isOp('*') || this.isOp('/') || this.isWord('mod')) {
      const t = this.next()
      const op = t.kind === 'name' ? 'mod' : (t.text as '*' | '/')
      left = { t: 'binary', op, left, right: this.unary() }
    }
    return left
  }

  private unary(): XExpr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next().text as '-' | '+'
      return { t: 'unary', op, arg: this.unary() }
    }
    if (this.isWord('not')) {
      this.next()
      return { t: 'unary', op: 'not', arg: this.unary() }
    }
    return this.power()
  }

  private power(): XExpr {
    const base = this.primary()
    if (!this.isOp('^')) return base
    this.next()
    // Right-associative, and the exponent may carry its own sign: 2^-1, 2^3^2 = 2^(3^2).
    return { t: 'binary', op: '^', left: base, right: this.unary() }
  }

  private primary(): XExpr {
    const t = this.peek()
    if (t.kind === 'number') {
      this.next()
      const value = Number(t.text)
      if (!Number.isFinite(value)) throw new ExpressionError(`the number ${t.text} is out of range`, t.start)
      return { t: 'num', value }
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next()
      const inner = this.expr()
      this.expect(')')
      return inner
    }
    if (t.kind === 'quoted') {
      this.next()
      return this.afterName(t.text, t.start)
    }
    if (t.kind === 'name') {
      const word = t.text.toLowerCase()
      if (word === 'then' || word === 'else' || word === 'and' || word === 'or')
        throw new ExpressionError(`unexpected ${t.text.toUpperCase()}`, t.start)
      this.next()
      const name = this.multiWord(t.text)
      if (name === t.text && word === 'if') return this.conditional(t)
      return this.afterName(name, t.start)
    }
    throw new ExpressionError(t.kind === 'end' ? 'the equation ends too early' : `unexpected ${describe(t)}`, t.start)
  }

  /**
   * Joins words that end in `(` into one function name: `IF THEN ELSE(`, `DELAY FIXED(`, or a macro
   * written with spaces (`EXPRESSION MACRO(`). Keywords never join, so `a MOD b(c)` stays an operator
   * and `IF MODULO(t, 5) = 0 THEN ...` is a condition, not a call of a function named "IF MODULO".
   */
  private multiWord(first: string): string {
    if (first.toLowerCase() === 'if' && this.isWord('then') && this.isWord('else', 1) && this.isOp('(', 2)) {
      this.pos += 2
      return 'IF THEN ELSE'
    }
    if (KEYWORDS.has(first.toLowerCase())) return first
    const words = [first]
    for (let k = 0; k < 4; k++) {
      const w = this.peek(k)
      if (w.kind === 'op' && w.text === '(') {
        if (words.length === 1) return first
        this.pos += k
        return words.join(' ')
      }
      if (w.kind !== 'name' || KEYWORDS.has(w.text.toLowerCase())) return first
      words.push(w.text)
    }
    return first
  }

  private afterName(name: string, start: number): XExpr {
    const subs = this.isOp('[') ? this.subscripts() : undefined
    const withSubs = subs ? { subs } : {}
    if (this.isOp("'")) {
      this.next()
      return { t: 'name', name, start, ...withSubs, transposed: true }
    }
    if (!this.isOp('(')) return { t: 'name', name, start, ...withSubs }
    this.next()
    const args: XExpr[] = []
    if (!this.isOp(')')) {
      args.push(this.expr())
      while (this.isOp(',')) {
        this.next()
        args.push(this.expr())
      }
    }
    this.expect(')')
    return { t: 'call', name, args, start, ...withSubs }
  }

  /** `[s, s, ...]` after a name: element names, positions, `*`, `*:Dim`, `Dim!`. */
  private subscripts(): XSubscript[] {
    this.next()
    const subs = [this.subscript()]
    while (this.isOp(',')) {
      this.next()
      subs.push(this.subscript())
    }
    this.expect(']')
    return subs
  }

  private subscript(): XSubscript {
    const t = this.peek()
    const ends = (k: number) => this.isOp(',', k) || this.isOp(']', k)
    const unsupported = (feature: UnsupportedFeature, what: string, at = t.start): never => {
      throw new ExpressionError(`unsupported: ${feature} (${what})`, at, feature)
    }
    if (t.kind === 'op' && t.text === '*') {
      this.next()
      if (!this.isOp(':')) return { kind: 'star' }
      this.next()
      const dim = this.next()
      if (dim.kind !== 'name' && dim.kind !== 'quoted')
        throw new ExpressionError(`expected a dimension after *: but found ${describe(dim)}`, dim.start)
      return { kind: 'bang', name: dim.text, start: dim.start }
    }
    if (t.kind === 'op' && t.text === '@') unsupported('dimension positions', 'a subscript @n')
    if (t.kind === 'number' && ends(1)) {
      this.next()
      const position = Number(t.text)
      if (!Number.isInteger(position) || position < 1)
        throw new ExpressionError(`the subscript ${t.text} is not a position (1, 2, ...)`, t.start)
      return { kind: 'position', position }
    }
    if ((t.kind === 'name' || t.kind === 'quoted') && (ends(1) || (this.isOp('!', 1) && ends(2)))) {
      this.next()
      if (!this.isOp('!')) return { kind: 'name', name: t.text, start: t.start }
      this.next()
      return { kind: 'bang', name: t.text, start: t.start }
    }
    if ((t.kind === 'name' || t.kind === 'quoted' || t.kind === 'number') && this.isOp(':', 1))
      unsupported('subscript ranges', 'a range of elements')
    return unsupported('subscript expressions', 'a subscript computed from an expression')
  }

  /** `IF c THEN a ELSE b`; `IF(c, a, b)` is the function form, tried when the keyword form fails. */
  private conditional(ifToken: Token): XExpr {
    const mark = this.pos
    try {
      const cond = this.expr()
      this.expect('then')
      const then = this.expr()
      this.expect('else')
      return { t: 'if', cond, then, else: this.expr() }
    } catch (err) {
      if (!(err instanceof ExpressionError) || !this.tokens[mark] || this.tokens[mark]!.text !== '(') throw err
      this.pos = mark
      return this.afterName(ifToken.text, ifToken.start)
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the equation'
    case 'number':
      return `the number ${t.text}`
    case 'quoted':
      return `"${t.text}"`
    default:
      return `"${t.text}"`
  }
}
