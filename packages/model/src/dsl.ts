import type { DepsOf, Equation, Handle } from './equation.js'
import { formatNumber } from './equation.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { VarId, VarName } from './id.js'
import type {
  Aux,
  Element,
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

type Formula<D extends string> = number | Equation<D>

const text = (f: number | string): string => (typeof f === 'number' ? formatNumber(f) : f)

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

/** A stock handle: the element plus, in its type, its name and what its initial value references. */
export type StockHandle<N extends VarName = VarName, D extends VarName = VarName> = Stock & Handle<N, D>

/** A stock (accumulation). Its flows attach to it through `flow(..., { from, to })`. */
export function stock<const N extends VarName, D extends VarName = never>(
  name: N,
  options: ElementOptions & { readonly initial: Formula<D>; readonly nonNegative?: boolean },
): StockHandle<N, D> {
  const s: Stock = {
    kind: 'stock',
    ...base(name, options),
    initial: text(options.initial),
    inflows: [],
    outflows: [],
    ...(options.nonNegative ? { nonNegative: true } : {}),
  }
  return s as StockHandle<N, D>
}

/** A flow handle: `from` and `to` are kept until `model()` moves them onto the stocks. */
export type FlowHandle<N extends VarName = VarName, D extends VarName = VarName> = Flow &
  Handle<N, D> & { readonly from?: VarId; readonly to?: VarId }

/** A flow from one stock to another; leave out `from` or `to` for a cloud. */
export function flow<
  const N extends VarName,
  D extends VarName = never,
  F extends VarName = never,
  T extends VarName = never,
>(
  name: N,
  options: ElementOptions & {
    readonly rate: Formula<D>
    readonly from?: StockHandle<F, VarName>
    readonly to?: StockHandle<T, VarName>
    readonly nonNegative?: boolean
  },
): FlowHandle<N, D | F | T> {
  const f: Flow & { from?: VarId; to?: VarId } = {
    kind: 'flow',
    ...base(name, options),
    equation: text(options.rate),
    ...(options.nonNegative ? { nonNegative: true } : {}),
  }
  if (options.from) f.from = options.from.id
  if (options.to) f.to = options.to.id
  return f as FlowHandle<N, D | F | T>
}

/** An auxiliary variable computed from others at every step; with `graph`, a graphical function of it. */
export function aux<const N extends VarName, D extends VarName = never>(
  name: N,
  options: ElementOptions & { readonly equation: Formula<D>; readonly graph?: readonly (readonly [number, number])[] },
): Aux & Handle<N, D> {
  const graph = options.graph && { x: options.graph.map((p) => p[0]), y: options.graph.map((p) => p[1]) }
  const a: Aux = { kind: 'aux', ...base(name, options), equation: text(options.equation), ...(graph ? { graph } : {}) }
  return a as Aux & Handle<N, D>
}

/** A constant the user may change between runs. */
export function param<const N extends VarName>(
  name: N,
  value: number,
  options: ElementOptions = {},
): Param & Handle<N, never> {
  return { kind: 'param', ...base(name, options), value } as Param & Handle<N, never>
}

/** A graphical function from points `[x, y]` (x increasing), called in equations like a function. */
export function lookup<const N extends VarName>(
  name: N,
  points: readonly (readonly [number, number])[],
  options: ElementOptions & { readonly mode?: LookupMode } = {},
): Lookup & Handle<N, never> {
  const l: Lookup = {
    kind: 'lookup',
    ...base(name, options),
    x: points.map((p) => p[0]),
    y: points.map((p) => p[1]),
    ...(options.mode && options.mode !== 'continuous' ? { mode: options.mode } : {}),
  }
  return l as Lookup & Handle<N, never>
}

type NameOf<E> = E extends { readonly name: infer N extends string } ? N : never
type MissingNames<E extends readonly unknown[]> = Exclude<DepsOf<E[number]>, NameOf<E[number]>>

/** Makes `model()` a compile error when an equation uses a handle that is not among the elements. */
export type ReferencesInModel<E extends readonly unknown[]> = [MissingNames<E>] extends [never]
  ? unknown
  : { readonly 'elements used in equations but missing from the model': MissingNames<E> }

/** What `model()` takes besides the name. */
export interface ModelSpec<E extends readonly Element[]> {
  readonly time: TimeSpec
  readonly elements: E
  readonly doc?: string
  readonly scenarios?: readonly Scenario[]
  readonly loops?: readonly NamedLoop[]
  readonly views?: readonly View[]
}

/** Assembles a model: attaches flows to their stocks and returns plain, serializable data. */
export function model<const E extends readonly Element[]>(
  name: string,
  spec: ModelSpec<E> & { readonly elements: ReferencesInModel<E> },
): Model {
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
  if (spec.doc !== undefined) out.doc = spec.doc
  if (spec.scenarios) out.scenarios = spec.scenarios
  if (spec.loops) out.loops = spec.loops
  if (spec.views) out.views = spec.views
  return out
}
