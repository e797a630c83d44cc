// Local types for odex 2.0.4, whose shipped .ts source fails strict checks (wired in through `paths`).
declare module 'odex' {
  export type Derivative = (x: number, y: number[]) => number[]
  export type OutputFunction = (
    nr: number,
    xold: number,
    x: number,
    y: number[],
    dense?: (component: number, x: number) => number,
  ) => boolean | void
  export class Solver {
    constructor(n: number)
    n: number
    maxSteps: number
    initialStepSize: number
    maxStepSize: number
    denseOutput: boolean
    relativeTolerance: number | number[]
    absoluteTolerance: number | number[]
    solve(
      f: Derivative,
      x: number,
      y0: number[],
      xEnd: number,
      solOut?: OutputFunction,
    ): {
      y: number[] /** 0 converged, 1 too many steps, 2 stopped by the callback (odex's Outcome, which Node cannot import by name). */
      outcome: number
      nStep: number
      xEnd: number
      nAccept: number
      nReject: number
      nEval: number
    }
  }
}
