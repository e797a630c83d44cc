import type { Command } from 'commander'
import { expandFactors, sensitivityEach } from '@stockflow/experiments'
import type { SensitivityResult } from '@stockflow/experiments'
import { StockflowError } from '@stockflow/model'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { atFlag, distributions, experimentOptions, varies } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { list, numberOption, outputFormat } from '../options.js'
import { checkPlot, emit, emitPlot, experimentContext, plotOption, toCSV } from './experiment-run.js'
import type { PlotFlag } from './experiment-run.js'
import { sensitivityChart } from '../plot-experiments.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { withFile } from '../run-model.js'

/** The flags of `stockflow sensitivity`. */
export interface SensitivityFlags extends ExperimentFlags, PlotFlag {
  analysis?: string
  levels?: string
}

/** The commander definition of `stockflow sensitivity`. */
export function sensitivityOptions(command: Command): Command {
  return experimentOptions(
    command
      .description('Sobol first- and total-order indices (or Morris effects) of each output, inputs by importance')
      .argument('<model>', MODEL_ARGUMENT_HELP)
      .option('--analysis <a>', 'sobol (default) or morris')
      .option(
        '--runs <n>',
        'Sobol: base sample N, N*(k+2) runs (default 512); Morris: trajectories, r*(k+1) runs (default 20)',
      )
      .option('--levels <n>', 'Morris grid levels (even, default 4)')
      .option('--format <f>', "text, csv or json (default: the --out file's extension, else text)")
      .option(...plotOption('the indices with their intervals (Morris: mu* against sigma)')),
    'NAME=uniform(a,b), normal(mean,sd), lognormal(mean,sd) or triangular(a,mode,b) (repeatable)',
  )
}

const FORMATS = ['text', 'csv', 'json'] as const

/**
 * `stockflow sensitivity MODEL --vary ... --output VAR [--at T]`: Sobol first- and total-order indices
 * (default) or Morris elementary effects of each output (an array: each element), inputs by importance.
 */
export async function sensitivityCommand(path: string, flags: SensitivityFlags, io: Io): Promise<number> {
  const vary = distributions(varies(flags, 'sensitivity'), 'sensitivity')
  const analysis = (flags.analysis ?? 'sobol').toLowerCase()
  if (analysis !== 'sobol' && analysis !== 'morris')
    throw new StockflowError(`--analysis must be sobol or morris, got "${flags.analysis}"`)
  const format = outputFormat(flags.format, flags.out, FORMATS, 'text')
  checkPlot(flags)
  const named = (flags.output ?? []).flatMap((o) => list(o) ?? [])
  if (named.length === 0)
    throw new StockflowError(
      'sensitivity needs an --output VAR (the variable whose variance is split; an array gives indices per element)',
    )
  const runs = numberOption('--runs', flags.runs) ?? (analysis === 'sobol' ? 512 : 20)
  const levels = numberOption('--levels', flags.levels)
  if (!Number.isInteger(runs) || runs < 2) throw new StockflowError(`--runs must be a whole number of at least 2`)
  const at = atFlag(flags)
  const ctx = await experimentContext(path, flags, io, 'sensitivity')
  // `Growth[*]` is an input per element: the run count (for the progress bar) counts them.
  const k = await ctx.check(() =>
    withFile(ctx.file, () => Object.keys(expandFactors(ctx.model, vary, 'sensitivity')).length),
  )
  const total = analysis === 'sobol' ? runs * (k + 2) : runs * (k + 1)
  const results = await ctx.run(total, (execute) =>
    sensitivityEach(ctx.compiled, {
      ...ctx.settings,
      ...execute,
      vary,
      outputs: named,
      at,
      analysis,
      runs,
      ...(levels !== undefined ? { levels } : {}),
    }),
  )
  emit(render(results, format), flags, io, [ctx.file])
  await emitPlot(flags, () => sensitivityChart(ctx.compiled, results), io, [ctx.file])
  return 0
}

/** `stockflow sensitivity`, as main registers it. */
export const sensitivityCli = cliCommand('sensitivity', sensitivityOptions, sensitivityCommand)

/**
 * The indices as text (a table per output), CSV or JSON. With one output series the CSV has a row per
 * input and the JSON is one object; with several (an array output) the CSV starts each row with its
 * output and the JSON is a list, one object per output.
 */
function render(results: readonly SensitivityResult[], format: string): string {
  if (format === 'json') return JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n'
  const sobol = results[0]!.analysis === 'sobol'
  const header = sobol ? ['input', 'first', 'first ±95%', 'total', 'total ±95%'] : ['input', 'mu*', 'mu', 'sigma']
  const rowsOf = (r: SensitivityResult) =>
    r.inputs.map((i) =>
      sobol ? [i.name, i.first!, i.firstConf!, i.total!, i.totalConf!] : [i.name, i.muStar!, i.mu!, i.sigma!],
    )
  if (format === 'csv') {
    if (results.length === 1) return toCSV(header, rowsOf(results[0]!))
    return toCSV(
      ['output', ...header],
      results.flatMap((r) => rowsOf(r).map((row) => [r.output, ...row])),
    )
  }
  return results.map((r) => table(r, header, rowsOf(r))).join('\n')
}

function table(r: SensitivityResult, header: readonly string[], rows: readonly (string | number)[][]): string {
  const when = typeof r.at === 'number' ? `at time ${r.at}` : r.at === 'final' ? 'final value' : `${r.at} over the run`
  const title =
    r.analysis === 'sobol'
      ? `Sobol indices of "${r.output}" (${when}), ${r.runs} runs; by total index:`
      : `Morris elementary effects on "${r.output}" (${when}), ${r.runs} runs; by mu*:`
  const cells = [header, ...rows.map((row) => row.map((c) => (typeof c === 'number' ? fixed(c) : c)))]
  const widths = header.map((_, j) => Math.max(...cells.map((c) => c[j]!.length)))
  const lines = cells.map((c) => c.map((x, j) => (j === 0 ? x.padEnd(widths[j]!) : x.padStart(widths[j]!))).join('  '))
  return [title, ...lines].join('\n') + '\n'
}

function fixed(x: number): string {
  return Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 0.001) ? x.toExponential(3) : x.toFixed(4)
}
