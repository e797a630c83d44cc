import type { AnyDimension, NameOf, WithinOf } from './dsl-dimensions.js'
import { dimensionNames, formulaText, paramRecord, perElementEntries, pointsGraph, uncovered } from './dsl-arrays.js'
import type { EntryValue } from './dsl-arrays.js'
import type {
  DistinctDimensions,
  Formula,
  IsAny,
  IteratesWithin,
  MainOrPerElement,
  NoStrayKeys,
  ParamValue,
  PerElement,
  PerElementValues,
  Points,
  VariableUses,
} from './dsl-options.js'
import { graphOption } from './dsl-graph.js'
import type { GraphOption } from './dsl-graph.js'
import type { DepsOf, Handle, UsesOf } from './dsl-handle.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { VarId, VarName } from './id.js'
import type {
  Aux,
  Dimension,
  Element,
  ElementEquation,
  Flow,
  Lookup,
  LookupMode,
  Model,
  NamedLoop,
  Param,
  Scenario,
  Stock,
  TimeSpec,
  View,
} from './types.js'

/** Options every element takes. */
export interface ElementOptions {
  readonly units?: string
  readonly doc?: string
  readonly min?: number
  readonly max?: number
}

function base<N extends VarName>(name: N, options: ElementOptions) {
  const out: { name: N; id: VarId; units?: string; doc?: string; min?: number; max?: number } = {
    name,
    id: canonicalId(name),
  }
  if (options.units !== undefined) out.units = options.units
  if (options.doc !== undefined) out.doc = options.doc
  if (options.min !== undefined) out.min = options.min
  if (options.max !== undefined) out.max = options.max
  return out
}

/** What every variable that may be arrayed takes: its dimensions and the exceptions to its main formula. */
type ArrayOptions<Dims extends readonly AnyDimension[], P> = {
  /** Makes the variable an array over these dimensions, one value per combination of their elements. */
  readonly dimensions?: Dims
  /** Formulas for some elements: `[[subscripts, formula], ...]`, or over one dimension `{ element: formula }`. */
  readonly perElement?: P & NoStrayKeys<P, Dims>
}

/** The compile-time checks of a variable with main formula `Q` under key `K` and per-element formulas `P`. */
type Checks<Dims extends readonly AnyDimension[], Q, P, K extends string> = IteratesWithin<Dims, Q, P> &
  MainOrPerElement<Dims, Q, P, K> &
  DistinctDimensions<Dims>

/** Options as the implementations read them (their typed signatures check the types). */
interface LooseOptions extends ElementOptions {
  readonly dimensions?: readonly unknown[]
  readonly perElement?: unknown
  readonly nonNegative?: boolean
}

/** The `dimensions` and `perElement` fields of a variable, from its options. */
function arrayed(
  name: string,
  options: LooseOptions,
  value: (v: unknown, where: string) => EntryValue,
): { dimensions?: readonly string[]; perElement?: readonly ElementEquation[] } {
  const dimensions = dimensionNames(name, options.dimensions)
  const out: { dimensions?: string[]; perElement?: ElementEquation[] } = {}
  if (dimensions && dimensions.length > 0) out.dimensions = dimensions
  if (options.perElement !== undefined) {
    const dims = (options.dimensions ?? []) as readonly Dimension[]
    const entries = perElementEntries(name, dims, options.perElement, value)
    if (entries.length > 0) out.perElement = entries
  }
  return out
}

/** The main formula, or `''` when per-element formulas stand in for it (a record of them must give every element). */
function mainText(name: string, key: string, main: unknown, options: LooseOptions): string {
  if (main !== undefined) return formulaText(main, `variable "${name}"`)
  if (options.perElement === undefined)
    throw new StockflowError(`variable "${name}" has no \`${key}\`; give one (or perElement for every element)`)
  const missing = uncovered(options.dimensions, options.perElement)
  if (missing.length > 0)
    throw new StockflowError(
      `variable "${name}" has no \`${key}\` and perElement leaves out ${missing.join(', ')}; give \`${key}\` or formulas for them`,
    )
  return ''
}

const formulaEntry = (v: unknown, where: string): EntryValue => ({ equation: formulaText(v, where) })
const pointsEntry = (v: unknown, where: string): EntryValue => ({ graph: pointsGraph(v, where) })

