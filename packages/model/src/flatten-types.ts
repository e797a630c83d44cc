import type { Expr, Span } from './ast.js'
import type { ResolvedDimension } from './dimensions.js'
import type { Field, IssueCode } from './errors.js'
import type { Element } from './types.js'

/** An arrayed variable: its dimensions and its elements' flat names and ids, row-major (last dimension fastest). */
export interface ArrayedVar {
  readonly element: Element
  readonly dims: readonly ResolvedDimension[]
  readonly names: readonly string[]
  readonly ids: readonly string[]
  /** The offset of the element at these root indices (one per dimension), or undefined when one is outside its dimension. */
  offset(indices: readonly number[]): number | undefined
}

/** A dimension name bound to one of its elements (a root index) while an element is computed. */
export interface Binding {
  readonly dim: ResolvedDimension
  readonly index: number
}

/**
 * Where an equation is being read: `bound`, the dimensions the element being computed binds (the
 * variable's own, the subranges its per-element equation names, their parents, and those of enclosing
 * reductions); `reduced`, the dimensions the innermost array function iterates, by key (a dimension's id).
 */
export interface Scope {
  readonly bound: ReadonlyMap<string, Binding>
  readonly reduced: ReadonlyMap<string, Binding>
  /** The arrayed variable being computed and its element's position in each of its dimensions. */
  readonly self?: { readonly v: ArrayedVar; readonly positions: readonly number[] }
}

/** A dimension an expression leaves free (a `*`, a bang, a dimension the element does not bind). */
export interface Free {
  readonly key: string
  readonly dim: ResolvedDimension
}

/** The equation being read, for issues: its label (`Pop`, or `Pop[north]` for a per-element one) and field. */
export interface Place {
  readonly label: string
  readonly field: Field
}

/** Reports a problem of the equation at `place` (deduplicated: an apply-to-all equation reports once). */
export type Report = (place: Place, code: IssueCode, message: string, span: Span | undefined, hint: string) => void

/** What array functions need of the resolver (flatten-functions.ts). */
export interface ArrayContext {
  /** The flat expression of `expr` in `scope`. */
  resolve(expr: Expr, scope: Scope, place: Place): Expr
  /** The dimensions `expr` leaves free in `scope`, in order of appearance (nested array functions skipped). */
  free(expr: Expr, scope: Scope): Free[]
  /** The flat expression of `expr` for every combination of `free` (row-major), each bound in `scope.reduced`. */
  expand(expr: Expr, free: readonly Free[], scope: Scope, place: Place): Expr[]
  /** The dimension a name (or alias) denotes. */
  dimensionNamed(name: string): ResolvedDimension | undefined
  /** The reference to element `k` of an arrayed variable (one node per element, shared). */
  elementRef(v: ArrayedVar, k: number): Expr
  /** The arrayed variable an id names. */
  arrayed(id: string): ArrayedVar | undefined
  /** The root index each subscript of an arrayed reference names (undefined where it is free or wrong). */
  indices(
    node: Extract<Expr, { type: 'ref' | 'lookup' }>,
    v: ArrayedVar,
    scope: Scope,
    place: Place,
  ): number[] | undefined
  readonly report: Report
}
