import { callDsl } from './dsl-call.js'
import type { Equation } from './equation.js'
import { StockflowError } from './errors.js'
import type { VarId } from './id.js'
import { ArrayOptions } from './source-arrays.js'
import type { CallOption, WrittenFormula } from './source-arrays.js'
import { dimensionDeclarations } from './source-dimensions.js'
import type { DimensionDeclaration } from './source-dimensions.js'
import { formulaCode, formulaOf, predictEquation } from './source-formula.js'
import type { Formula } from './source-formula.js'
import { ARRAY_DSL_NAMES, DSL_NAMES, identifier } from './source-identifiers.js'
import { HandleDimensions } from './source-subscripts.js'
import { callCode, group, layout, prefixed } from './source-layout.js'
import type { Code } from './source-layout.js'
import { data, dataProps, jsString, numberLiteral, prop } from './source-literals.js'
import { deepEqual, same } from './source-values.js'
import type { Element, ElementEquation, Flow, GraphicalFunction, Model, Param, Stock } from './types.js'

// A model written back as typed DSL source: one `const` per element, equations as `eq` templates over
// handles (source-formula.ts), everything else as data (source-literals.ts), laid out by source-layout.ts.

/**
 * The model as TypeScript source in the typed DSL (`export default model(...)`), which compiles under
 * a strict tsconfig and builds the same model: same elements, equations, scenarios, loops and views.
 */
export function modelToSource(model: Model): string {
  return new SourceWriter(model).write()
}

interface Declaration {
  readonly element: Element
  readonly ident: string
  readonly deps: Set<VarId>
  /** Renders `stock('Name', {...})` given the elements already declared. */
  readonly render: (declared: ReadonlySet<VarId>) => Code
}

class SourceWriter {
  private readonly byId = new Map<VarId, Element>()
  private readonly idents = new Map<VarId, string>()
  private readonly used = new Set<string>(DSL_NAMES)
  /** Set for an arrayed model: its dimensions' declarations and handles, and the writer of array options. */
  private readonly dimensions: readonly DimensionDeclaration[] = []
  private readonly handleDims?: HandleDimensions
  private readonly arrays?: ArrayOptions
  private readonly imports = new Set<string>(['model'])
  /** Stocks whose inflow and outflow lists `model()` rebuilds from the flows' `from`/`to`. */
  private readonly derived = new Set<VarId>()
  private readonly from = new Map<VarId, VarId>()
  private readonly to = new Map<VarId, VarId>()

  private readonly sources = new Map<VarId, VarId[]>()
  private readonly sinks = new Map<VarId, VarId[]>()
  private readonly identOf: string[]

  constructor(private readonly model: Model) {
    for (const e of model.elements) if (!this.byId.has(e.id)) this.byId.set(e.id, e)
    if (model.dimensions?.length || model.elements.some((e) => e.dimensions?.length || e.perElement?.length)) {
      for (const n of ARRAY_DSL_NAMES) this.used.add(n)
      this.dimensions = dimensionDeclarations(model.dimensions ?? [], this.used)
      const handles = new Map(this.dimensions.map((d) => [d.dimension, d.ident]))
      this.handleDims = new HandleDimensions(model.dimensions ?? [], model.elements)
      for (const e of model.elements) {
        const why = this.handleDims.unwritable(e)
        // model() would refuse the variable: say so now, not when the source is loaded.
        if (why) throw new StockflowError(`variable "${e.name}" ${why}; write the model as .json or .xmile instead`)
      }
      this.arrays = new ArrayOptions(this.handleDims, (d) => handles.get(d)!)
    }
    this.identOf = model.elements.map((e) => this.ident(e))
    this.wireFlows()
  }

