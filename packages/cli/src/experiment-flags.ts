import { availableParallelism } from 'node:os'
import type { Command } from 'commander'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { parseAt, parseVary } from '@stockflow/experiments'
import type { At, Executor, RunSettings, Vary } from '@stockflow/experiments'
import { workerPool } from '@stockflow/experiments/node'
import type { QueueExecutor } from '@stockflow/experiments/queue'
import { expandNames } from '@stockflow/solver/internal'
import { assignments, collect, list, numberOption, STRICT_OPTION } from './options.js'
import { clockOptions, clockSettings } from './run-flags.js'
import type { ClockFlags } from './run-flags.js'
import { experimentNamesHelp } from './names-help.js'
import { submitQueue } from './queue-submit.js'
import type { QueueSubmitOptions } from './queue-submit.js'
import { REDIS_ENV, redisUrl } from './redis-url.js'

/** The flags every experiment command shares, as commander parses them. */
export interface ExperimentFlags extends ClockFlags {
  set?: string[]
  vary?: string[]
  runs?: string
  workers?: string
  redis?: string
  runsPerJob?: string
  output?: string[]
  at?: string
  scenario?: string
  changes?: string[]
  format?: string
  out?: string
  strict?: boolean
}

/** The flags every experiment command takes: what to vary, what to keep, threads, and the run flags. */
export function experimentOptions(command: Command, vary: string): Command {
  return executionOptions(
    runSettingOptions(command, vary)
      .option(
        '--output <vars>',
        'output variables, comma-separated or repeated (default: every stock); a whole array is every element',
        collect,
      )
      .addHelpText('after', experimentNamesHelp(true))
      .option('--at <when>', 'reduce each run to its value at a time, or final (default), max or mean'),
  )
}

/** Where the runs go: `--workers` (threads here) or `--redis` (a queue served by `stockflow worker`s). */
export function executionOptions(command: Command): Command {
  return command
    .option('--workers <n>', 'worker threads; 1 runs in this thread (default: one per core for 200 runs or more)')
    .option(
      '--redis <url>',
      `run on the job queue of a Redis server (redis://[:password@]host:port[/db], rediss:// for TLS), served by \`stockflow worker\` processes on any machine; default $${REDIS_ENV}`,
    )
    .option('--runs-per-job <n>', 'with --redis: runs in each job (default: enough for jobs of about 0.1 s or more)')
}

/** What to vary and the settings of each run (calibrate takes only these). */
export function runSettingOptions(command: Command, vary: string): Command {
  const sampling = command
    .option('--vary <spec>', vary, collect)
    .option(
      '--set <name=value>',
      'a parameter or stock initial value in every run (repeatable), as run takes it; --vary wins for the elements it varies',
      collect,
    )
    .option('--seed <n>', 'seed of the sampling and of the model random functions (default 1)')
  return clockOptions(sampling, "euler, rk2, rk4 or adaptive (default: the model's)")
    .option(
      '--scenario <id>',
      'a scenario of the model applied to every run, or for a Vensim model a changes file (.cin) beside it',
    )
    .option('--changes <file.cin>', 'apply a Vensim changes file before the experiment (repeatable)', collect)
    .option('--out <file>', 'write to a file (whole, or not at all) instead of stdout')
    .option(...STRICT_OPTION)
}

/** The run settings the flags give (clock, method, scenario, seed, and `--set` as every run's base values). */
export function runSettings(flags: ExperimentFlags): RunSettings {
  const set = assignments(flags.set)
  return {
    seed: 1,
    ...clockSettings(flags),
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    ...(Object.keys(set).length ? { set } : {}),
  }
}

/** Every `--vary`, read; at least one is required. */
export function varies(flags: ExperimentFlags, command: string): Vary[] {
  if (!flags.vary?.length)
    throw new StockflowError(
      `${command} needs at least one --vary "NAME=FORM", e.g. --vary "Growth Rate=uniform(0.05,0.15)"`,
    )
  return flags.vary.map(parseVary)
}

/** The distributions of the `--vary` flags; grid forms (range, values) are refused with a pointer to sweep. */
export function distributions(vs: readonly Vary[], command: string) {
  return Object.fromEntries(
    vs.map((v) => {
      if (!('distribution' in v))
        throw new StockflowError(
          `${command}: --vary "${v.name}" gives levels; ${command} needs a distribution such as uniform(a,b) (levels are for sweep)`,
        )
      return [v.name, v.distribution]
    }),
  )
}

