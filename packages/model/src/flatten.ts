import type { Expr } from './ast.js'
import { walk } from './ast.js'
import { findArrayFunction } from './array-functions.js'
import { resolveDimensions } from './dimensions.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { StockflowError, formatIssue } from './errors.js'
import type { Field, Issue } from './errors.js'
import { flowElements } from './flatten-flows.js'
import { Resolver } from './flatten-resolve.js'
import type { ArrayedVar, Binding, Place, Report, Scope } from './flatten-types.js'
import { canonicalId } from './id.js'
import { parseEquation } from './parse.js'
import { constantValue } from './parse-model.js'
import type { ParsedElement } from './parse-model.js'
import { EquationError } from './errors.js'
import { printExpr } from './print.js'
import type { Element, ElementEquation, GraphicalFunction, Model, Scenario } from './types.js'

/** An arrayed model made scalar: the flat model, its equations parsed, and the problems found on the way. */
export interface Flattened {
  /** One variable per element, named `pop[north]`; the model itself when it has no arrays. */
  readonly flat: Model
  /** The flat model's equations, aligned with `flat.elements`. */
  readonly parsed: ParsedElement[]
  readonly issues: Issue[]
  /** Where each flat element (by name) came from: problems the flat model repeats per element are reported once. */
  readonly origin: ReadonlyMap<string, Origin>
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
  const report: Report = (place, code, message, span, hint) => {
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
  const arrays = new Map<string, ArrayedVar>()
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
  }
  const known = new Set<string>()
  for (const e of model.elements) if (!arrays.has(canonicalId(e.name))) known.add(canonicalId(e.name))
  for (const v of arrays.values()) for (const id of v.ids) known.add(id)
  const resolver = new Resolver(dims, arrays, known, () => model.elements.map((e) => e.name), report)
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
  const origin = new Map<string, Origin>()
  const ctx: FlattenContext = { dims, arrays, resolver, report, parse, elements, parsed, origin }
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
  return { flat, parsed, issues, origin }
}

