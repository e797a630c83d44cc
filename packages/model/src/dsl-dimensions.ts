import { checkKeys, optionKeys } from './dsl-keys.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { Dimension, DimensionMapping } from './types.js'

declare const withinBrand: unique symbol

/**
 * A dimension as the DSL hands it out: plain {@link Dimension} data whose type also remembers its name
 * `N`, its element names `E` and `W`, the dimensions it may stand for: itself and, for a subrange, its
 * parents. Equations and per-element subscripts check against these.
 */
export interface DimensionHandle<
  N extends string = string,
  E extends string = string,
  W extends string = N,
> extends Dimension {
  readonly name: N
  readonly elements: readonly E[]
  /** Type only. A function, so a subrange (standing for more names) is accepted where its parent is expected. */
  readonly [withinBrand]?: (within: W) => void
}

/** Any dimension handle: `never` as `W` accepts every handle through the function brand. */
export type AnyDimension = DimensionHandle<string, string, never>

/** A dimension handle that may stand where dimension `P` is expected: `P` itself or a subrange of it. */
export type DimensionWithin<P extends string> = DimensionHandle<string, string, P>

/** The element names of a dimension handle. */
export type ElementOf<X> = X extends { readonly elements: readonly (infer E extends string)[] } ? E : never

/** The names a dimension handle stands for: itself and its parents (a plain `Dimension`: its name). */
export type WithinOf<X> = X extends { readonly [withinBrand]?: (within: infer W extends string) => void }
  ? string extends W
    ? NameOf<X>
    : W
  : NameOf<X>

/** The name of a dimension handle, a variable's handle or anything else with a literal `name`. */
export type NameOf<X> = X extends { readonly name: infer N extends string } ? N : never

/** Sizes up to this get literal element names `'1' | '2' | ...`; larger ones are typed `string`. */
type MaxLiteralSize = 200

/** The elements `'1'..'S'` of a numeric dimension, built up one at a time (type-level counting). */
export type NumericElements<S extends number, Acc extends readonly string[] = []> = number extends S
  ? string
  : Acc['length'] extends S
    ? Acc[number]
    : Acc['length'] extends MaxLiteralSize
      ? string
      : NumericElements<S, readonly [...Acc, `${[...Acc, 0]['length']}`]>

/** What `dimension()` takes besides its name and elements. */
export interface DimensionOptions {
  /** Other names for this same dimension (Vensim's `<->`). */
  readonly aliases?: readonly string[]
  /** How this dimension's elements stand for another dimension's (Vensim's `->`). */
  readonly mappings?: readonly DimensionMapping[]
}

const DIMENSION_KEYS = optionKeys<DimensionOptions>({ aliases: true, mappings: true })

/**
 * A dimension variables may be arrayed over: `dimension('Region', ['north', 'south'])`, or numeric,
 * `dimension('Cohort', 3)` with elements `'1'`, `'2'`, `'3'`. Element names are kept as literal types,
 * so a misspelt element does not compile where the dimension is used.
 */
export function dimension<const N extends string, const E extends readonly string[]>(
  name: N,
  elements: E,
  options?: DimensionOptions,
): DimensionHandle<N, E[number]>
export function dimension<const N extends string, const S extends number>(
  name: N,
  size: S,
  options?: DimensionOptions,
): DimensionHandle<N, NumericElements<S>>
export function dimension(
  name: string,
  elements: readonly string[] | number,
  options: DimensionOptions = {},
): DimensionHandle {
  if (typeof name !== 'string' || name.trim() === '') throw new StockflowError('a dimension has no name; name it')
  checkKeys(`dimension "${name}"`, options, DIMENSION_KEYS)
  let list: readonly string[]
  if (typeof elements === 'number') {
    if (!Number.isInteger(elements) || elements < 1)
      throw new StockflowError(`dimension "${name}" has size ${elements}; give a whole number of elements, 1 or more`)
    list = Array.from({ length: elements }, (_, i) => String(i + 1))
  } else list = [...elements]
  checkElements(`dimension "${name}"`, list)
  const out: { -readonly [K in keyof Dimension]: Dimension[K] } = { name, elements: list }
  if (options.aliases && options.aliases.length > 0) out.aliases = [...options.aliases]
  if (options.mappings && options.mappings.length > 0) out.mappings = options.mappings.map((m) => ({ ...m }))
  return out
}

/**
 * A subrange: some elements of `parent`, named, e.g. `subrange('Coast', Region, ['north', 'south'])`.
 * It stands for its elements wherever its parent is expected (in `at()` and per-element subscripts).
 */
export function subrange<const N extends string, const P extends AnyDimension, const E extends readonly ElementOf<P>[]>(
  name: N,
  parent: P,
  elements: E,
): DimensionHandle<N, E[number], N | WithinOf<P>> {
  if (typeof name !== 'string' || name.trim() === '') throw new StockflowError('a subrange has no name; name it')
  checkElements(`subrange "${name}"`, elements)
  const known = new Set(parent.elements.map(canonicalId))
  for (const e of elements)
    if (!known.has(canonicalId(e)))
      throw new StockflowError(
        `subrange "${name}": "${e}" is not an element of "${parent.name}" (${parent.elements.join(', ')}); add it to "${parent.name}" or remove it`,
      )
  return { name, elements: [...elements], parent: parent.name }
}

/** Refuses what the types cannot catch from plain JavaScript: no elements, a non-string, an element twice. */
function checkElements(what: string, elements: readonly unknown[]): void {
  if (!Array.isArray(elements) || elements.length === 0)
    throw new StockflowError(`${what} has no elements; list its elements or give it a size`)
  const seen = new Set<string>()
  for (const e of elements) {
    if (typeof e !== 'string' || e.trim() === '')
      throw new StockflowError(
        `${what} has the element ${JSON.stringify(e)}; name each element with a non-empty string`,
      )
    const id = canonicalId(e)
    if (seen.has(id)) throw new StockflowError(`${what} lists the element "${e}" twice; remove the repeat`)
    seen.add(id)
  }
}
