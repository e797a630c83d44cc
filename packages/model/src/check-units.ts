import type { Field, Issue } from './errors.js'
import type { Span } from './ast.js'
import { resolveDimensions } from './dimensions.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import type { Element, Model } from './types.js'
import { UnitAlgebra } from './units-algebra.js'
import type { Dimension } from './units-algebra.js'
import { reducedCount } from './units-arrays.js'
import { NUMBER, UNKNOWN } from './units-builtins.js'
import type { Term } from './units-builtins.js'
import { EquationUnits } from './units-equation.js'
import type { NameNode, UnitsContext, WrittenEquation } from './units-equation.js'
import { isBlankUnits, parseUnits, UnitSyntaxError } from './units-parse.js'
import { unitsSources } from './units-sources.js'

/** What a flow moves per unit of time, and where that came from when it was read off one of its equations. */
interface FlowUnits {
  readonly term: Term
  /** The equation's label (`Births`, `Births[north]`), when the units were read off it. */
  readonly label?: string
  readonly field?: Field
  readonly span?: Span
  readonly text?: string
}

/**
 * Dimensional consistency of every equation, as warnings (code `units`; unreadable unit text is
 * `units-syntax`). Units are the names the modeler declares, each a dimension of its own (see
 * `parseUnits`); an element without units makes every term it appears in unknown, which passes
 * silently. Checked: the terms of `+`, `-` and comparisons agree; a flow or aux has the units it
 * declares, a stock's initial value the stock's; a flow has its stocks' units per time unit; powers,
 * builtins and conditions as `UNIT_RULES` says. A number in an equation is dimensionless in `*` and
 * `/` but takes the units it is added to, compared with, or chosen against (in MIN, MAX and IF), as
 * Vensim and Stella read `x + 1` and `MAX(0, x)`. Warnings, not errors: units change no number, so a
 * model with unit mistakes still runs; `stockflow check --strict` fails on them. Equations that do not
 * parse are skipped (`validate` reports them). Loads mathjs on first use; never throws for a model.
 *
 * Arrays: an arrayed variable has one unit for all its elements. Its apply-to-all equation is checked
 * once and each per-element equation once, as written (`Infected[Region] * Duration`), so warnings
 * name the variable, or the per-element equation as `Recovering[north]`, and quote the modeler's text;
 * a subscripted reference has its variable's units, a dimension's name read as a value (a position) is
 * a number, and array builtins follow units-arrays.ts.
 */
export async function checkUnits(model: Model): Promise<Issue[]> {
  return new UnitsChecker(model, await UnitAlgebra.load()).run()
}

class UnitsChecker implements UnitsContext {
  readonly issues: Issue[] = []
  readonly declared = new Map<VarId, Term>()
  readonly timeUnit: Term
  readonly one: Term
  private readonly dims: Dimensions
  /** The resolved dimensions of each arrayed variable, by id: what a reduction over it spans. */
  private readonly arrays = new Map<VarId, readonly ResolvedDimension[]>()

  constructor(
    private readonly model: Model,
    readonly algebra: UnitAlgebra,
  ) {
    this.one = { kind: 'known', dim: algebra.one }
    // Problems of the dimensions themselves are `validate`'s to report.
    this.dims = resolveDimensions(model, [])
    // Messages spell a time word as the time unit does (`day`, even where a parameter says `days`).
    this.spellTime(model.time?.units)
    for (const e of model.elements) {
      const id = canonicalId(String(e.name ?? ''))
      if (!this.declared.has(id)) this.declared.set(id, this.read(e.units, e))
      const own = (e.dimensions ?? []).map((d) => this.dims.get(d))
      if (own.length > 0 && !this.arrays.has(id) && own.every((d) => d !== undefined)) this.arrays.set(id, own)
    }
    // Read last, so messages write a rate as `degF/minute` and a product as `people*year`.
    this.timeUnit = this.read(model.time?.units, undefined)
  }

