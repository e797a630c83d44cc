import type {
  Dimension,
  Element,
  Expr as ModelExpr,
  LookupMode,
  Model,
  Subscript as ModelSubscript,
  View,
} from '@stockflow/model'
import { printExpr } from '@stockflow/model'
import { didYouMean, isReservedName, nameText } from '@stockflow/model/internal'
import type { VariableLayout } from './array-layout.js'
import { layoutVariable, subsetDimension } from './array-layout.js'
import type { ArrayedContext } from './arrayed-elements.js'
import { arrayedElements, readsLookups } from './arrayed-elements.js'
import type {
  Definition,
  Equation,
  Expr,
  LookupTable,
  MdlFile,
  MdlProblem,
  Pos,
  Subscript,
  SubscriptRange,
} from './ast.js'
import { constantOf, readTimeSpec } from './control.js'
import { DataFileError } from './data-errors.js'
import type { DataSource } from './data-files.js'
import { dataCall, dataElement } from './data-variables.js'
import { formatProblem, MdlError, VensimUnsupportedError } from './errors.js'
import type { ExpressionContext } from './expression.js'
import { MAX_TREE_DEPTH, translateExpr, treeDepth } from './expression.js'
import { expandMacros } from './macro-expansion.js'
import { CONTROL_NAMES, displayName, idOf } from './names.js'
import { parseMdl } from './parse.js'
import { settingsMethod } from './settings-method.js'
import { readSketch } from './sketch.js'
import { unitSynonyms } from './unit-synonyms.js'
import { arrayedFlowsOf, flowsOf, integralOf, restExpr } from './stocks.js'
import type { ArrayedStockFlows, StockFlows } from './stocks.js'
import { rangeFromData, translateSubscripts } from './subscript-refs.js'
import { SubscriptRanges } from './subscript-ranges.js'
import { subscriptReads } from './subscript-reads.js'

/** A `.mdl` file read into a model, and what the reader recovered from (one line each). */
export interface MdlImport {
  readonly model: Model
  readonly warnings: readonly string[]
}

/** Where reading a `.mdl` file finds what it needs besides the text. */
export interface MdlImportOptions {
  /** The data files `GET DIRECT DATA` and its kin read, by path relative to the model's folder. */
  readonly data?: DataSource
  /** The model's name (default: the file name without its folder and extension). */
  readonly name?: string
}

const FILE_START: Pos = { line: 1, column: 1, offset: 0 }
/** Unknown names that get a "did you mean"; past these, the problems still come, without one. */
const MAX_SUGGESTIONS = 50

/**
 * Reads a Vensim `.mdl` model (text, or bytes in UTF-8 or Latin-1) into a stockflow model with Vensim's
 * semantics. Every problem of the file is reported at once, one line each (`file:line:column: "Variable":
 * problem`) in an `MdlError`; a feature stockflow lacks (VECTOR LOOKUP) is a `VensimUnsupportedError`.
 * Subscript ranges become the model's dimensions and subscripted variables arrays over them. The file
 * is only ever read as data: nothing in it runs.
 */
export function importMdl(input: string | Uint8Array, file = 'model.mdl', options: MdlImportOptions = {}): MdlImport {
  const parsed = parseMdl(input, file)
  try {
    return new Importer(parsed, file, options).run()
  } catch (err) {
    // Found deep in a translation, the feature is said with the file it is in.
    if (err instanceof VensimUnsupportedError) throw new VensimUnsupportedError(`${file}: ${err.message}`, err.feature)
    throw err
  }
}

class Importer {
  private readonly problems: MdlProblem[] = []
  private readonly warnings: string[] = []
  private readonly equations = new Map<string, Equation>()
  /** Every equation of each variable, by id: one, or several for an arrayed variable (per element, :EXCEPT:). */
  private readonly groups = new Map<string, Equation[]>()
  /** Arrayed variables' dimensions and equations, by id. */
  private readonly layouts = new Map<string, VariableLayout>()
  /** Dimensions made for variables defined on some elements of a range only. */
  private readonly subsets: Dimension[] = []
  /** Ranges an :EXCEPT: narrows to one element in the part being translated, by the range's id. */
  private bound: ReadonlyMap<string, string> = new Map()
  private ranges!: SubscriptRanges
  /** Variables whose problems leave nothing to build. */
  private readonly broken = new Set<string>()
  private readonly lookups = new Map<string, string>()
  private readonly extra: Element[] = []
  private readonly taken = new Set<string>()
  private readonly variants = new Map<string, { table: string; mode: LookupMode; name: string }>()
  private current = ''
  private readonly unitsOf: (units: string) => string
  private names: string[] | undefined
  /** Problems of unknown names, with the name's id. */
  private readonly unknown = new Map<MdlProblem, string>()
  private suggested = 0
  private start = 0

