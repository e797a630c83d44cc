import type {
  Definition,
  Doc,
  Equation,
  Expr,
  Interpolation,
  Lhs,
  MdlProblem,
  RangeElement,
  RealityCheck,
  Subscript,
  SubscriptRange,
} from './ast.js'
import { readDoc } from './parse-doc.js'
import { ExprParser } from './parse-expr.js'
import { tableBody } from './parse-table.js'
import { ParseFailure, type TokenStream } from './stream.js'
import { describe, type Token } from './tokens.js'

const INTERPOLATIONS: Readonly<Record<string, Interpolation>> = {
  ':INTERPOLATE:': 'interpolate',
  ':HOLD BACKWARD:': 'hold-backward',
  ':LOOK FORWARD:': 'look-forward',
  ':RAW:': 'raw',
}

type Mapping = SubscriptRange['mappings'][number]

/** What a definition reads into, before its units and comment. */
type Body =
  Omit<Equation, 'doc' | 'group'> | Omit<SubscriptRange, 'doc' | 'group'> | Omit<RealityCheck, 'doc' | 'group'>

/**
 * One definition of the equations section, `lhs ... ~ units ~ comment |`. A problem inside it is
 * recorded with the variable's name, and reading goes on after its `|`, so one pass reports them all.
 */
export class DefinitionParser {
  private readonly expr: ExprParser

  constructor(
    private readonly s: TokenStream,
    private readonly problems: MdlProblem[],
  ) {
    this.expr = new ExprParser(s)
  }

  private problem(offset: number, message: string, variable: string | undefined): void {
    this.problems.push({ pos: this.s.pos(offset), ...(variable !== undefined ? { variable } : {}), message })
  }

  /** Reads one definition; undefined when it had a problem (recorded). */
  parse(group: string | undefined): Definition | RealityCheck | undefined {
    const { s } = this
    const lexer = s.lexer
    let variable: string | undefined
    const start = s.peek().start
    try {
      const first = s.next()
      if (first.kind !== 'name' && first.kind !== 'quoted')
        s.fail(first, `expected the name of a variable to define, found ${describe(first)}`)
      variable = first.text
      const body = this.body(first)
      const end = s.next()
      if (!s.isOp(end, '~') && !s.isOp(end, '|'))
        s.fail(end, `expected "~" (units and comment) or "|" after the equation, found ${describe(end)}`)
      let doc: Doc = {}
      if (end.text === '~') {
        const read = readDoc(lexer.text, end.end, lexer.end)
        doc = read.doc
        lexer.seek(read.next)
        if (read.problem) this.problem(read.problem.offset, read.problem.message, variable)
        if (!read.closed) this.truncated(first.start, variable)
      }
      // Completed in place: spreading a copy costs more than reading the definition.
      const definition = body as { doc?: Doc; group?: string }
      definition.doc = doc
      if (group !== undefined) definition.group = group
      return definition as Definition | RealityCheck
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e
      if (e.offset >= lexer.end) this.truncated(start, variable)
      else this.problem(e.offset, e.message, variable)
      this.recover(e.offset)
      return undefined
    }
  }

  /** A definition the file ends inside, reported where the definition starts. */
  private truncated(offset: number, variable: string | undefined): void {
    this.problem(
      offset,
      'the file ends inside this definition, before its closing "|": is the file cut short?',
      variable,
    )
  }

  /** Skips to the end of the failed definition: tokens up to `~` or `|`, then raw text to `|`. */
  private recover(from: number): void {
    const lexer = this.s.lexer
    lexer.seek(from)
    for (;;) {
      const t = lexer.next()
      if (t.kind === 'eof') return
      if (t.kind === 'op' && t.text === '|') return
      if (t.kind === 'op' && t.text === '~') {
        lexer.seek(readDoc(lexer.text, t.end, lexer.end).next)
        return
      }
    }
  }

