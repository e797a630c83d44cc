import type { ChartLayout, Rendered } from '@stockflow/diagram'
import { Ensemble } from '@stockflow/experiments'
import type { ExecuteOptions, RunSettings } from '@stockflow/experiments'
import type { Model } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { csvQuote } from '@stockflow/solver/internal'
import type { Io } from '../io.js'
import { loadModel } from '../load.js'
import { executorFor, runSettings } from '../experiment-flags.js'
import { scenarioOrChanges, withChangesFiles } from '../changes.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { writeWhole } from '../output.js'
import { plotTarget, writePlot } from '../plot-output.js'
import { progressBar } from '../progress.js'
import { asWarning } from './check.js'
import { checkExperimentFlags } from '../range-flags.js'
import { withFile } from './run.js'

/** A loaded, compiled model and how to run an experiment on it (threads, progress). */
export interface ExperimentContext {
  /** The model with its changes files (`--changes`, a `--scenario` naming a .cin) applied. */
  readonly model: Model
  /** The run settings of the flags, `--scenario` left out when it named a changes file. */
  readonly settings: RunSettings
  readonly compiled: CompiledModel
  readonly file: string
  /** Runs `f` with the executor the flags ask for and a progress bar; reports an ensemble's failed runs. */
  run<T>(runs: number, f: (execute: ExecuteOptions) => Promise<T>): Promise<T>
}

/** Loads and compiles MODEL for an experiment command; model errors name the file. */
export async function experimentContext(
  path: string,
  flags: ExperimentFlags,
  io: Io,
  label: string,
): Promise<ExperimentContext> {
  const { scenario: _named, ...settings } = runSettings(flags)
  const loaded = await loadModel(path)
  const { file, warnings = [] } = loaded
  for (const w of warnings) io.stderr(`stockflow: ${asWarning(w)}\n`)
  // Applied here, so worker threads receive the changed model.
  const { scenario, changes } = scenarioOrChanges(loaded.model, file, flags.scenario)
  const model = withChangesFiles(loaded.model, [...(flags.changes ?? []), ...changes])
  const compiled = withFile(file, () => compile(model))
  checkExperimentFlags(compiled, flags, file, io)
  return {
    model,
    settings: { ...settings, ...(scenario !== undefined ? { scenario } : {}) },
    compiled,
    file,
    async run(runs, f) {
      const executor = executorFor(flags, runs)
      const bar = progressBar(label)
      try {
        const result = await withFileAsync(file, () => f({ ...(executor ? { executor } : {}), onProgress: bar.update }))
        if (result instanceof Ensemble) reportFailures(result, io)
        return result
      } finally {
        bar.stop()
        await executor?.close()
      }
    },
  }
}

/** Writes `text` to `--out` (whole, never over the model) or stdout. */
export function emit(text: string, flags: ExperimentFlags, io: Io, inputs: readonly string[]): void {
  if (flags.out !== undefined) writeWhole(flags.out, text, inputs)
  else io.stdout(text)
}

/** CSV text from a header and rows of numbers or strings (RFC 4180 quoting, full precision). */
export function toCSV(header: readonly string[], rows: readonly (readonly (number | string)[])[]): string {
  const line = (cells: readonly (number | string)[]) =>
    cells.map((c) => (typeof c === 'number' ? (Number.isNaN(c) ? '' : String(c)) : csvQuote(c))).join(',')
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

function reportFailures(e: Ensemble, io: Io): void {
  if (e.failures.length === 0) return
  const first = e.failures[0]!
  io.stderr(
    `stockflow: warning: ${e.failures.length} of ${e.runs} runs failed and are left out (run ${first.run}: ${first.message})\n`,
  )
}

async function withFileAsync<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (err) {
    return withFile(file, () => {
      throw err
    })
  }
}

/** The `--plot FILE` flag of the experiment commands. */
export interface PlotFlag {
  plot?: string
}

/** The `--plot FILE` option of an experiment command drawing `what`, for commander's `option`. */
export function plotOption(what: string): [string, string] {
  return ['--plot <file.svg|file.png>', `also draw ${what} to an SVG or PNG file (written whole)`]
}

/** Checks `--plot`'s extension and folder before the experiment runs (a long run must not fail at the end). */
export function checkPlot(flags: PlotFlag): void {
  if (flags.plot !== undefined) plotTarget('--plot', flags.plot)
}

/** Writes the chart `draw` makes to `--plot`, when given. */
export async function emitPlot(
  flags: PlotFlag,
  draw: () => Rendered<ChartLayout>,
  io: Io,
  inputs: readonly string[],
): Promise<void> {
  if (flags.plot !== undefined) await writePlot(flags.plot, draw().svg, inputs, io)
}
