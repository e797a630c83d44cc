import type { Command } from 'commander'
import { StockflowError } from '@stockflow/model'
import type { SimulateOptions } from '@stockflow/solver'
import { csvChunks } from '@stockflow/solver/internal'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { collect, outputFormat, STRICT_OPTION } from '../options.js'
import { checkRunFlags } from '../range-flags.js'
import { writeWhole } from '../output.js'
import { RUN_NAMES_HELP } from '../names-help.js'
import { clockOptions, simulateOptions } from '../run-flags.js'
import type { SimulationFlags } from '../run-flags.js'
import { loadRunModel, scenarioRuns } from '../run-model.js'

/** The flags of `stockflow run`, as commander parses them. */
export interface RunFlags extends SimulationFlags {
  format?: string
  out?: string
  onNonFinite?: string
}

/** The commander definition of `stockflow run`. */
export function runOptions(command: Command): Command {
  return clockOptions(
    command
      .description('simulate a model and print its variables at every save point')
      .argument('<model>', MODEL_ARGUMENT_HELP),
    "euler, rk2, rk4 or adaptive (default: the model's, else euler)",
  )
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

/** `stockflow run MODEL`: simulates and prints (or writes) the table; returns the exit code. */
export async function runCommand(path: string, flags: RunFlags, io: Io): Promise<number> {
  const format = outputFormat(flags.format, flags.out, FORMATS, 'csv')
  const options = simulateOptions(flags)
  const onNonFinite = (flags.onNonFinite ?? 'error').toLowerCase()
  if (onNonFinite !== 'error' && onNonFinite !== 'continue') {
    throw new StockflowError(`--on-non-finite must be error or continue, got "${flags.onNonFinite}"`)
  }
  const base: SimulateOptions = { ...options, onNonFinite }

  const m = await loadRunModel(path, flags, io)
  checkRunFlags(m.compiled, { set: options.set, vars: flags.vars, strict: flags.strict }, m.file, io)
  const runs = scenarioRuns(m, base)

  // CSV is written in pieces as it is made (a large run's whole text need never be in memory).
  const text =
    format === 'json'
      ? [
          JSON.stringify(
            m.scenario?.toLowerCase() === 'all'
              ? { scenarios: Object.fromEntries(runs.map((r) => [r.label, r.run.toJSON()])) }
              : runs[0]!.run.toJSON(),
          ) + '\n',
        ]
      : csvChunks(runs, { delimiter: format === 'tsv' ? '\t' : ',' })
  if (flags.out !== undefined) writeWhole(flags.out, text, [m.file])
  else for (const piece of text) io.stdout(piece)
  return 0
}

/** `stockflow run`, as main registers it. */
export const runCli = cliCommand('run', runOptions, runCommand)
