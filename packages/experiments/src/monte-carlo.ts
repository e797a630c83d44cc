import type { Model } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import type { Distribution } from './distributions.js'
import type { Ensemble } from './ensemble.js'
import { expandFactors } from './factors.js'
import { runPlan } from './experiment.js'
import type { ExecuteOptions } from './experiment.js'
import { pickSettings } from './plan.js'
import type { RunSettings } from './plan.js'
import { toValues, uniformDesign } from './sampling.js'
import type { Sampling } from './sampling.js'
import { keptVars, modelAndExecutor } from './source.js'

export interface MonteCarloOptions extends RunSettings, ExecuteOptions {
  /**
   * Uncertain parameters (or constants, or stock initial values) and their distributions. `Growth[*]`
   * (or `Growth[north,*]`, a subrange `Growth[Coast]`) draws each element on its own; a bare array name
   * `Growth` draws one value all its elements share.
   */
  readonly vary: Readonly<Record<string, Distribution>>
  readonly runs: number
  /** Variables kept from every run (default: every stock). */
  readonly vars?: readonly string[]
  /** Latin hypercube (default) or plain random sampling. */
  readonly sampling?: Sampling
}

/**
 * Runs the model `runs` times with parameters drawn from their distributions. Draws come from one
 * design built from `seed` up front (a column per factor, so per element for `Growth[*]`); run i seeds
 * the model's own random functions with mix(seed, i).
 */
export async function monteCarlo(source: Model | CompiledModel, options: MonteCarloOptions): Promise<Ensemble> {
  const { model, execute } = modelAndExecutor(source, options)
  const factors = expandFactors(model, options.vary)
  const names = Object.keys(factors)
  const distributions = Object.values(factors)
  const seed = options.seed ?? 1
  const design = uniformDesign(options.runs, names.length, seed, options.sampling ?? 'lhs')
  const settings: RunSettings = pickSettings(options)
  return runPlan(
    {
      model,
      settings,
      vars: keptVars(model, options.vars),
      names,
      values: toValues(design, distributions),
      runs: options.runs,
    },
    execute,
  )
}