  write(): string {
    let decls: Declaration[]
    let ordered: Declaration[]
    for (;;) {
      decls = this.model.elements.map((e, index) => this.declaration(e, index))
      ordered = order(decls)
      // A flow can name its stock only once the stock is declared. Where an initial value needs the
      // flow first, that stock keeps explicit flow lists instead, and the order is worked out again.
      const at = new Map(ordered.map((d, i) => [d.element.id, i]))
      const late = ordered.flatMap((d, i) =>
        [this.from.get(d.element.id), this.to.get(d.element.id)].filter((s) => s !== undefined && at.get(s)! > i),
      )
      if (late.length === 0) break
      for (const s of late) this.derived.delete(s!)
      this.assignEnds()
    }
    const lines: string[] = []
    for (const d of this.dimensions) {
      lines.push(layout(`const ${d.ident} = `, d.code, '', 0))
      if (d.fn) this.imports.add(d.fn)
    }
    const declared = new Set<VarId>()
    for (const d of ordered) {
      lines.push(layout(`const ${d.ident} = `, d.render(declared), '', 0))
      declared.add(d.element.id)
    }
    const spec: [string, unknown][] = []
    if (this.model.doc !== undefined) spec.push(['doc', this.model.doc])
    spec.push(['time', this.model.time])
    const body: Code[] = spec.map(([k, v]) => prop(k, data(v)))
    if (this.model.dimensions?.length) {
      const handles = new Map(this.dimensions.map((d) => [d.dimension, d.ident]))
      body.push(
        prop(
          'dimensions',
          group(
            '[',
            this.model.dimensions.map((d) => handles.get(d)!),
            ']',
            false,
          ),
        ),
      )
    }
    const idents = decls.map((d) => d.ident)
    body.push(prop('elements', group('[', idents, ']', false)))
    for (const key of ['scenarios', 'loops', 'views'] as const) {
      if (this.model[key] !== undefined) body.push(prop(key, data(this.model[key])))
    }
    const call = callCode('model', [jsString(this.model.name), group('{', body, '}', true)])
    const names = [...DSL_NAMES, ...ARRAY_DSL_NAMES].sort().filter((n) => this.imports.has(n))
    return [
      '// A stockflow model in the typed DSL, written by modelToSource.',
      `import { ${names.join(', ')} } from '@stockflow/model'`,
      '',
      ...lines,
      '',
      layout('export default ', call, '', 0),
      '',
    ].join('\n')
  }

  /** Decides which stocks get their flows through `from`/`to` and which keep explicit lists. */
  private wireFlows(): void {
    const { sources, sinks } = this
    const stocks = this.model.elements.filter((e): e is Stock => e.kind === 'stock')
    for (const s of stocks) {
      for (const f of s.outflows) sources.set(f, [...(sources.get(f) ?? []), s.id])
      for (const f of s.inflows) sinks.set(f, [...(sinks.get(f) ?? []), s.id])
    }
    const flows = this.model.elements.filter((e): e is Flow => e.kind === 'flow')
    const flowCount = new Map<VarId, number>()
    for (const f of flows) flowCount.set(f.id, (flowCount.get(f.id) ?? 0) + 1)
    const stockCount = new Map<VarId, number>()
    for (const s of stocks) stockCount.set(s.id, (stockCount.get(s.id) ?? 0) + 1)
    for (const s of stocks) {
      if (stockCount.get(s.id) !== 1) continue
      // model() pushes each flow onto its stocks in element order: the lists must be exactly that.
      const rebuilt = (ends: Map<VarId, VarId[]>) =>
        flows.filter((f) => flowCount.get(f.id) === 1 && (ends.get(f.id) ?? []).includes(s.id)).map((f) => f.id)
      const unique = (list: readonly VarId[], ends: Map<VarId, VarId[]>) =>
        list.every((f) => flowCount.get(f) === 1 && ends.get(f)?.length === 1)
      if (
        unique(s.inflows, sinks) &&
        unique(s.outflows, sources) &&
        same(rebuilt(sinks), s.inflows) &&
        same(rebuilt(sources), s.outflows)
      ) {
        this.derived.add(s.id)
      }
    }
    this.assignEnds()
  }

  /** A flow's `from`/`to`: the one stock listing it, when that stock's lists are rebuilt by `model()`. */
  private assignEnds(): void {
    this.from.clear()
    this.to.clear()
    for (const f of this.model.elements) {
      if (f.kind !== 'flow') continue
      const src = this.sources.get(f.id)
      const dst = this.sinks.get(f.id)
      if (src?.length === 1 && this.derived.has(src[0]!)) this.from.set(f.id, src[0]!)
      if (dst?.length === 1 && this.derived.has(dst[0]!)) this.to.set(f.id, dst[0]!)
    }
  }

  private ident(e: Element): string {
    const id = identifier(e.name, e.kind, this.used)
    this.used.add(id)
    if (!this.idents.has(e.id)) this.idents.set(e.id, id)
    return id
  }

