import type { Command } from 'commander'
import { StockflowError } from '@stockflow/model'
import { sweep } from '@stockflow/experiments'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { atFlag, experimentOptions, outputs, varies } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { summaryTable } from './summary-table.js'
import { checkPlot, emit, emitPlot, experimentContext, plotOption } from './experiment-run.js'
import type { PlotFlag } from './experiment-run.js'
import { sweepChart } from '../plot-experiments.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { outputFormat } from '../options.js'

/** The commander definition of `stockflow sweep` (its flags are the ExperimentFlags). */
export function sweepOptions(command: Command): Command {
  return experimentOptions(
    command
      .description('run every combination of parameter levels; a CSV row per run with each output at --at')
      .argument('<model>', MODEL_ARGUMENT_HELP)
      .option(...plotOption('each output over time, a line per run (with --at: against the first swept parameter)')),
    'NAME=range(first,last,count) or NAME=values(x,y,...) (repeatable)',
  )
}

/** `stockflow sweep MODEL --vary "A=range(0,1,5)" ...`: every combination; a row per run. */
export async function sweepCommand(path: string, flags: ExperimentFlags & PlotFlag, io: Io): Promise<number> {
  outputFormat(undefined, flags.out, ['csv'], 'csv')
  checkPlot(flags)
  const vs = varies(flags, 'sweep')
  const levels = Object.fromEntries(
    vs.map((v) => {
      if (!('levels' in v))
        throw new StockflowError(
          `sweep: --vary "${v.name}" gives a distribution; sweep needs levels: range(first,last,count) or values(x,y,...)`,
        )
      return [v.name, v.levels]
    }),
  )
  const at = atFlag(flags)
  const ctx = await experimentContext(path, flags, io, 'sweep')
  const vars = await ctx.check(() => outputs(flags, ctx.model))
  const runs = Object.values(levels).reduce((n, l) => n * l.length, 1)
  const ensemble = await ctx.run(runs, (execute) =>
    sweep(ctx.compiled, { ...ctx.settings, ...execute, vary: levels, vars }),
  )
  emit(summaryTable(ensemble, vars, at), flags, io, [ctx.file])
  await emitPlot(flags, () => sweepChart(ctx.compiled, ensemble, vars, flags.at === undefined ? undefined : at), io, [
    ctx.file,
  ])
  return 0
}

/** `stockflow sweep`, as main registers it. */
export const sweepCli = cliCommand('sweep', sweepOptions, sweepCommand)
