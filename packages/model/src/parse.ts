import { create, parseDependencies } from 'mathjs/number'
import type { MathNode } from 'mathjs'
import type { BinaryOp, Expr, Span, Subscript } from './ast.js'
import { findBuiltin } from './builtins.js'
import { EquationError } from './errors.js'
import { canonicalId } from './id.js'

// A private mathjs instance holding only the parser (from the lighter number-only build, which loads faster); names may use any Unicode letter (产能, Größe).
const math = create({ parseDependencies })
const latinAlpha = math.parse.isAlpha
math.parse.isAlpha = (c: string, cPrev: string, cNext: string) => latinAlpha(c, cPrev, cNext) || /\p{L}/u.test(c)

const BINARY: Readonly<Record<string, BinaryOp>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '^': '^',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '==',
  '!=': '!=',
  and: 'and',
  or: 'or',
}

/** A lookup's quoted name masked for mathjs: the name, and where its text (inside the quotes) stands. */
interface MaskedName {
  readonly name: string
  readonly span: Span
}

const OPENING_PAREN = /\s*\(/y
const NAME_CHARACTER = /[\p{L}\p{N}_$]/u

/**
 * mathjs reads a quoted name before parentheses, `"Price Effect"(x)`, as a product of a string and a
 * parenthesis, which binds looser than `-`, `not` and `^`. Each such name is masked as a symbol of the
 * same length, so mathjs parses a call and every position in the text stays where it was. A quoted
 * name glued to a name before it (`ab"E"(x)`) is left alone: mathjs reports it as two terms.
 */
function maskQuotedCalls(text: string): { masked: string; names: Map<string, MaskedName> } {
  const names = new Map<string, MaskedName>()
  let masked = ''
  let from = 0
  let counter = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue
    let end = i + 1
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
    if (end >= text.length) break
    OPENING_PAREN.lastIndex = end + 1
    const name = OPENING_PAREN.test(text) && !NAME_CHARACTER.test(text[i - 1] ?? '') ? unquote(text, i, end) : undefined
    if (name !== undefined) {
      // A symbol the text does not hold already, exactly as long as the quoted name.
      let symbol: string
      do symbol = `_${(counter++).toString(36)}`.padEnd(end + 1 - i, '_')
      while (text.includes(symbol))
      if (symbol.length === end + 1 - i) {
        names.set(symbol, { name, span: { start: i + 1, end } })
        masked += text.slice(from, i) + symbol
        from = end + 1
      }
    }
    i = end
  }
  return { masked: masked + text.slice(from), names }
}

/** The name inside the quotes at `start` and `end`, its escapes read as mathjs reads them (JSON's). */
function unquote(text: string, start: number, end: number): string | undefined {
  try {
    return JSON.parse(text.slice(start, end + 1)) as string
  } catch {
    return undefined
  }
}

/** What a lone `*` subscript is masked as: mathjs reads `pop[*]` as a syntax error, `pop[$]` as a name. */
const STAR = '$'

/**
 * Masks each `*` that stands alone as a subscript (`pop[*]`, `pop[Region, *]`) as {@link STAR}, one
 * character for one, so positions stay. Text that already holds a `$` is left alone (mathjs then
 * reports the `*`), as are stars in quotes and multiplications.
 */
function maskStars(text: string): string {
  if (!text.includes('*') || text.includes(STAR)) return text
  const out = text.split('')
  const open: string[] = []
  const near = (from: number, step: 1 | -1): string => {
    let i = from
    while (i >= 0 && i < text.length && /\s/.test(text[i]!)) i += step
    return text[i] ?? ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') {
      i++
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    } else if (c === '[' || c === '(') open.push(c)
    else if (c === ']' || c === ')') open.pop()
    else if (c === '*' && open[open.length - 1] === '[') {
      const before = near(i - 1, -1)
      const after = near(i + 1, 1)
      if ((before === '[' || before === ',') && (after === ']' || after === ',')) out[i] = STAR
    }
  }
  return out.join('')
}

/** A quoted name directly followed by parentheses, as mathjs reads it: a string times a parenthesis. */
function isQuotedCall(args: MathNode[]): boolean {
  const [callee, arg] = args as [MathNode & { value?: unknown }, MathNode]
  return (
    args.length === 2 &&
    callee.type === 'ConstantNode' &&
    typeof callee.value === 'string' &&
    arg.type === 'ParenthesisNode'
  )
}

const cache = new Map<string, Expr>()
/**
 * Equations kept parsed. Analyses of one model (validation, graph, loops, units) share them; a model
 * larger than this gains nothing from the cache, which would only hold its trees for the collector
 * to walk through every run (compiling reads validation's trees, not the cache).
 */
const CACHE_LIMIT = 10_000

/**
 * Parses equation text into the restricted AST, or throws an EquationError with a position.
 * Names are written with underscores (`Room_Temperature`) or in double quotes (`"Room Temperature"`).
 */
