import type { Command } from 'commander'
import { BAND_PERCENTILES, monteCarlo } from '@stockflow/experiments'
import type { Sampling } from '@stockflow/experiments'
import { StockflowError } from '@stockflow/model'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { atFlag, distributions, experimentOptions, outputs, runsFlag, varies } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { checkPlot, emit, emitPlot, experimentContext, plotOption, toCSV } from './experiment-run.js'
import type { PlotFlag } from './experiment-run.js'
import { monteCarloChart } from '../plot-experiments.js'
import { summaryTable } from './summary-table.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { outputFormat } from '../options.js'

/** The flags of `stockflow montecarlo`. */
export interface MonteCarloFlags extends ExperimentFlags, PlotFlag {
  sampling?: string
  perRun?: boolean
}

/** The commander definition of `stockflow montecarlo`. */
export function montecarloOptions(command: Command): Command {
  return experimentOptions(
    command
      .description('run with parameters drawn from distributions; CSV of 5/25/50/75/95th percentiles over time')
      .argument('<model>', MODEL_ARGUMENT_HELP)
      .option('--runs <n>', 'number of runs (default 200)')
      .option('--sampling <s>', 'lhs (Latin hypercube, default) or random')
      .option(
        '--per-run',
        'a row per run (its parameters and each output at --at, default final) instead of percentiles; --at works only with --per-run',
      )
      .option(...plotOption("each output's percentile bands over time")),
    'NAME=uniform(a,b), normal(mean,sd), lognormal(mean,sd) or triangular(a,mode,b) (repeatable)',
  )
}

/**
 * `stockflow montecarlo MODEL --vary "A=normal(1,0.1)" --runs N`: percentile bands over time of each
 * output (`time, A p5, A p25, ...`), or with --per-run a row per run like sweep.
 */
export async function montecarloCommand(path: string, flags: MonteCarloFlags, io: Io): Promise<number> {
  outputFormat(undefined, flags.out, ['csv'], 'csv')
  checkPlot(flags)
  const vary = distributions(varies(flags, 'montecarlo'), 'montecarlo')
  // The bands keep the whole time series, so a reduction to one time would be silently dropped.
  if (flags.at !== undefined && !flags.perRun)
    throw new StockflowError(
      `montecarlo: --at "${flags.at}" applies only with --per-run (the percentile bands keep every time); add --per-run or drop --at`,
    )
  const runs = runsFlag(flags, 200)
  const sampling = (flags.sampling ?? 'lhs').toLowerCase()
  if (sampling !== 'lhs' && sampling !== 'random')
    throw new StockflowError(`--sampling must be lhs or random, got "${flags.sampling}"`)
  const ctx = await experimentContext(path, flags, io, 'montecarlo')
  const vars = await ctx.check(() => outputs(flags, ctx.model))
  const e = await ctx.run(runs, (execute) =>
    monteCarlo(ctx.compiled, { ...ctx.settings, ...execute, vary, runs, vars, sampling: sampling as Sampling }),
  )
  await emitPlot(flags, () => monteCarloChart(ctx.compiled, e, vars), io, [ctx.file])
  if (flags.perRun) {
    emit(summaryTable(e, vars, atFlag(flags)), flags, io, [ctx.file])
    return 0
  }
  const bands = vars.map((v) => e.bands(v))
  const header = ['time', ...vars.flatMap((v) => BAND_PERCENTILES.map((p) => `${v} p${p}`))]
  const rows = Array.from(e.times, (t, i) => [t, ...bands.flatMap((b) => BAND_PERCENTILES.map((p) => b[`p${p}`][i]!))])
  emit(toCSV(header, rows), flags, io, [ctx.file])
  return 0
}

/** `stockflow montecarlo`, as main registers it. */
export const montecarloCli = cliCommand('montecarlo', montecarloOptions, montecarloCommand)
