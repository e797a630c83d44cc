/**
 * @stockflow/experiments/node: a pool of Node worker threads (piscina) that runs experiments in
 * parallel. Node-only, hence its own entry; everything else in the package runs in browsers too.
 */
import { availableParallelism } from 'node:os'
import { StockflowError } from '@stockflow/model'
import type { Executor } from './executor.js'
import type { Batch } from './plan.js'
import { splitPlan } from './task.js'
import { threadPool } from './thread-pool.js'

export interface WorkerPool extends Executor {
  readonly workers: number
  /** Stops the threads; the pool cannot be used afterwards. */
  close(): Promise<void>
}

/** Tasks per worker in one experiment: enough to even out slow runs, few enough to keep messages cheap. */
const TASKS_PER_WORKER = 8

/**
 * One key per model object, so a worker that has compiled a model keeps its compiled (and by then
 * optimised) code for the next experiment on the same model instead of compiling it afresh.
 */
const modelKeys = new WeakMap<object, string>()
let models = 0

/** Starts `workers` threads (default: the machine's cores). */
export function workerPool(options: { workers?: number } = {}): WorkerPool {
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()))
  const pool = threadPool(workers)
  return {
    workers,
    async execute(plan, onProgress) {
      let key = modelKeys.get(plan.model)
      if (key === undefined) modelKeys.set(plan.model, (key = `${process.pid}:${++models}`))
      const size = Math.max(1, Math.ceil(plan.runs / (workers * TASKS_PER_WORKER)))
      let done = 0
      // Every task settles before the experiment does, so a failure never leaves tasks behind it.
      const settled = await Promise.allSettled(
        splitPlan(plan, key, size).map(async (task) => {
          const batch = await pool.run(task)
          if ('error' in batch) throw new StockflowError(batch.error)
          done += batch.count
          onProgress?.(done, plan.runs)
          return batch
        }),
      )
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
      return settled.map((s) => (s as PromiseFulfilledResult<Batch>).value)
    },
    close: () => pool.close(),
  }
}
