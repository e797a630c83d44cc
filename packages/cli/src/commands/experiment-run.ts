import type { ChartLayout, Rendered } from '@stockflow/diagram'
import { Ensemble } from '@stockflow/experiments'
import type { ExecuteOptions, Progress, RunSettings } from '@stockflow/experiments'
import { csvQuote } from '@stockflow/solver/internal'
import type { Io } from '../io.js'
import { flagQueue, runSettings, threadExecutor } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { writeWhole } from '../output.js'
import { plotTarget, writePlot } from '../plot-output.js'
import { progressBar } from '../progress.js'
import { checkExperimentFlags } from '../range-flags.js'
import { INTERRUPTED_EXIT, Interrupted } from '../interrupted.js'
import { loadRunModel, withFileAsync } from '../run-model.js'
import type { RunModel } from '../run-model.js'
import { onStopSignals } from '../stop-signals.js'

/** A loaded, compiled model and how to run an experiment on it (threads, progress). */
export interface ExperimentContext extends Omit<RunModel, 'scenario'> {
  /** The run settings of the flags, `--scenario` left out when it named a changes file. */
  readonly settings: RunSettings
  /** Runs `f` with the executor the flags ask for and a progress bar; reports an ensemble's failed runs. */
  run<T>(runs: number, f: (execute: ExecuteOptions) => Promise<T>): Promise<T>
  /** Runs the command's own checks between loading and running: when one fails, the queue is disconnected. */
  check<T>(f: () => T): Promise<T>
}

/**
 * Loads and compiles MODEL for an experiment command; model errors name the file. With `--redis` the
 * server is reached first, so a wrong URL or password is a line at once rather than after the compile.
 */
export async function experimentContext(
  path: string,
  flags: ExperimentFlags,
  io: Io,
  label: string,
): Promise<ExperimentContext> {
  const { scenario: _named, ...settings } = runSettings(flags)
  const cancel = new AbortController()
  let removed = true
  const queue = await flagQueue(flags, {
    signal: cancel.signal,
    log: (line) => io.stderr(`stockflow: ${label}: ${line}\n`),
    onCancelled: (r) => (removed = r),
  })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await queue?.close()
  }
  try {
    const { file, model, compiled, scenario } = await loadRunModel(path, flags, io)
    checkExperimentFlags(compiled, flags, file, io)
    return {
      model,
      settings: { ...settings, ...(scenario !== undefined ? { scenario } : {}) },
      compiled,
      file,
      async check(f) {
        try {
          return f()
        } catch (err) {
          await close()
          throw err
        }
      },
      async run<T>(runs: number, f: (execute: ExecuteOptions) => Promise<T>): Promise<T> {
        const executor = queue ?? threadExecutor(flags, runs)
        const bar = progressBar(label)
        const progress = { done: 0, total: runs }
        const onProgress: Progress = (done, total) => {
          Object.assign(progress, { done, total })
          bar.update(done, total)
        }
        // On the queue, Ctrl+C must remove the experiment's jobs and keys from the server before exiting.
        const release = queue ? cancelOnSignal(cancel) : () => {}
        let outcome: { result: T } | undefined
        try {
          outcome = { result: await withFileAsync(file, () => f({ ...(executor ? { executor } : {}), onProgress })) }
        } catch (err) {
          if (!cancel.signal.aborted) throw err
        } finally {
          bar.stop()
          try {
            await (queue ? close() : executor?.close())
          } finally {
            // Only now: a signal during the clean-up above must not kill it half done.
            release()
          }
        }
        // After close: by then the queue has said whether the cancel removed the jobs.
        if (cancel.signal.aborted || !outcome) throw cancelled(label, progress, removed)
        if (outcome.result instanceof Ensemble) reportFailures(outcome.result, io)
        return outcome.result
      },
    }
  } catch (err) {
    await close()
    throw err
  }
}

/**
 * Aborts `cancel` on the first SIGINT or SIGTERM (the experiment then cleans up and the command exits
 * 130); a second press, a second or more later, exits at once. Returns the function that removes the handlers.
 */
function cancelOnSignal(cancel: AbortController): () => void {
  return onStopSignals({ first: () => cancel.abort(), again: () => process.exit(INTERRUPTED_EXIT) })
}

function cancelled(label: string, progress: { done: number; total: number }, removed: boolean): Interrupted {
  const finished = `${progress.done} of ${progress.total} runs had finished`
  return new Interrupted(
    removed
      ? `cancelled ${label}: ${finished}; its remaining jobs and keys are removed from the queue, nothing written`
      : `cancelled ${label}: ${finished}, nothing written; the server did not answer, so its jobs stay on the queue until workers take and skip them`,
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
