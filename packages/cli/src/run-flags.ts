import type { Command } from 'commander'
import { StockflowError } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'
import type { SimulateOptions } from '@stockflow/solver'
import { assignments, list, numberOption, stepOption } from './options.js'

/**
 * The flags that say how a model is simulated, read once for every command that simulates: `run` and
 * `plot` (a single run, or one per scenario) and the experiments (every run of the experiment).
 */

/** The clock, method and seed flags, as commander parses them. */
export interface ClockFlags {
  method?: string
  dt?: string
  saveper?: string
  start?: string
  stop?: string
  seed?: string
}

/** The flags of one simulation that `run` and `plot` share, as commander parses them. */
export interface SimulationFlags extends ClockFlags {
  set?: string[]
  scenario?: string
  changes?: string[]
  vars?: string
  strict?: boolean
}

/** The clock settings the flags give, checked. */
export type ClockSettings = Pick<SimulateOptions, 'method' | 'dt' | 'saveper' | 'start' | 'stop' | 'seed'>

/** The integration methods `--method` names. */
export const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/** `--method`, `--dt`, `--saveper`, `--start` and `--stop`, for commander; `methodHelp` says the default. */
export function clockOptions(command: Command, methodHelp: string): Command {
  return command
    .option('--method <name>', methodHelp)
    .option('--dt <n>', 'time step')
    .option('--saveper <n>', 'save interval, a multiple of dt')
    .option('--start <n>', 'start time')
    .option('--stop <n>', 'stop time')
}

/** The method, clock and seed the flags give (only those given), or a one-line error naming the flag. */
export function clockSettings(flags: ClockFlags): ClockSettings {
  const method = flags.method?.toLowerCase()
  if (method !== undefined && !(METHODS as readonly string[]).includes(method))
    throw new StockflowError(`--method must be one of ${METHODS.join(', ')}, got "${flags.method}"`)
  const seed = numberOption('--seed', flags.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new StockflowError(`--seed must be a whole number, got "${flags.seed}"`)
  const numbers = {
    dt: stepOption('--dt', flags.dt),
    saveper: stepOption('--saveper', flags.saveper),
    start: numberOption('--start', flags.start),
    stop: numberOption('--stop', flags.stop),
    seed,
  }
  const given = Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)) as ClockSettings
  return { ...(method !== undefined ? { method: method as MethodName } : {}), ...given }
}

/** The simulate options of a run the flags ask for: the clock, `--set` and `--vars` (when given). */
export function simulateOptions(flags: SimulationFlags): SimulateOptions & { set: Record<string, number> } {
  const clock = clockSettings(flags)
  const vars = list(flags.vars)
  return { ...clock, set: assignments(flags.set), ...(vars !== undefined ? { vars } : {}) }
}