  private declaration(e: Element, index: number): Declaration {
    const ident = this.identOf[index]!
    const deps = new Set<VarId>()
    const written = (text: string, entry?: readonly string[]): WrittenFormula => {
      const f = this.formula(text, e, entry)
      if ('parts' in f) for (const p of f.parts) if (typeof p !== 'string' && 'ref' in p) deps.add(p.ref)
      return { value: this.predict(f), code: (declared) => this.formulaCode(f, declared) }
    }
    const options: CallOption[] = []
    const option = (key: string, value: unknown, code?: Code) =>
      options.push({ key, value, code: () => code ?? data(value) })
    const base = () => {
      for (const k of ['units', 'doc', 'min', 'max'] as const) if (e[k] !== undefined) option(k, e[k])
    }
    const dims = this.arrays?.dimensions(e)
    if (dims) options.push(dims)
    // The main formula may be left out when the per-element ones are written (the DSL then writes '').
    const main = (key: string, text: string, perElement: CallOption | undefined) => {
      if (text !== '' || !perElement) options.push({ key, ...written(text) })
      if (perElement) options.push(perElement)
    }
    const points = (g: GraphicalFunction) => g.x.slice(0, Math.min(g.x.length, g.y.length)).map((x, i) => [x, g.y[i]])
    // An auxiliary's or flow's graph as the DSL takes it; ragged points travel as an override instead.
    const graph = (g: GraphicalFunction) => (g.mode === undefined ? points(g) : { points: points(g), mode: g.mode })
    let args: Code[] = [jsString(e.name)]
    let argValues: unknown[] = []
    let withOptions = true
    /** Fields whose written form means the same though it is not the same data (a parameter's record). */
    const same = new Set<string>()
    switch (e.kind) {
      case 'stock':
        main('initial', e.initial, this.arrays?.formulas(e, written))
        base()
        if (e.nonNegative) option('nonNegative', true)
        break
      case 'flow':
        for (const [key, s] of [
          ['from', this.from.get(e.id)],
          ['to', this.to.get(e.id)],
        ] as const) {
          if (s === undefined) continue
          deps.add(s)
          options.push({ key, value: { id: s }, code: () => this.idents.get(s)! })
        }
        main('rate', e.equation, this.arrays?.formulas(e, written))
        base()
        if (e.nonNegative) option('nonNegative', true)
        if (e.graph) option('graph', graph(e.graph))
        break
      case 'aux':
        main('equation', e.equation, this.arrays?.formulas(e, written))
        if (e.graph) option('graph', graph(e.graph))
        base()
        break
      case 'param': {
        // A table of values, a record; a main value with exceptions, it and those as perElement.
        const record = this.arrays?.paramRecord(e)
        const value = record && this.sameValues(e, record.value)
        args = [...args, value ? record.code(new Set()) : numberLiteral(e.value)]
        argValues = [...argValues, value ? record.value : e.value]
        if (value) same.add('value').add('perElement')
        const perElement = value ? undefined : this.arrays?.numbers(e)
        if (perElement) options.push(perElement)
        base()
        withOptions = options.length > 0
        break
      }
      case 'lookup': {
        const pts = points(e)
        args = [...args, data(pts)]
        argValues = [...argValues, pts]
        const perElement = this.arrays?.lookups(e)
        if (perElement) options.push(perElement)
        if (e.mode && e.mode !== 'continuous') option('mode', e.mode)
        base()
        withOptions = options.length > 0
        break
      }
    }
    const predicted = callDsl(e.kind, e.name, ...argValues, Object.fromEntries(options.map((o) => [o.key, o.value])))
    const render = (declared: ReadonlySet<VarId>) =>
      this.call(
        e.kind,
        args,
        options.map((o) => [o.key, o.code(declared)]),
        withOptions,
      )
    return { element: e, ident, deps, render: this.withOverrides(e, predicted, render, same) }
  }

  /** Whether a parameter's record gives it the values it has, element by element. */
  private sameValues(e: Param, record: unknown): boolean {
    const over = this.handleDims!.of(e.id)!
    const rebuilt = callDsl('param', e.name, record, { dimensions: over })
    const a = this.arrays!.values(e, over)
    const b = this.arrays!.values(rebuilt, over)
    return a !== undefined && b !== undefined && deepEqual([...a], [...b])
  }

