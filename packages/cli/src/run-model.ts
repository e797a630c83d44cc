import { extname } from 'node:path'
import { formatIssue, isStockflowError, StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run, SimulateOptions } from '@stockflow/solver'
import { changesScenarios, scenarioOrChanges, withChangesFiles } from './changes.js'
import { asWarning } from './commands/check.js'
import type { Io } from './io.js'
import { loadModel } from './load.js'

/** A model loaded for simulating, as `run`, `plot` and the experiments load it. */
export interface RunModel {
  readonly file: string
  /** The model with its changes files (`--changes`, a `--scenario` naming a .cin) applied. */
  readonly model: Model
  readonly compiled: CompiledModel
  /** `--scenario` when it names one of the model's own scenarios (or `all`); not when it named a .cin. */
  readonly scenario?: string
}

/**
 * Loads MODEL (its warnings on stderr), applies the changes files `--changes` and `--scenario` name, and
 * compiles it; model errors name the file. Changes are applied here, so worker threads get the changed model.
 */
export async function loadRunModel(
  path: string,
  flags: { readonly scenario?: string; readonly changes?: readonly string[] },
  io: Io,
): Promise<RunModel> {
  const loaded = await loadModel(path)
  const { file, warnings = [] } = loaded
  for (const w of warnings) io.stderr(`stockflow: ${asWarning(w)}\n`)
  const { scenario, changes } = scenarioOrChanges(loaded.model, file, flags.scenario)
  const model = withChangesFiles(loaded.model, [...(flags.changes ?? []), ...changes])
  const compiled = withFile(file, () => compile(model))
  return { file, model, compiled, ...(scenario !== undefined ? { scenario } : {}) }
}

/**
 * The runs `--scenario` asks for: with `all`, one per scenario (see everyScenario), else the one run,
 * of the named scenario when given, labelled `label`.
 */
export function scenarioRuns(m: RunModel, base: SimulateOptions, label?: string): { run: Run; label?: string }[] {
  if (m.scenario?.toLowerCase() === 'all') return everyScenario(m.model, m.compiled, m.file, base)
  const { scenario } = m
  return withFile(m.file, () => [
    {
      run: simulate(m.compiled, { ...base, ...(scenario !== undefined ? { scenario } : {}) }),
      ...(label !== undefined ? { label } : {}),
    },
  ])
}

/**
 * `--scenario all`: the model's own scenarios, then each changes file beside a Vensim model applied to
 * the model as loaded (with any `--changes`), each compiled on its own and labelled by its file's name.
 */
export function everyScenario(
  model: Model,
  compiled: CompiledModel,
  file: string,
  base: SimulateOptions,
): { run: Run; label: string }[] {
  const own = (model.scenarios ?? []).map((s) => s.id)
  // Changes files are applied outside withFile: their problems name the .cin, not the model.
  const beside = [...changesScenarios(file).values()].map((c) => ({
    label: c.name,
    model: withChangesFiles(model, [c.path]),
  }))
  if (own.length + beside.length === 0) {
    const cin = extname(file).toLowerCase() === '.mdl' ? ' and no changes files (.cin) beside it' : ''
    throw new StockflowError(`${file}: --scenario all, but the model has no scenarios${cin}`)
  }
  return withFile(file, () => [
    ...own.map((id) => ({ run: simulate(compiled, { ...base, scenario: id }), label: id })),
    ...beside.map((c) => ({ run: simulate(compile(c.model), base), label: c.label })),
  ])
}

/** Runs `f`, naming the model file in any StockflowError (one line per model issue). */
export function withFile<T>(file: string, f: () => T): T {
  try {
    return f()
  } catch (err) {
    if (isStockflowError(err) && err.issues.length) {
      throw new StockflowError(err.issues.map((i) => formatIssue(i, file)).join('\n'), err.issues)
    }
    if (isStockflowError(err) && !err.message.startsWith(file)) throw new StockflowError(`${file}: ${err.message}`)
    throw err
  }
}

/** withFile for a promise. */
export async function withFileAsync<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (err) {
    return withFile(file, () => {
      throw err
    })
  }
}
