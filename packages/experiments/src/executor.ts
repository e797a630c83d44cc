import { compile } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { runBatch } from './batch.js'
import type { Batch, ExperimentPlan } from './plan.js'

/** Reports progress: runs finished of the total. */
export type Progress = (done: number, total: number) => void

/**
 * Something that runs a plan's rows and hands back batches: in this thread, a pool of Node worker
 * threads (`@stockflow/experiments/node`) or Web Workers. The batches may come back in any order.
 */
export interface Executor {
  execute(plan: ExperimentPlan, onProgress?: Progress): Promise<Batch[]>
}

/** Runs between yields to the event loop, so progress bars and pages keep drawing. */
const SLICE = 16

/** Runs everything in this thread, compiling the model once and yielding between slices of runs. */
export function inProcess(options: { compiled?: CompiledModel } = {}): Executor {
  return {
    async execute(plan, onProgress) {
      const compiled = options.compiled?.model === plan.model ? options.compiled : compile(plan.model)
      const batches: Batch[] = []
      for (let first = 0; first < plan.runs; first += SLICE) {
        batches.push(runBatch(compiled, plan, first, Math.min(SLICE, plan.runs - first)))
        onProgress?.(Math.min(first + SLICE, plan.runs), plan.runs)
        await yieldToEventLoop()
      }
      return batches
    },
  }
}

/** Lets timers, I/O and drawing run: setImmediate in Node (setTimeout(0) waits at least 1 ms there). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown }
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)))
}
