import type { Model } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { expandNames, isCompiled } from '@stockflow/solver/internal'
import { inProcess } from './executor.js'
import type { ExecuteOptions } from './experiment.js'

/** The plain model behind a model or compiled model, and an executor that reuses the compilation. */
export function modelAndExecutor(
  source: Model | CompiledModel,
  options: ExecuteOptions,
): { model: Model; execute: ExecuteOptions } {
  if (!isCompiled(source)) return { model: source, execute: options }
  return {
    model: source.model,
    execute: { ...options, executor: options.executor ?? inProcess({ compiled: source }) },
  }
}

/** The variables kept when none are named: every stock (what most experiments are about), by element. */
export function defaultVars(model: Model): string[] {
  return expandNames(
    model,
    model.elements.filter((e) => e.kind === 'stock').map((e) => e.name),
  )
}

/** The variables to keep: those named, a whole array or `x[north,*]` as its elements; else defaultVars. */
export function keptVars(model: Model, vars: readonly string[] | undefined): readonly string[] {
  return vars ? expandNames(model, vars) : defaultVars(model)
}
