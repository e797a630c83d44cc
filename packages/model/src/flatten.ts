import type { Expr } from './ast.js'
import { walk } from './ast.js'
import { findArrayFunction } from './array-functions.js'
import { MAX_FLAT_ELEMENTS } from './array-limits.js'
import { resolveDimensions } from './dimensions.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { StockflowError, formatIssue } from './errors.js'
import type { Field, Issue } from './errors.js'
import { flowMatcher } from './flatten-flows.js'
import { Resolver } from './flatten-resolve.js'
import type { ArrayedVar, Binding, Place, Report, Scope } from './flatten-types.js'
import { canonicalId } from './id.js'
import { parseEquation } from './parse.js'
import { constantValue } from './parse-model.js'
import type { ParsedElement } from './parse-model.js'
import { EquationError } from './errors.js'
import { printExpr, printExprSharing } from './print.js'
import type { PrintOptions, SharedText } from './print.js'
import { quoteName } from './equation.js'
import type { Element, ElementEquation, GraphicalFunction, Model, Scenario } from './types.js'
import { bracketedElementNames } from './flatten-names.js'

/** An arrayed model made scalar: the flat model, its equations parsed, and the problems found on the way. */
export interface Flattened {
  /** One variable per element, named `pop[north]`; the model itself when it has no arrays. */
  readonly flat: Model
  /** The flat model's equations, aligned with `flat.elements`. */
  readonly parsed: ParsedElement[]
  /**
   * 1 for each flat element whose equations stand for others (a scalar variable's, and the first element
   * of each equation of an arrayed variable), 0 for the rest: they differ from the first only in which
   * elements they read, so checking the first checks them all.
   */
  readonly distinct: Uint8Array
  /** Flat calls several elements' equations share (the same object): the checks read each once. */
  readonly shared: ReadonlySet<Expr>
  readonly issues: Issue[]
  /** Where each flat element (by name) came from: problems the flat model repeats per element are reported once. */
  readonly origin: (name: string) => Origin | undefined
}

/** The variable a flat element belongs to, and the label of its equation (`Pop`, or `Pop[north]` for a per-element one). */
export interface Origin {
  readonly variable: string
  readonly label: string
}

/** Whether a model has dimensions or arrayed variables (and so needs flattening). */
export function hasArrays(model: Model): boolean {
  return (model.dimensions?.length ?? 0) > 0 || model.elements.some((e) => (e.dimensions?.length ?? 0) > 0)
}

/**
 * The flat model of an arrayed model, or the model itself when it has none; throws a StockflowError
 * listing the problems when its arrays cannot be flattened.
 */
export function flatten(model: Model): Model {
  const { flat, issues } = flattenModel(model)
  const errors = issues.filter((i) => i.severity === 'error')
  if (errors.length) {
    throw new StockflowError(
      `model "${model.name}" cannot be flattened (${errors.length} error${errors.length > 1 ? 's' : ''}):\n${errors.map((e) => `  ${formatIssue(e)}`).join('\n')}`,
      errors,
    )
  }
  return flat
}

/**
 * Flattens an arrayed model: every arrayed variable becomes one scalar variable per element (row-major,
 * the last dimension fastest), each with its equation read at that element (see flatten-resolve.ts).
 * Never throws: problems are issues, and the equations they spoil read 0.
 */