  run(): Issue[] {
    const flowUnits = new Map<VarId, FlowUnits[]>()
    for (const source of unitsSources(this.model, this.dims)) {
      const e = source.element
      const id = canonicalId(String(e.name ?? ''))
      const declared = this.declared.get(id) ?? UNKNOWN
      const written: WrittenEquation = {
        label: source.label,
        field: source.field,
        text: source.text,
        expr: source.expr,
        reducedCount: (arg) => reducedCount(arg, this.dims, this.arrays, source.bound),
      }
      const eq = new EquationUnits(this, written)
      const term = eq.root()
      if (e.kind === 'stock') {
        eq.expectRoot(term, declared, "stock's")
        continue
      }
      // A graphical function's equation is its x input; the element has the units of its y points.
      if (!source.graph) eq.expectRoot(term, declared, 'declared')
      if (e.kind !== 'flow') continue
      const read: FlowUnits =
        declared.kind === 'known' || source.graph
          ? { term: declared }
          : { term, label: source.label, field: 'equation', ...eq.rootPlace() }
      const list = flowUnits.get(id)
      if (!list) flowUnits.set(id, [read])
      // Declared units stand for every equation of the flow; units read off equations, each its own.
      else if (read.label !== undefined) list.push(read)
    }
    const flows = new Map<VarId, Element>()
    for (const e of this.model.elements) if (e.kind === 'flow') flows.set(canonicalId(String(e.name ?? '')), e)
    for (const e of this.model.elements) if (e.kind === 'stock') this.checkStockFlows(e, flows, flowUnits)
    return this.issues
  }

  /** The units of a name in an equation. */
  units(node: NameNode): Term {
    const declared = this.declared.get(node.id)
    if (declared) return declared
    // A dimension's name alone is the position of the element computed, which flattening writes in as a
    // number: dimensionless like any number in `*` and `/`, and taking what it is added to (`Age - 1`).
    if (node.type === 'ref' && !node.subs && this.dims.get(node.name)) return NUMBER
    // An element named whole, `"pop[north]"`, has its variable's units.
    const bracket = node.id.indexOf('[')
    if (bracket > 0 && node.id.endsWith(']')) return this.declared.get(node.id.slice(0, bracket)) ?? UNKNOWN
    return UNKNOWN
  }

  /** A flow moves its stock's units per unit of time. */
  private checkStockFlows(
    stock: Extract<Element, { kind: 'stock' }>,
    flows: ReadonlyMap<VarId, Element>,
    flowUnits: ReadonlyMap<VarId, readonly FlowUnits[]>,
  ): void {
    const units = this.declared.get(canonicalId(String(stock.name ?? ''))) ?? UNKNOWN
    if (units.kind !== 'known' || this.timeUnit.kind !== 'known') return
    const needed = this.algebra.divide(units.dim, this.timeUnit.dim)
    for (const [ids, verb] of [
      [stock.inflows, 'fills'],
      [stock.outflows, 'drains'],
    ] as const) {
      for (const raw of ids ?? []) {
        const id = canonicalId(String(raw))
        const flow = flows.get(id)
        if (!flow) continue
        for (const has of flowUnits.get(id) ?? []) {
          if (has.term.kind !== 'known' || this.algebra.equal(has.term.dim, needed)) continue
          const what = has.field ? `the equation ${has.text} has units` : 'the flow has units'
          this.issues.push({
            severity: 'warning',
            code: 'units',
            message:
              `${what} ${this.describe(has.term.dim)}, but the flow ${verb} "${stock.name}" ` +
              `(${this.describe(units.dim)}) and so needs ${this.describe(needed)}, the stock's units per time unit`,
            element: has.label ?? flow.name,
            ...(has.field ? { field: has.field } : {}),
            ...(has.span ? { span: has.span } : {}),
            hint: has.field
              ? `declare the flow's units, and check the units of "${stock.name}" and of the model's time`
              : `declare units: '${this.algebra.format(needed)}', or correct the units of "${stock.name}"`,
          })
        }
      }
    }
  }

  private spellTime(text: string | undefined): void {
    if (isBlankUnits(text)) return
    const spellings = new Map<string, string>()
    try {
      parseUnits(String(text), spellings)
    } catch {
      return // reported when the time unit is read
    }
    for (const [key, spelling] of spellings) this.algebra.spell(key, spelling)
  }

  /** Declared unit text as a term; unreadable text is reported and counts as undeclared. */
  private read(text: string | undefined, e: Element | undefined): Term {
    if (isBlankUnits(text)) return UNKNOWN
    const spellings = new Map<string, string>()
    try {
      const factors = parseUnits(String(text), spellings)
      for (const [key, spelling] of spellings) this.algebra.spell(key, spelling)
      return { kind: 'known', dim: this.algebra.fromFactors(factors) }
    } catch (err) {
      if (!(err instanceof UnitSyntaxError)) throw err
      this.issues.push({
        severity: 'warning',
        code: 'units-syntax',
        message: `the units "${err.text}" cannot be read at character ${err.at + 1}: ${err.message}`,
        ...(e ? { element: e.name } : { field: 'time' as const }),
        hint: err.hint,
      })
      return UNKNOWN
    }
  }

  /** A dimension for a message: `people/year`, or `1 (dimensionless)`. */
  describe(dim: Dimension): string {
    const text = this.algebra.format(dim)
    return text === '1' ? '1 (dimensionless)' : text
  }
}
