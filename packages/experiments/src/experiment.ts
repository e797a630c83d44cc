import { StockflowError } from '@stockflow/model'
import { Ensemble } from './ensemble.js'
import { inProcess } from './executor.js'
import type { Executor, Progress } from './executor.js'
import type { Batch, ExperimentPlan } from './plan.js'

/** How an experiment's runs are carried out. */
export interface ExecuteOptions {
  /** Default: every run in this thread. */
  readonly executor?: Executor
  readonly onProgress?: Progress
}

/** Runs every row of a plan and gathers the outputs, in run order whatever order batches arrive in. */
export async function runPlan(plan: ExperimentPlan, options: ExecuteOptions = {}): Promise<Ensemble> {
  if (plan.values.length !== plan.runs * plan.names.length)
    throw new StockflowError(
      `plan of ${plan.runs} runs needs ${plan.runs * plan.names.length} values, got ${plan.values.length}`,
    )
  const batches = await (options.executor ?? inProcess()).execute(plan, options.onProgress)
  return assemble(plan, batches)
}

function assemble(plan: ExperimentPlan, batches: Batch[]): Ensemble {
  batches.sort((a, b) => a.first - b.first)
  const times = batches[0]?.times ?? new Float64Array(0)
  const stride = plan.vars.length * times.length
  const values = new Float64Array(plan.runs * stride)
  let next = 0
  for (const b of batches) {
    if (b.first !== next || b.times.length !== times.length)
      throw new Error(`internal: batches do not tile the plan (run ${next} expected, got ${b.first})`)
    values.set(b.values, b.first * stride)
    next += b.count
  }
  if (next !== plan.runs) throw new Error(`internal: ${plan.runs - next} runs missing from the batches`)
  const failures = batches.flatMap((b) => b.failures)
  return new Ensemble(times, plan.vars, plan.runs, values, { names: plan.names, values: plan.values }, failures)
}