export function flattenModel(model: Model): Flattened {
  const issues: Issue[] = []
  const seen = new Set<string>()
  // A variable whose dimensions are wrong reads as a scalar: what follows from that is no news.
  const spoiled = new Set<string>()
  const report: Report = (place, code, message, span, hint) => {
    if (place.field !== 'dimensions' && spoiled.has(place.label)) return
    const key = `${place.label}\u0000${place.field}\u0000${code}\u0000${span?.start ?? ''}`
    if (seen.has(key)) return
    seen.add(key)
    issues.push({
      severity: 'error',
      code,
      message,
      element: place.label,
      field: place.field,
      ...(span ? { span } : {}),
      hint,
    })
  }
  const dims = resolveDimensions(model, issues)
  bracketedElementNames(model, issues)
  const arrays = new Map<string, ArrayedVar>()
  if (tooMany(model, dims, issues)) {
    const { dimensions: _dimensions, ...rest } = model
    const none = { parsed: [], distinct: new Uint8Array(0), shared: new Set<Expr>() }
    return { flat: { ...rest, elements: [] }, ...none, issues, origin: () => undefined }
  }
  for (const e of model.elements) {
    if (!e.dimensions?.length) continue
    const resolved = e.dimensions.map((name) => {
      const d = dims.get(name)
      if (!d) {
        report(
          { label: e.name, field: 'dimensions' },
          'unknown-dimension',
          `"${name}" is not a dimension of the model`,
          undefined,
          dimensionHint(name, dims),
        )
      }
      return d
    })
    if (resolved.every((d) => d !== undefined)) arrays.set(canonicalId(e.name), arrayedVar(e, resolved))
    else spoiled.add(e.name)
  }
  const scalars = new Set<string>()
  for (const e of model.elements) if (!arrays.has(canonicalId(e.name))) scalars.add(canonicalId(e.name))
  // Only an equation naming an element as `"pop[north]"` needs the set of every flat id: made then.
  let flatIds: Set<string> | undefined
  const isFlatId = (id: string) => (flatIds ??= new Set([...arrays.values()].flatMap((v) => v.ids))).has(id)
  const names = () => model.elements.map((e) => e.name)
  const resolver = new Resolver(dims, arrays, scalars, isFlatId, names, report)
  // A dimension whose mapping failed is reported; reading across it is not reported again.
  for (const i of issues) if (i.code === 'bad-mapping' && i.element !== undefined) resolver.unmapped.add(i.element)
  const parse = (text: string, place: Place): Expr | undefined => {
    try {
      return parseEquation(text)
    } catch (err) {
      if (!(err instanceof EquationError)) throw err
      issues.push({
        severity: 'error',
        code: err.code,
        message: err.message,
        element: place.label,
        field: place.field,
        span: err.span,
        ...(err.hint ? { hint: err.hint } : {}),
      })
      return undefined
    }
  }
  const elements: Element[] = []
  const parsed: ParsedElement[] = []
  const origins: ((put: (name: string, o: Origin) => void) => void)[] = []
  const distinct: number[] = []
  const sharing: SharedText = { shared: resolver.shared, texts: new Map() }
  const ctx: FlattenContext = { dims, arrays, resolver, report, parse, elements, parsed, distinct, origins, sharing }
  for (const e of model.elements) {
    const v = arrays.get(canonicalId(e.name))
    if (v) flattenArrayed(ctx, v)
    else flattenScalar(ctx, e)
  }
  const { dimensions: _dimensions, ...rest } = model
  const flat: Model = {
    ...rest,
    elements,
    ...(model.scenarios ? { scenarios: model.scenarios.map((s) => scenario(s, arrays)) } : {}),
  }
  // Only issues to report once need origins: the map is made on the first question.
  let byName: Map<string, Origin> | undefined
  const origin = (name: string) => {
    if (!byName) {
      const map = new Map<string, Origin>()
      for (const f of origins) f((n, o) => map.set(n, o))
      byName = map
    }
    return byName.get(name)
  }
  const mask = new Uint8Array(elements.length)
  for (const i of distinct) mask[i] = 1
  return { flat, parsed, distinct: mask, shared: resolver.shared, issues, origin }
}

interface FlattenContext {
  readonly dims: Dimensions
  readonly arrays: ReadonlyMap<string, ArrayedVar>
  readonly resolver: Resolver
  readonly report: Report
  readonly parse: (text: string, place: Place) => Expr | undefined
  readonly elements: Element[]
  readonly parsed: ParsedElement[]
  /** Indices in `elements` of the elements that stand for others (see Flattened.distinct). */
  readonly distinct: number[]
  /** The flat calls elements share, each printed once. */
  readonly sharing: SharedText
  /** How to tell each flat element's origin, by name, when asked (see Flattened.origin). */
  readonly origins: ((put: (name: string, o: Origin) => void) => void)[]
}

