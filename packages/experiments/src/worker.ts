/**
 * The body of a worker thread in the Node pool: compiles each model once (per key) and runs the rows
 * it is handed with the same `runBatch` the main thread would use. A queue task carries its model as
 * JSON keyed by the JSON's hash, so a model stays compiled across jobs and experiments.
 */
import { modelFromJSON, StockflowError } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { runBatch } from './batch.js'
import type { Batch, ExperimentPlan } from './plan.js'
import type { BatchTask } from './task.js'

/** A task from the queue worker: the plan's rows with the model as JSON (data only, never code). */
export interface JsonTask {
  /** sha256 of `json`, checked by the queue worker before it sends the task. */
  readonly key: string
  readonly json: string
  readonly first: number
  readonly count: number
  readonly plan: Omit<ExperimentPlan, 'model'>
}

/** A user mistake found in a worker, sent back as data (an error's class does not survive the thread). */
export interface TaskError {
  readonly error: string
}

/** Compiled models kept warm, least recently used first: a worker serves a few models in turn. */
const WARM_MODELS = 4
const compiled = new Map<string, CompiledModel>()

export default function runTask(task: BatchTask | JsonTask): Batch | TaskError {
  try {
    return runRows(task)
  } catch (e) {
    if (e instanceof StockflowError) return { error: e.message }
    throw e
  }
}

function runRows(task: BatchTask | JsonTask): Batch {
  const c = compiledFor(task)
  // The task carries only its own rows: they start at run `first`.
  return runBatch(c, { ...task.plan, model: c.model }, task.first, task.count, task.first)
}

function compiledFor(task: BatchTask | JsonTask): CompiledModel {
  let c = compiled.get(task.key)
  if (c) compiled.delete(task.key)
  else c = compile('json' in task ? modelFromJSON(task.json, `model ${task.key.slice(0, 12)}`) : task.plan.model)
  compiled.set(task.key, c)
  if (compiled.size > WARM_MODELS) compiled.delete(compiled.keys().next().value!)
  return c
}
