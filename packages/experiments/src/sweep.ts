import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import type { Ensemble } from './ensemble.js'
import { runPlan } from './experiment.js'
import type { ExecuteOptions } from './experiment.js'
import { pickSettings } from './plan.js'
import type { RunSettings } from './plan.js'
import { keptVars, modelAndExecutor } from './source.js'

export interface SweepOptions extends RunSettings, ExecuteOptions {
  /**
   * The levels of each swept parameter; every combination is run (the last name varies fastest). A
   * name of several elements (`Growth`, `Growth[*]`, `Growth[Coast]`) is one axis: each level is set
   * on all of them together, since an axis per element would multiply the grid by the levels per element.
   */
  readonly vary: Readonly<Record<string, readonly number[]>>
  readonly vars?: readonly string[]
}

/** The most runs a grid may have before we ask for a Monte Carlo instead. */
const MAX_GRID = 1_000_000

/** Runs the full grid of the given levels. */
export async function sweep(source: Model | CompiledModel, options: SweepOptions): Promise<Ensemble> {
  const { model, execute } = modelAndExecutor(source, options)
  const names = Object.keys(options.vary)
  const levels = Object.values(options.vary)
  const empty = names.find((_, j) => levels[j]!.length === 0)
  if (empty !== undefined) throw new StockflowError(`sweep: "${empty}" has no levels`)
  const runs = levels.reduce((n, l) => n * l.length, 1)
  if (runs > MAX_GRID)
    throw new StockflowError(
      `sweep: the grid has ${runs} runs (more than ${MAX_GRID}); sweep fewer levels or use montecarlo`,
    )
  const k = names.length
  const values = new Float64Array(runs * k)
  for (let r = 0; r < runs; r++) {
    let rest = r
    for (let j = k - 1; j >= 0; j--) {
      const l = levels[j]!
      values[r * k + j] = l[rest % l.length]!
      rest = Math.floor(rest / l.length)
    }
  }
  return runPlan(
    { model, settings: pickSettings(options), vars: keptVars(model, options.vars), names, values, runs },
    execute,
  )
}

/** Runs each named scenario of the model once (no other changes). */
export async function scenarios(
  source: Model | CompiledModel,
  options: RunSettings & ExecuteOptions & { readonly ids?: readonly string[]; readonly vars?: readonly string[] },
): Promise<Ensemble> {
  const { model, execute } = modelAndExecutor(source, options)
  const ids = options.ids ?? (model.scenarios ?? []).map((s) => s.id)
  if (ids.length === 0) throw new StockflowError(`model "${model.name}" has no scenarios`)
  return runPlan(
    {
      model,
      settings: pickSettings(options),
      vars: keptVars(model, options.vars),
      names: [],
      values: new Float64Array(0),
      runs: ids.length,
      scenarios: ids,
    },
    execute,
  )
}
