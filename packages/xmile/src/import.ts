import { EquationError, canonicalId, parseEquation } from '@stockflow/model'
import type { Element, ElementEquation, GraphicalFunction, Model, TimeSpec, VarId, View } from '@stockflow/model'
import { findBuiltin, nameText } from '@stockflow/model/internal'
import { resolveArrayReferences } from './array-references.js'
import { coversEveryElement, elementCombinations, numberList, readElementNodes } from './array-variables.js'
import { detectDialect } from './dialect.js'
import { Dimensions, readDimensions, variableDimensions } from './dimensions.js'
import { applyStockflowExtension } from './export-extension.js'
import type { Dialect } from './dialect.js'
import { XmileUnsupportedError, at, importError } from './errors.js'
import { parseXmileExpression } from './expression.js'
import type { XExpr } from './expression.js'
import { resolveCalls } from './functions.js'
import { readGraphicalFunction } from './graphical-function.js'
import { flattenModules } from './modules.js'
import type { PlacedVariable } from './modules.js'
import { printEquation } from './print.js'
import { readSimSpecs } from './sim-specs.js'
import { resolveSelf } from './self-reference.js'
import { ExpressionError } from './tokenize.js'
import { displayName, readModelDefinition } from './variables.js'
import type { ModelDefinition } from './variables.js'
import { readViews } from './views.js'
import type { XmlNode } from './xml.js'
import { child, childrenOf, parseXml } from './xml.js'

/** An imported model and what the importer had to recover from or leave out, one line each. */
export interface XmileImport {
  readonly model: Model
  readonly warnings: readonly string[]
}

/** One variable with its equations parsed (still XMILE, names as written). */
interface Parsed {
  readonly placed: PlacedVariable
  readonly eqn?: XExpr
  /** Vensim's ACTIVE INITIAL, as xmutil writes it: the value used while initialising stocks. */
  readonly init?: XExpr
  readonly graph?: GraphicalFunction
  /** The dimensions it is arrayed over, as declared; empty when it is not arrayed. */
  readonly dims: readonly string[]
  /** Its `<element>` definitions (or the elements of a list of numbers), in file order. */
  readonly entries: readonly Entry[]
}

/** The equation or graphical function of some elements of an arrayed variable. */
interface Entry {
  readonly subscripts: readonly string[]
  readonly node: XmlNode
  readonly eqn?: XExpr
  readonly graph?: GraphicalFunction
}

/**
 * Reads an XMILE model (`.xmile`, `.stmx`, `.itmx`) into a stockflow Model. Problems that can be read
 * past (malformed XML, undeclared prefixes, a declared method Vensim never used) become warnings; a
 * model that cannot be represented is a StockflowError of one line naming the file, the line and the
 * variable (XmileUnsupportedError for macros, conveyors, queues and the array notations the model lacks).
 */
export function importXmile(text: string, file = 'model.xmile'): XmileImport {
  let imported: XmileImport
  try {
    imported = new Importer(text, file).run()
  } catch (err) {
    // The expression reader recurses: a pathologically nested equation overflows the stack.
    if (err instanceof RangeError)
      throw importError(file, undefined, undefined, 'an equation is nested too deeply or is too long to read')
    throw err
  }
  const { model, warnings } = imported
  // What stockflow wrote in its own namespace (scenarios, named loops, parameters) comes back too.
  return { model: applyStockflowExtension(model, text, file), warnings }
}