/** `--runs N`, a whole number of at least 1. */
export function runsFlag(flags: ExperimentFlags, fallback: number): number {
  const runs = wholeNumber('--runs', flags.runs) ?? fallback
  if (runs < 1) throw new StockflowError(`--runs must be at least 1, got ${runs}`)
  return runs
}

/**
 * The outputs (`--output A --output B` or `--output A,B`), default the model's stocks; a whole array
 * (`Population`) or a pattern (`x[north,*]`) stands for its elements, a column each.
 */
export function outputs(flags: ExperimentFlags, model: Model): string[] {
  const named = (flags.output ?? []).flatMap((o) => list(o) ?? [])
  return expandNames(model, named.length ? named : model.elements.filter((e) => e.kind === 'stock').map((e) => e.name))
}

export function atFlag(flags: ExperimentFlags): At {
  return flags.at === undefined ? 'final' : parseAt(flags.at)
}

/** What runs an experiment's plan, when not this thread; `close()` stops it (and cancels what is left). */
export type ExperimentExecutor = Executor & { close(): Promise<void> }

/**
 * The executor the flags ask for: the job queue of `--redis` (or $STOCKFLOW_REDIS), whose experiment
 * `signal` cancels; a pool of N worker threads for `--workers N` (N > 1), or for large experiments by
 * default (one per core); undefined for `--workers 1` and small experiments, which run in this thread,
 * where starting threads costs more.
 */
export async function experimentExecutor(
  flags: ExperimentFlags,
  runs: number,
  options: QueueSubmitOptions = {},
): Promise<ExperimentExecutor | undefined> {
  return (await flagQueue(flags, options)) ?? threadExecutor(flags, runs)
}

/**
 * The queue of `--redis` (or $STOCKFLOW_REDIS), connected, its server probed; undefined when the runs
 * stay on this machine. The commands call it before loading the model, so a wrong URL is a line at once.
 */
export async function flagQueue(
  flags: ExperimentFlags,
  options: QueueSubmitOptions = {},
): Promise<QueueExecutor | undefined> {
  const { redis, runsPerJob } = executionFlags(flags)
  return redis === undefined ? undefined : submitQueue(redis, runsPerJob, options)
}

/** Worker threads for `--workers N` (N > 1) or a large experiment; undefined to run in this thread. */
export function threadExecutor(flags: ExperimentFlags, runs: number): ExperimentExecutor | undefined {
  const { workers: asked } = executionFlags(flags)
  const workers = asked ?? (runs >= 200 ? availableParallelism() : 1)
  return workers > 1 ? workerPool({ workers }) : undefined
}

/** `--workers`, `--redis` (or $STOCKFLOW_REDIS) and `--runs-per-job`, checked against each other. */
function executionFlags(flags: ExperimentFlags): { workers?: number; redis?: string; runsPerJob?: number } {
  const asked = wholeNumber('--workers', flags.workers)
  if (asked !== undefined && asked < 1) throw new StockflowError(`--workers must be at least 1, got ${asked}`)
  if (asked !== undefined && flags.redis !== undefined)
    throw new StockflowError(
      '--workers and --redis exclude each other: --redis runs on the workers serving the queue (`stockflow worker --threads N` sets their threads)',
    )
  // An explicit --workers wins over $STOCKFLOW_REDIS: the environment is only the default.
  const redis = redisUrl(flags.redis, asked === undefined)
  const runsPerJob = wholeNumber('--runs-per-job', flags.runsPerJob)
  if (runsPerJob !== undefined && redis === undefined)
    throw new StockflowError('--runs-per-job applies only with --redis (the queue)')
  if (runsPerJob !== undefined && runsPerJob < 1)
    throw new StockflowError(`--runs-per-job must be at least 1, got ${runsPerJob}`)
  return {
    ...(asked !== undefined ? { workers: asked } : {}),
    ...(redis !== undefined ? { redis } : {}),
    ...(runsPerJob !== undefined ? { runsPerJob } : {}),
  }
}

/** A flag that must be a whole number; undefined when not given. */
export function wholeNumber(flag: string, text: string | undefined): number | undefined {
  const value = numberOption(flag, text)
  if (value !== undefined && !Number.isInteger(value))
    throw new StockflowError(`${flag} must be a whole number, got "${text}"`)
  return value
}