export function parseEquation(text: string): Expr {
  const hit = cache.get(text)
  if (hit) return hit
  let expr: Expr
  try {
    expr = new Converter(text).run()
  } catch (err) {
    // mathjs and the converter recurse: a pathologically nested or long equation overflows the stack.
    if (err instanceof RangeError) {
      throw new EquationError(
        'too-deep',
        'the equation is nested too deeply or is too long to read',
        { start: 0, end: 0 },
        'split it into auxiliaries',
      )
    }
    throw err
  }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(text, expr)
  return expr
}

/** Converts a mathjs tree in text order, so a forward cursor can recover each name's position. */
class Converter {
  private cursor = 0
  private readonly quoted: Map<string, MaskedName>
  private readonly masked: string
  constructor(private readonly text: string) {
    const { masked, names } = maskQuotedCalls(text)
    this.masked = maskStars(masked)
    this.quoted = names
  }

  run(): Expr {
    if (this.text.trim() === '') {
      throw new EquationError(
        'empty-equation',
        'the equation is empty',
        { start: 0, end: 0 },
        'write a number or a formula',
      )
    }
    let root: MathNode
    try {
      root = math.parse(this.masked)
    } catch (err) {
      if (err instanceof RangeError) throw err
      const message = err instanceof Error ? err.message : String(err)
      const char = (err as { char?: number }).char
      const at = typeof char === 'number' ? Math.max(0, char - 1) : 0
      throw new EquationError('syntax', message.replace(/\s*\(char \d+\)$/, ''), { start: at, end: at + 1 })
    }
    return this.convert(root)
  }

  private skipTo(span: Span): Span {
    this.cursor = span.end
    return span
  }

  private locate(token: string): Span {
    let start = this.text.indexOf(token, this.cursor)
    if (start < 0) start = Math.max(0, this.text.indexOf(token))
    this.cursor = start + token.length
    return { start, end: start + token.length }
  }

  private unsupported(what: string, hint: string): never {
    const at = Math.min(this.cursor, this.text.length)
    throw new EquationError('unsupported-syntax', `${what} is not allowed in an equation`, { start: at, end: at }, hint)
  }

  private name(raw: string, span: Span): Expr {
    const builtin = findBuiltin(raw)
    if (builtin?.kind === 'clock') return { type: 'call', fn: builtin.name, args: [], span }
    return { type: 'ref', name: raw, id: canonicalId(raw), span }
  }

  private convert(node: MathNode): Expr {
    const n = node as MathNode & Record<string, unknown>
    switch (node.type) {
      case 'ConstantNode': {
        const value = n.value
        if (typeof value === 'number') {
          this.locate(String(value).replace(/e\+?/, 'e'))
          return { type: 'num', value }
        }
        if (typeof value === 'boolean') return { type: 'num', value: value ? 1 : 0 }
        if (typeof value === 'string') return this.name(value, this.locate(value))
        return this.unsupported('this constant', 'write a number')
      }
      case 'SymbolNode': {
        const raw = n.name as string
        return this.name(raw, this.locate(raw))
      }
      case 'ParenthesisNode':
        return this.convert(n.content as MathNode)
      case 'ConditionalNode':
        return {
          type: 'if',
          cond: this.convert(n.condition as MathNode),
          then: this.convert(n.trueExpr as MathNode),
          else: this.convert(n.falseExpr as MathNode),
        }
      case 'OperatorNode':
        return this.operator(n.op as string, n.args as MathNode[], n.implicit === true, n.isPercentage === true)
      case 'FunctionNode':
        return this.call(n.fn as MathNode, n.args as MathNode[])
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        return this.unsupported('an assignment', 'an equation is only the right-hand side')
      case 'BlockNode':
        return this.unsupported('more than one expression', 'remove the ; or newline')
      case 'AccessorNode': {
        const { name, span, subs } = this.subscripted(node)
        const builtin = findBuiltin(name)
        if (builtin?.kind === 'clock') return this.unsupported(`subscripts on ${name}`, 'only variables have elements')
        return { type: 'ref', name, id: canonicalId(name), subs, span }
      }
      case 'ArrayNode':
      case 'RangeNode':
      case 'IndexNode':
      case 'ObjectNode':
        return this.unsupported(
          `${node.type.replace('Node', '').toLowerCase()} syntax`,
          "write a variable's elements as pop[north] or pop[*]",
        )
      default:
        return this.unsupported(node.type, 'use numbers, names, operators and builtin functions')
    }
  }

