import type { ChartLayout, Rendered } from '@stockflow/diagram'
import { Ensemble } from '@stockflow/experiments'
import type { ExecuteOptions, Progress, RunSettings } from '@stockflow/experiments'
import { csvQuote } from '@stockflow/solver/internal'
import type { Io } from '../io.js'
import { experimentExecutor, runSettings } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { writeWhole } from '../output.js'
import { plotTarget, writePlot } from '../plot-output.js'
import { progressBar } from '../progress.js'
import { checkExperimentFlags } from '../range-flags.js'
import { Interrupted } from '../interrupted.js'
import { loadRunModel, withFileAsync } from '../run-model.js'
import type { RunModel } from '../run-model.js'

/** A loaded, compiled model and how to run an experiment on it (threads, progress). */
export interface ExperimentContext extends Omit<RunModel, 'scenario'> {
  /** The run settings of the flags, `--scenario` left out when it named a changes file. */
  readonly settings: RunSettings
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
  const { file, model, compiled, scenario } = await loadRunModel(path, flags, io)
  checkExperimentFlags(compiled, flags, file, io)
  return {
    model,
    settings: { ...settings, ...(scenario !== undefined ? { scenario } : {}) },
    compiled,
    file,
    async run(runs, f) {
      const cancel = new AbortController()
      const executor = await experimentExecutor(flags, runs, {
        signal: cancel.signal,
        log: (line) => io.stderr(`stockflow: ${label}: ${line}\n`),
      })
      const bar = progressBar(label)
      const progress = { done: 0, total: runs }
      const onProgress: Progress = (done, total) => {
        Object.assign(progress, { done, total })
        bar.update(done, total)
      }
      // On the queue, Ctrl+C must remove the experiment's jobs and keys from the server before exiting.
      const release = executor && 'queue' in executor ? cancelOnSignal(cancel) : () => {}
      try {
        const result = await withFileAsync(file, () => f({ ...(executor ? { executor } : {}), onProgress }))
        if (cancel.signal.aborted) throw cancelled(label, progress)
        if (result instanceof Ensemble) reportFailures(result, io)
        return result
      } catch (err) {
        throw cancel.signal.aborted ? cancelled(label, progress) : err
      } finally {
        release()
        bar.stop()
        await executor?.close()
      }
    },
  }
}

/**
 * Aborts `cancel` on the first SIGINT or SIGTERM (the experiment then cleans up and the command exits
 * 130); a second one exits at once. Returns the function that removes the handlers.
 */
function cancelOnSignal(cancel: AbortController): () => void {
  const onSignal = () => {
    if (cancel.signal.aborted) process.exit(130)
    cancel.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

function cancelled(label: string, progress: { done: number; total: number }): Interrupted {
  return new Interrupted(
    `cancelled ${label}: ${progress.done} of ${progress.total} runs had finished; its remaining jobs and keys are removed from the queue, nothing written`,
  )
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
