import type { BinaryOp, Expr, Subscript } from './ast.js'
import { tabbedArray } from './parse-tabbed.js'
import { tableBody } from './parse-table.js'
import { ParseFailure, type TokenStream } from './stream.js'
import { describe, type Token } from './tokens.js'

/** How deep expressions may nest (parentheses, calls, signs, powers) before the definition is refused. */
export const MAX_DEPTH = 200

const RELATIONAL: Readonly<Record<string, BinaryOp>> = {
  '=': '=',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
}

/**
 * Expressions, by Vensim's precedence as its runs show (the corpus's `exponentiation`, `arithmetics` and
 * `subscripted_logicals` outputs), from loosest: `:OR:`, `:AND:`, `:NOT:` (over a comparison:
 * `:NOT: Time > 5` is `:NOT: (Time > 5)`), comparisons `= <> < <= > >=` (one level, left to right),
 * `+ -`, `* /`, signs, `^` (right to left, binding tighter than a sign on its left: `-2^2` is -4,
 * `2^-2^-3` is `2^(-(2^(-3)))`), then names, calls, numbers and parentheses.
 */
export class ExprParser {
  private depth = 0

  constructor(private readonly s: TokenStream) {}

  /** One whole expression; the depth count restarts, so a failure inside one never leaks. */
  parse(): Expr {
    this.depth = 0
    return this.or()
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH)
      throw new ParseFailure(token.start, `nested deeper than ${MAX_DEPTH} levels: split the equation into variables`)
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { t: 'binary', op, left, right, pos: left.pos }
  }

  private or(): Expr {
    let left = this.and()
    while (this.s.eat(':OR:')) left = this.binary('or', left, this.and())
    return left
  }

  private and(): Expr {
    let left = this.not()
    while (this.s.eat(':AND:')) left = this.binary('and', left, this.not())
    return left
  }

  private not(): Expr {
    const t = this.s.peek()
    if (t.kind !== 'keyword' || t.text !== ':NOT:') return this.relational()
    this.s.next()
    this.enter(t)
    const arg = this.not()
    this.depth--
    return { t: 'unary', op: 'not', arg, pos: this.s.pos(t.start) }
  }

  private relational(): Expr {
    let left = this.additive()
    for (;;) {
      const t = this.s.peek()
      const op = t.kind === 'op' ? RELATIONAL[t.text] : undefined
      if (op === undefined) return left
      this.s.next()
      left = this.binary(op, left, this.additive())
    }
  }

  private additive(): Expr {
    let left = this.multiplicative()
    for (;;) {
      const t = this.s.peek()
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return left
      this.s.next()
      left = this.binary(t.text, left, this.multiplicative())
    }
  }

  private multiplicative(): Expr {
    let left = this.unary()
    for (;;) {
      const t = this.s.peek()
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/')) return left
      this.s.next()
      left = this.binary(t.text, left, this.unary())
    }
  }

  private unary(): Expr {
    const t = this.s.peek()
    const sign = t.kind === 'op' && (t.text === '-' || t.text === '+')
    // `:NOT:` where an operand is due (`1 + :NOT: x`): it takes what a `:NOT:` takes anywhere.
    if (!sign && !(t.kind === 'keyword' && t.text === ':NOT:')) return this.power()
    this.s.next()
    this.enter(t)
    const arg = sign ? this.unary() : this.not()
    this.depth--
    return { t: 'unary', op: sign ? (t.text as '-' | '+') : 'not', arg, pos: this.s.pos(t.start) }
  }

  private power(): Expr {
    const base = this.primary()
    const caret = this.s.peek()
    if (caret.kind !== 'op' || caret.text !== '^') return base
    this.s.next()
    this.enter(caret)
    const exponent = this.unary()
    this.depth--
    return this.binary('^', base, exponent)
  }

  private primary(): Expr {
    const s = this.s
    const t = s.next()
    switch (t.kind) {
      case 'number':
        return { t: 'num', value: t.value, pos: s.pos(t.start) }
      case 'string':
        return { t: 'str', value: t.text, pos: s.pos(t.start) }
      case 'name':
      case 'quoted':
        return this.named(t)
      case 'keyword':
        if (t.text === ':NA:') return { t: 'na', pos: s.pos(t.start) }
        break
      case 'op':
        if (t.text === '(') return this.parenthesized(t)
        break
    }
    return s.fail(t, `expected a number, a name or "(", found ${describe(t)}`)
  }

  /** `(expr)`, or an inline lookup `([(0,0)-(1,1)], (0,0), (1,1))` / `((0,0), (1,1))`. */
  private parenthesized(open: Token): Expr {
    const s = this.s
    if (this.tableAhead()) {
      const table = tableBody(s, open.start)
      return { t: 'table', table, pos: table.pos }
    }
    this.enter(open)
    const arg = this.or()
    s.expect(')', `to close the "(" at ${s.where(open.start)}`)
    this.depth--
    return { t: 'paren', arg, pos: s.pos(open.start) }
  }

  /** After a `(`: a `[`, or `(`, a signed number and `,` - a lookup, which no expression starts like. */
  private tableAhead(): boolean {
    const s = this.s
    const first = s.peek()
    if (s.isOp(first, '[')) return true
    if (!s.isOp(first, '(')) return false
    const mark = s.lexer.mark()
    s.next()
    let t = s.next()
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) t = s.next()
    const table = t.kind === 'number' && s.isOp(s.next(), ',')
    s.lexer.seek(mark)
    return table
  }

  /** A reference, a call (`f(a, b)`, `table[Region](x)`, `SSTATS(a : out1, out2)`) or `TABBED ARRAY(...)`. */
  private named(t: Token): Expr {
    const s = this.s
    const pos = s.pos(t.start)
    const subscripts = s.isOp(s.peek(), '[') ? this.subscripts() : []
    if (!s.isOp(s.peek(), '(')) return { t: 'ref', name: t.text, subscripts, pos }
    const open = s.next()
    if (t.kind === 'name' && subscripts.length === 0 && t.text.toUpperCase() === 'TABBED ARRAY')
      return { t: 'tabbed', rows: tabbedArray(s, open), pos }
    this.enter(open)
    const args: Expr[] = []
    let outputs: string[] | undefined
    if (!s.eat(')')) {
      do args.push(this.or())
      while (s.eat(','))
      if (s.eat(':')) {
        outputs = []
        do outputs.push(this.name('an output of the macro call'))
        while (s.eat(','))
      }
      s.expect(')', `to close the call of "${t.text}" at ${s.where(open.start)}`)
    }
    this.depth--
    return {
      t: 'call',
      fn: t.text,
      args,
      ...(outputs ? { outputs } : {}),
      ...(subscripts.length > 0 ? { subscripts } : {}),
      pos,
    }
  }

  /** A name (plain or quoted), or a failure saying what it was for. */
  name(what: string): string {
    const t = this.s.next()
    if (t.kind !== 'name' && t.kind !== 'quoted') this.s.fail(t, `expected ${what}, found ${describe(t)}`)
    return t.text
  }

  /** `[a, Region!, "b c", 5]`, from its `[` to its `]`. */
  subscripts(): Subscript[] {
    const s = this.s
    const open = s.expect('[', 'to start subscripts')
    const list: Subscript[] = []
    do {
      // Numbers too: a range may list numbered elements (`Age: 0, 5, 10`), as written.
      const t = s.next()
      if (t.kind !== 'name' && t.kind !== 'quoted' && t.kind !== 'number')
        s.fail(t, `expected a subscript name, found ${describe(t)}`)
      list.push({ name: t.text, bang: s.eat('!') !== undefined, pos: s.pos(t.start) })
    } while (s.eat(','))
    s.expect(']', `to close the subscripts opened at ${s.where(open.start)}`)
    return list
  }
}
