import { StockflowError } from '@stockflow/model'
import { Solver } from 'odex'
import type { ModelFunctions } from '../codegen.js'
import { breakSeries } from '../breakpoints.js'
import type { Program } from '../lower.js'
import { DEFAULT_MAX_EVALUATIONS, WorkBudget } from './work-budget.js'

/** odex's Outcome.Converged; the enum is not a named export Node can see in its CommonJS build. */
const CONVERGED = 0

/** Error tolerances of the adaptive method (per component: |err| <= atol + rtol*|y|). */
export interface Tolerance {
  readonly rtol?: number
  readonly atol?: number
}

/** Settings of the adaptive method. */
export interface AdaptiveSettings {
  readonly tolerance?: Tolerance
  /** The most derivative evaluations the run may make, a restart counting as RESTART_COST (see work-budget.ts). */
  readonly maxEvaluations?: number
}

/**
 * Integrates with odex (Gragg-Bulirsch-Stoer extrapolation), recording at the save times through its
 * dense output, and restarting at every known discontinuity (STEP, PULSE, RAMP times) so that the
 * error control never has to step across a jump. It stops with a StockflowError once it has spent
 * its budget of evaluations, instead of crawling on for minutes.
 */
export function integrateAdaptive(
  program: Program,
  fns: ModelFunctions,
  v: Float64Array,
  clock: { t0: number; t1: number; dt: number; saveTimes: Float64Array },
  record: (row: number) => void,
  settings: AdaptiveSettings = {},
): void {
  const tolerance = settings.tolerance ?? {}
  const limit = settings.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS
  if (!(limit >= 1)) throw new StockflowError(`maxEvaluations must be a number of at least 1, got ${String(limit)}`)
  const budget = new WorkBudget(limit)
  const unsupported = [
    program.pipelines.length ? 'DELAY FIXED' : '',
    ...new Set(program.memories.map((m) => memoryOf(program.slots[m.out]?.name ?? ''))),
    program.samples.length ? 'random functions' : '',
  ].filter(Boolean)
  if (unsupported.length) {
    throw new StockflowError(
      `the adaptive method cannot run ${unsupported.join(', ')}, which step in whole dt; use --method rk4 or euler`,
    )
  }
  const { t0, t1, dt, saveTimes } = clock
  const n = program.stocks.length
  const base = program.stockBase
  const k = new Float64Array(n)
  // The end of the piece being integrated: there, jumping inputs take their value from just before it.
  let pieceEnd = t1
  const evaluate = (t: number, y: ArrayLike<number>, inputTime = t) => {
    for (let i = 0; i < n; i++) v[base + i] = y[i]!
    fns.aux(v, t, t0, t1, dt, inputTime)
  }
  // The furthest time an accepted step reached, for the message when the method gives up.
  let reached = t0
  let reachedState: ArrayLike<number> = []
  // odex copies what f returns, so one array serves every call (Array.from per call cost a third of a run).
  const returned: number[] = new Array<number>(n).fill(0)
  const f = (t: number, y: number[]): number[] => {
    if (!budget.evaluation()) throw spent()
    evaluate(t, y, t >= pieceEnd ? pieceEnd - 1e-6 * dt : t)
    fns.deriv(v, k)
    for (let i = 0; i < n; i++) {
      // A NaN or infinite derivative makes odex shrink its step forever: stop at once and say where.
      if (!Number.isFinite(k[i]!)) {
        const stock = program.slots[base + i]!
        throw new StockflowError(
          `the adaptive method met a non-finite rate of change of "${stock.name}" near time ${Number(t.toPrecision(6))} (after reaching ${Number(reached.toPrecision(6))}): the model blows up or is undefined there; try --method rk4 with a small dt`,
        )
      }
    }
    for (let i = 0; i < n; i++) returned[i] = k[i]!
    return returned
  }
  // The stiffest stock where the method gave up: the largest |d(rate)/d(stock)|, i.e. the shortest time
  // scale on which a stock reacts to itself (by finite differences; only after a failure).
  const stiffest = (t: number, state: ArrayLike<number>): string => {
    if (state.length !== n) return ''
    const y = Array.from(state)
    evaluate(t, y)
    fns.deriv(v, k)
    const rates = Float64Array.from(k)
    let best = -1
    let scale = Infinity
    for (let i = 0; i < n; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(y[i]!))
      const yi = y[i]!
      y[i] = yi + h
      evaluate(t, y)
      fns.deriv(v, k)
      y[i] = yi
      const slope = Math.abs((k[i]! - rates[i]!) / h)
      if (slope > 0 && 1 / slope < scale) [best, scale] = [i, 1 / slope]
    }
    return best < 0
      ? ''
      : ` ("${program.slots[base + best]!.name}" reacts to itself on a time scale of ${Number(scale.toPrecision(2))})`
  }
  let y = Array.from(v.subarray(base, base + n))
  let row = 0
  const save = (t: number, state: ArrayLike<number>) => {
    evaluate(t, state)
    record(row++)
  }
  save(t0, y)
  if (n === 0) {
    while (row < saveTimes.length) save(saveTimes[row]!, y)
    return
  }
  // Without stocks there is nothing to restart (so no pulse train to refuse).
  const series = breakSeries(program, t0, budget.maxBreakpoints)
  const breaks = [...new Set(fns.breaks(v, t0, t1, dt, series))].filter((b) => b > t0 && b < t1).sort((a, b) => a - b)
  const edges = [t0, ...breaks, t1]
  // Out of budget: where, after how much work, and what made it slow (many restarts, or stiffness).
  const spent = () => {
    const busiest = series.busiest()
    const why = budget.mostlyRestarts
      ? `it restarted at ${budget.restarts.toLocaleString('en-US')} input jumps${busiest ? ` (mostly ${busiest})` : ''}`
      : `the model may be stiff or discontinuous there${stiffest(reached, reachedState)}`
    return new StockflowError(
      `the adaptive method spent its budget of ${limit.toLocaleString('en-US')} evaluations by time ${Number(reached.toPrecision(6))} (of ${t1}) in ${budget.steps.toLocaleString('en-US')} steps: ${why}; try --method rk4 with a small dt, or raise simulate's maxEvaluations`,
    )
  }

  const state: number[] = new Array<number>(n).fill(0)
  const solver = new Solver(n)
  solver.denseOutput = true
  solver.relativeTolerance = tolerance.rtol ?? 1e-6
  solver.absoluteTolerance = tolerance.atol ?? 1e-6
  solver.maxSteps = 100_000
  for (let s = 0; s + 1 < edges.length; s++) {
    if (s > 0 && !budget.restart()) throw spent()
    const from = edges[s]!
    const to = edges[s + 1]!
    pieceEnd = to
    const result = solver.solve(f, from, y, to, (nr, _xOld, x, _y, dense) => {
      if (nr > 1) budget.steps++
      reached = x
      reachedState = _y
      while (row < saveTimes.length && saveTimes[row]! <= x + 1e-12 * Math.max(1, Math.abs(x))) {
        const ts = saveTimes[row]!
        for (let i = 0; i < n; i++) state[i] = dense && ts < x ? dense(i, ts) : _y[i]!
        save(ts, state)
      }
    })
    if (result.outcome !== CONVERGED) {
      throw new StockflowError(
        `the adaptive method gave up near time ${Number(reached.toPrecision(6))} after ${result.nStep} steps: the model may be stiff or discontinuous there${stiffest(reached, reachedState)}; try --method rk4 with a small dt`,
      )
    }
    y = result.y
  }
  while (row < saveTimes.length) save(saveTimes[row]!, y)
}

/** The builtin a one-step memory serves, from its label (`<variable>:<builtin>...`, see stateful.ts). */
function memoryOf(label: string): string {
  if (label.includes(':sample_if_true:')) return 'SAMPLE IF TRUE'
  if (label.includes(':delay_n:')) return 'DELAY N with a changing delay time'
  return 'PREVIOUS'
}