  private body(first: Token): Body {
    const { s } = this
    const pos = s.pos(first.start)
    const subscripts = s.isOp(s.peek(), '[') ? this.expr.subscripts() : []
    let interpolation: Interpolation | undefined
    const except: Subscript[][] = []
    for (;;) {
      const t = s.peek()
      if (t.kind !== 'keyword') break
      const mode = INTERPOLATIONS[t.text]
      if (mode !== undefined) {
        if (interpolation !== undefined) s.fail(t, `a second way to interpolate (${t.text}): keep one`)
        interpolation = mode
        s.next()
      } else if (t.text === ':EXCEPT:') {
        s.next()
        do except.push(this.expr.subscripts())
        while (s.eat(','))
      } else break
    }
    const lhs: Lhs = { name: first.text, subscripts, except, pos }
    const t = s.peek()
    if (t.kind === 'op') {
      switch (t.text) {
        case '=':
        case ':=':
        case '==': {
          s.next()
          const kind = t.text === '=' ? 'equals' : t.text === ':=' ? 'data-equals' : 'unchangeable'
          return this.equation(lhs, kind, interpolation, { expr: this.rhs(t) })
        }
        case '(':
          s.next()
          return this.equation(lhs, 'lookup', interpolation, this.lookup(t))
        case '~':
        case '|':
          return this.equation(lhs, 'data', interpolation, {})
        case ':':
        case '<->':
          if (subscripts.length > 0 || except.length > 0 || interpolation)
            s.fail(t, `a subscript range is a plain name before "${t.text}", without subscripts or keywords`)
          s.next()
          return t.text === ':' ? this.range(first, pos) : this.alias(first, pos)
      }
    }
    if (t.kind === 'keyword' && (t.text === ':THE CONDITION:' || t.text === ':TEST INPUT:')) {
      s.next()
      return this.realityCheck(t, lhs)
    }
    return s.fail(t, `expected "=", ":=", "==", "(" (a lookup), ":" (a subscript range) or "~", found ${describe(t)}`)
  }

  private equation(
    lhs: Lhs,
    kind: Equation['kind'],
    interpolation: Interpolation | undefined,
    rhs: Pick<Equation, 'expr' | 'table'>,
  ): Omit<Equation, 'doc' | 'group'> {
    const e: { -readonly [K in keyof Equation]: Equation[K] } = { t: 'equation', lhs, kind, pos: lhs.pos } as Equation
    if (interpolation !== undefined) e.interpolation = interpolation
    if (rhs.expr !== undefined) e.expr = rhs.expr
    if (rhs.table !== undefined) e.table = rhs.table
    return e
  }

  /** The right-hand side after `=`: a list of numbers (`1, 2; 3, 4;`) or an expression. */
  private rhs(assign: Token): Expr {
    const { s } = this
    const first = s.peek()
    if (s.isOp(first, '~') || s.isOp(first, '|')) s.fail(first, `nothing after "${assign.text}": write the equation`)
    if (this.numbersAhead()) return this.numbers(first)
    return this.expr.parse()
  }