  constructor(
    private readonly parsed: MdlFile,
    private readonly file: string,
    private readonly options: MdlImportOptions,
  ) {
    this.unitsOf = unitSynonyms(parsed.settings?.text)
  }

  run(): MdlImport {
    const shallow = (d: Definition): Definition => {
      if (d.t !== 'equation' || d.expr === undefined || treeDepth(d.expr) <= MAX_TREE_DEPTH) return d
      this.problem(
        d.expr.pos,
        `the equation is longer or deeper than ${MAX_TREE_DEPTH} operations; split it into auxiliaries`,
        d.lhs.name,
      )
      return { ...d, expr: { t: 'num', value: 0, pos: d.expr.pos } }
    }
    const macros = this.parsed.macros.map((m) => ({ ...m, definitions: m.definitions.map(shallow) }))
    const definitions = expandMacros(this.parsed.definitions.map(shallow), macros, this.problems)
    this.ranges = new SubscriptRanges(
      definitions.filter((d): d is SubscriptRange => d.t === 'subscript-range'),
      this.problems,
      (d) => this.rangeFromData(d),
    )
    this.collect(definitions)
    const warn = (p: MdlProblem) => this.warnings.push(formatProblem(this.file, p))
    const clock = readTimeSpec(this.equations, this.problems, FILE_START, warn)
    const method = settingsMethod(this.parsed.settings, warn)
    const time = method ? { ...clock, method } : clock
    this.start = time.start
    this.layOut(definitions)
    const stocks = this.stockFlows()
    const flows = new Set([...stocks.values()].flatMap((s) => [...s.inflows, ...s.outflows].map(this.elementId)))
    const elements: Element[] = []
    const saveper = time.saveper ?? time.dt
    for (const [id, eq] of this.equations) {
      if (CONTROL_NAMES.has(id) || this.broken.has(id)) continue
      this.current = displayName(eq.lhs.name)
      const layout = this.layouts.get(id)
      if (layout) elements.push(...this.arrayed(eq, layout, stocks.get(id), flows, saveper))
      else if (eq.lhs.subscripts.length === 0) elements.push(...this.elementsOf(eq, stocks.get(id), flows, saveper))
    }
    elements.push(...this.extra)
    elements.push(...this.variantElements(elements))
    const problems = this.allProblems()
    if (problems.length > 0) {
      const sorted = problems.sort((a, b) => a.pos.offset - b.pos.offset)
      throw new MdlError(this.file, sorted)
    }
    const views = this.views(elements)
    const dimensions = [...this.ranges.dimensions, ...this.subsets]
    const model: Model = {
      name: this.options.name ?? modelName(this.file),
      time,
      ...(dimensions.length > 0 ? { dimensions } : {}),
      elements,
      ...(views.length > 0 ? { views } : {}),
    }
    return { model, warnings: this.warnings }
  }

  /**
   * The author's diagrams from the sketch. A sketch line stockflow cannot read costs that item, not the
   * model: it is a warning, since the equations alone define what runs.
   */
  private views(elements: readonly Element[]): View[] {
    const sketch = this.parsed.sketch
    if (!sketch) return []
    const byId = new Map(elements.map((e) => [e.id, e]))
    const { views, problems } = readSketch(sketch.text, sketch.line, (name) => {
      const found = byId.get(idOf(name))
      return found ? { id: found.id, kind: found.kind } : undefined
    })
    for (const p of problems) this.warnings.push(formatProblem(this.file, p))
    return views
  }

  /**
   * Equations by id, in file order; a subscripted variable may have several (per element, per subrange,
   * :EXCEPT:), any other name defined twice is a problem at the second definition.
   */
  private collect(definitions: readonly Definition[]): void {
    for (const d of definitions) {
      if (d.t !== 'equation') continue
      const id = idOf(d.lhs.name)
      const group = this.groups.get(id)
      if (group) {
        const first = group[0]!
        if (d.lhs.subscripts.length === 0 || first.lhs.subscripts.length === 0) {
          this.problem(d.pos, `defined twice (first at line ${first.pos.line}); keep one definition`, d.lhs.name)
          continue
        }
        group.push({ ...d, lhs: { ...d.lhs, name: first.lhs.name } })
        continue
      }
      const eq = this.unreserved(d)
      this.equations.set(id, eq)
      this.groups.set(id, [eq])
      this.taken.add(id)
      if (d.kind === 'lookup' || readsLookups(d)) this.lookups.set(id, displayName(d.lhs.name))
    }
  }

