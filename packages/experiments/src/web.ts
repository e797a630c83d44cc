/**
 * Web Workers as an Executor, for browsers: `webWorkerPool(() => new Worker(url, { type: 'module' }), 2)`
 * with a worker script that calls `serveBatches(self)`. Each run depends only on its row of the plan,
 * so 1 or N workers give the numbers this thread gives. Browser-safe: no Node built-ins, no DOM types.
 */
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import type { Executor } from './executor.js'
import type { Batch } from './plan.js'
import { splitPlan } from './task.js'
import type { BatchTask } from './task.js'
import type { Handler, ReplyMessage, TaskMessage } from './web-worker.js'

/** The parts of a Web Worker the pool uses (a DOM `Worker` fits; so does a test double). */
export interface WorkerLike {
  postMessage(message: TaskMessage): void
  onmessage: Handler<{ readonly data: ReplyMessage }> | null
  onerror: Handler<{ readonly message?: string; preventDefault?(): void }> | null
  terminate(): void
}

/** A pool of Web Workers; `close` ends them and fails the experiments still running. */
export interface WebWorkerPool extends Executor {
  readonly workers: number
  close(): void
}

/** Tasks per worker in one experiment: enough to even out slow runs, few enough to keep messages cheap. */
const TASKS_PER_WORKER = 8

interface Job {
  failed: boolean
}

interface Pending {
  readonly task: BatchTask
  readonly job: Job
  readonly resolve: (batch: Batch) => void
  readonly reject: (error: Error) => void
}

interface Slot {
  readonly worker: WorkerLike
  /** The task it is running and that task's message number. */
  running?: { readonly id: number; readonly pending: Pending }
}

let plans = 0
/** One key per model object: a worker compiles a model once, however many experiments run on it. */
const keys = new WeakMap<Model, string>()

/** A pool of up to `workers` Web Workers made by `create`, started when the first experiment needs them. */
export function webWorkerPool(create: () => WorkerLike, workers: number): WebWorkerPool {
  const size = Math.max(1, Math.floor(workers))
  const slots: Slot[] = []
  const queue: Pending[] = []
  let closed = false
  let messages = 0

  const start = (): Slot => {
    const slot: Slot = { worker: create() }
    slot.worker.onmessage = (event) => {
      const reply = event.data
      const running = slot.running
      if (!running || reply.id !== running.id) return
      slot.running = undefined
      if ('batch' in reply) running.pending.resolve(reply.batch)
      else running.pending.reject(reply.internal ? new Error(reply.error) : new StockflowError(reply.error))
      pump()
    }
    slot.worker.onerror = (event) => {
      event.preventDefault?.()
      // The script did not load, or something escaped `serveBatches`: drop the worker and fail its task.
      slot.worker.terminate()
      slots.splice(slots.indexOf(slot), 1)
      slot.running?.pending.reject(new Error(`a Web Worker failed: ${event.message || 'it could not start'}`))
      slot.running = undefined
      pump()
    }
    slots.push(slot)
    return slot
  }

  /** Hands queued tasks to idle workers, starting workers up to the pool's size. */
  const pump = () => {
    while (queue.length > 0 && !closed) {
      const next = queue[0]!
      if (next.job.failed) {
        queue.shift()
        continue
      }
      const slot = slots.find((s) => !s.running) ?? (slots.length < size ? start() : undefined)
      if (!slot) return
      queue.shift()
      const id = ++messages
      slot.running = { id, pending: next }
      slot.worker.postMessage({ id, task: next.task })
    }
  }

  return {
    workers: size,
    async execute(plan, onProgress) {
      if (closed) throw new Error('the Web Worker pool is closed')
      let key = keys.get(plan.model)
      if (key === undefined) keys.set(plan.model, (key = `web:${++plans}`))
      const taskSize = Math.max(1, Math.ceil(plan.runs / (size * TASKS_PER_WORKER)))
      const job: Job = { failed: false }
      let done = 0
      const batches = splitPlan(plan, key, taskSize).map(
        (task) =>
          new Promise<Batch>((resolve, reject) => {
            queue.push({
              task,
              job,
              resolve: (batch) => {
                done += batch.count
                if (!job.failed) onProgress?.(done, plan.runs)
                resolve(batch)
              },
              reject: (error) => {
                // The experiment has failed: its tasks still queued are not worth running.
                job.failed = true
                reject(error)
              },
            })
          }),
      )
      try {
        pump()
      } catch (e) {
        // `create` threw (workers forbidden here, say): drop this experiment's tasks from the queue.
        job.failed = true
        throw e
      }
      return Promise.all(batches)
    },
    close() {
      if (closed) return
      closed = true
      const stopped = new Error('the Web Worker pool was closed')
      for (const slot of slots) {
        slot.worker.terminate()
        slot.running?.pending.reject(stopped)
      }
      for (const pending of queue) pending.reject(stopped)
      slots.length = 0
      queue.length = 0
    },
  }
}
