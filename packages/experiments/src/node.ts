/**
 * @stockflow/experiments/node: a pool of Node worker threads (piscina) that runs experiments in
 * parallel. Node-only, hence its own entry; everything else in the package runs in browsers too.
 */
import { availableParallelism } from 'node:os'
import { StockflowError } from '@stockflow/model'
import { Piscina } from 'piscina'
import type { Executor } from './executor.js'
import type { Batch } from './plan.js'
import { splitPlan } from './task.js'
import type { TaskError } from './worker.js'

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
  // From sources (tests, `pnpm stockflow`) the worker is TypeScript: load it through tsx as we are.
  const fromSource = import.meta.url.endsWith('.ts')
  const pool = new Piscina({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    ...(fromSource ? { execArgv: ['--import', 'tsx', '--conditions=@stockflow/source'] } : {}),
  })
  // Tasks still running: the pool is destroyed only once they settle, since piscina throws (outside
  // any promise) on a message from a thread whose task it no longer knows.
  const running = new Set<Promise<unknown>>()
  const run = (task: unknown) => {
    const p = pool.run(task)
    running.add(p)
    void p.finally(() => running.delete(p)).catch(() => {})
    return p
  }
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
          const batch = (await run(task)) as Batch | TaskError
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
    close: async () => {
      await Promise.allSettled([...running])
      await pool.destroy()
    },
  }
}
