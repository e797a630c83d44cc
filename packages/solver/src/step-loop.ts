import type { Pipeline } from './runtime.js'

/** A compiled fixed-step loop (the JavaScript one of loop.ts or the asm.js one of asm.ts); returns the number of rows written. */
export type StepLoop = (
  v: Float64Array,
  t0: number,
  t1: number,
  dt: number,
  nSteps: number,
  saveEvery: number,
  ranges: Int32Array,
  out: Float64Array,
  nRows: number,
  P: Pipeline[],
  U: () => number,
  N: () => number,
  K: Float64Array[],
  y0: Float64Array,
) => number