  /** Each subscripted variable's dimensions and the elements each of its equations defines. */
  private layOut(definitions: readonly Definition[]): void {
    const taken = new Set([...this.ranges.all().map((r) => r.id), ...this.taken])
    const reads = subscriptReads(definitions, this.ranges)
    for (const [id, group] of this.groups) {
      if (group[0]!.lhs.subscripts.length === 0) continue
      const name = displayName(group[0]!.lhs.name)
      const layout = layoutVariable(
        name,
        group,
        this.ranges,
        this.problems,
        (root, elements) => {
          let dim = `${root.name} (${name})`
          for (let k = 2; taken.has(idOf(dim)); k++) dim = `${root.name} (${name} ${k})`
          taken.add(idOf(dim))
          this.subsets.push(subsetDimension(dim, this.ranges.root(root), elements))
          return dim
        },
        reads.get(id),
      )
      if (layout) this.layouts.set(id, layout)
    }
  }

  /** `Region: GET DIRECT SUBSCRIPT(...)`: the elements read, or undefined after a problem. */
  private rangeFromData(d: SubscriptRange): readonly string[] | undefined {
    return rangeFromData(d, this.options.data, (pos, message) => this.problem(pos, message, d.name))
  }

  /**
   * The file's syntax problems and the translation's, in one list, so a modeler fixes them in one pass.
   * With syntax problems, the definitions they dropped are not reported again as unknown names, nor a
   * control section that was never reached (a file cut short).
   */
  private allProblems(): MdlProblem[] {
    const syntax = this.parsed.problems
    if (syntax.length === 0) return [...this.problems]
    const dropped = new Set(syntax.flatMap((p) => (p.variable === undefined ? [] : [idOf(p.variable)])))
    const meaning = this.problems.filter((p) => {
      const name = this.unknown.get(p)
      return p.pos !== FILE_START && (name === undefined || !dropped.has(name))
    })
    return [...syntax, ...meaning]
  }

  /** The id of the element a name written in an equation stands for (a renamed one's new id). */
  private readonly elementId = (written: string): string => {
    const eq = this.equations.get(idOf(written))
    return idOf(eq ? eq.lhs.name : written)
  }

  /**
   * A variable named like one of stockflow's clock builtins (`pi`, `dt`: plain names in Vensim) gets a
   * name of its own, `pi (model)`, with a warning; references to it follow, since they find it by id.
   */
  private unreserved(eq: Equation): Equation {
    const id = idOf(eq.lhs.name)
    if (id === 'time' || CONTROL_NAMES.has(id) || !isReservedName(id)) return eq
    const name = `${displayName(eq.lhs.name)} (model)`
    this.taken.add(idOf(name))
    this.warnings.push(
      formatProblem(this.file, {
        pos: eq.pos,
        variable: displayName(eq.lhs.name),
        message: `"${displayName(eq.lhs.name)}" is a builtin name in stockflow; the variable is named "${name}"`,
      }),
    )
    return { ...eq, lhs: { ...eq.lhs, name } }
  }

  /** Each stock's flows, by the stock's id. */
  private stockFlows(): Map<string, StockFlows> {
    const integrals = new Map<string, Extract<Expr, { t: 'call' }>>()
    for (const [id, group] of this.groups) {
      // One INTEG among an arrayed variable's equations makes it a stock; the others must be too.
      const integ = group.map(integralOf).find((i) => i !== undefined)
      if (integ) integrals.set(id, integ)
    }
    const canBeFlow = (id: string) => {
      const eq = this.equations.get(id)
      return eq !== undefined && eq.kind !== 'lookup' && !integrals.has(id) && !CONTROL_NAMES.has(id)
    }
    const out = new Map<string, StockFlows>()
    for (const [id, integ] of integrals) {
      const group = this.groups.get(id)!
      const integs = group.map(integralOf)
      const bad = integs.findIndex((i) => i?.args.length !== 2)
      if (bad >= 0) {
        const found = integs[bad]
        this.problem(
          found?.pos ?? group[bad]!.pos,
          found
            ? `INTEG takes a rate and an initial value, got ${found.args.length} arguments`
            : 'every equation of a stock is an INTEG, as another of its equations is',
          group[0]!.lhs.name,
        )
        this.broken.add(id)
        continue
      }
      const layout = this.layouts.get(id)
      if (!layout) {
        const scalar = (ref: Extract<Expr, { t: 'ref' }>) =>
          ref.subscripts.length === 0 && !this.layouts.has(this.elementId(ref.name))
        out.set(id, flowsOf(integ.args[0]!, canBeFlow, scalar))
        continue
      }
      const rates = integs.map((i) => i!.args[0]!)
      out.set(
        id,
        arrayedFlowsOf(rates, canBeFlow, (ref, k) => this.flowFits(ref, group[k]!, layout)),
      )
    }
    return out
  }