  /** A signed number followed by `,` or `;`: the start of a list of numbers. */
  private numbersAhead(): boolean {
    const { s } = this
    const first = s.peek()
    if (first.kind !== 'number' && !s.isOp(first, '-') && !s.isOp(first, '+')) return false
    const mark = s.lexer.mark()
    let t = s.next()
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) t = s.next()
    const after = s.peek()
    const list = t.kind === 'number' && (s.isOp(after, ',') || s.isOp(after, ';'))
    s.lexer.seek(mark)
    return list
  }

  private numbers(first: Token): Expr {
    const { s } = this
    const rows: number[][] = []
    let row: number[] = []
    for (;;) {
      row.push(s.signedNumber('in the list of numbers').value)
      if (s.eat(',')) continue
      if (!s.eat(';')) break
      rows.push(row)
      row = []
      const t = s.peek()
      if (s.isOp(t, '~') || s.isOp(t, '|') || t.kind === 'eof') break
    }
    if (row.length > 0) rows.push(row)
    return { t: 'numbers', rows, pos: s.pos(first.start) }
  }

  /** `name( table )`, or `name( GET XLS LOOKUPS(...) )`: a lookup read from a data file. */
  private lookup(open: Token): Pick<Equation, 'table' | 'expr'> {
    const { s } = this
    const t = s.peek()
    if (t.kind === 'name' || t.kind === 'quoted') {
      const expr = this.expr.parse()
      s.expect(')', `to close the lookup opened at ${s.where(open.start)}`)
      return { expr }
    }
    return { table: tableBody(s, open.start) }
  }

  /** `Region: north, (r1-r5) -> Map, (Other: a, b)`, or `Region: GET DIRECT SUBSCRIPT(...)`. */
  private range(first: Token, pos: SubscriptRange['pos']): Omit<SubscriptRange, 'doc' | 'group'> {
    const { s } = this
    const elements: RangeElement[] = []
    let fromData: Expr | undefined
    const head = s.peek()
    const mark = s.lexer.mark()
    s.next()
    const isCall = head.kind === 'name' && s.isOp(s.peek(), '(')
    s.lexer.seek(mark)
    if (isCall) fromData = this.expr.parse()
    else {
      do elements.push(this.rangeElement())
      while (s.eat(','))
    }
    const mappings: Mapping[] = []
    if (s.eat('->')) {
      do mappings.push(this.mapping())
      while (s.eat(','))
    }
    return {
      t: 'subscript-range',
      name: first.text,
      elements,
      mappings,
      ...(fromData ? { fromData } : {}),
      pos,
    }
  }

  private rangeElement(): RangeElement {
    const { s } = this
    const t = s.next()
    if (t.kind === 'name' || t.kind === 'quoted' || t.kind === 'number')
      return { t: 'name', name: t.text, pos: s.pos(t.start) }
    if (!s.isOp(t, '(')) s.fail(t, `expected a subscript element or "(a1-a9)", found ${describe(t)}`)
    const from = this.runEnd()
    s.expect('-', 'between the first and last element of a numbered run')
    const to = this.runEnd()
    s.expect(')', `to close the numbered run at ${s.where(t.start)}`)
    if (from.prefix.toLowerCase() !== to.prefix.toLowerCase())
      s.fail(t, `a numbered run goes from one prefix to the same prefix ("${from.prefix}" and "${to.prefix}")`)
    if (to.n < from.n) s.fail(t, `a numbered run counts up: ${from.n} to ${to.n}`)
    return { t: 'run', prefix: from.prefix, from: from.n, to: to.n, pos: s.pos(t.start) }
  }

  /** `a12` as prefix `a` and number 12. */
  private runEnd(): { prefix: string; n: number } {
    const { s } = this
    const t = s.next()
    if (t.kind !== 'name' && t.kind !== 'number') s.fail(t, `expected an element like "a1", found ${describe(t)}`)
    const m = /^(.*?)(\d+)$/.exec(t.text)
    if (!m) return s.fail(t, `"${t.text}" does not end with a number, as the ends of a run "(a1-a9)" do`)
    return { prefix: m[1]!, n: Number(m[2]) }
  }

  private mapping(): Mapping {
    const { s } = this
    const t = s.next()
    if (t.kind === 'name' || t.kind === 'quoted') return { target: t.text, pos: s.pos(t.start) }
    if (!s.isOp(t, '(')) s.fail(t, `expected the range mapped to, found ${describe(t)}`)
    const target = this.expr.name('the range mapped to')
    s.expect(':', 'after the range mapped to')
    const elements: string[] = []
    do elements.push(this.expr.name('an element of the mapping'))
    while (s.eat(','))
    s.expect(')', `to close the mapping at ${s.where(t.start)}`)
    return { target, elements, pos: s.pos(t.start) }
  }

  /** `A <-> B`: A is another name for the range B. */
  private alias(first: Token, pos: SubscriptRange['pos']): Omit<SubscriptRange, 'doc' | 'group'> {
    const alias = this.expr.name('the range this one is equivalent to')
    return { t: 'subscript-range', name: first.text, elements: [], mappings: [], alias, pos }
  }

  private realityCheck(keyword: Token, lhs: Lhs): Omit<RealityCheck, 'doc' | 'group'> {
    const { s } = this
    if (keyword.text === ':TEST INPUT:')
      return { t: 'reality-check', lhs, kind: 'test-input', expr: this.expr.parse(), pos: lhs.pos }
    const t = s.peek()
    const expr = t.kind === 'keyword' && t.text === ':IMPLIES:' ? undefined : this.expr.parse()
    s.expect(':IMPLIES:', 'after the condition of a reality check')
    const implies = this.expr.parse()
    return { t: 'reality-check', lhs, kind: 'condition', ...(expr ? { expr } : {}), implies, pos: lhs.pos }
  }
}