/** A stock handle: the element plus, in its type, its name, what its formulas reference and its dimensions. */
export type StockHandle<
  N extends VarName = VarName,
  D extends VarName = VarName,
  Dims extends readonly AnyDimension[] = readonly [],
  U extends string = never,
> = Stock & Handle<N, D, Dims, U>

/**
 * A stock (accumulation). Its flows attach to it through `flow(..., { from, to })`. Arrayed with
 * `dimensions`, `initial` holds for every element but those `perElement` gives.
 */
export function stock<
  const N extends VarName,
  const Q extends Formula = never,
  const Dims extends readonly AnyDimension[] = readonly [],
  const P extends PerElement<Dims, Formula> = never,
>(
  name: N,
  options: ElementOptions & {
    readonly initial?: Q
    readonly nonNegative?: boolean
  } & ArrayOptions<Dims, P> &
    Checks<Dims, Q, P, 'initial'>,
): Stock & Handle<N, DepsOf<Q | PerElementValues<P>>, Dims, VariableUses<Q | PerElementValues<P>, Dims, P>>
export function stock(name: VarName, options: LooseOptions & { readonly initial?: unknown }): Stock {
  return {
    kind: 'stock',
    ...base(name, options),
    ...arrayed(name, options, formulaEntry),
    initial: mainText(name, 'initial', options.initial, options),
    inflows: [],
    outflows: [],
    ...(options.nonNegative ? { nonNegative: true } : {}),
  }
}

/** A flow handle: `from` and `to` are kept until `model()` moves them onto the stocks. */
export type FlowHandle<
  N extends VarName = VarName,
  D extends VarName = VarName,
  Dims extends readonly AnyDimension[] = readonly [],
  U extends string = never,
> = Flow & Handle<N, D, Dims, U> & { readonly from?: VarId; readonly to?: VarId }

/** Any stock, as a flow's end. */
type AnyStock<N extends VarName> = StockHandle<N, VarName, readonly AnyDimension[], string>

/** A flow from one stock to another; leave out `from` or `to` for a cloud. Arrayed like a stock. */
export function flow<
  const N extends VarName,
  const Q extends Formula = never,
  F extends VarName = never,
  T extends VarName = never,
  const Dims extends readonly AnyDimension[] = readonly [],
  const P extends PerElement<Dims, Formula> = never,
>(
  name: N,
  options: ElementOptions & {
    readonly rate?: Q
    readonly from?: AnyStock<F>
    readonly to?: AnyStock<T>
    readonly nonNegative?: boolean
    /** Makes the flow this graphical function of its rate: points, or `{ points, mode }`. */
    readonly graph?: GraphOption
  } & ArrayOptions<Dims, P> &
    Checks<Dims, Q, P, 'rate'>,
): FlowHandle<N, DepsOf<Q | PerElementValues<P>> | F | T, Dims, VariableUses<Q | PerElementValues<P>, Dims, P>>
export function flow(
  name: VarName,
  options: LooseOptions & {
    readonly rate?: unknown
    readonly from?: { id: VarId }
    readonly to?: { id: VarId }
    readonly graph?: unknown
  },
): Flow {
  const graph = graphOption(options.graph, `flow "${name}"`)
  const f: Flow & { from?: VarId; to?: VarId } = {
    kind: 'flow',
    ...base(name, options),
    ...arrayed(name, options, formulaEntry),
    equation: mainText(name, 'rate', options.rate, options),
    ...(options.nonNegative ? { nonNegative: true } : {}),
    ...(graph ? { graph } : {}),
  }
  if (options.from) f.from = options.from.id
  if (options.to) f.to = options.to.id
  return f
}

/**
 * An auxiliary variable computed from others at every step; with `graph` (points, or `{ points, mode }`
 * to read them as a lookup's `mode` says), a graphical function of it.
 */
export function aux<
  const N extends VarName,
  const Q extends Formula = never,
  const Dims extends readonly AnyDimension[] = readonly [],
  const P extends PerElement<Dims, Formula> = never,