  /**
   * Whether a term of an arrayed stock's rate can be one of its flows, element for element: a variable
   * over the stock's dimensions written with the equation's own subscripts, or a scalar (every element).
   */
  private flowFits(ref: Extract<Expr, { t: 'ref' }>, eq: Equation, stock: VariableLayout): boolean {
    const flow = this.layouts.get(this.elementId(ref.name))
    if (ref.subscripts.length === 0) return flow === undefined
    if (!flow || flow.dims.length !== stock.dims.length) return false
    if (flow.dims.some((d, i) => idOf(d) !== idOf(stock.dims[i]!))) return false
    return ref.subscripts.every((s, i) => !s.bang && idOf(s.name) === idOf(eq.lhs.subscripts[i]?.name ?? ''))
  }

  /** An arrayed variable's elements, its equations read part by part. */
  private arrayed(
    eq: Equation,
    layout: VariableLayout,
    stock: StockFlows | undefined,
    flows: ReadonlySet<string>,
    saveper: number,
  ): Element[] {
    const group = this.groups.get(idOf(eq.lhs.name))!
    const name = displayName(eq.lhs.name)
    const documented = group.find((g) => g.doc.units?.trim() || g.doc.comment?.trim() || g.doc.range) ?? eq
    const base = { name, id: idOf(name), ...docOf(documented, this.unitsOf) }
    const ctx: ArrayedContext = {
      ranges: this.ranges,
      data: this.options.data,
      equation: (expr, bound) => this.equation(expr, saveper, bound),
      points: (table) => this.points(table),
      problem: (pos, message) => this.problem(pos, message),
      elementId: this.elementId,
      freshName: (b) => this.freshName(b),
    }
    const arrayedStock = stock && 'rests' in stock ? (stock as ArrayedStockFlows) : undefined
    return arrayedElements(layout, base, arrayedStock, flows.has(idOf(name)), ctx)
  }

  private elementsOf(eq: Equation, stock: StockFlows | undefined, flows: Set<string>, saveper: number): Element[] {
    const name = displayName(eq.lhs.name)
    const id = idOf(name)
    const base = { name, id, ...docOf(eq, this.unitsOf) }
    if (eq.kind === 'lookup' && eq.table) return [{ kind: 'lookup', ...base, ...this.points(eq.table) }]
    if (eq.kind === 'data' || eq.expr === undefined) {
      this.problem(
        eq.pos,
        'a data variable with no equation: Vensim fills it from a .vdf run, which stockflow cannot read; ' +
          'define it with GET DIRECT DATA from a CSV file, or as a lookup of Time',
      )
      return []
    }
    const call = dataCall(eq)
    if (call) {
      try {
        const element = dataElement(eq, call, base, this.options.data)
        // A data series a stock adds whole is one of its flows, as the modeler drew it.
        return [element.kind === 'aux' && flows.has(id) ? { ...element, kind: 'flow' } : element]
      } catch (err) {
        if (!(err instanceof DataFileError)) throw err
        this.problem(call.pos, err.message)
        return []
      }
    }
    const integ = integralOf(eq)
    if (integ && stock) {
      const [, initial] = integ.args
      const elements: Element[] = []
      const inflows = stock.inflows.map(this.elementId)
      if (stock.rest.length > 0) {
        const own = this.freshName(`${name} net flow`)
        inflows.push(idOf(own))
        elements.push({
          kind: 'flow',
          name: own,
          id: idOf(own),
          equation: this.equation(restExpr(stock.rest), saveper),
        })
      }
      elements.unshift({
        kind: 'stock',
        ...base,
        initial: this.equation(initial!, saveper),
        inflows,
        outflows: stock.outflows.map(this.elementId),
      })
      return elements
    }
    const top = unwrap(eq.expr)
    if (flows.has(id)) return [this.computed(eq, 'flow', saveper)]
    if (top.t === 'num') return [{ kind: 'param', ...base, value: top.value }]
    if (top.t === 'unary' && top.op === '-' && unwrap(top.arg).t === 'num')
      return [{ kind: 'param', ...base, value: -(unwrap(top.arg) as { value: number }).value }]
    return [this.computed(eq, 'aux', saveper)]
  }