/**
 * Whether the model would flatten to more than MAX_FLAT_ELEMENTS elements: reported once, naming the
 * variable that goes over, before any element is made.
 */
function tooMany(model: Model, dims: Dimensions, issues: Issue[]): boolean {
  let total = model.elements.length
  for (const e of model.elements) {
    if (!e.dimensions?.length) continue
    let count = 1
    for (const name of e.dimensions) count *= dims.get(name)?.indices.length ?? 1
    total += count - 1
    if (total <= MAX_FLAT_ELEMENTS) continue
    const own = count > MAX_FLAT_ELEMENTS
    issues.push({
      severity: 'error',
      code: 'too-many-elements',
      message: own
        ? `"${e.name}" has ${count.toLocaleString('en-US')} elements (${e.dimensions.join(' x ')}), more than the limit of ${MAX_FLAT_ELEMENTS.toLocaleString('en-US')}`
        : `with "${e.name}" (${count.toLocaleString('en-US')} elements) the model has ${total.toLocaleString('en-US')} elements, more than the limit of ${MAX_FLAT_ELEMENTS.toLocaleString('en-US')}`,
      element: e.name,
      field: 'dimensions',
      hint: 'use fewer or smaller dimensions (a size of that many elements is likely a typo)',
    })
    return true
  }
  return false
}

function dimensionHint(name: string, dims: Dimensions): string {
  const near = dims.names().find((n) => canonicalId(n).startsWith(canonicalId(name).slice(0, 3)))
  return near ? `did you mean "${near}"?` : "define it in the model's dimensions"
}

function arrayedVar(element: Element, dims: readonly ResolvedDimension[]): ArrayedVar {
  const sizes = dims.map((d) => d.indices.length)
  const total = sizes.reduce((a, b) => a * b, 1)
  const strides = sizes.map(() => 1)
  for (let j = dims.length - 2; j >= 0; j--) strides[j] = strides[j + 1]! * sizes[j + 1]!
  const names: string[] = new Array<string>(total)
  const ids: string[] = new Array<string>(total)
  // Ids from parts folded once per dimension, not once per element: brackets and commas bound every
  // part, so canonicalId of the whole name is the parts' folds joined (checked in flatten.test.ts).
  const head = canonicalId(`${element.name}[`).slice(0, -1)
  const parts = dims.map(idParts)
  const at = sizes.map(() => 0)
  for (let k = 0; k < total; k++) {
    let inside = dims[0]!.elements[at[0]!]!
    let idInside = parts[0]![at[0]!]!
    for (let j = 1; j < dims.length; j++) {
      inside += ',' + dims[j]!.elements[at[j]!]!
      idInside += ',' + parts[j]![at[j]!]!
    }
    names[k] = `${element.name}[${inside}]`
    ids[k] = head === '' ? canonicalId(names[k]!) : `${head}[${idInside}]`
    for (let j = dims.length - 1; j >= 0; j--) {
      if (++at[j]! < sizes[j]!) break
      at[j] = 0
    }
  }
  return {
    element,
    dims,
    names,
    ids,
    offset(indices) {
      let k = 0
      for (let j = 0; j < dims.length; j++) {
        const p = dims[j]!.position(indices[j]!)
        if (p === undefined) return undefined
        k += p * strides[j]!
      }
      return k
    },
  }
}

const partsOf = new WeakMap<ResolvedDimension, readonly string[]>()
/** A folded name reaching an edge with an underscore: canonicalId strips it, a part inside brackets keeps it. */
const EDGE_UNDERSCORE = /^(?:[\s_]|\\n)*_|_(?:[\s_]|\\n)*$/

