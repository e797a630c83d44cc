import { StockflowError } from '@stockflow/model'
import { prepareRun, simulate } from '@stockflow/solver'
import type { CompiledModel, PreparedRun } from '@stockflow/solver'
import { checkOverrides, nameMeaning, saveTimes } from '@stockflow/solver/internal'
import type { Batch, ExperimentPlan, RunFailure } from './plan.js'
import { baseSet } from './base-set.js'
import { mix } from './rng.js'

/**
 * Runs rows [first, first + count) of a plan on a compiled model; `plan.values` (and `scenarios`) hold
 * rows from `offset` on (a worker's task carries only its own rows). Each run depends only on its
 * index (its row of values, its scenario, its seed mix(seed, index)), which is why 1 or N workers give
 * identical numbers. A mistake in the plan (an unknown name) is an error; a run that fails (a NaN) is
 * recorded and the others go on. The runs go through one prepared run per plan (names, outputs,
 * clock and loop resolved once), writing straight into the batch: the numbers `simulate` gives.
 */
export function runBatch(
  compiled: CompiledModel,
  plan: ExperimentPlan,
  first: number,
  count: number,
  offset = 0,
): Batch {
  const prepared = preparedFor(compiled, plan)
  if (!prepared.ok) return runEach(compiled, plan, first, count, offset, prepared.times)
  const { run, times, rows } = prepared
  const { names, vars, settings } = plan
  const k = names.length
  const seed = settings.seed ?? 1
  const failures: RunFailure[] = []
  const width = vars.length * rows
  const values = new Float64Array(count * width).fill(NaN)
  // The run's values, copied out of the plan's row (a view per run would allocate).
  const row = new Float64Array(k)
  for (let r = 0; r < count; r++) {
    const index = first + r
    const at = (index - offset) * k
    for (let j = 0; j < k; j++) row[j] = plan.values[at + j]!
    const scenario = plan.scenarios?.[index - offset]
    try {
      run.run(row, values, r * width, {
        seed: plan.sharedSeed ? seed : mix(seed, index),
        ...(scenario !== undefined ? { scenario } : {}),
      })
    } catch (e) {
      if (!(e instanceof StockflowError)) throw e
      failures.push({ run: index, message: e.message })
    }
  }
  // The batch's own copy: a pool may transfer it to another thread.
  return { first, count, times: times.slice(), values, failures }
}

type Prepared =
  | { readonly ok: true; readonly run: PreparedRun; readonly times: Float64Array; readonly rows: number }
  /** The settings fail every run (an unknown method, too large a table): each run says so, as `simulate` would. */
  | { readonly ok: false; readonly times: Float64Array }

/** The prepared run of each plan an executor hands over (the in-thread one hands the same plan per slice). */
const prepareds = new WeakMap<ExperimentPlan, { compiled: CompiledModel; prepared: Prepared }>()

/** Checks the plan and prepares its runs, once per plan and compiled model. */
function preparedFor(compiled: CompiledModel, plan: ExperimentPlan): Prepared {
  const known = prepareds.get(plan)
  if (known?.compiled === compiled) return known.prepared
  checkPlan(compiled, plan)
  const { names, vars, settings } = plan
  const times = saveTimes(compiled.model, settings)
  // Base values first; the run's own names never share an element with them (see baseSet).
  const set = baseSet(compiled, settings.set, names)
  let prepared: Prepared
  try {
    const run = prepareRun(compiled, { ...settings, set, names, vars })
    prepared = { ok: true, run, times, rows: times.length }
  } catch (e) {
    if (!(e instanceof StockflowError)) throw e
    prepared = { ok: false, times }
  }
  prepareds.set(plan, { compiled, prepared })
  return prepared
}

/** Each run through `simulate`, for settings that fail every run: the failures say what `simulate` says. */
function runEach(
  compiled: CompiledModel,
  plan: ExperimentPlan,
  first: number,
  count: number,
  offset: number,
  times: Float64Array,
): Batch {
  const { names, vars, settings } = plan
  const k = names.length
  const seed = settings.seed ?? 1
  const failures: RunFailure[] = []
  const rows = times.length
  const values = new Float64Array(count * vars.length * rows).fill(NaN)
  const set: Record<string, number> = baseSet(compiled, settings.set, names)
  for (let r = 0; r < count; r++) {
    const run = first + r
    const row = run - offset
    for (let j = 0; j < k; j++) set[names[j]!] = plan.values[row * k + j]!
    const scenario = plan.scenarios?.[row] ?? settings.scenario
    try {
      const result = simulate(compiled, {
        ...settings,
        ...(scenario !== undefined ? { scenario } : {}),
        seed: plan.sharedSeed ? seed : mix(seed, run),
        set,
        vars,
      })
      for (let v = 0; v < vars.length; v++) values.set(result.series[v]!.values, (r * vars.length + v) * rows)
    } catch (e) {
      if (!(e instanceof StockflowError)) throw e
      failures.push({ run, message: e.message })
    }
  }
  return { first, count, times: times.slice(), values, failures }
}

/**
 * The names a plan sets and keeps, and its scenarios, exist in the model: else one clear error. A set
 * name may be an array element, a whole array or a pattern like `Growth[*]` (simulate sets each
 * element); each scenario's keys are checked the same way (they may set elements or whole arrays); a
 * kept name is one variable or element, since each is one series of the ensemble.
 */
export function checkPlan(compiled: CompiledModel, plan: ExperimentPlan): void {
  const { model } = compiled
  const set = Object.fromEntries(plan.names.map((name) => [name, 0]))
  const used = new Set([plan.settings.scenario, ...(plan.scenarios ?? [plan.settings.scenario])])
  for (const scenario of used) checkOverrides(compiled, { ...(scenario !== undefined ? { scenario } : {}), set })
  for (const name of plan.vars) {
    const meaning = nameMeaning(compiled, name)
    if (!meaning.ok)
      throw new StockflowError(
        `no variable "${name}" in model "${model.name}"${meaning.unknown ? '' : ': '}${meaning.detail}`,
      )
    if (meaning.fixed !== Infinity) {
      const first = meaning.array!.elements.find((e) => e.id === meaning.ids[0])!
      throw new StockflowError(
        `cannot keep "${name}" as one output: it names ${meaning.ids.length} array elements; keep each, e.g. "${first.name}"`,
      )
    }
  }
}
