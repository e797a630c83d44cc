/**
 * The body of a worker thread in the Node pool: compiles the plan's model once (per plan key) and
 * runs the rows it is handed with the same `runBatch` the main thread would use.
 */
import { StockflowError } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { runBatch } from './batch.js'
import type { Batch } from './plan.js'
import type { BatchTask } from './task.js'

let cached: { key: string; compiled: CompiledModel } | undefined

/** A user mistake found in a worker, sent back as data (an error's class does not survive the thread). */
export interface TaskError {
  readonly error: string
}

export default function runTask(task: BatchTask): Batch | TaskError {
  try {
    return runRows(task)
  } catch (e) {
    if (e instanceof StockflowError) return { error: e.message }
    throw e
  }
}

function runRows(task: BatchTask): Batch {
  if (cached?.key !== task.key) cached = { key: task.key, compiled: compile(task.plan.model) }
  // The task carries only its own rows: they start at run `first`.
  return runBatch(cached.compiled, task.plan, task.first, task.count, task.first)
}
