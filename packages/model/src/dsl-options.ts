/**
 * The types that check an arrayed variable's options at compile time: per-element subscripts, parameter
 * records, and that equations iterate only over the variable's own dimensions.
 */
import type { AnyDimension, DimensionWithin, ElementOf, WithinOf } from './dsl-dimensions.js'
import type { AnyEquation, Iterates, IteratesOf, UsesOf } from './dsl-handle.js'

/** A main or per-element formula: a number or an equation (plain text is accepted and not checked). */
export type Formula = number | AnyEquation

/** Points `[x, y]` of a graphical function, x increasing. */
export type Points = readonly (readonly [number, number])[]

/** One position of a per-element entry over dimension `X`: an element, `X` itself or a subrange of it. */
export type EntrySubscript<X> = X extends AnyDimension ? ElementOf<X> | DimensionWithin<X['name']> : never

/** The subscripts of a per-element entry: one per dimension, in order (a tuple, so the count is checked). */
export type EntrySubscripts<Dims extends readonly unknown[]> = { readonly [K in keyof Dims]: EntrySubscript<Dims[K]> }

/**
 * Exceptions to the main formula: a list of `[subscripts, value]`, or over one dimension a partial record
 * by element (`{ north: 0 }`).
 */
export type PerElement<Dims extends readonly unknown[], V> =
  | readonly (readonly [EntrySubscripts<Dims>, V])[]
  | (Dims extends readonly [infer X] ? { readonly [K in ElementOf<X>]?: V } : never)

/** The values a per-element option holds. */
export type PerElementValues<P> = P extends readonly (readonly [unknown, infer V])[]
  ? V
  : P extends object
    ? P[keyof P]
    : never

/** The dimension handles named in a per-element option's subscripts (subranges, or the dimension itself). */
type EntryDimensions<P> = P extends readonly (readonly [infer S extends readonly unknown[], unknown])[]
  ? Extract<S[number], AnyDimension>
  : never

/** Marks keys of a record that are not elements as `never`, so the error points at the stray key. */
export type NoStrayKeys<P, Dims> = P extends readonly unknown[]
  ? unknown
  : Dims extends readonly [infer X]
    ? { readonly [K in Exclude<keyof P, ElementOf<X>>]: never }
    : unknown

/** A parameter's value over `Dims`: every element given, nested one record per dimension. */
export type ValueRecord<Dims> = Dims extends readonly [infer X, ...infer Rest]
  ? { readonly [K in ElementOf<X>]: ValueRecord<Rest> }
  : number

/** A parameter's value: one number for every element, or (arrayed) a complete record of them. */
export type ParamValue<Dims> = number | (Dims extends readonly [unknown, ...unknown[]] ? ValueRecord<Dims> : never)

type NameOf<X> = X extends { readonly name: infer N extends string } ? N : never

/** The iterated dimensions that none of the variable's dimensions (names in `Own`) stands for. */
type Outside<I, Own extends string> =
  I extends Iterates<infer N, infer W> ? ([Extract<W, Own>] extends [never] ? N : never) : never

/**
 * Makes a variable's options a compile error when its equations iterate over a dimension it is not
 * arrayed over (a scalar: over any dimension).
 */
export type IteratesWithin<Dims extends readonly unknown[], F> = [
  Outside<IteratesOf<F>, NameOf<Dims[number]>>,
] extends [never]
  ? unknown
  : {
      readonly 'equations read these dimensions, which the variable is not arrayed over (use at() or add them to dimensions)': Outside<
        IteratesOf<F>,
        NameOf<Dims[number]>
      >
    }

/**
 * Requires the main formula (key `K`) unless per-element formulas are given; the error names both, as a
 * missing property `'equation (or perElement)'`.
 */
export type MainOrPerElement<Q, P, K extends string> = [Q] extends [never]
  ? [P] extends [never]
    ? { readonly [Key in `${K} (or perElement)`]: Formula }
    : unknown
  : unknown

/** The dimension names a variable needs the model to define: its own, and those its formulas and subscripts name. */
export type VariableUses<F, Dims extends readonly AnyDimension[], P> =
  WithinOf<Dims[number]> | UsesOf<F> | WithinOf<EntryDimensions<P>>
