import { StockflowError } from '@stockflow/model'
import type { Expr, LookupMode, Subscript } from '@stockflow/model'
import { findArrayFunction } from '@stockflow/model/internal'
import type { Dimensions, ResolvedDimension } from '@stockflow/model/internal'
import type { FunctionEnv } from './export-functions.js'
import { vensimCall } from './export-functions.js'
import { NA_VALUE } from './expression.js'
import { vensimName, vensimNumber, vensimSubscript } from './export-names.js'

// Equations in Vensim syntax: `:AND:`, `=` and `<>`, IF THEN ELSE, Vensim's function names, subscripts
// with bangs. Operands are parenthesized wherever another reader of Vensim (SDEverywhere's grammar
// ranks operators apart from ours in places) could group them otherwise.

/** What printing needs from the model. */
export interface PrintContext {
  readonly dims: Dimensions
  /** An element's name as Vensim text, by id; undefined when no element has the id. */
  readonly elementName: (id: string) => string | undefined
  /** The dimensions of an arrayed element, by id. */
  readonly dimensionsOf: (id: string) => readonly ResolvedDimension[] | undefined
  /** The table a call of a lookup element reads, and the mode it reads it in (LOOKUP FORWARD, ...). */
  readonly lookupCall: (id: string) => { readonly table: string; readonly mode?: LookupMode }
  readonly env: FunctionEnv
}

/** One equation being printed. */
export interface EquationScope {
  /** Where it is, for messages: `model "m": element "x": its equation`. */
  readonly where: string
  /** The dimensions the equation is computed over: each reads at the element being computed. */
  readonly bound: readonly ResolvedDimension[]
}

/** Vensim's names of the lookup modes, as functions of a table and a value. */
const MODE_FUNCTIONS: Readonly<Record<LookupMode, string | undefined>> = {
  continuous: undefined,
  extrapolate: 'LOOKUP EXTRAPOLATE',
  discrete: 'LOOKUP BACKWARD',
  forward: 'LOOKUP FORWARD',
}

/** Vensim's names of the model's array functions; absent: one Vensim lacks. */
const ARRAY_NAMES: Readonly<Record<string, string>> = {
  sum: 'SUM',
  prod: 'PROD',
  min: 'VMIN',
  max: 'VMAX',
  size: 'ELMCOUNT',
  vector_select: 'VECTOR SELECT',
  vector_elm_map: 'VECTOR ELM MAP',
  vector_sort_order: 'VECTOR SORT ORDER',
  vector_rank: 'VECTOR RANK',
  vector_reorder: 'VECTOR REORDER',
  invert_matrix: 'INVERT MATRIX',
  allocate_available: 'ALLOCATE AVAILABLE',
  allocate_by_priority: 'ALLOCATE BY PRIORITY',
}

// Vensim's precedence, loosest first.
const Level = { Or: 1, And: 2, Not: 3, Compare: 4, Add: 5, Multiply: 6, Unary: 7, Power: 8, Atom: 9 }

