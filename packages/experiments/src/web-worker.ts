/**
 * The body of a Web Worker in a `webWorkerPool`: the worker script calls `serveBatches(self)`. It runs
 * each task with the same code as a Node worker thread (compile once per plan key, then `runBatch`).
 * Browser-safe: no Node built-ins, and no DOM types (the worker's scope is described structurally).
 */
import { StockflowError } from '@stockflow/model'
import type { Batch } from './plan.js'
import type { BatchTask } from './task.js'
import runTask from './worker.js'

/**
 * An event handler as a method type: checked both ways, so a DOM `Worker` (whose handlers take a
 * whole `MessageEvent` or `ErrorEvent`) fits the small event shapes declared here.
 */
export type Handler<E> = { handle(event: E): void }['handle']

/** What the pool sends a worker: one task, numbered so the answer can be matched to it. */
export interface TaskMessage {
  readonly id: number
  readonly task: BatchTask
}

/** What a worker answers: the batch, or an error as text (an error's class does not survive the trip). */
export type ReplyMessage =
  | { readonly id: number; readonly batch: Batch }
  /** `internal`: a bug rather than a mistake in the model or the plan (those are StockflowErrors). */
  | { readonly id: number; readonly error: string; readonly internal: boolean }

/** The parts of a worker's global scope `serveBatches` uses (`self` in a module worker). */
export interface WorkerScope {
  onmessage: Handler<{ readonly data: TaskMessage }> | null
  postMessage(message: ReplyMessage, transfer: ArrayBuffer[]): void
}

/** Answers every task the pool sends with its batch, handing the output arrays over without a copy. */
export function serveBatches(scope: WorkerScope): void {
  scope.onmessage = (event) => {
    const { id, task } = event.data
    let result: ReturnType<typeof runTask>
    try {
      result = runTask(task)
    } catch (e) {
      // Answered rather than thrown, so the pool fails this experiment and the worker stays usable.
      const internal = !(e instanceof StockflowError)
      scope.postMessage({ id, error: e instanceof Error ? e.message : String(e), internal }, [])
      return
    }
    if ('error' in result) {
      scope.postMessage({ id, error: result.error, internal: false }, [])
      return
    }
    const times = ownBuffer(result.times)
    const values = ownBuffer(result.values)
    const batch: Batch = { ...result, times, values }
    scope.postMessage({ id, batch }, [times.buffer, values.buffer])
  }
}

/**
 * The array on a buffer of its own, copied when it is a view into a larger one: a run's save times
 * share one allocation with its outputs, and sending a view would clone (or transfer) all of it.
 */
function ownBuffer(a: Float64Array): Float64Array<ArrayBuffer> {
  const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer
  return whole ? (a as Float64Array<ArrayBuffer>) : a.slice()
}