/** A dimension's element names as parts of element ids: their canonical ids, but where an edge underscore stays. */
function idParts(d: ResolvedDimension): readonly string[] {
  let parts = partsOf.get(d)
  if (!parts) {
    parts = d.elements.map((e, i) => (EDGE_UNDERSCORE.test(e) ? canonicalId(`[${e}]`).slice(1, -1) : d.elementIds[i]!))
    partsOf.set(d, parts)
  }
  return parts
}

/** Whether an equation reads arrays at all: otherwise a scalar variable stays exactly as written. */
function readsArrays(expr: Expr, ctx: FlattenContext): boolean {
  let found = false
  walk(expr, (n) => {
    if (found) return
    if (n.type === 'ref' || n.type === 'lookup') {
      found = n.subs !== undefined || ctx.arrays.has(n.id) || (n.type === 'ref' && ctx.dims.get(n.name) !== undefined)
    } else if (n.type === 'call') {
      const f = findArrayFunction(n.fn)
      found = f !== undefined && (f.result === 'plain' ? n.args.length === 1 : n.args.length <= f.params.length)
    }
  })
  return found
}

/**
 * Issues of a flat model, each problem once: once per equation (each per-element equation apart from
 * the apply-to-all one) and code, or per variable for what is about the variable as a whole, with `bySpan` also per place in its text; codes in `perElement` (what a
 * run shows, element by element) once per element; none that repeats one of `reported` (the
 * flattening's own, already once per equation).
 */
