/**
 * Where the loop keeps its numbers. `locals` holds every slot in a local variable (V8 keeps them in
 * registers; about 4x faster than typed-array traffic) and unrolls the recording of a row; `arrays`
 * works on the state vector `v` and the stage arrays `K`, in bounded functions, for models of any size.
 */
export interface Layout {
  /** Functions the loop calls, declared before it. */
  readonly defs?: string
  readonly prologue: string
  readonly epilogue: string
  slot(i: number): string
  /** Statements computing every auxiliary at time `t` (inputs at `ti`), anew at each use. */
  aux(): string
  /** Statements computing the derivatives of one stage. */
  derivatives(stage: number): string
  /** Saves the stocks at the start of a step (multi-stage methods). */
  readonly saveStart: string
  /** Sets every stock to `rhs(k, start)`, where k(stage) is its stage derivative and start its value. */
  setStocks(rhs: (k: (stage: number) => string, start: string) => string, fromSaved: boolean): string
  /** Writes the save point `row`: into each column (locals) or as one row of the table (arrays). */
  readonly record: string
}