>(
  name: N,
  options: ElementOptions & {
    readonly equation?: Q
    readonly graph?: GraphOption
  } & ArrayOptions<Dims, P> &
    Checks<Dims, Q, P, 'equation'>,
): Aux & Handle<N, DepsOf<Q | PerElementValues<P>>, Dims, VariableUses<Q | PerElementValues<P>, Dims, P>>
export function aux(
  name: VarName,
  options: LooseOptions & { readonly equation?: unknown; readonly graph?: unknown },
): Aux {
  const graph = graphOption(options.graph, `variable "${name}"`)
  return {
    kind: 'aux',
    ...base(name, options),
    ...arrayed(name, options, formulaEntry),
    equation: mainText(name, 'equation', options.equation, options),
    ...(graph ? { graph } : {}),
  }
}

/**
 * A constant the user may change between runs. Arrayed, `value` is one number for every element (with
 * `perElement` numbers for some) or a complete record by element, nested for more dimensions:
 * `{ north: 1000, south: 2000 }`.
 */
export function param<
  const N extends VarName,
  const Dims extends readonly AnyDimension[] = readonly [],
  const P extends PerElement<Dims, number> = never,
>(
  name: N,
  value: NoInfer<ParamValue<Dims>>,
  options?: ElementOptions & ArrayOptions<Dims, P> & DistinctDimensions<Dims>,
): Param & Handle<N, never, Dims, VariableUses<never, Dims, P>>
export function param(name: VarName, value: unknown, options: LooseOptions = {}): Param {
  const numberEntry = (v: unknown, where: string): EntryValue => {
    if (typeof v !== 'number') throw new StockflowError(`parameter ${where}: ${JSON.stringify(v)} is not a number`)
    return formulaEntry(v, where)
  }
  const dims = arrayed(name, options, numberEntry)
  const isRecord = typeof value !== 'number' && (options.dimensions?.length ?? 0) > 0
  if (isRecord && options.perElement !== undefined)
    throw new StockflowError(`parameter "${name}": a record of values already gives every element; drop perElement`)
  const values = isRecord ? paramRecord(name, options.dimensions as readonly Dimension[], value) : { value }
  if (typeof values.value !== 'number')
    throw new StockflowError(`parameter "${name}": ${JSON.stringify(values.value)} is not a number; give one`)
  const perElement = 'perElement' in values ? values.perElement : dims.perElement
  return {
    kind: 'param',
    ...base(name, options),
    ...(dims.dimensions ? { dimensions: dims.dimensions } : {}),
    value: values.value,
    ...(perElement ? { perElement } : {}),
  }
}

/** A graphical function from points `[x, y]` (x increasing), called in equations like a function. */
export function lookup<
  const N extends VarName,
  const Dims extends readonly AnyDimension[] = readonly [],
  const P extends PerElement<Dims, Points> = never,
>(
  name: N,
  points: Points,
  options?: ElementOptions & { readonly mode?: LookupMode } & ArrayOptions<Dims, P> & DistinctDimensions<Dims>,
): Lookup & Handle<N, never, Dims, VariableUses<never, Dims, P>>
export function lookup(
  name: VarName,
  points: Points,
  options: LooseOptions & { readonly mode?: LookupMode } = {},
): Lookup {
  return {
    kind: 'lookup',
    ...base(name, options),
    ...arrayed(name, options, pointsEntry),
    ...pointsGraph(points, `lookup "${name}"`),
    ...(options.mode && options.mode !== 'continuous' ? { mode: options.mode } : {}),
  }
}

type MissingNames<E extends readonly unknown[]> = Exclude<DepsOf<E[number]>, NameOf<E[number]>>

/**
 * The type of `model()`'s name: any string, unless an equation uses a handle that is not among the
 * elements. Then the error is on the name and reads `... to type '"add Contact Rate to elements (an
 * equation uses it)"'`, short where an error on `elements` would print the whole tuple first. An
 * equation over an undeclared name (`any`, already an error where it is) adds nothing here.
 */
export type ReferencesInModel<E extends readonly unknown[]> = [MissingNames<E>] extends [never]
  ? string
  : IsAny<MissingNames<E>> extends true
    ? string
    : `add ${MissingNames<E>} to elements (an equation uses it)`

/** The dimension names used by the elements (and by the listed subranges' parents) but not listed. */
type MissingDimensions<E extends readonly unknown[], Ds extends readonly unknown[]> = Exclude<
  UsesOf<E[number]> | ParentsOf<Ds[number]>,
  NameOf<Ds[number]>