interface FlattenContext {
  readonly dims: Dimensions
  readonly arrays: ReadonlyMap<string, ArrayedVar>
  readonly resolver: Resolver
  readonly report: Report
  readonly parse: (text: string, place: Place) => Expr | undefined
  readonly elements: Element[]
  readonly parsed: ParsedElement[]
  readonly origin: Map<string, Origin>
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
  const at = sizes.map(() => 0)
  for (let k = 0; k < total; k++) {
    let inside = dims[0]!.elements[at[0]!]!
    for (let j = 1; j < dims.length; j++) inside += ',' + dims[j]!.elements[at[j]!]!
    names[k] = `${element.name}[${inside}]`
    ids[k] = canonicalId(names[k]!)
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
 * Issues of a flat model, each problem once: once per variable and code, or with `bySpan` once per
 * equation, code and place in its text where the issue has a place; none that repeats one of
 * `reported` (the flattening's own, already once per equation).
 */
export function oncePerEquation(
  issues: readonly Issue[],
  origin: ReadonlyMap<string, Origin>,
  bySpan = false,
  reported: readonly Issue[] = [],
): Issue[] {
  const key = (i: Issue) => {
    const o = i.element === undefined ? undefined : origin.get(i.element)
    const at = bySpan && i.span ? i.span.start : undefined
    const from = o ? (at === undefined ? o.variable : o.label) : (i.element ?? '')
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
    expr = String(text ?? '').trim() === '' ? undefined : ctx.parse(text, place)
    if (expr && readsArrays(expr, ctx)) {
      expr = ctx.resolver.resolve(expr, EMPTY_SCOPE, place)
      element = { ...element, [e.kind === 'stock' ? 'initial' : 'equation']: printExpr(expr) } as Element
    }
    if (e.kind === 'stock') element = { ...element, ...flowElements(ctx, e, undefined, []) } as Element
  }
  ctx.elements.push(element)
  ctx.parsed.push(
    expr === undefined ? { element } : e.kind === 'stock' ? { element, initial: expr } : { element, equation: expr },
  )
  ctx.origin.set(element.name, { variable: e.name, label: e.name })
}

/** Which per-element equation each element takes (-1: the main one), reporting overlaps. */
function coverage(ctx: FlattenContext, v: ArrayedVar): { of: Int32Array; binds: (ResolvedDimension | undefined)[][] } {
  const e = v.element
  const of = new Int32Array(v.names.length).fill(-1)
  const binds: (ResolvedDimension | undefined)[][] = []
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

function flattenArrayed(ctx: FlattenContext, v: ArrayedVar): void {
  const e = v.element
  const entries = e.perElement ?? []
  const { of, binds } = coverage(ctx, v)
  const field: Field = e.kind === 'stock' ? 'initial' : 'equation'
  const mainPlace: Place = { label: e.name, field }
  const mainText = e.kind === 'stock' ? e.initial : e.kind === 'aux' || e.kind === 'flow' ? e.equation : undefined
  const mainEmpty =
    e.kind === 'param' ? false : e.kind === 'lookup' ? !(e.x?.length > 0) : String(mainText ?? '').trim() === ''
  const places = entries.map((entry): Place => ({ label: entryLabel(e, entry), field }))
  // Each text parsed once, however many elements share it.
  let mainExpr: Expr | undefined
  if (!mainEmpty && mainText !== undefined && of.includes(-1)) mainExpr = ctx.parse(mainText, mainPlace)
  const entryExprs = entries.map((entry, i) =>
    entry.equation !== undefined && String(entry.equation).trim() !== ''
      ? ctx.parse(entry.equation, places[i]!)
      : undefined,
  )
  const base = { ...common(e) }
  const positions = v.dims.map(() => 0)
  const bound = new Map<string, Binding>()
  const scope: Scope = { bound, reduced: new Map(), self: { v, positions } }
  const undefinedNames: string[] = []
  for (let k = 0; k < v.names.length; k++) {
    const entryIndex = of[k]!
    const entry = entryIndex >= 0 ? entries[entryIndex] : undefined
    bound.clear()
    const indices = v.dims.map((d, j) => d.indices[positions[j]!]!)
    v.dims.forEach((d, j) => bound.set(d.id, { dim: d, index: indices[j]! }))
    if (entry) binds[entryIndex]!.forEach((d, j) => d && bound.set(d.id, { dim: d, index: indices[j]! }))
    for (const b of [...bound.values()]) bindParents(ctx.dims, b, bound)
    const name = v.names[k]!
    const id = v.ids[k]!
    const place = entry ? places[entryIndex]! : mainPlace
    ctx.origin.set(name, { variable: e.name, label: place.label })
    const expr =
      entry && entryExprs[entryIndex]
        ? entryExprs[entryIndex]
        : entry?.equation !== undefined && String(entry.equation).trim() !== ''
          ? undefined
          : mainExpr
    const hasText = entry?.equation !== undefined ? String(entry.equation).trim() !== '' : !mainEmpty
    let element: Element
    let flatExpr: Expr | undefined
    switch (e.kind) {
      case 'param': {
        let value = e.value
        if (entry?.equation !== undefined) {
          const c = expr ? constantValue(expr) : undefined
          if (expr && c === undefined)
            ctx.report(
              place,
              'bad-value',
              "a parameter's per-element value must be a number",
              undefined,
              'write a number, or make the variable an auxiliary',
            )
          value = c ?? NaN
        }
        element = { kind: 'param', name, id, ...base, value: Number.isFinite(value) ? value : 0 } as Element
        break
      }
      case 'lookup': {
        const g: GraphicalFunction | undefined = entry?.graph ?? (mainEmpty ? undefined : e)
        if (!g) undefinedNames.push(name)
        element = {
          kind: 'lookup',
          name,
          id,
          ...base,
          x: g ? [...g.x] : [],
          y: g ? [...g.y] : [],
          ...(g?.mode ? { mode: g.mode } : {}),
        } as Element
        break
      }
      default: {
        if (!hasText && !(entry?.graph && !mainEmpty)) undefinedNames.push(name)
        flatExpr = expr ? ctx.resolver.resolve(expr, scope, place) : undefined
        const text = flatExpr ? printExpr(flatExpr) : hasText ? (entry?.equation ?? mainText ?? '') : ''
        if (e.kind === 'stock') {
          element = { kind: 'stock', name, id, ...base, initial: text, ...flowElements(ctx, e, v, indices) } as Element
        } else {
          const graph = entry?.graph ?? e.graph
          element = { kind: e.kind, name, id, ...base, equation: text, ...(graph ? { graph } : {}) } as Element
        }
      }
    }
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

/** Binds the parents of a bound subrange too (a per-element equation over a subrange also reads its parent's name). */
function bindParents(dims: Dimensions, b: Binding, bound: Map<string, Binding>): void {
  let parent = b.dim.parent === undefined ? undefined : dims.get(b.dim.parent)
  while (parent) {
    if (!bound.has(parent.id)) bound.set(parent.id, { dim: parent, index: b.index })
    parent = parent.parent === undefined ? undefined : dims.get(parent.parent)
  }
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
