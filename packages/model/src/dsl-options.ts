/**
 * The types that check an arrayed variable's options at compile time: per-element subscripts, parameter
 * records, and that equations iterate only over the variable's own dimensions or their parents.
 */
import type { AnyDimension, DimensionWithin, ElementOf, NameOf, WithinOf } from './dsl-dimensions.js'
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

/**
 * The dimensions an equation may iterate over: the variable's own (`Dims`, or an entry's own subranges)
 * and their parents, since every element of a subrange is an element of its parent. A dimension whose
 * type does not know its name (`string`) accepts every iteration.
 */
type Own<Dims> = NameOf<Dims> | WithinOf<Dims>

/**
 * The iterated dimensions not in `O` (a subrange of an own dimension is not: it lacks some elements).
 * One whose name is not known (`string`: a subscript already in error) is not held against the variable.
 */
type Outside<I, O extends string> =
  I extends Iterates<infer N> ? (N extends O ? never : string extends N ? never : N) : never

/** The iterations of per-element formulas outside their own: the variable's, and the entry's subranges. */
type EntriesOutside<P, O extends string> = P extends readonly (infer E)[]
  ? EntryOutside<E, O>
  : P extends object
    ? Outside<IteratesOf<P[keyof P]>, O>
    : never

type EntryOutside<E, O extends string> = E extends readonly [infer S extends readonly unknown[], infer V]
  ? Outside<IteratesOf<V>, O | Own<Extract<S[number], AnyDimension>>>
  : never

/** The dimensions that main formula `Q` or per-element formulas `P` iterate over but may not. */
type Stray<Dims extends readonly unknown[], Q, P> =
  Outside<IteratesOf<Q>, Own<Dims[number]>> | EntriesOutside<P, Own<Dims[number]>>

/**
 * Makes a variable's options a compile error when its equations iterate over a dimension that is
 * neither one of its own nor the parent of one (a scalar: over any dimension). A variable over `Coast`
 * may read an array over `Region` bare; one over `Region` must pick the elements of one over `Coast`.
 */
export type IteratesWithin<Dims extends readonly unknown[], Q, P> = [Stray<Dims, Q, P>] extends [never]
  ? unknown
  : IsAny<Stray<Dims, Q, P>> extends true
    ? unknown
    : {
        readonly 'equations iterate over these dimensions, neither in dimensions nor parents of them (use at() or change dimensions)': Stray<
          Dims,
          Q,
          P
        >
      }

/**
 * Whether `T` is `any`: what an equation over an undeclared name (already an error where it is written)
 * spreads to every type computed from it; the checks let it pass rather than repeat that error.
 */
export type IsAny<T> = 0 extends 1 & T ? true : false

/** The element names a record of per-element formulas leaves out (none unless it is a record over one dimension). */
type Uncovered<Dims extends readonly unknown[], P> = P extends readonly unknown[]
  ? never
  : Dims extends readonly [infer X]
    ? Exclude<ElementOf<X>, keyof P>
    : never

/**
 * Requires the main formula (key `K`) unless per-element formulas are given; the error names both, as a
 * missing property `'equation (or perElement)'`. Without a main formula, a record of per-element formulas
 * must give every element (a list of `[subscripts, formula]` is checked by validation instead).
 */
export type MainOrPerElement<Dims extends readonly unknown[], Q, P, K extends string> = [Q] extends [never]
  ? [P] extends [never]
    ? { readonly [Key in `${K} (or perElement)`]: Formula }
    : [Uncovered<Dims, P>] extends [never]
      ? unknown
      : { readonly perElement: { readonly [E in Uncovered<Dims, P>]: Formula } }
  : unknown

/** A dimension named twice in `dimensions`, if any. */
type Repeated<Dims> = Dims extends readonly [infer X, ...infer Rest]
  ? RepeatedIn<NameOf<X>, NameOf<Rest[number]>> | Repeated<Rest>
  : never

/** Name `N` if a later dimension has it too (names not known as literals are not compared). */
type RepeatedIn<N, Later> = string extends N | Later ? never : N extends Later ? N : never

/** Makes options a compile error when `dimensions` names a dimension twice (a square table needs two dimensions). */
export type DistinctDimensions<Dims> = [Repeated<Dims>] extends [never]
  ? unknown
  : { readonly 'dimensions listed twice (for a square table, define a second dimension)': Repeated<Dims> }

/** The dimension names a variable needs the model to define: its own, and those its formulas and subscripts name. */
export type VariableUses<F, Dims extends readonly AnyDimension[], P> =
  WithinOf<Dims[number]> | UsesOf<F> | WithinOf<EntryDimensions<P>>