class Importer {
  private readonly warnings: string[] = []
  private dialect!: Dialect
  private dims!: Dimensions
  /** The dimensions of each arrayed variable, by id. */
  private readonly varDims = new Map<VarId, readonly string[]>()
  /** Every element's display name, by id. */
  private readonly names = new Map<VarId, string>()
  /** The lookup element a called name reads (by the caller's id for it): a table's own name or a companion's. */
  private readonly lookups = new Map<VarId, string>()
  /** Auxiliaries with an ACTIVE INITIAL equation, by id. */
  private readonly activeInitial = new Map<VarId, Parsed>()
  /** Variables some stock names as a flow (Vensim's exporter writes flows as auxiliaries). */
  private readonly attached = new Set<VarId>()
  /** Auxiliaries that are plain numbers, by id (parameters). */
  private readonly constants = new Map<VarId, number>()

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  run(): XmileImport {
    const { root, warnings } = parseXml(this.text, this.file)
    this.warnings.push(...warnings)
    if (root.tag !== 'xmile')
      throw importError(this.file, root.line, undefined, `not an XMILE model: the root element is <${root.tag}>`)
    const macro = child(root, 'macro')
    if (macro) {
      const name = macro.attrs.get('name') ?? ''
      throw new XmileUnsupportedError(`${at(this.file, macro.line)}: unsupported: macros ("${name}")`, 'macros')
    }
    this.dialect = detectDialect(root)
    const modelNodes = childrenOf(root, 'model')
    const rootNode = modelNodes.find((m) => !m.attrs.has('name')) ?? modelNodes[0]
    if (!rootNode) throw importError(this.file, root.line, undefined, 'the file has no <model>')
    this.dims = new Dimensions(readDimensions(root, rootNode, this.file))
    const definitions = modelNodes.map((m) => readModelDefinition(m, this.file, this.warnings))
    const rootDef = definitions[modelNodes.indexOf(rootNode)]!
    const byName = new Map<string, ModelDefinition>()
    for (const d of definitions) if (d !== rootDef) byName.set(canonicalId(displayName(d.name)), d)
    const { placed, bindings, instances } = flattenModules(rootDef, byName, this.file, this.warnings)

    const specs = child(rootNode, 'sim_specs') ?? child(root, 'sim_specs')
    if (!specs) throw importError(this.file, root.line, undefined, 'the file has no <sim_specs>')
    let time = readSimSpecs(specs, this.dialect, this.file, this.warnings)

    const kept = placed.filter((p) => !this.isControl(p, time))
    for (const p of kept) {
      if (!this.names.has(p.id)) this.names.set(p.id, p.name)
      const dims = variableDimensions(p.variable.node, this.dims, this.file, p.name)
      if (dims.length > 0 && !this.varDims.has(p.id)) this.varDims.set(p.id, dims)
    }
    const parsed = kept.map((p) => this.parse(p, bindings.has(p.id)))
    this.classify(parsed, (id) => bindings.has(id))
    const nonNegative = defaultNonNegative(root, rootNode)
    const elements = parsed.flatMap((p) => this.element(p, bindings.get(p.placed.id), nonNegative))
    for (const [target, b] of bindings) {
      if (!this.names.has(target))
        this.warnings.push(`${at(this.file, b.line)}: <connect> targets "${target}", which is not a variable; ignored`)
    }
    time = this.vensimSaveper(time, elements)

    const ids = new Set(elements.map((e) => e.id))
    const known = (id: VarId) => ids.has(id)
    const views: View[] = [
      ...readViews(rootDef, '', known),
      ...instances.flatMap((i) => readViews(i.definition, i.prefix, known, i.prefix.slice(0, -1))),
    ]
    const header = child(root, 'header')
    const name = displayName(child(header ?? root, 'name')?.text || rootNode.attrs.get('name') || baseName(this.file))
    const doc = child(rootNode, 'doc')?.text
    const model: Model = {
      name,
      ...(doc ? { doc } : {}),
      time,
      ...(this.dims.list.length > 0 ? { dimensions: this.dims.list } : {}),
      elements,
      ...(views.length > 0 ? { views } : {}),
    }
    return { model, warnings: this.warnings }
  }