  /** Wraps the DSL call in `{ ...call, key: value }` for whatever the DSL cannot say itself. */
  private withOverrides(
    e: Element,
    predicted: Element,
    render: (declared: ReadonlySet<VarId>) => Code,
    same: ReadonlySet<string>,
  ): (declared: ReadonlySet<VarId>) => Code {
    const actual = e as unknown as Record<string, unknown>
    const expected = predicted as unknown as Record<string, unknown>
    const skip = new Set(['kind', 'equation', 'initial', 'inflows', 'outflows', ...same])
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
      (k) => KNOWN_KEYS.includes(k) && !skip.has(k),
    )
    // Per-element equations, like the main one, are written to mean the same, not to be spelt the same.
    const unspelt = (k: string, v: unknown) =>
      k === 'perElement' && Array.isArray(v)
        ? (v as ElementEquation[]).map((pe) => ({ ...pe, equation: pe.equation === undefined ? undefined : '' }))
        : v
    const overrides: [string, unknown][] = keys
      .filter((k) => !deepEqual(unspelt(k, expected[k]), unspelt(k, actual[k])))
      .map((k) => [k, actual[k]])
    if (e.kind === 'stock' && !this.derived.has(e.id)) {
      overrides.push(['inflows', e.inflows], ['outflows', e.outflows])
    }
    if (overrides.length === 0) return render
    // `as const` keeps literal types such as a graph's mode, which the Element types require.
    return (declared) => group('{', [prefixed('...', render(declared)), ...dataProps(overrides)], '} as const', true)
  }

  private call(fn: string, args: Code[], options: readonly (Code | [string, Code])[], withOptions = true): Code {
    this.imports.add(fn)
    const props = options.map((o) => (Array.isArray(o) ? prop(o[0], o[1]) : o))
    return callCode(fn, withOptions ? [...args, group('{', props, '}', true)] : args)
  }

  /** A formula of `owner`, or of its per-element `entry`, whose subranges count among its dimensions as in the DSL. */
  private formula(text: string, owner: Element, entry: readonly string[] = []): Formula {
    const dims = this.handleDims
    const own = (ds: HandleDimensions) => [...(ds.of(owner.id) ?? []), ...entry.flatMap((n) => ds.get(n) ?? [])]
    return formulaOf(text, this.byId, dims && { dims, owner: own(dims) })
  }

  /** The equation text the DSL will build from a formula (what `eq` returns). */
  private predict(f: Formula): Equation {
    return predictEquation(f, this.byId)
  }

  private formulaCode(f: Formula, declared: ReadonlySet<VarId>): string {
    if ('parts' in f) this.imports.add('eq')
    const code = formulaCode(
      f,
      (id) => (declared.has(id) ? this.idents.get(id)! : undefined),
      (name) => this.dimensions.find((d) => d.dimension === this.handleDims!.get(name))!.ident,
    )
    for (const p of 'parts' in f ? f.parts : []) {
      if (typeof p === 'string' || !('ref' in p) || !p.subs || !declared.has(p.ref)) continue
      this.imports.add('at')
      if (p.subs.some((c) => c.kind === 'bang')) this.imports.add('bang')
    }
    return code
  }
}

/** The fields of an element the DSL writes; any the call gets wrong is overridden. */
const KNOWN_KEYS: readonly string[] = [
  ...['name', 'id', 'units', 'doc', 'min', 'max', 'nonNegative', 'graph', 'value', 'x', 'y', 'mode'],
  ...['dimensions', 'perElement'],
]

/**
 * Declarations in model order, each preceded by the not yet declared handles it uses (depth first), so
 * a handle is defined just before its first use. A cycle leaves its back reference a quoted name.
 */
function order(decls: readonly Declaration[]): Declaration[] {
  const byId = new Map<VarId, Declaration>()
  for (const d of decls) if (!byId.has(d.element.id)) byId.set(d.element.id, d)
  const out: Declaration[] = []
  const state = new Map<Declaration, 'visiting' | 'done'>()
  const visit = (d: Declaration) => {
    if (state.has(d)) return
    state.set(d, 'visiting')
    for (const id of d.deps) {
      const dep = byId.get(id)
      if (dep && dep !== d) visit(dep)
    }
    state.set(d, 'done')
    out.push(d)
  }
  for (const d of decls) visit(d)
  return out
}