const BINARY: Readonly<Record<string, { text: string; level: number }>> = {
  or: { text: ':OR:', level: Level.Or },
  and: { text: ':AND:', level: Level.And },
  '==': { text: '=', level: Level.Compare },
  '!=': { text: '<>', level: Level.Compare },
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

/** How tightly a printed node binds (calls that print as operators bind as those). */
function level(e: Expr, ctx: PrintContext): number {
  switch (e.type) {
    case 'num':
      return e.value < 0 || Object.is(e.value, -0) ? Level.Unary : Level.Atom
    case 'unary':
      return e.op === 'not' ? Level.Not : Level.Unary
    case 'binary':
      return e.op === '%' ? Level.Add : BINARY[e.op]!.level
    case 'call': {
      if (isArrayCall(e)) return Level.Atom
      const v = vensimCall(e, ctx.env)
      return v.kind === 'expr' ? level(v.expr, ctx) : Level.Atom
    }
    default:
      return Level.Atom
  }
}

type CallExpr = Extract<Expr, { type: 'call' }>

/** Whether a call reads arrays, as the model's flattening decides it. */
function isArrayCall(e: CallExpr): boolean {
  const f = findArrayFunction(e.fn)
  return f !== undefined && (f.result === 'plain' ? e.args.length === 1 : e.args.length <= f.params.length)
}

/**
 * Prints a stockflow equation tree as Vensim equation text. A construct Vensim cannot express (a
 * function it lacks, an infinite number) is a one-line StockflowError saying where and what.
 */
export function printVensim(expr: Expr, ctx: PrintContext, scope: EquationScope): string {
  return new Printer(ctx, scope).print(expr, false)
}

class Printer {
  constructor(
    private readonly ctx: PrintContext,
    private readonly scope: EquationScope,
  ) {}

  private fail(what: string): never {
    throw new StockflowError(`${this.scope.where} cannot be written in Vensim: it uses ${what}`)
  }

  /** `reduce`: inside an argument a function reduces over, where a free dimension is written with a bang. */
  print(e: Expr, reduce: boolean): string {
    const p = (x: Expr) => this.print(x, reduce)
    const wrap = (x: Expr, parens: boolean) => (parens ? `(${p(x)})` : p(x))
    switch (e.type) {
      case 'num':
        return vensimNumber(e.value, () => `${this.scope.where} cannot be written in Vensim`)
      case 'ref':
        return this.reference(e, reduce)
      case 'lookup': {
        const { table, mode } = this.ctx.lookupCall(e.id)
        const source = table + this.subscripts(e, reduce)
        const fn = MODE_FUNCTIONS[mode ?? 'continuous']
        return fn === undefined ? `${source}(${p(e.arg)})` : `${fn}(${source}, ${p(e.arg)})`
      }
      case 'unary':
        if (e.op === '+') return p(e.arg)
        if (e.op === '-' && e.arg.type === 'num' && -e.arg.value === NA_VALUE) return ':NA:'
        return `${e.op === 'not' ? ':NOT: ' : '-'}${wrap(e.arg, level(e.arg, this.ctx) < Level.Atom)}`
      case 'binary': {
        if (e.op === '%') return p({ type: 'call', fn: 'mod', args: [e.left, e.right] })
        const op = BINARY[e.op]!
        const l = level(e.left, this.ctx)
        const r = level(e.right, this.ctx)
        if (op.level === Level.Power) return `${wrap(e.left, l < Level.Atom)} ^ ${wrap(e.right, r < Level.Atom)}`
        // Comparisons never chain, :AND:/:OR: keep parentheses around what they combine, and a sign
        // never follows an operator.
        const tight = op.level <= Level.Compare
        const lp = l < op.level || l === Level.Unary || (tight && l <= Level.Compare)
        const rp = r <= op.level || r === Level.Unary || (tight && r <= Level.Compare)
        return `${wrap(e.left, lp)} ${op.text} ${wrap(e.right, rp)}`
      }
      case 'if':
        return `IF THEN ELSE(${p(e.cond)}, ${p(e.then)}, ${p(e.else)})`
      case 'call':
        return this.call(e, reduce)
    }
  }

  private call(e: CallExpr, reduce: boolean): string {
    if (isArrayCall(e)) return this.arrayCall(e)
    const v = vensimCall(e, this.ctx.env)
    switch (v.kind) {
      case 'word':
        return v.text
      case 'expr':
        return this.print(v.expr, reduce)
      case 'missing':
        return this.fail(v.why)
      case 'call':
        return `${v.name}(${v.args.map((a) => this.print(a, reduce)).join(', ')})`
    }
  }

  /**
   * A function over arrays: its array arguments with the dimensions they reduce over marked with a
   * bang (`SUM(pop[Region!])`, Vensim's spelling of `SUM(pop[*])`). MEAN is SUM over the count.
   */
  private arrayCall(e: CallExpr): string {
    const f = findArrayFunction(e.fn)!
    const name = ARRAY_NAMES[f.flat]
    const arg = (x: Expr, i: number) => this.print(x, f.result !== 'array' && f.params[i] === 'array')
    if (f.flat === 'mean') return `(SUM(${arg(e.args[0]!, 0)}) / ${this.spanned(e.args[0]!)})`
    if (f.flat === 'size') {
      const only = e.args[0]!
      const dim =
        only.type === 'ref' && !only.subs && this.ctx.elementName(only.id) === undefined
          ? this.ctx.dims.get(only.name)
          : undefined
      if (dim) return `ELMCOUNT(${vensimSubscript(dim.name)})`
      return String(this.spanned(only))
    }
    if (name === undefined) return this.fail(`${f.flat.toUpperCase()} (Vensim has no such function over arrays)`)
    return `${name}(${e.args.map(arg).join(', ')})`
  }

  /** How many elements a reduction over `e` spans: the product of the sizes of its free dimensions. */
  private spanned(e: Expr): number {
    const free = new Map<string, number>()
    const visit = (x: Expr): void => {
      if (x.type === 'ref' || x.type === 'lookup') {
        const own = this.ctx.dimensionsOf(x.id)
        const subs = x.subs ?? own?.map((d): Subscript => ({ kind: 'name', name: d.name }))
        subs?.forEach((s, j) => {
          const d = this.freeDimension(s, own?.[j])
          if (d) free.set(d.id, d.elements.length)
        })
      }
      if (x.type === 'lookup') visit(x.arg)
      if (x.type === 'unary') visit(x.arg)
      if (x.type === 'binary') [x.left, x.right].forEach(visit)
      if (x.type === 'if') [x.cond, x.then, x.else].forEach(visit)
      if (x.type === 'call' && !isArrayCall(x)) x.args.forEach(visit)
    }
    visit(e)
    return [...free.values()].reduce((a, b) => a * b, 1)
  }

  /** The dimension a subscript leaves free to reduce over (a star, a bang, a dimension not bound), if any. */
  private freeDimension(s: Subscript, own: ResolvedDimension | undefined): ResolvedDimension | undefined {
    if (s.kind === 'star') return own
    if (s.kind === 'bang') return this.ctx.dims.get(s.name)
    if (s.kind !== 'name') return undefined
    const d = this.ctx.dims.get(s.name)
    return d && !this.isBound(d) ? d : undefined
  }

  /** Whether a dimension reads at the element being computed: one of its family is bound, or mapped to one. */
  private isBound(d: ResolvedDimension): boolean {
    return this.scope.bound.some(
      (b) => b.root === d.root || (b.indices.length > 0 && this.ctx.dims.mapped(b, b.indices[0]!, d) !== undefined),
    )
  }

  private reference(e: Extract<Expr, { type: 'ref' }>, reduce: boolean): string {
    const name = this.ctx.elementName(e.id)
    if (name !== undefined) return name + this.subscripts(e, reduce)
    // A dimension's name as a value (the element's position), or a name no element has, as written.
    const dim = e.subs ? undefined : this.ctx.dims.get(e.name)
    return vensimName(dim?.name ?? e.name) + this.subscripts(e, reduce)
  }

  /** `[north, Region!]`: a reference to an arrayed element always has its subscripts (bare, its dimensions). */
  private subscripts(e: Extract<Expr, { type: 'ref' | 'lookup' }>, reduce: boolean): string {
    const own = this.ctx.dimensionsOf(e.id)
    const subs = e.subs ?? own?.map((d): Subscript => ({ kind: 'name', name: d.name }))
    if (!subs || subs.length === 0) return ''
    const one = (s: Subscript, j: number): string => {
      const dim = own?.[j]
      switch (s.kind) {
        case 'name': {
          const free = reduce ? this.freeDimension(s, dim) : undefined
          return free ? `${vensimSubscript(free.name)}!` : vensimSubscript(this.spelling(s.name, dim))
        }
        case 'bang':
          return `${vensimSubscript(s.name)}!`
        case 'star':
          if (!dim) return this.fail(`a "*" subscript of "${e.name}", which is not arrayed`)
          return `${vensimSubscript(dim.name)}!`
        case 'position': {
          // A number names an element where the dimension has one so named (Vensim's `(1-3)`), else a place.
          const written = String(s.position)
          if (!dim || dim.elements.includes(written)) return written
          const element = dim.elements[s.position - 1]
          return element === undefined ? written : vensimSubscript(element)
        }
      }
    }
    return `[${subs.map(one).join(', ')}]`
  }

  /** A dimension's or element's name as the model spells it (references may write another case). */
  private spelling(name: string, expected: ResolvedDimension | undefined): string {
    const denoted = this.ctx.dims.denote(name, expected)
    if (denoted?.kind === 'dimension') return denoted.dim.name
    if (denoted?.kind === 'element') return denoted.root.elements[denoted.index] ?? name
    return name
  }
}