  /**
   * Finds what the XMILE element kinds do not say: auxiliaries that stocks use as flows, constants
   * (parameters) and the graphical functions that equations call.
   */
  private classify(parsed: readonly Parsed[], bound: (id: VarId) => boolean): void {
    for (const { placed } of parsed) {
      if (placed.variable.kind !== 'stock') continue
      for (const f of [...childrenOf(placed.variable.node, 'inflow'), ...childrenOf(placed.variable.node, 'outflow')])
        this.attached.add(canonicalId(placed.prefix + displayName(unquote(f.text))))
    }
    this.findLookups(parsed)
    for (const p of parsed) {
      const { placed } = p
      if (placed.variable.kind !== 'aux' || this.attached.has(placed.id) || bound(placed.id)) continue
      const value = this.constantValue(p)
      if (value !== undefined) this.constants.set(placed.id, value)
    }
  }

  /**
   * The value of an auxiliary that is a parameter: a number, or for an array, numbers for each element
   * (its value then is the apply-to-all number, 0 when its `<element>`s define every element).
   */
  private constantValue(p: Parsed): number | undefined {
    if (p.graph || p.entries.some((e) => e.graph)) return undefined
    const main = p.eqn ? constantOf(p.eqn) : undefined
    if (p.dims.length === 0 || (p.eqn && main === undefined)) return main
    if (p.entries.some((e) => !e.eqn || constantOf(e.eqn) === undefined)) return undefined
    if (p.eqn) return main
    const covered = coversEveryElement(
      p.entries.map((e) => e.subscripts),
      p.dims,
      this.dims,
    )
    return covered ? 0 : undefined
  }

  /** Vensim's control variables (TIME STEP, INITIAL TIME, FINAL TIME) are the clock: `<sim_specs>` holds it. */
  private isControl(p: PlacedVariable, time: TimeSpec): boolean {
    const spec = findBuiltin(p.variable.name)
    if (spec?.kind !== 'clock' || p.variable.kind === 'module') return false
    const expected: Readonly<Record<string, number>> = { dt: time.dt, starttime: time.start, stoptime: time.stop }
    const text = child(p.variable.node, 'eqn')?.text ?? ''
    const value = text === '' ? NaN : Number(text)
    if (spec.name in expected && Number.isFinite(value) && value !== expected[spec.name]) {
      this.warnings.push(
        `${at(this.file, p.variable.node.line)}: "${p.name}" = ${value} differs from <sim_specs> (${expected[spec.name]}); <sim_specs> is used`,
      )
    } else if (!(spec.name in expected)) {
      this.warnings.push(
        `${at(this.file, p.variable.node.line)}: "${p.name}" is a builtin name; the variable is ignored`,
      )
    }
    return true
  }

  private fail(p: PlacedVariable, message: string, line = p.variable.node.line): never {
    throw importError(this.file, line, p.name, message)
  }

