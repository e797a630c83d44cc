import type { BinaryOp, Expr, Span } from './ast.js'
import type { Field, Issue } from './errors.js'
import { constantValue } from './parse-model.js'
import type { UnitAlgebra } from './units-algebra.js'
import type { Dimension } from './units-algebra.js'
import { arrayUnitRule } from './units-arrays.js'
import { NUMBER, UNIT_RULES, UNKNOWN } from './units-builtins.js'
import type { CallUnits, Term } from './units-builtins.js'
import { termSpans } from './units-extent.js'

const COMPARISON: ReadonlySet<BinaryOp> = new Set(['<', '<=', '>', '>=', '==', '!='])

/** How a message names what happens to two terms that must agree. */
const JOINED: Partial<Record<BinaryOp, string>> = {
  '+': 'the added terms',
  '-': 'the subtracted terms',
  '<': 'the compared terms',
  '<=': 'the compared terms',
  '>': 'the compared terms',
  '>=': 'the compared terms',
  '==': 'the compared terms',
  '!=': 'the compared terms',
}

/** A name in an equation: a variable (subscripted or not), a lookup called, or a dimension read as a position. */
export type NameNode = Extract<Expr, { type: 'ref' | 'lookup' }>

/** What checking an equation needs of the model's units; the checker of check-units.ts. */
export interface UnitsContext {
  readonly algebra: UnitAlgebra
  /** The model's time unit (`unknown` when it declares none). */
  readonly timeUnit: Term
  readonly one: Term
  /** Where warnings go. */
  readonly issues: Issue[]
  /** A dimension for a message: `people/year`, or `1 (dimensionless)`. */
  describe(dim: Dimension): string
  /** The units of what a name denotes: its variable's declared units, whatever its subscripts. */
  units(node: NameNode): Term
}

/** One equation as written: the variable's (or per-element equation's) label, the field, its text and tree. */
export interface WrittenEquation {
  /** `Recovering`, or `Recovering[north]` for a per-element equation: what warnings name. */
  readonly label: string
  readonly field: Field
  readonly text: string
  readonly expr: Expr
  /** How many values a reduction's argument spans (PROD's power); undefined when that is not known. */
  readonly reducedCount: (arg: Expr) => number | undefined
}

/** The units of one equation's terms, bottom-up, reporting each mismatch once where it happens. */
export class EquationUnits {
  private readonly spans: ReadonlyMap<Expr, Span>

  private readonly field: Field
  private readonly text: string
  private readonly expr: Expr

  constructor(
    private readonly checker: UnitsContext,
    private readonly equation: WrittenEquation,
  ) {
    this.field = equation.field
    this.text = equation.text
    this.expr = equation.expr
    this.spans = termSpans(this.text, this.expr)
  }

  root(): Term {
    return this.term(this.expr)
  }

  rootPlace(): { span?: Span; text: string } {
    const span = this.spans.get(this.expr)
    return { ...(span ? { span } : {}), text: this.quote(this.expr) }
  }

  /** The whole equation must have the element's units (a number takes them; unknown passes). */
  expectRoot(term: Term, declared: Term, whose: string): void {
    if (term.kind !== 'known' || declared.kind !== 'known') return
    const { algebra } = this.checker
    if (algebra.equal(term.dim, declared.dim)) return
    const what = this.field === 'initial' ? 'the initial value' : 'the equation'
    const otherwise =
      this.field === 'initial' ? 'correct the units of what it uses' : `declare units: '${algebra.format(term.dim)}'`
    this.report(
      this.expr,
      `${what} ${this.quote(this.expr)} has units ${this.checker.describe(term.dim)}, not the ${whose} ${this.checker.describe(declared.dim)}`,
      `${this.scaleBy('it', term.dim, declared.dim)}${otherwise}`,
    )
  }

  private term(node: Expr): Term {
    switch (node.type) {
      case 'num':
        return NUMBER
      case 'ref':
        return this.checker.units(node)
      case 'unary': {
        const arg = this.term(node.arg)
        if (node.op !== 'not') return arg
        this.condition(node.arg, arg)
        return NUMBER
      }
      case 'binary':
        return this.binary(node)
      case 'if':
        this.condition(node.cond, this.term(node.cond))
        return this.same(
          [node.then, node.else],
          [this.term(node.then), this.term(node.else)],
          'the branches of the conditional',
        )
      case 'lookup': {
        this.term(node.arg) // only for the problems inside it: a lookup's input is not checked
        return this.checker.units(node)
      }
      case 'call':
        return this.call(node)
    }
  }