>

/** A listed subrange needs its parents listed too. */
type ParentsOf<X> = X extends AnyDimension ? WithinOf<X> : never

/** Makes `model()` a compile error when a variable uses a dimension that is not among `dimensions`. */
export type DimensionsInModel<E extends readonly unknown[], Ds extends readonly unknown[]> = [
  MissingDimensions<E, Ds>,
] extends [never]
  ? unknown
  : IsAny<MissingDimensions<E, Ds>> extends true
    ? unknown
    : { readonly dimensions: { readonly 'dimensions used but missing from the model': MissingDimensions<E, Ds> } }

/** What `model()` takes besides the name. */
export interface ModelSpec<E extends readonly Element[], Ds extends readonly Dimension[] = readonly Dimension[]> {
  readonly time: TimeSpec
  /** The dimensions arrayed variables range over (subranges after or before their parents). */
  readonly dimensions?: Ds
  readonly elements: E
  readonly doc?: string
  readonly scenarios?: readonly Scenario[]
  readonly loops?: readonly NamedLoop[]
  readonly views?: readonly View[]
}

/** Assembles a model: attaches flows to their stocks and returns plain, serializable data. */
export function model<const E extends readonly Element[], const Ds extends readonly Dimension[] = readonly []>(
  name: ReferencesInModel<E>,
  spec: ModelSpec<E, Ds> & DimensionsInModel<E, Ds>,
): Model {
  const dimensions = checkDimensions(name, spec.dimensions ?? [], spec.elements)
  const stocks = new Map<VarId, { inflows: VarId[]; outflows: VarId[] }>()
  for (const e of spec.elements)
    if (e.kind === 'stock') stocks.set(e.id, { inflows: [...e.inflows], outflows: [...e.outflows] })
  const elements: Element[] = spec.elements.map((e) => {
    if (e.kind !== 'flow') return e
    const { from, to, ...rest } = e as Flow & { from?: VarId; to?: VarId }
    for (const [end, list] of [
      [from, 'outflows'],
      [to, 'inflows'],
    ] as const) {
      if (end === undefined) continue
      const s = stocks.get(end)
      if (!s) {
        throw new StockflowError(
          `flow "${e.name}" ${list === 'outflows' ? 'drains' : 'fills'} "${end}", which is not a stock of model "${name}"; add that stock to the elements`,
        )
      }
      s[list].push(e.id)
    }
    return rest
  })
  const wired = elements.map((e) => (e.kind === 'stock' ? { ...e, ...stocks.get(e.id)! } : e))
  const out: { -readonly [K in keyof Model]: Model[K] } = { name, time: spec.time, elements: wired }
  if (dimensions.length > 0) out.dimensions = dimensions
  if (spec.doc !== undefined) out.doc = spec.doc
  if (spec.scenarios) out.scenarios = spec.scenarios
  if (spec.loops) out.loops = spec.loops
  if (spec.views) out.views = spec.views
  return out
}

/**
 * The model's dimensions as plain data, after refusing what the types catch only in TypeScript: a
 * dimension listed twice, a subrange without its parent, a variable over a dimension not listed.
 */
function checkDimensions(name: string, dims: readonly Dimension[], elements: readonly Element[]): Dimension[] {
  const byId = new Map<string, Dimension>()
  for (const d of dims) {
    const id = canonicalId(d.name)
    if (byId.has(id))
      throw new StockflowError(`model "${name}" lists dimension "${d.name}" twice in \`dimensions\`; list it once`)
    byId.set(id, d)
  }
  for (const d of dims)
    if (d.parent !== undefined && !byId.has(canonicalId(d.parent)))
      throw new StockflowError(
        `model "${name}": subrange "${d.name}" needs its parent "${d.parent}" among \`dimensions\`; add it`,
      )
  for (const e of elements)
    for (const n of e.dimensions ?? [])
      if (!byId.has(canonicalId(n)))
        throw new StockflowError(
          `model "${name}": variable "${e.name}" is arrayed over "${n}", which is not among \`dimensions\`; add it`,
        )
  // Type-only brands live on the handles' types, so copying the plain fields is all there is to strip.
  return dims.map((d) => ({ ...d }))
}