  private operator(op: string, args: MathNode[], implicit: boolean, percentage: boolean): Expr {
    if (implicit && isQuotedCall(args)) {
      // A quoted call the mask left (its symbol would not fit): read as before, a lookup of the name.
      const raw = (args[0] as MathNode & { value: string }).value
      const span = this.locate(raw)
      return { type: 'lookup', name: raw, id: canonicalId(raw), arg: this.convert(args[1]!), span }
    }
    if (implicit) {
      this.convert(args[0]!) // moves the cursor to the end of the left term
      const at = this.cursor
      throw new EquationError(
        'implicit-multiplication',
        'two terms stand side by side with no operator between them',
        { start: at, end: at + 1 },
        'write * between them, or join a name with underscores or quote it: "Room Temperature"',
      )
    }
    if (percentage) return this.unsupported('a percentage', 'write 0.5 instead of 50%')
    if (args.length === 1) {
      const arg = this.convert(args[0]!)
      if (op === '-') return { type: 'unary', op: '-', arg }
      if (op === '+') return { type: 'unary', op: '+', arg }
      if (op === 'not') return { type: 'unary', op: 'not', arg }
      return this.unsupported(`the operator ${op}`, 'use + - * / ^ and comparisons')
    }
    const left = this.convert(args[0]!)
    this.locate(op)
    const right = this.convert(args[1]!)
    if (op === '%' || op === 'mod') return { type: 'call', fn: 'mod', args: [left, right] }
    const bin = BINARY[op]
    if (!bin) return this.unsupported(`the operator ${op}`, 'use + - * / ^ %, comparisons, and, or, not')
    return { type: 'binary', op: bin, left, right }
  }

  /**
   * A subscripted name, `pop[north, *]` or `"pop A"["New York"]`: the name, its span and the subscripts
   * (names, 1-based positions, `*`, Vensim's bang `Region!`, which mathjs reads as a factorial).
   */
  private subscripted(node: MathNode): { name: string; span: Span; subs: Subscript[] } {
    const n = node as MathNode & { object: MathNode & { name?: unknown; value?: unknown }; index: MathNode }
    const index = n.index as MathNode & { dimensions: MathNode[]; dotNotation: boolean }
    const object = n.object
    const raw =
      object.type === 'SymbolNode'
        ? (object.name as string)
        : typeof object.value === 'string'
          ? object.value
          : undefined
    if (raw === undefined || index.dotNotation) {
      return this.unsupported('this accessor', 'subscript a variable by name: pop[north]')
    }
    const span = this.locate(raw)
    const subs = index.dimensions.map((d) => this.subscript(d))
    if (subs.length === 0) return this.unsupported('empty brackets', 'write a subscript: pop[north], pop[1] or pop[*]')
    return { name: raw, span, subs }
  }

  private subscript(node: MathNode): Subscript {
    const n = node as MathNode & Record<string, unknown>
    if (node.type === 'SymbolNode' && n.name === STAR) return { kind: 'star', span: this.locate('*') }
    if (node.type === 'SymbolNode') return { kind: 'name', name: n.name as string, span: this.locate(n.name as string) }
    if (node.type === 'ConstantNode' && typeof n.value === 'string') {
      return { kind: 'name', name: n.value, span: this.locate(n.value) }
    }
    if (node.type === 'ConstantNode' && typeof n.value === 'number') {
      const span = this.locate(String(n.value))
      if (Number.isInteger(n.value) && n.value >= 1) return { kind: 'position', position: n.value, span }
      throw new EquationError('unsupported-syntax', `${n.value} is not a position`, span, 'positions count from 1')
    }
    if (node.type === 'OperatorNode' && n.fn === 'factorial') {
      const arg = (n.args as MathNode[])[0] as MathNode & { name?: unknown; value?: unknown }
      const name = arg.type === 'SymbolNode' ? (arg.name as string) : typeof arg.value === 'string' ? arg.value : ''
      if (name !== '') {
        const span = this.locate(name)
        this.locate('!')
        return { kind: 'bang', name, span }
      }
    }
    return this.unsupported(
      'this subscript',
      'a subscript is an element or dimension name, a position from 1, * or a dimension with a bang (Region!)',
    )
  }

  private call(fnNode: MathNode, argNodes: MathNode[]): Expr {
    if (fnNode.type === 'AccessorNode') {
      const { name, span, subs } = this.subscripted(fnNode)
      const args = argNodes.map((a) => this.convert(a))
      if (args.length !== 1 || findBuiltin(name)) {
        return this.unsupported(`calling ${name} with subscripts`, 'an arrayed lookup takes one input: tbl[north](x)')
      }
      return { type: 'lookup', name, id: canonicalId(name), arg: args[0]!, subs, span }
    }
    if (fnNode.type !== 'SymbolNode')
      return this.unsupported('calling an expression', 'call a builtin or a lookup by name')
    const symbol = (fnNode as MathNode & { name: string }).name
    const masked = this.quoted.get(symbol)
    const raw = masked?.name ?? symbol
    const span = masked ? this.skipTo(masked.span) : this.locate(raw)
    const args = argNodes.map((a) => this.convert(a))
    const builtin = findBuiltin(raw)
    if (builtin) return { type: 'call', fn: builtin.name, args, span }
    if (args.length === 1) return { type: 'lookup', name: raw, id: canonicalId(raw), arg: args[0]!, span }
    return { type: 'call', fn: canonicalId(raw), args, span }
  }
}