  /** Parses a variable's equations and table; a missing equation is a warning unless a `<connect>` feeds it. */
  private parse(p: PlacedVariable, bound: boolean): Parsed {
    const node = p.variable.node
    const dims = this.varDims.get(p.id) ?? []
    const elementNodes = readElementNodes(node, dims, this.dims, this.file, p.name)
    if (p.variable.kind === 'gf') {
      // An arrayed table may leave its points to its elements.
      const graph = elementNodes.length > 0 && !child(node, 'ypts') ? undefined : this.graph(p, node)
      const entries = elementNodes.map(({ subscripts, node: n }) => {
        const g = child(n, 'gf') ?? n
        return { subscripts, node: n, graph: this.graph(p, g) }
      })
      return { placed: p, ...(graph ? { graph } : {}), dims, entries }
    }
    const gfNode = child(node, 'gf')
    const graph = gfNode ? this.graph(p, gfNode) : undefined
    const eqnNode = child(node, 'eqn')
    const read = (n: XmlNode | undefined): XExpr | undefined => {
      if (!n || n.text.replace(/\{[^}]*\}/g, '').trim() === '') return undefined
      try {
        return parseXmileExpression(n.text)
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err
        return this.expressionFailure(p, n, err)
      }
    }
    let entries: Entry[] = elementNodes.map(({ subscripts, node: n }) => {
      const e = read(child(n, 'eqn'))
      const g = child(n, 'gf')
      return { subscripts, node: n, ...(e ? { eqn: e } : {}), ...(g ? { graph: this.graph(p, g) } : {}) }
    })
    const perElementEqns = dims.length > 0 && entries.length === 0 ? this.elementsInOrder(p, dims, node) : undefined
    if (perElementEqns) entries = perElementEqns.map((e) => ({ ...e, ...(e.eqn ? {} : { eqn: read(e.node) }) }))
    const eqn = perElementEqns ? undefined : read(eqnNode)
    if (eqn === undefined && !bound && !graph && entries.length === 0) {
      // Kept (with an empty equation that validation reports), so a diagram-only file still loads.
      const what = p.variable.kind === 'stock' ? 'no initial value' : 'no equation'
      this.warnings.push(`${at(this.file, eqnNode?.line ?? node.line)}: "${p.name}" has ${what}`)
    }
    const init = read(child(node, 'init_eqn'))
    const out: Parsed = {
      placed: p,
      ...(eqn ? { eqn } : {}),
      ...(init ? { init } : {}),
      ...(graph ? { graph } : {}),
      dims,
      entries,
    }
    if (init && p.variable.kind === 'aux') this.activeInitial.set(p.id, out)
    return out
  }

  /**
   * Elements an arrayed variable without `<element>`s defines in order, row-major: xmutil's list of
   * numbers as its equation (`1, 2, 3`, rows may end in `;`), or, from Vensim's own exporter, one
   * `<eqn>` per element. Undefined when it has a single apply-to-all equation.
   */
  private elementsInOrder(p: PlacedVariable, dims: readonly string[], node: XmlNode) {
    const eqns = childrenOf(node, 'eqn')
    const list = eqns.length === 1 ? numberList(eqns[0]!.text) : undefined
    if (eqns.length < 2 && !list) return undefined
    const combinations = elementCombinations(dims, this.dims)
    const count = list ? list.length : eqns.length
    if (count !== combinations.length) {
      const what = list ? `list of ${count} numbers` : `${count} <eqn>s`
      this.fail(p, `the ${what} do${list ? 'es' : ''} not fit its ${combinations.length} elements`, eqns[0]!.line)
    }
    return combinations.map((subscripts, i) => ({
      subscripts,
      node: list ? eqns[0]! : eqns[i]!,
      ...(list ? { eqn: { t: 'num', value: list[i]! } as const } : {}),
    }))
  }

  private expressionFailure(p: PlacedVariable, n: XmlNode, err: ExpressionError): never {
    if (err.feature)
      throw new XmileUnsupportedError(`${at(this.file, n.line)}: "${p.name}": ${err.message}`, err.feature)
    const column = err.offset + 1
    return this.fail(p, `${err.message} (at character ${column} of "${clip(n.text)}")`, n.line)
  }

  private graph(p: PlacedVariable, gf: XmlNode): GraphicalFunction {
    const g = readGraphicalFunction(gf)
    if (!g.ok) this.fail(p, g.problem, g.line)
    return g.graph
  }

  /**
   * Graphical functions callable by name: every named `<gf>`, and every auxiliary with a `<gf>` that an
   * equation calls (`table(x)` or `LOOKUP(table, x)`, as xmutil writes Vensim lookups).
   */
  private findLookups(parsed: readonly Parsed[]): void {
    const called = new Set<VarId>()
    for (const p of parsed) {
      for (const e of [p.eqn, p.init]) {
        if (!e) continue
        walk(e, (n) => {
          if (n.t !== 'call') return
          called.add(canonicalId(p.placed.prefix + displayName(n.name)))
          const first = n.args[0]
          if (canonicalId(n.name) === 'lookup' && first?.t === 'name')
            called.add(canonicalId(p.placed.prefix + displayName(first.name)))
        })
      }
    }
    for (const p of parsed) {
      const { id, name } = p.placed
      if (p.placed.variable.kind === 'gf') this.lookups.set(id, name)
      else if ((p.graph || p.entries.some((e) => e.graph)) && called.has(id)) {
        // An auxiliary that only holds a table becomes the lookup; one with a real input keeps its
        // value and lends its table to a companion lookup.
        const tableOnly = isConstant(p.eqn) && p.entries.every((e) => isConstant(e.eqn))
        this.lookups.set(id, tableOnly ? name : this.companionName(name))
      }
    }
  }

  private companionName(name: string): string {
    let candidate = `${name} lookup`
    for (let i = 2; this.names.has(canonicalId(candidate)); i++) candidate = `${name} lookup ${i}`
    this.names.set(canonicalId(candidate), candidate)
    return candidate
  }

  /**
   * Equation text of an expression in a variable's scope; `initial` reads ACTIVE INITIAL values.
   * `node` is where the expression was written (its `<eqn>`, or an `<element>`), for messages.
   */
  private equation(p: PlacedVariable, expr: XExpr, initial = false, node?: XmlNode): string {
    const prefix = p.prefix
    const lookupOf = (raw: string) => this.lookups.get(canonicalId(prefix + displayName(raw)))
    const variableDims = (raw: string) => {
      const id = canonicalId(prefix + displayName(raw))
      return this.names.has(id) ? (this.varDims.get(id) ?? []) : undefined
    }
    let resolved: XExpr
    try {
      resolved = resolveCalls(expr, { dialect: this.dialect, lookupOf })
      // A variable actually named "self" (possible in a Vensim file) keeps its name.
      if (!this.names.has(canonicalId(prefix + 'self'))) {
        const count = this.dims.count(this.varDims.get(p.id) ?? [])
        resolved = resolveSelf(resolved, p.variable.name, count)
      }
      resolved = resolveArrayReferences(resolved, { dims: this.dims, variableDims })
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err
      return this.expressionFailure(p, node ?? child(p.variable.node, 'eqn') ?? p.variable.node, err)
    }
    resolved = this.fixOrders(resolved, p)
    const ref = (raw: string, subscripted: boolean): string => {
      const own = displayName(raw)
      const id = canonicalId(prefix + own)
      const active = initial && !subscripted ? this.activeInitial.get(id) : undefined
      if (active?.init) return `(${this.equation(active.placed, active.init)})`
      const name = this.names.get(id)
      if (name !== undefined) return nameText(name)
      // A dimension's name as a value (the position of the element being computed) is global.
      const dim = this.dims.dimension(own)
      if (dim) return nameText(dim.name)
      return nameText(findBuiltin(own)?.kind === 'clock' ? own : prefix + own)
    }
    let text: string
    try {
      text = printEquation(resolved, ref)
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err
      return this.expressionFailure(p, node ?? child(p.variable.node, 'eqn') ?? p.variable.node, err)
    }
    try {
      parseEquation(text)
    } catch (err) {
      if (!(err instanceof EquationError)) throw err
      this.fail(p, `the equation translates to "${clip(text)}", which does not parse: ${err.message}`)
    }
    return text
  }

  /**
   * DELAYN and SMTHN need their order as a number; Vensim requires it constant anyway, so an order
   * given by a parameter is replaced by the parameter's value.
   */
  private fixOrders(expr: XExpr, p: PlacedVariable): XExpr {
    const go = (e: XExpr): XExpr => {
      switch (e.t) {
        case 'builtin': {
          const args = e.args.map(go)
          const order = args[2]
          if ((e.fn === 'delayn' || e.fn === 'smthn') && order?.t === 'name' && !order.subs) {
            const id = canonicalId(p.prefix + displayName(order.name))
            const value = this.varDims.has(id) ? undefined : this.constants.get(id)
            if (value !== undefined) {
              this.warnings.push(
                `${at(this.file, p.variable.node.line)}: "${p.name}": the order of ${e.fn.toUpperCase()} is fixed at ${value}, the value of "${order.name}"`,
              )
              args[2] = { t: 'num', value }
            }
          }
          return { ...e, args }
        }
        case 'unary':
          return { ...e, arg: go(e.arg) }
        case 'binary':
          return { ...e, left: go(e.left), right: go(e.right) }
        case 'if':
          return { ...e, cond: go(e.cond), then: go(e.then), else: go(e.else) }
        case 'lookup':
          return { ...e, arg: go(e.arg) }
        default:
          return e
      }
    }
    return go(expr)
  }

  private element(p: Parsed, binding: { source: string } | undefined, nonNegative: NonNegative): Element[] {
    const { placed } = p
    const node = placed.variable.node
    const base = {
      name: placed.name,
      id: placed.id,
      ...optionalText('units', child(node, 'units')?.text),
      ...optionalText('doc', child(node, 'doc')?.text),
      ...(p.dims.length > 0 ? { dimensions: [...p.dims] } : {}),
    }
    if (binding) {
      // A module input fed from outside takes the source's value, whatever it was declared as.
      const id = canonicalId(binding.source)
      const source = this.names.get(id) ?? binding.source
      return [{ kind: 'aux', ...base, equation: nameText(source) }]
    }
    const lookupName = this.lookups.get(placed.id)
    const text = (initial = false) => (p.eqn ? this.equation(placed, p.eqn, initial) : '')
    /** Each `<element>` as the model's per-element equation; `graphs` keeps their tables. */
    const perElement = (equation: (e: Entry) => string | undefined, graphs: boolean) => {
      if (p.entries.length === 0) return {}
      const list = p.entries.map((e): ElementEquation => {
        const eq = equation(e)
        return {
          subscripts: [...e.subscripts],
          ...(eq !== undefined ? { equation: eq } : {}),
          ...(graphs && e.graph ? { graph: e.graph } : {}),
        }
      })
      return { perElement: list }
    }
    const own = (initial: boolean) => (e: Entry) => (e.eqn ? this.equation(placed, e.eqn, initial, e.node) : '')
    // An element holding only a table reads the apply-to-all input (Stella's arrayed graphical functions).
    const input = (e: Entry) => (e.eqn ? this.equation(placed, e.eqn, false, e.node) : e.graph ? text() : '')
    const tables = (name: string, id: VarId, dims: object): Element => ({
      kind: 'lookup',
      name,
      id,
      ...dims,
      ...(p.graph ?? { x: [], y: [] }),
      ...perElement(() => undefined, true),
    })
    const kind = placed.variable.kind === 'aux' && this.attached.has(placed.id) ? 'flow' : placed.variable.kind
    switch (kind) {
      case 'gf':
        return [tables(placed.name, placed.id, base)]
      case 'stock': {
        const flows = (tag: string) =>
          childrenOf(node, tag).map((f) => canonicalId(placed.prefix + displayName(unquote(f.text))))
        return [
          {
            kind: 'stock',
            ...base,
            initial: text(true),
            ...perElement(own(true), false),
            inflows: flows('inflow'),
            outflows: flows('outflow'),
            ...(flag(node, nonNegative.stock) ? { nonNegative: true } : {}),
          },
        ]
      }
      case 'flow':
        this.checkInputs(p)
        return [
          {
            kind: 'flow',
            ...base,
            equation: text(),
            ...perElement(input, true),
            ...(flag(node, nonNegative.flow) ? { nonNegative: true } : {}),
            ...(p.graph ? { graph: p.graph } : {}),
          },
        ]
      default: {
        if (lookupName === placed.name) return [tables(placed.name, placed.id, base)]
        const dims = p.dims.length > 0 ? { dimensions: [...p.dims] } : {}
        const companion = lookupName !== undefined ? [tables(lookupName, canonicalId(lookupName), dims)] : []
        this.checkInputs(p)
        const value = this.constants.get(placed.id)
        if (value !== undefined) {
          const number = (e: Entry) => String(constantOf(e.eqn!))
          return [...companion, { kind: 'param', ...base, value, ...perElement(number, false) }]
        }
        return [
          ...companion,
          {
            kind: 'aux',
            ...base,
            equation: text(),
            ...perElement(input, true),
            ...(p.graph ? { graph: p.graph } : {}),
          },
        ]
      }
    }
  }

  /** A graphical function needs an input: its own `<eqn>`, or for an element the variable's. */
  private checkInputs(p: Parsed): void {
    const bare = p.graph ? !p.eqn : p.entries.some((e) => e.graph && !e.eqn && !p.eqn)
    if (bare) this.fail(p.placed, 'the graphical function has no input (<eqn> is empty)')
  }

  /** Vensim's SAVEPER, when a plain number, is the save interval (xmutil leaves it out of `<sim_specs>`). */
  private vensimSaveper(time: TimeSpec, elements: readonly Element[]): TimeSpec {
    if (this.dialect.vendor !== 'vensim' || time.saveper !== undefined) return time
    const saveper = elements.find((e) => e.id === 'saveper')
    if (saveper?.kind !== 'param') return time
    const ratio = saveper.value / time.dt
    if (Math.round(ratio) > 1 && Math.abs(ratio - Math.round(ratio)) <= 1e-9 * ratio)
      return { ...time, saveper: saveper.value }
    return time
  }
}

