import type { BinaryOp, UnaryOp, VarId } from '@stockflow/model'

/**
 * The solver's expression form: the model AST with every name resolved to a slot of the state vector,
 * every lookup to a table, and every stateful builtin already expanded. Code is generated only from this.
 */
export type IR =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'slot'; readonly i: number }
  | { readonly t: 'un'; readonly op: UnaryOp; readonly a: IR }
  | { readonly t: 'bin'; readonly op: BinaryOp; readonly l: IR; readonly r: IR }
  | { readonly t: 'if'; readonly c: IR; readonly a: IR; readonly b: IR }
  | { readonly t: 'fn'; readonly fn: string; readonly args: readonly IR[] }
  | { readonly t: 'table'; readonly k: number; readonly a: IR }
  /**
   * A reduction over `n` slots from `base`, `stride` apart: the flat call `fn(v[base], ...)` of an
   * array function over one array's elements, written as a loop (ranges.ts) so that code does not
   * grow with the array. Made only when the program is laid out, in auxiliaries and the initial pass.
   */
  | { readonly t: 'range'; readonly fn: RangeFn; readonly base: number; readonly n: number; readonly stride: number }

/** The reductions a range may compute (their flat calls are variadic builtins of the same name). */
export type RangeFn = 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'stddev'

/** What a slot of the state vector holds. */
export type SlotKind = 'param' | 'stock' | 'flow' | 'aux' | 'internal-stock' | 'internal' | 'sample'

/** One entry of the state vector `v`. Public slots are the model's own variables. */
export interface Slot {
  readonly index: number
  readonly id: VarId
  readonly name: string
  readonly kind: SlotKind
  readonly public: boolean
  readonly units?: string
}

/** A value computed at every evaluation of the model (auxiliaries, flows, internal helpers). */
export interface AuxStep {
  readonly slot: number
  readonly expr: IR
}

/** A state variable integrated by the method: model stocks and the internal stocks of SMTH/DELAY. */
export interface StockState {
  readonly slot: number
  readonly init: IR
  readonly deriv: IR
}

/** A pipeline delay (DELAY FIXED): a ring buffer read before and written after each step's evaluation. */
export interface PipelineDelay {
  readonly out: number
  readonly input: number
  readonly delay: IR
  readonly init: IR
}

/** A one-step memory (PREVIOUS): read during the step, committed after it. */
export interface Memory {
  readonly out: number
  readonly input: number
  readonly init: IR
}

/**
 * A call of an input that jumps (STEP, PULSE, RAMP: a builtin with `breaks` in builtin-table.ts),
 * whose arguments give the times of its jumps when fixed for a run (for adaptive restarts).
 */
export interface Breakpoint {
  readonly fn: string
  readonly args: readonly IR[]
  /** The variable whose equation calls it, for messages. */
  readonly owner: string
}
