import { StockflowError } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import type { Batch, ExperimentPlan, RunFailure } from './plan.js'

/**
 * Runs rows [first, first + count) of a plan on a compiled model. Each run depends only on its index
 * (its row of values, its scenario, seed + index), which is why 1 or N workers give identical numbers.
 */
export function runBatch(compiled: CompiledModel, plan: ExperimentPlan, first: number, count: number): Batch {
  const { names, vars, settings } = plan
  const k = names.length
  const seed = settings.seed ?? 1
  const failures: RunFailure[] = []
  let times: Float64Array | undefined
  let values: Float64Array | undefined
  let rows = 0
  for (let r = 0; r < count; r++) {
    const run = first + r
    const set: Record<string, number> = {}
    for (let j = 0; j < k; j++) set[names[j]!] = plan.values[run * k + j]!
    const scenario = plan.scenarios?.[run] ?? settings.scenario
    try {
      const result = simulate(compiled, {
        ...settings,
        ...(scenario !== undefined ? { scenario } : {}),
        seed: seed + run,
        set,
        vars,
      })
      if (!times || !values) {
        times = result.times
        rows = times.length
        values = new Float64Array(count * vars.length * rows).fill(NaN)
      }
      for (let v = 0; v < vars.length; v++) values.set(result.series[v]!.values, (r * vars.length + v) * rows)
    } catch (e) {
      if (!(e instanceof StockflowError)) throw e
      // A mistake in the plan itself (an unknown name) fails every run alike: say so once.
      if (/no such variable|no variable|has no scenario|cannot set/.test(e.message)) throw e
      failures.push({ run, message: e.message })
    }
  }
  if (!times || !values) {
    // Every run failed: the shape still comes from the clock, with NaN outputs.
    const probe = simulate(compiled, { ...settings, vars, onNonFinite: 'continue' })
    times = probe.times
    rows = times.length
    values = new Float64Array(count * vars.length * rows).fill(NaN)
  }
  return { first, count, times, values, failures }
}