/** Which kinds `<behavior><non_negative/></behavior>` makes non-negative by default. */
interface NonNegative {
  readonly stock: boolean
  readonly flow: boolean
}

function defaultNonNegative(root: XmlNode, model: XmlNode): NonNegative {
  let stock = false
  let flow = false
  for (const behavior of [...childrenOf(root, 'behavior'), ...childrenOf(model, 'behavior')]) {
    const all = child(behavior, 'non_negative')
    if (all) stock = flow = flag(behavior, false)
    const s = child(behavior, 'stock')
    if (s && child(s, 'non_negative')) stock = flag(s, stock)
    const f = child(behavior, 'flow')
    if (f && child(f, 'non_negative')) flow = flag(f, flow)
  }
  return { stock, flow }
}

/** `<non_negative/>` (or `true`) sets the flag, `<non_negative>false</non_negative>` clears it. */
function flag(node: XmlNode, fallback: boolean): boolean {
  const nn = child(node, 'non_negative')
  if (!nn) return fallback
  return nn.text.trim().toLowerCase() !== 'false'
}

function optionalText<K extends string>(key: K, text: string | undefined): { [P in K]?: string } {
  const t = text?.trim()
  return (t ? { [key]: t } : {}) as { [P in K]?: string }
}

function unquote(text: string): string {
  const t = text.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > 80 ? `${t.slice(0, 77)}...` : t
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file
  return last.replace(/\.[^.]*$/, '') || 'model'
}

/** A number, possibly signed: such an auxiliary is a parameter. */
function constantOf(e: XExpr): number | undefined {
  if (e.t === 'num') return e.value
  if (e.t === 'unary' && e.op !== 'not') {
    const v = constantOf(e.arg)
    return v === undefined ? undefined : e.op === '-' ? -v : v
  }
  return undefined
}

/** No equation, or one made only of numbers and arithmetic (xmutil writes `0+0` for pure tables). */
function isConstant(e: XExpr | undefined): boolean {
  if (!e || e.t === 'num') return true
  if (e.t === 'unary') return isConstant(e.arg)
  if (e.t === 'binary') return isConstant(e.left) && isConstant(e.right)
  return false
}

function walk(e: XExpr, visit: (n: XExpr) => void): void {
  visit(e)
  switch (e.t) {
    case 'unary':
      return walk(e.arg, visit)
    case 'binary':
      walk(e.left, visit)
      return walk(e.right, visit)
    case 'if':
      walk(e.cond, visit)
      walk(e.then, visit)
      return walk(e.else, visit)
    case 'call':
    case 'builtin':
      return e.args.forEach((a) => walk(a, visit))
    case 'lookup':
      return walk(e.arg, visit)
    default:
      return undefined
  }
}
