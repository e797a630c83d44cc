import type { ExperimentPlan } from './plan.js'

/** What the main thread sends a worker: a plan cut down to rows [first, first + count). */
export interface BatchTask {
  /** Identifies the plan, so a worker compiles each model once. */
  readonly key: string
  readonly first: number
  readonly count: number
  readonly plan: ExperimentPlan
}

/** Cuts a plan into tasks of at most `size` runs. */
export function splitPlan(plan: ExperimentPlan, key: string, size: number): BatchTask[] {
  const k = plan.names.length
  const tasks: BatchTask[] = []
  for (let first = 0; first < plan.runs; first += size) {
    const count = Math.min(size, plan.runs - first)
    tasks.push({
      key,
      first,
      count,
      plan: {
        ...plan,
        values: plan.values.slice(first * k, (first + count) * k),
        ...(plan.scenarios ? { scenarios: plan.scenarios.slice(first, first + count) } : {}),
      },
    })
  }
  return tasks
}
