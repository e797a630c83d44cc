import { extname } from 'node:path'
import type { Command } from 'commander'
import { formatIssue, isStockflowError, StockflowError } from '@stockflow/model'
import type { MethodName, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run, SimulateOptions } from '@stockflow/solver'
import { csvChunks } from '@stockflow/solver/internal'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { asWarning } from './check.js'
import { assignments, collect, list, numberOption, outputFormat, STRICT_OPTION, stepOption } from '../options.js'
import { checkRunFlags } from '../range-flags.js'
import { writeWhole } from '../output.js'
import { RUN_NAMES_HELP } from '../names-help.js'
import { changesScenarios, scenarioOrChanges, withChangesFiles } from '../changes.js'

/** The flags of `stockflow run`, as commander parses them. */
export interface RunFlags {
  method?: string
  dt?: string
  saveper?: string
  start?: string
  stop?: string
  set?: string[]
  scenario?: string
  changes?: string[]
  seed?: string
  vars?: string
  format?: string
  out?: string
  onNonFinite?: string
  strict?: boolean
}

/** The commander definition of `stockflow run`. */
export function runOptions(command: Command): Command {
  return command
    .description('simulate a model and print its variables at every save point')
    .argument('<model>', MODEL_ARGUMENT_HELP)
    .option('--method <name>', "euler, rk2, rk4 or adaptive (default: the model's, else euler)")
    .option('--dt <n>', 'time step')
    .option('--saveper <n>', 'save interval, a multiple of dt')
    .option('--start <n>', 'start time')
    .option('--stop <n>', 'stop time')
    .option(
      '--set <name=value>',
      "set a parameter or a stock's initial value (repeatable); Name[element], Name[*], a whole array, a subrange",
      collect,
    )
    .option(
      '--scenario <id>',
      'a scenario of the model, "all" for every named one (not the baseline: run without --scenario for it), or for a Vensim model a changes file (.cin) beside it',
    )
    .option('--changes <file.cin>', 'apply a Vensim changes file: constants and tables (repeatable)', collect)
    .option('--seed <n>', 'seed of the random functions (default 1)')
    .option('--vars <a,b>', 'only these variables, comma-separated; Name[element], Name[*], a whole array, a subrange')
    .option('--format <f>', "csv, tsv or json (default: the --out file's extension, else csv)")
    .option('--out <file>', 'write to a file (whole, or not at all) instead of stdout')
    .option(
      '--on-non-finite <what>',
      'error (default): a NaN or infinity stops the run naming the variable and time; continue: keep it',
    )
    .option(...STRICT_OPTION)
    .addHelpText('after', RUN_NAMES_HELP)
}

const FORMATS = ['csv', 'tsv', 'json'] as const
const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/** `stockflow run MODEL`: simulates and prints (or writes) the table; returns the exit code. */
export async function runCommand(path: string, flags: RunFlags, io: Io): Promise<number> {
  const format = outputFormat(flags.format, flags.out, FORMATS, 'csv')
  if (flags.method !== undefined && !(METHODS as readonly string[]).includes(flags.method.toLowerCase())) {
    throw new StockflowError(`--method must be one of ${METHODS.join(', ')}, got "${flags.method}"`)
  }
  const onNonFinite = (flags.onNonFinite ?? 'error').toLowerCase()
  if (onNonFinite !== 'error' && onNonFinite !== 'continue') {
    throw new StockflowError(`--on-non-finite must be error or continue, got "${flags.onNonFinite}"`)
  }
  const seed = numberOption('--seed', flags.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new StockflowError(`--seed must be a whole number, got "${flags.seed}"`)
  const base: SimulateOptions = {
    ...(flags.method !== undefined ? { method: flags.method.toLowerCase() as MethodName } : {}),
    ...definedNumbers({
      dt: stepOption('--dt', flags.dt),
      saveper: stepOption('--saveper', flags.saveper),
      start: numberOption('--start', flags.start),
      stop: numberOption('--stop', flags.stop),
      seed,
    }),
    set: assignments(flags.set),
    onNonFinite,
    ...(flags.vars !== undefined ? { vars: list(flags.vars)! } : {}),
  }

  const loaded = await loadModel(path)
  const { file, warnings = [] } = loaded
  for (const w of warnings) io.stderr(`stockflow: ${asWarning(w)}\n`)
  const { scenario, changes } = scenarioOrChanges(loaded.model, file, flags.scenario)
  const model = withChangesFiles(loaded.model, [...(flags.changes ?? []), ...changes])
  const compiled = withFile(file, () => compile(model))
  checkRunFlags(compiled, { set: base.set ?? {}, vars: flags.vars, strict: flags.strict }, file, io)
  const all = scenario?.toLowerCase() === 'all'
  const runs: { run: Run; label?: string }[] = all
    ? everyScenario(model, compiled, file, base)
    : withFile(file, () => [{ run: simulate(compiled, { ...base, ...(scenario !== undefined ? { scenario } : {}) }) }])

  // CSV is written in pieces as it is made (a large run's whole text need never be in memory).
  const text =
    format === 'json'
      ? [
          JSON.stringify(
            all ? { scenarios: Object.fromEntries(runs.map((r) => [r.label, r.run.toJSON()])) } : runs[0]!.run.toJSON(),
          ) + '\n',
        ]
      : csvChunks(runs, { delimiter: format === 'tsv' ? '\t' : ',' })
  if (flags.out !== undefined) writeWhole(flags.out, text, [file])
  else for (const piece of text) io.stdout(piece)
  return 0
}

/** `stockflow run`, as main registers it. */
export const runCli = cliCommand('run', runOptions, runCommand)

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

function definedNumbers<T extends Record<string, number | undefined>>(o: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>
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