  /** An auxiliary or a flow: its equation, or for `WITH LOOKUP(x, table)` the table as its graph of x. */
  private computed(eq: Equation, kind: 'aux' | 'flow', saveper: number): Element {
    const name = displayName(eq.lhs.name)
    const base = { kind, name, id: idOf(name), ...docOf(eq, this.unitsOf) }
    const top = unwrap(eq.expr!)
    if (top.t === 'call' && idOf(top.fn) === 'with_lookup' && top.args.length === 2 && top.args[1]!.t === 'table') {
      const table = top.args[1].table
      return { ...base, equation: this.equation(top.args[0]!, saveper), graph: this.points(table) }
    }
    return { ...base, equation: this.equation(eq.expr!, saveper) }
  }

  /**
   * An expression as stockflow equation text; problems are recorded against the current variable.
   * `bound` maps ranges to the one element they stand for in this part of an arrayed variable.
   */
  private equation(expr: Expr, saveper: number, bound: ReadonlyMap<string, string> = new Map()): string {
    this.bound = bound
    const ctx: ExpressionContext = {
      ref: (name, pos, subscripts) => this.ref(name, pos, subscripts, saveper),
      subscripts: (subscripts) => this.subscripts(subscripts),
      lookupOf: (name) => this.lookups.get(idOf(name)),
      lookupVariant: (table, mode) => this.lookupVariant(table, mode),
      inlineLookup: (table) => this.inlineLookup(table),
      constant: (e) => constantOf(e, this.equations, this.start),
      problem: (pos, message) => this.problem(pos, message),
    }
    const tree = translateExpr(expr, ctx)
    return printExpr(tree, { name: (n) => nameText(n.name) })
  }

  private ref(written: string, pos: Pos, subscripts: readonly Subscript[], saveper: number): ModelExpr | undefined {
    const id = idOf(written)
    if (subscripts.length === 0) {
      if (id === 'time') return { type: 'call', fn: 'time', args: [] }
      const control = CONTROL_NAMES.get(id)
      if (control === 'saveper') return { type: 'num', value: saveper }
      if (control !== undefined) return { type: 'call', fn: control, args: [] }
    }
    const eq = this.equations.get(id)
    if (eq === undefined && subscripts.length === 0) {
      // A range's name as a value is the element's position in it; an element's name, its position.
      const bound = this.bound.get(id)
      if (bound !== undefined) return { type: 'num', value: this.ranges.position(bound) }
      const meaning = this.ranges.meaning(written)
      if (meaning?.kind === 'range') return { type: 'ref', name: meaning.range.name, id: idOf(meaning.range.name) }
      if (meaning?.kind === 'element') return { type: 'num', value: this.ranges.position(meaning.name) }
    }
    if (eq === undefined) {
      // Suggestions cost a pass over every name: a file of thousands of unknown names gets them for the first few.
      this.names ??= [...this.equations.values()].map((e) => displayName(e.lhs.name))
      const hint = this.suggested++ < MAX_SUGGESTIONS ? didYouMean(written, this.names) : ''
      this.problem(pos, `unknown variable "${displayName(written)}"${hint}`)
      this.unknown.set(this.problems.at(-1)!, id)
      return undefined
    }
    if (eq.kind === 'lookup') {
      this.problem(pos, `"${displayName(written)}" is a lookup; call it with a value, as in ${displayName(written)}(x)`)
      return undefined
    }
    const name = displayName(eq.lhs.name)
    if (subscripts.length === 0) return { type: 'ref', name, id: idOf(name) }
    const layout = this.layouts.get(id)
    if (!layout) {
      if (eq.lhs.subscripts.length === 0) this.problem(pos, `"${name}" has no subscripts; write it without [...]`)
      return undefined
    }
    if (layout.dims.length !== subscripts.length) {
      const [n, k, dims] = [layout.dims.length, subscripts.length, layout.dims.join(', ')]
      this.problem(
        pos,
        `"${name}" has ${n} dimension${n === 1 ? '' : 's'} (${dims}) but is read with ${k} subscript${k === 1 ? '' : 's'} (write ${name}[${dims}])`,
      )
      return undefined
    }
    const subs = this.subscripts(subscripts)
    return subs ? { type: 'ref', name, id: idOf(name), subs } : undefined
  }

