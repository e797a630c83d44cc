import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { calibrateWith, expandFactors, readSeriesCsv, support } from '@stockflow/experiments'
import type { Calibration, FitRange } from '@stockflow/experiments'
import { StockflowError } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { distributions, executionOptions, runSettingOptions, varies } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { assignments, collect, numberOption, outputFormat } from '../options.js'
import { checkPlot, emit, emitPlot, experimentContext, plotOption, toCSV } from './experiment-run.js'
import type { PlotFlag } from './experiment-run.js'
import { calibrationChart } from '../plot-experiments.js'
import { withFile } from '../run-model.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { experimentNamesHelp } from '../names-help.js'
import { checkFlagNames } from '../flag-names.js'

/** The flags of `stockflow calibrate`. */
export interface CalibrateFlags extends ExperimentFlags, PlotFlag {
  data?: string
  weight?: string[]
  maxIterations?: string
}

/**
 * The commander definition of `stockflow calibrate`: the run settings and where the runs go (threads,
 * a queue), not the other experiment flags.
 */
export function calibrateOptions(command: Command): Command {
  const options = runSettingOptions(
    command
      .description('fit parameters to observed series (weighted least squares): estimates, standard errors, fit')
      .argument('<model>', MODEL_ARGUMENT_HELP)
      .option(
        '--data <file>',
        'CSV: a time column, then a column per observed variable or element (named like it: Infected[north])',
      )
      .option(
        '--weight <series=w>',
        'weight of a series (repeatable; default 1 / variance of its observations)',
        collect,
      )
      .option('--max-iterations <n>', 'Levenberg-Marquardt steps before giving up (default 200)')
      .option('--format <f>', "text, csv (the residuals) or json (default: the --out file's extension, else text)")
      .option(...plotOption('the observations against the fitted run'))
      .addHelpText('after', experimentNamesHelp(false)),
    'NAME=uniform(min,max): a parameter to fit and its bounds (repeatable; starts from the model value)',
  )
  // A step's runs (two per fitted parameter for the Jacobian) go out together: threads or a queue help.
  return executionOptions(options).addHelpText(
    'after',
    '\nEach step of the fit runs two runs per fitted parameter at once, then one: --workers N or --redis URL\nspreads them (the result is the same); without either the fit runs in this thread.',
  )
}

const FORMATS = ['text', 'csv', 'json'] as const

/**
 * `stockflow calibrate MODEL --data observed.csv --vary "NAME=uniform(lo,hi)" ...`: fits the varied
 * parameters (within the distributions' bounds, starting from the model's own values) so the model's
 * variables match the CSV's columns; prints the estimates with standard errors and 95% intervals.
 * `--format csv` writes the residuals instead, `json` everything. `--workers N` runs each step's
 * runs on N threads, `--redis URL` on a queue's workers, with the same result.
 */
export async function calibrateCommand(path: string, flags: CalibrateFlags, io: Io): Promise<number> {
  if (flags.data === undefined)
    throw new StockflowError('calibrate needs --data FILE.csv: a time column and a column per observed variable')
  const format = outputFormat(flags.format, flags.out, FORMATS, 'text')
  checkPlot(flags)
  const ranges = distributions(varies(flags, 'calibrate'), 'calibrate')
  let text: string
  try {
    text = readFileSync(flags.data, 'utf8')
  } catch {
    throw new StockflowError(`${flags.data}: cannot read the data file`)
  }
  const data = readSeriesCsv(text, flags.data)
  const weights = assignments(flags.weight)
  const maxIterations = numberOption('--max-iterations', flags.maxIterations)
  const ctx = await experimentContext(path, flags, io, 'calibrate')
  const fit = await ctx.check(() => {
    checkFlagNames(
      ctx.compiled,
      `--data ${flags.data}`,
      data.series.map((s) => s.name),
      ctx.file,
    )
    // `Growth[*]` fits each element, each starting from its own value in the model.
    const factors = withFile(ctx.file, () => expandFactors(ctx.model, ranges, 'calibrate'))
    return Object.fromEntries(
      Object.entries(factors).map(([name, d]) => [name, startingRange(ctx.compiled, name, support(d))]),
    )
  })
  // Each step waits on the last; within a step the Jacobian's runs (two per parameter) go out at once.
  const jacobianRuns = 2 * Object.keys(fit).length
  const result = await ctx.run(jacobianRuns, (execute) =>
    calibrateWith(
      ctx.compiled,
      {
        ...ctx.settings,
        fit,
        data,
        ...(flags.weight ? { weights } : {}),
        ...(maxIterations !== undefined ? { maxIterations } : {}),
      },
      execute,
    ),
  )
  for (const w of result.warnings) io.stderr(`stockflow: warning: ${w}\n`)
  emit(render(result, format), flags, io, [ctx.file, flags.data])
  await emitPlot(flags, () => calibrationChart(ctx.compiled, ctx.settings, result), io, [ctx.file, flags.data])
  return 0
}

/** `stockflow calibrate`, as main registers it. */
export const calibrateCli = cliCommand('calibrate', calibrateOptions, calibrateCommand)

/**
 * The search range of a parameter (or constant), starting from the model's own value when inside; for
 * a whole array fitted as one (`Growth`), the value its elements share, if they do.
 */
function startingRange(compiled: CompiledModel, name: string, [min, max]: [number, number]): FitRange {
  const meaning = nameMeaning(compiled, name)
  const values = meaning.ok
    ? meaning.ids.map((id) => compiled.program.params.get(compiled.program.byId.get(id)!.index))
    : []
  const value = values.length && values.every((v) => v === values[0]) ? values[0] : undefined
  return value !== undefined && value > min && value < max ? { min, max, initial: value } : { min, max }
}

function render(r: Calibration, format: string): string {
  if (format === 'json')
    return (
      // Float64Arrays as arrays; JSON writes an infinite standard error as null.
      JSON.stringify(r, (_, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v), 2) + '\n'
    )
  if (format === 'csv')
    return toCSV(
      ['series', 'variable', 'time', 'observed', 'simulated', 'residual'],
      r.series.flatMap((s) =>
        Array.from(s.times, (t, i) => [s.name, s.variable, t, s.observed[i]!, s.simulated[i]!, s.residuals[i]!]),
      ),
    )
  const g = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x))
  const lines = [
    `Fitted ${r.parameters.length} parameter${r.parameters.length === 1 ? '' : 's'} to ${r.series.length} series (${r.observations} observations): ${r.converged ? 'converged' : 'NOT converged'} after ${r.iterations} iterations (${r.steps} step${r.steps === 1 ? '' : 's'} taken, ${r.iterations - r.steps} refused), ${r.evaluations} runs; weighted SSE ${g(r.sse)}`,
    '',
    ...table(
      ['parameter', 'value', 'std. error', '95% interval', 'start', 'note'],
      r.parameters.map((p) => [
        p.name,
        g(p.value),
        g(p.standardError),
        `[${g(p.ci95[0])}, ${g(p.ci95[1])}]`,
        g(p.initial),
        p.atBound ? `at its ${p.atBound}` : p.identifiable ? '' : 'not identifiable',
      ]),
    ),
    '',
    ...table(
      ['series', 'variable', 'weight', 'RMSE', 'R²'],
      r.series.map((s) => [s.name, s.variable, g(s.weight), g(s.rmse), g(s.r2)]),
    ),
  ]
  return lines.join('\n') + '\n'
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)))
  return [head, ...rows].map((r) =>
    r
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join('  ')
      .trimEnd(),
  )
}
