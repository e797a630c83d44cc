/**
 * Worker threads (piscina) running `worker.ts`: behind `workerPool` and the queue worker. Node only.
 */
import { Piscina } from 'piscina'
import type { Batch } from './plan.js'
import type { BatchTask } from './task.js'
import type { JsonTask, TaskError } from './worker.js'

export interface ThreadPool {
  readonly threads: number
  run(task: BatchTask | JsonTask): Promise<Batch | TaskError>
  /** Waits for the tasks running, then stops the threads. */
  close(): Promise<void>
}

export function threadPool(threads: number): ThreadPool {
  // From sources (tests, `pnpm stockflow`) the worker is TypeScript: load it through tsx as we are.
  const fromSource = import.meta.url.endsWith('.ts')
  const pool = new Piscina({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    ...(fromSource ? { execArgv: ['--import', 'tsx', '--conditions=@stockflow/source'] } : {}),
  })
  // Tasks still running: the pool is destroyed only once they settle, since piscina throws (outside
  // any promise) on a message from a thread whose task it no longer knows.
  const running = new Set<Promise<unknown>>()
  return {
    threads,
    run(task) {
      const p = pool.run(task) as Promise<Batch | TaskError>
      running.add(p)
      void p.finally(() => running.delete(p)).catch(() => {})
      return p
    },
    async close() {
      await Promise.allSettled([...running])
      await pool.destroy()
    },
  }
}