  /** Subscripts as the model's, names spelled as their ranges define them; undefined after a problem. */
  private subscripts(written: readonly Subscript[]): ModelSubscript[] | undefined {
    return translateSubscripts(written, this.ranges, this.bound, (pos, message) => this.problem(pos, message))
  }

  /** A lookup element with `table`'s points read in another mode, made once per table and mode (in `run`). */
  private lookupVariant(table: string, mode: LookupMode): string {
    const key = `${idOf(table)}\u0000${mode}`
    const known = this.variants.get(key)
    if (known !== undefined) return known.name
    const name = this.freshName(`${table} ${mode}`)
    this.variants.set(key, { table, mode, name })
    return name
  }

  /** The variants' elements, copies of their tables once every table (read from files too) is built. */
  private variantElements(elements: readonly Element[]): Element[] {
    return [...this.variants.values()].flatMap(({ table, mode, name }) => {
      const source = elements.find((e) => e.kind === 'lookup' && e.id === idOf(table))
      if (source?.kind !== 'lookup') return []
      // Every table is read in the mode: the main one and each element's own.
      const perElement = source.perElement?.map((pe) => (pe.graph ? { ...pe, graph: { ...pe.graph, mode } } : pe))
      return [{ ...source, name, id: idOf(name), mode, ...(perElement ? { perElement } : {}) }]
    })
  }

  /** A lookup element for a table written inside an equation, named after the variable. */
  private inlineLookup(table: LookupTable): string {
    const name = this.freshName(`${this.current} lookup`)
    this.extra.push({ kind: 'lookup', name, id: idOf(name), ...this.points(table) })
    this.lookups.set(idOf(name), name)
    return name
  }

  /**
   * A table's points, checked where the file writes them. Vensim reads points in x order, so points
   * written out of order are sorted (with a warning); a repeated x is a jump stockflow cannot read.
   */
  private points(table: LookupTable): { x: readonly number[]; y: readonly number[] } {
    let { x, y } = table
    if (x.some((v, i) => i > 0 && !(v > x[i - 1]!))) {
      const order = [...x.keys()].sort((a, b) => x[a]! - x[b]!)
      const sorted = order.map((k) => x[k]!)
      const repeat = sorted.findIndex((v, i) => i > 0 && !(v > sorted[i - 1]!))
      if (repeat > 0 || sorted.some((v) => Number.isNaN(v))) {
        this.problem(
          table.pos,
          `the lookup's x values must increase, but x = ${sorted[repeat]} is repeated; remove the repeats`,
        )
        return { x, y }
      }
      this.warnings.push(
        formatProblem(this.file, {
          pos: table.pos,
          variable: this.current,
          message: "the lookup's points are not in x order; they are read sorted, as Vensim does",
        }),
      )
      x = sorted
      y = order.map((k) => y[k]!)
    }
    return { x, y }
  }

  /** `base`, or `base 2`, `base 3`, ...: the first that no variable has. */
  private freshName(base: string): string {
    let name = base
    for (let k = 2; this.taken.has(idOf(name)); k++) name = `${base} ${k}`
    this.taken.add(idOf(name))
    return name
  }

  private problem(pos: Pos, message: string, variable = this.current): void {
    this.problems.push({ pos, variable: displayName(variable), message })
  }
}

function unwrap(e: Expr): Expr {
  return e.t === 'paren' ? unwrap(e.arg) : e
}

/** Units, range and comment as element fields. */
function docOf(
  eq: Equation,
  unitsOf: (units: string) => string,
): { units?: string; doc?: string; min?: number; max?: number } {
  const out: { units?: string; doc?: string; min?: number; max?: number } = {}
  const units = eq.doc.units?.trim()
  if (units) out.units = unitsOf(units)
  const comment = eq.doc.comment?.trim()
  if (comment) out.doc = comment
  if (eq.doc.range?.min !== undefined) out.min = eq.doc.range.min
  if (eq.doc.range?.max !== undefined) out.max = eq.doc.range.max
  return out
}

/** `models/teacup.mdl` -> `teacup`. */
function modelName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.replace(/\.[^.]*$/, '') || 'model'
}