  private binary(node: Extract<Expr, { type: 'binary' }>): Term {
    const left = this.term(node.left)
    const right = this.term(node.right)
    switch (node.op) {
      case '*':
        return this.multiply(left, right)
      case '/':
        return this.divide(left, right)
      case '^':
        return this.power(node, left, right)
      case '%':
        return this.same([node.left, node.right], [left, right], 'the operands of %')
      case 'and':
      case 'or':
        this.condition(node.left, left)
        this.condition(node.right, right)
        return NUMBER
      default: {
        const joined = this.same([node.left, node.right], [left, right], JOINED[node.op] ?? 'the operands')
        // A comparison is 0 or 1, with no units of its own: `(TIME > 5) * x` switches x.
        return COMPARISON.has(node.op) ? NUMBER : joined
      }
    }
  }

  /** `base ^ exponent`: the exponent is dimensionless; a base with units needs a constant exponent. */
  private power(node: Extract<Expr, { type: 'binary' }>, base: Term, exponent: Term): Term {
    const { algebra } = this.checker
    if (exponent.kind === 'known' && !algebra.isDimensionless(exponent.dim)) {
      this.report(
        node.right,
        `the exponent ${this.quote(node.right)} has units ${this.checker.describe(exponent.dim)}; an exponent must be dimensionless`,
        'divide it by a quantity in the same units (a reference value or time)',
      )
      return UNKNOWN
    }
    if (base.kind !== 'known' || algebra.isDimensionless(base.dim)) return base
    const p = constantValue(node.right)
    if (p === undefined || !Number.isFinite(p)) {
      this.report(
        node,
        `${this.quote(node.left)} (${this.checker.describe(base.dim)}) is raised to ${this.quote(node.right)}, which is not a constant, so the result has no fixed units`,
        'raise a dimensionless ratio instead, e.g. (x / reference)^p',
      )
      return UNKNOWN
    }
    return this.pow(base, p)
  }

  private call(node: Extract<Expr, { type: 'call' }>): Term {
    const terms = node.args.map((a) => this.term(a))
    const rule = arrayUnitRule(node) ?? UNIT_RULES[node.fn]
    if (!rule) return UNKNOWN // an unknown function: `validate` reports it
    const fn = node.fn.toUpperCase()
    const arg = (i: number): Term => terms[i] ?? UNKNOWN
    const c: CallUnits = {
      arg,
      has: (i) => i < node.args.length,
      count: node.args.length,
      reduced: (i) => (node.args[i] ? this.equation.reducedCount(node.args[i]!) : undefined),
      same: (indices, what) => {
        const present = indices.filter((i) => i < node.args.length)
        return this.same(
          present.map((i) => node.args[i]!),
          present.map(arg),
          `the ${what} of ${fn}`,
        )
      },
      expect: (i, expected, what) => this.expect(node.args[i], arg(i), expected, `the ${what} of ${fn}`),
      time: (i, what) => this.expect(node.args[i], arg(i), this.checker.timeUnit, `the ${what} of ${fn}`, 'time'),
      dimensionless: (i, what) => this.expect(node.args[i], arg(i), this.checker.one, `the ${what} of ${fn}`),
      condition: (i) => {
        if (node.args[i]) this.condition(node.args[i]!, arg(i))
      },
      timeUnit: this.checker.timeUnit,
      one: this.checker.one,
      multiply: (a, b) => this.multiply(a, b),
      divide: (a, b) => this.divide(a, b),
      pow: (a, p) => this.pow(a, p),
      isDimensionless: (a) => a.kind === 'known' && this.checker.algebra.isDimensionless(a.dim),
    }
    return rule(c)
  }