export function oncePerEquation(
  issues: readonly Issue[],
  origin: (name: string) => Origin | undefined,
  bySpan = false,
  reported: readonly Issue[] = [],
  perElement: ReadonlySet<string> = new Set(),
): Issue[] {
  const key = (i: Issue) => {
    const o = i.element === undefined || perElement.has(i.code) ? undefined : origin(i.element)
    const at = bySpan && i.span ? i.span.start : undefined
    const from = o ? (PER_VARIABLE.has(i.code) ? o.variable : o.label) : (i.element ?? '')
    return `${i.code}\u0000${from}\u0000${i.field ?? ''}\u0000${at ?? ''}`
  }
  const seen = new Set(reported.map(key))
  return issues.filter((i) => {
    const k = key(i)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** Issues about a variable as a whole (its use, its units), not about one of its equations. */
const PER_VARIABLE: ReadonlySet<string> = new Set(['unused', 'unattached-flow', 'missing-units'])

const EMPTY_SCOPE: Scope = { bound: new Map(), reduced: new Map() }

/** The fields every element of an arrayed variable copies. */
function common(e: Element): Partial<Element> {
  const out: Record<string, unknown> = {}
  for (const key of ['units', 'doc', 'min', 'max'] as const) if (e[key] !== undefined) out[key] = e[key]
  if ((e.kind === 'stock' || e.kind === 'flow') && e.nonNegative) out.nonNegative = true
  return out as Partial<Element>
}

function flattenScalar(ctx: FlattenContext, e: Element): void {
  const place: Place = { label: e.name, field: e.kind === 'stock' ? 'initial' : 'equation' }
  const { dimensions: _d, perElement: _p, ...plain } = e
  let element = plain as Element
  let expr: Expr | undefined
  if (e.kind === 'stock' || e.kind === 'aux' || e.kind === 'flow') {
    const text = e.kind === 'stock' ? e.initial : e.equation
    if (e.kind === 'stock' && String(text ?? '').trim() === '') {
      ctx.report(
        place,
        'missing-initial',
        'the stock has no initial value',
        undefined,
        'give it `initial: <number or equation>`',
      )
    }
    // An empty equation of an auxiliary or flow is the parser's empty-equation error, as in a model without arrays.
    expr = e.kind === 'stock' && String(text ?? '').trim() === '' ? undefined : ctx.parse(text, place)
    if (expr && readsArrays(expr, ctx)) {
      expr = ctx.resolver.resolve(expr, EMPTY_SCOPE, place)
      element = { ...element, [e.kind === 'stock' ? 'initial' : 'equation']: printExpr(expr, PRINT) } as Element
    }
    if (e.kind === 'stock') element = { ...element, ...flowMatcher(ctx, e, undefined)([]) } as Element
  }
  ctx.distinct.push(ctx.elements.length)
  ctx.elements.push(element)
  ctx.parsed.push(
    expr === undefined ? { element } : e.kind === 'stock' ? { element, initial: expr } : { element, equation: expr },
  )
  ctx.origins.push((put) => put(element.name, { variable: e.name, label: e.name }))
}

/** Which per-element equation each element takes (-1: the main one), reporting overlaps. */
/** The dimensions a per-element equation's subscripts bind: one per dimension, undefined for an element. */
type Extra = (ResolvedDimension | undefined)[]

function coverage(ctx: FlattenContext, v: ArrayedVar): { of: Int32Array; binds: Extra[] } {
  const e = v.element
  const of = new Int32Array(v.names.length).fill(-1)
  const binds: Extra[] = []
  ;(e.perElement ?? []).forEach((entry, i) => {
    const place: Place = { label: entryLabel(e, entry), field: 'equation' }
    binds.push([])
    const subs = entry.subscripts ?? []
    if (subs.length !== v.dims.length) {
      ctx.report(
        place,
        'subscript-count',
        `the per-element equation has ${subs.length} subscript${subs.length === 1 ? '' : 's'}, but "${e.name}" has ${v.dims.length} dimension${v.dims.length === 1 ? '' : 's'}`,
        undefined,
        `write one element, subrange or dimension per dimension: ${e.name}[${v.dims.map((d) => d.name).join(', ')}]`,
      )
      return
    }
    const lists: number[][] = []
    for (const [j, name] of subs.entries()) {
      const dim = v.dims[j]!
      const d = ctx.dims.denote(name, dim)
      if (d?.kind === 'element' && d.root.id === dim.root && dim.position(d.index) !== undefined) {
        lists.push([d.index])
        binds[i]!.push(undefined)
      } else if (d?.kind === 'dimension' && d.dim.root === dim.root) {
        lists.push(d.dim.indices.filter((x) => dim.position(x) !== undefined))
        binds[i]!.push(d.dim)
      } else {
        ctx.report(
          place,
          d ? 'bad-subscript' : 'unknown-subscript',
          `"${name}" is not an element or subrange of ${dim.name}`,
          undefined,
          `use an element of ${dim.name} (${dim.elements.slice(0, 5).join(', ')}${dim.elements.length > 5 ? ', ...' : ''}) or a subrange of it`,
        )
        return
      }
    }
    let twice: string | undefined
    forEachTuple(lists, (indices) => {
      const k = v.offset(indices)!
      if (of[k]! >= 0) twice ??= v.names[k]
      else of[k] = i
    })
    if (twice !== undefined)
      ctx.report(
        place,
        'element-defined-twice',
        `"${twice}" already has an equation`,
        undefined,
        'give each element one equation: narrow a subrange or remove one',
      )
  })
  return { of, binds }
}

function forEachTuple(lists: readonly number[][], f: (indices: number[]) => void): void {
  const at = lists.map(() => 0)
  if (lists.some((l) => l.length === 0)) return
  for (;;) {
    f(at.map((p, j) => lists[j]![p]!))
    let j = lists.length - 1
    for (; j >= 0; j--) {
      if (++at[j]! < lists[j]!.length) break
      at[j] = 0
    }
    if (j < 0) return
  }
}

function entryLabel(e: Element, entry: ElementEquation): string {
  return `${e.name}[${(entry.subscripts ?? []).join(',')}]`
}

/** One equation of an arrayed variable (the main one, or a per-element one) as its elements read it. */
interface Source {
  readonly place: Place
  readonly expr: Expr | undefined
  /** The text, when it has one (else the element is undefined, unless a graph makes it). */
  readonly text: string | undefined
  readonly graph: GraphicalFunction | undefined
  readonly plan: BindingPlan
  readonly scope: Scope
  /** A parameter's value: the main one, or a per-element number. */
  readonly value: number
}

function flattenArrayed(ctx: FlattenContext, v: ArrayedVar): void {
  const e = v.element
  const entries = e.perElement ?? []
  const { of, binds } = coverage(ctx, v)
  const field: Field = e.kind === 'stock' ? 'initial' : 'equation'
  const positions = v.dims.map(() => 0)
  const self = { v, positions }
  const mainText = e.kind === 'stock' ? e.initial : e.kind === 'aux' || e.kind === 'flow' ? e.equation : undefined
  const mainGraph =
    e.kind === 'lookup'
      ? e.x?.length > 0
        ? e
        : undefined
      : e.kind === 'aux' || e.kind === 'flow'
        ? e.graph
        : undefined
  const used = new Set(of)
  // Each equation parsed once, and its bindings made once, however many elements share it.
  const source = (
    label: string,
    text: string | undefined,
    graph: GraphicalFunction | undefined,
    entry: number,
    extra?: Extra,
  ): Source => {
    const place: Place = { label, field }
    const written = text !== undefined && String(text).trim() !== '' ? String(text) : undefined
    const expr = written !== undefined && used.has(entry) ? ctx.parse(written, place) : undefined
    const plan = bindingPlan(ctx.dims, v, extra)
    let value = e.kind === 'param' ? e.value : 0
    if (e.kind === 'param' && extra !== undefined && expr) {
      const c = constantValue(expr)
      if (c === undefined)
        ctx.report(
          place,
          'bad-value',
          "a parameter's per-element value must be a number",
          undefined,
          'write a number, or make the variable an auxiliary',
        )
      value = c ?? 0
    }
    return { place, expr, text: written, graph, plan, scope: { bound: plan.map, reduced: NO_REDUCTION, self }, value }
  }
  const sources = [
    source(e.name, mainText, mainGraph, -1),
    ...entries.map((entry, i) =>
      source(
        entryLabel(e, entry),
        entry.equation ?? (e.kind === 'lookup' || e.kind === 'param' ? undefined : mainText),
        entry.graph ?? mainGraph,
        i,
        binds[i]!,
      ),
    ),
  ]
  const base = common(e)
  const copy = Object.keys(base).length > 0
  const indices = v.dims.map(() => 0)
  const undefinedNames: string[] = []
  const flows = e.kind === 'stock' ? flowMatcher(ctx, e, v) : undefined
  const seen = new Set<Source>()
  for (let k = 0; k < v.names.length; k++) {
    const src = sources[of[k]! + 1]!
    if (!seen.has(src)) {
      seen.add(src)
      ctx.distinct.push(ctx.elements.length)
    }
    for (let j = 0; j < indices.length; j++) indices[j] = v.dims[j]!.indices[positions[j]!]!
    for (const b of src.plan.slots) b.binding.index = indices[b.at]!
    const name = v.names[k]!
    const id = v.ids[k]!
    let element: Element
    let flatExpr: Expr | undefined
    if (e.kind === 'param') {
      element = { kind: 'param', name, id, value: src.value }
    } else if (e.kind === 'lookup') {
      const g = src.graph
      if (!g) undefinedNames.push(name)
      element = g
        ? { kind: 'lookup', name, id, x: [...g.x], y: [...g.y], ...(g.mode ? { mode: g.mode } : {}) }
        : { kind: 'lookup', name, id, x: [], y: [] }
    } else {
      if (src.text === undefined) undefinedNames.push(name)
      flatExpr = src.expr ? ctx.resolver.resolve(src.expr, src.scope, src.place) : undefined
      const text = flatExpr ? printExprSharing(flatExpr, PRINT, ctx.sharing) : (src.text ?? '')
      if (e.kind === 'stock') {
        const { inflows, outflows } = flows!(indices)
        element = { kind: 'stock', name, id, initial: text, inflows, outflows }
      } else {
        const graph = src.graph
        element = graph ? { kind: e.kind, name, id, equation: text, graph } : { kind: e.kind, name, id, equation: text }
      }
    }
    if (copy) Object.assign(element, base)
    ctx.elements.push(element)
    ctx.parsed.push(
      flatExpr === undefined
        ? { element }
        : e.kind === 'stock'
          ? { element, initial: flatExpr }
          : { element, equation: flatExpr },
    )
    for (let j = positions.length - 1; j >= 0; j--) {
      if (++positions[j]! < v.dims[j]!.indices.length) break
      positions[j] = 0
    }
  }
  const places = sources.slice(1).map((src) => src.place)
  ctx.origins.push((put) => {
    const main = { variable: e.name, label: e.name }
    const labels = places.map((p) => ({ variable: e.name, label: p.label }))
    v.names.forEach((name, k) => put(name, of[k]! >= 0 ? labels[of[k]!]! : main))
  })
  if (undefinedNames.length > 0) {
    const n = undefinedNames.length
    ctx.report(
      { label: e.name, field },
      'element-undefined',
      `${n} element${n === 1 ? '' : 's'} of "${e.name}" ${n === 1 ? 'has' : 'have'} no equation: ${undefinedNames.slice(0, 3).join(', ')}${n > 3 ? ', ...' : ''}`,
      undefined,
      'give the variable an equation for all elements, or a per-element equation for each',
    )
  }
}

/** Names quoted as print.ts quotes them, without its escaping where there is nothing to escape (most names). */
const PRINT: PrintOptions = {
  name: (n) => (n.name.includes('"') || n.name.includes('\\') ? quoteName(n.name) : `"${n.name}"`),
}

const NO_REDUCTION: ReadonlyMap<string, Binding> = new Map()

interface BindingPlan {
  readonly map: ReadonlyMap<string, Binding>
  /** Each binding and the dimension of the variable whose element it takes. */
  readonly slots: readonly { readonly binding: { dim: ResolvedDimension; index: number }; readonly at: number }[]
}

/**
 * What an equation of an arrayed variable binds: the variable's dimensions, the subranges or dimensions
 * its per-element subscripts name (`extra`), and the parents of all those (an equation over a subrange
 * reads its parent's name as the same element).
 */
function bindingPlan(
  dims: Dimensions,
  v: ArrayedVar,
  extra: readonly (ResolvedDimension | undefined)[] | undefined,
): BindingPlan {
  const map = new Map<string, Binding>()
  const slots: { binding: { dim: ResolvedDimension; index: number }; at: number }[] = []
  const bind = (dim: ResolvedDimension, at: number, replace: boolean) => {
    if (!replace && map.has(dim.id)) return
    const binding = { dim, index: 0 }
    map.set(dim.id, binding)
    slots.push({ binding, at })
  }
  v.dims.forEach((d, j) => bind(d, j, true))
  extra?.forEach((d, j) => d && bind(d, j, true))
  for (const { binding, at } of [...slots]) {
    let parent = binding.dim.parent === undefined ? undefined : dims.get(binding.dim.parent)
    while (parent) {
      bind(parent, at, false)
      parent = parent.parent === undefined ? undefined : dims.get(parent.parent)
    }
  }
  return { map, slots }
}

/** A scenario's keys with arrayed variables (`growth`, `growth[*]`) set on every element. */
function scenario(s: Scenario, arrays: ReadonlyMap<string, ArrayedVar>): Scenario {
  const set: Record<string, number> = {}
  const put = (key: string, value: number) =>
    Object.defineProperty(set, key, { value, enumerable: true, writable: true, configurable: true })
  for (const [key, value] of Object.entries(s.set)) {
    const id = canonicalId(key)
    const v = arrays.get(id.endsWith('[*]') ? id.slice(0, -3) : id)
    if (v) for (const name of v.names) put(name, value)
    else put(key, value)
  }
  return { ...s, set }
}
