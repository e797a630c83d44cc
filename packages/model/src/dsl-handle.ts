import type { AnyDimension, DimensionWithin, ElementOf, WithinOf } from './dsl-dimensions.js'
import { StockflowError } from './errors.js'
import type { VarName } from './id.js'

declare const depsBrand: unique symbol
declare const arrayBrand: unique symbol

/**
 * One dimension an equation iterates over (a bare arrayed handle's, or one given to `at()`), with the
 * names it may stand for, so the variable's options can require it among their own dimensions.
 */
export interface Iterates<N extends string = string, W extends string = string> {
  readonly dim: N
  readonly within: W
}

/** What type-only brands carry about arrays: dimensions iterated and dimensions the model must define. */
interface ArrayBrand<I, U> {
  readonly [arrayBrand]?: { readonly iterates: I; readonly uses: U }
}

/**
 * Anything with a display name that an equation can reference; `D` are the names it depends on, `Dims`
 * the dimensions it is arrayed over (none: a scalar) and `U` every dimension name it needs in the model.
 */
export interface Handle<
  N extends VarName = VarName,
  D extends VarName = VarName,
  Dims extends readonly AnyDimension[] = readonly [],
  U extends string = never,
> {
  readonly name: N
  readonly [depsBrand]?: D
  readonly [arrayBrand]?: { readonly dims: Dims; readonly uses: U }
}

/** Any handle, scalar or arrayed. */
export type AnyHandle = Handle<VarName, VarName, readonly AnyDimension[], string>

/** A handle arrayed over at least one dimension: what `at()` subscripts. */
export type ArrayedHandle = Handle<VarName, VarName, readonly [AnyDimension, ...AnyDimension[]], string>

/** The display names a handle depends on (type level only). */
export type DepsOf<H> = H extends { readonly [depsBrand]?: infer D } ? Known<D> : never

/** A brand's content; `unknown` (plain text carries no brand) counts as nothing. */
type Known<T> = unknown extends T ? never : Exclude<T, undefined>

/** The dimensions a handle is arrayed over (type level only). */
export type DimensionsOf<H> = H extends { readonly [arrayBrand]?: { readonly dims: infer Dims } } ? Dims : readonly []

/** The dimension names a handle or equation needs the model to define (type level only). */
export type UsesOf<H> = H extends { readonly [arrayBrand]?: { readonly uses: infer U } } ? Known<U> : never

/** The dimensions an equation iterates over (type level only). */
export type IteratesOf<H> = H extends { readonly [arrayBrand]?: { readonly iterates: infer I } } ? Known<I> : never

/**
 * Equation text that remembers, in its type only, the display names it references (`D`), the dimensions
 * it iterates over (`I`) and those it names (`U`). At run time it is a plain string, so models stay plain data.
 */
export type Equation<D extends string = string, I extends Iterates = never, U extends string = never> = string & {
  readonly [depsBrand]?: D
} & ArrayBrand<I, U>

/** Any equation. */
export type AnyEquation = Equation<string, Iterates, string>

/**
 * `Region!` in an equation: Vensim's bang, marking the dimension a reduction runs over (`SUM(pop[Region!])`,
 * in a scalar as in a variable arrayed over other dimensions).
 */
export interface Bang<X extends AnyDimension = AnyDimension> {
  readonly bang: X
}

/** Marks a dimension with Vensim's bang, for `at()`: `` eq`SUM(${at(pop, bang(Region))})` `` reads `pop[Region!]`. */
export function bang<const X extends AnyDimension>(dim: X): Bang<X> {
  return { bang: dim }
}

/** What may stand in one position of `at()` over dimension `X`: an element, `'*'`, `X` or a subrange of it, banged or not. */
export type SubscriptFor<X> = X extends AnyDimension
  ? ElementOf<X> | '*' | DimensionWithin<X['name']> | Bang<DimensionWithin<X['name']>>
  : never

/** One subscript per dimension, in order (a tuple, so the count is checked too). */
export type SubscriptsFor<Dims extends readonly unknown[]> = { readonly [K in keyof Dims]: SubscriptFor<Dims[K]> }

/** The iteration an arrayed dimension handle stands for. */
export type IteratesOver<X> = X extends AnyDimension ? Iterates<X['name'], WithinOf<X>> : never

/** The iterations a subscript brings: a dimension its own; elements, `*` and bangs none. */
type SubscriptIterates<S> = S extends Bang ? never : IteratesOver<S>

/** The dimension names a subscript needs defined. */
type SubscriptUses<S> = S extends Bang<infer X> ? WithinOf<X> : S extends AnyDimension ? WithinOf<S> : never

/** A subscript as `at()` keeps it: an element or `*` as written, a dimension (banged or not) by name. */
export type SubscriptText = string | { readonly dimension: string; readonly bang?: true }

/**
 * Some elements of an arrayed variable, for `eq`: what `at(handle, ...)` returns. `N` is the variable's
 * name, `I` the dimensions the reference iterates over, `U` the dimension names it needs.
 */
export interface Subscripted<
  N extends VarName = VarName,
  I extends Iterates = Iterates,
  U extends string = string,
> extends ArrayBrand<I, U> {
  readonly ref: N
  readonly subscripts: readonly SubscriptText[]
}

/**
 * An arrayed variable read at some subscripts, one per dimension: an element (`'north'`), `'*'`, the
 * dimension or a subrange of it (`Region`, `Coast`), or `bang(Region)`. Interpolated by `eq` as
 * `"Infected"[north]`; a misspelt element, a wrong dimension or a wrong count does not compile.
 */
export function at<const H extends ArrayedHandle, const S extends SubscriptsFor<DimensionsOf<H>>>(
  handle: H,
  ...subscripts: S
): Subscripted<H['name'], SubscriptIterates<S[number]>, SubscriptUses<S[number]>> {
  const dims = (handle as { readonly dimensions?: readonly string[] }).dimensions
  if (!Array.isArray(dims) || dims.length === 0)
    throw new StockflowError(`at("${handle.name}", ...): "${handle.name}" has no dimensions; read it without at()`)
  if (subscripts.length !== dims.length)
    throw new StockflowError(
      `at("${handle.name}", ...): ${subscripts.length} subscript${subscripts.length === 1 ? '' : 's'} for ${dims.length} dimension${dims.length === 1 ? '' : 's'} (${dims.join(', ')}); give one per dimension`,
    )
  const out = subscripts.map((s: unknown, i): SubscriptText => {
    if (typeof s === 'string' && s.trim() !== '') return s
    if (isBang(s)) return { dimension: s.bang.name, bang: true }
    if (isDimension(s)) return { dimension: s.name }
    throw new StockflowError(
      `at("${handle.name}", ...): subscript ${i + 1} is ${JSON.stringify(s)}; give an element name, '*', a dimension or bang(dimension)`,
    )
  })
  return { ref: handle.name, subscripts: out }
}

/** Whether a value is a dimension (handle or plain data): it has a name and a list of elements. */
export function isDimension(v: unknown): v is AnyDimension {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { name?: unknown }).name === 'string' &&
    Array.isArray((v as { elements?: unknown }).elements)
  )
}

function isBang(v: unknown): v is Bang {
  return typeof v === 'object' && v !== null && isDimension((v as { bang?: unknown }).bang)
}