  /** Terms that must share units; their common units (a number takes the others'; unknown passes). */
  private same(nodes: readonly Expr[], terms: readonly Term[], what: string): Term {
    let common: Term = NUMBER
    let first: Expr | undefined
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!
      if (t.kind === 'unknown') {
        if (common.kind === 'number') common = UNKNOWN
        continue
      }
      if (t.kind === 'number') continue
      if (common.kind !== 'known') {
        common = t
        first = nodes[i]
        continue
      }
      if (this.checker.algebra.equal(common.dim, t.dim)) continue
      const a = first ?? nodes[0]!
      const b = nodes[i]!
      this.report(
        b,
        `${what} have different units: ${this.quote(a)} is ${this.checker.describe(common.dim)}, ${this.quote(b)} is ${this.checker.describe(t.dim)}`,
        `${this.scaleBy(this.quote(b), t.dim, common.dim)}correct the declared units of the names in them`,
        a,
      )
      return UNKNOWN
    }
    return common
  }

  /** An argument that must have given units (a time, a dimensionless order, an initial trend). */
  private expect(node: Expr | undefined, actual: Term, expected: Term, what: string, time?: 'time'): void {
    if (!node || actual.kind !== 'known' || expected.kind !== 'known') return
    const { algebra } = this.checker
    if (algebra.equal(actual.dim, expected.dim)) return
    const wanted = time
      ? `the model's time unit ${algebra.format(expected.dim)}`
      : algebra.isDimensionless(expected.dim)
        ? 'dimensionless'
        : algebra.format(expected.dim)
    this.report(
      node,
      `${what} ${this.quote(node)} has units ${this.checker.describe(actual.dim)}, not ${wanted}`,
      time
        ? `use a time in ${algebra.format(expected.dim)}, or correct the declared units`
        : `${this.scaleBy('it', actual.dim, expected.dim)}correct the declared units`,
    )
  }

  /** A condition is a comparison or a dimensionless switch (0 or 1), never a quantity with units. */
  private condition(node: Expr, term: Term): void {
    if (term.kind !== 'known' || this.checker.algebra.isDimensionless(term.dim)) return
    this.report(
      node,
      `the condition ${this.quote(node)} has units ${this.checker.describe(term.dim)}; a condition is a comparison or a dimensionless switch`,
      `compare it with something, e.g. ${this.raw(node)} > 0`,
    )
  }

  /**
   * The start of a hint: what to multiply `what` by to turn `from` into `to`, when that is a simple
   * unit (`1/minute`, `year`); a factor of many names says more about a wrong declaration than a
   * missing term, so then nothing.
   */
  private scaleBy(what: string, from: Dimension, to: Dimension): string {
    const { algebra } = this.checker
    const factor = algebra.divide(to, from)
    return algebra.countNames(factor) <= 2 ? `multiply ${what} by something in ${algebra.format(factor)}, or ` : ''
  }

  private multiply(a: Term, b: Term): Term {
    if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN
    if (a.kind === 'number') return b
    if (b.kind === 'number') return a
    return { kind: 'known', dim: this.checker.algebra.multiply(a.dim, b.dim) }
  }

  private divide(a: Term, b: Term): Term {
    if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN
    if (b.kind === 'number') return a
    const top = a.kind === 'number' ? this.checker.algebra.one : a.dim
    return { kind: 'known', dim: this.checker.algebra.divide(top, b.dim) }
  }

  private pow(a: Term, p: number): Term {
    return a.kind === 'known' ? { kind: 'known', dim: this.checker.algebra.pow(a.dim, p) } : a
  }

  /** A term's text in quotes: double, or single when the text holds double-quoted names. */
  private quote(node: Expr): string {
    const text = this.raw(node)
    if (/^"[^"]*"$/.test(text)) return text // a quoted name quotes itself
    return text.includes('"') ? `'${text}'` : `"${text}"`
  }

  private raw(node: Expr): string {
    const span = this.spans.get(node)
    return span ? this.text.slice(span.start, span.end) : this.text.trim()
  }

  /** One warning at `node` (or, when `from` is given, spanning from `from` to `node`). */
  private report(node: Expr, message: string, hint: string, from?: Expr): void {
    const end = this.spans.get(node)
    const start = from ? this.spans.get(from) : end
    const span = start && end ? { start: Math.min(start.start, end.start), end: Math.max(start.end, end.end) } : end
    this.checker.issues.push({
      severity: 'warning',
      code: 'units',
      message,
      element: this.equation.label,
      field: this.field,
      ...(span ? { span } : {}),
      hint,
    })
  }
}
