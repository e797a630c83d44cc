import { inProcess, runPlan, webWorkerPool } from '@stockflow/experiments'
import type { Ensemble, Executor, ExperimentPlan, Progress } from '@stockflow/experiments'

/** Web Workers used at most: the runs are short, and more workers each compile the model once. */
const MAX_WORKERS = 4

/**
 * Runs Monte Carlo plans in a pool of Web Workers (`montecarlo-worker.ts`), started at the first run and
 * kept for the next. `cancel` ends the workers of a run in progress (runs cannot be interrupted); the
 * next run starts new ones.
 */
export class MonteCarloRunner {
  private pool: (Executor & { close(): void }) | undefined
  /** The run in progress, if any. */
  private current: object | undefined

  /** Web Workers a run uses: the browser's cores, at most four (two on the usual CI machine). */
  readonly workers = Math.max(1, Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency || 2))

  /** Runs every row of the plan; rejects when cancelled. */
  async run(plan: ExperimentPlan, onProgress: Progress): Promise<Ensemble> {
    this.pool ??= this.start()
    const token = {}
    this.current = token
    try {
      return await runPlan(plan, { executor: this.pool, onProgress })
    } finally {
      // A cancelled run settles after the next one has started: leave that one's mark alone.
      if (this.current === token) this.current = undefined
    }
  }

  /** Ends a run in progress, if any. */
  cancel(): void {
    if (this.current === undefined) return
    this.current = undefined
    this.pool?.close()
    this.pool = undefined
  }

  private start(): Executor & { close(): void } {
    // No workers (an unusual embedding): this thread, yielding between slices of runs.
    if (typeof Worker === 'undefined') return { ...inProcess(), close: () => {} }
    return webWorkerPool(
      () => new Worker(new URL('./montecarlo-worker.ts', import.meta.url), { type: 'module' }),
      this.workers,
    )
  }
}
