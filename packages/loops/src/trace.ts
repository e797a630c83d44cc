import { StockflowError } from '@stockflow/model'
import type { MethodName, Model, VarId } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import type { CallExpr } from './builtin-roles.js'
import type { Point } from './evaluate.js'
import type { ModelEquations } from './equations.js'
import { hoistHiddenState } from './hoist.js'

/** Settings of the run the analysis reads (as for `simulate`); anything left out comes from the model. */
export interface TraceOptions {
  readonly method?: MethodName
  readonly scenario?: string
  readonly set?: Readonly<Record<string, number>>
  readonly start?: number
  readonly stop?: number
  readonly dt?: number
  readonly saveper?: number
  readonly seed?: number
}

/** A run of a model read by the loop analysis: every variable and every stateful call at each save time. */
export interface Trace {
  readonly run: Run
  readonly times: Float64Array
  readonly dt: number
  readonly start: number
  readonly stop: number
  /** The values of a model variable, or undefined when the run does not have it. */
  series(id: VarId): Float64Array | undefined
  /** The values of a stateful or random call in `owner`'s equation. */
  callSeries(owner: VarId, node: CallExpr): Float64Array | undefined
  /** The run at save point `row`, as a point to evaluate equations at. */
  point(row: number): Point
}

/** Simulates the model, with stateful calls moved into auxiliaries so that their values are recorded. */
export function traceModel(model: Model, equations: ModelEquations, options: TraceOptions = {}): Trace {
  const hoisted = hoistHiddenState(model, equations)
  const run = simulate(hoisted.model, options)
  const byId = new Map(run.series.map((s) => [s.id, s.values]))
  const { start, stop, dt } = run.meta
  const series = (id: VarId) => byId.get(id)
  const callSeries = (owner: VarId, node: CallExpr) => {
    const id = hoisted.calls.get(owner)?.get(node)
    return id === undefined ? undefined : byId.get(id)
  }
  const discountSeries = (owner: VarId, node: CallExpr) => {
    const id = hoisted.discounts.get(owner)?.get(node)
    return id === undefined ? undefined : byId.get(id)
  }
  const missing = (what: string): never => {
    throw new StockflowError(`loop analysis: the run of "${model.name}" has no values for ${what}`)
  }
  return {
    run,
    times: run.times,
    dt,
    start,
    stop,
    series,
    callSeries,
    point(row) {
      return {
        time: run.times[row]!,
        dt,
        start,
        stop,
        value: (id) => (byId.get(id) ?? missing(id))[row]!,
        call: (owner, node) =>
          (callSeries(owner, node) ?? missing(`a ${node.fn.toUpperCase()} call of ${owner}`))[row]!,
        discount: (owner, node) =>
          (discountSeries(owner, node) ?? missing(`the discount factor of an NPV call of ${owner}`))[row]!,
      }
    },
  }
}
