import type { Model } from '@stockflow/model'
import type { SimulateOptions } from '@stockflow/solver'

/** The options of `simulate` that every run of an experiment shares. */
const SETTINGS = ['method', 'start', 'stop', 'dt', 'saveper', 'scenario', 'set', 'seed', 'onNonFinite'] as const

/**
 * Settings shared by every run of an experiment; any left out come from the model. `scenario` applies
 * to every run before the run's own values; `set` gives every run base values, which a varied name
 * overrides for the elements it varies; `seed` seeds the sampling, and run i's model draws come from
 * stream mix(seed, i).
 * `onNonFinite: 'continue'` keeps a run with a NaN going (its NaN values are data) instead of failing it.
 */
export type RunSettings = Pick<SimulateOptions, (typeof SETTINGS)[number]>

/**
 * Everything an experiment runs, as plain data (so it can cross to a worker): run i sets `names` to
 * row i of `values` (and, when given, applies scenario `scenarios[i]` first) and keeps `vars`.
 */
export interface ExperimentPlan {
  readonly model: Model
  readonly settings: RunSettings
  readonly vars: readonly string[]
  readonly names: readonly string[]
  /** runs × names, row-major. */
  readonly values: Float64Array
  readonly runs: number
  readonly scenarios?: readonly (string | undefined)[]
  /**
   * Every run's model draws from `settings.seed` itself rather than stream mix(seed, i): a calibration's
   * runs differ only in their parameters, so its objective stays smooth for a model with random functions.
   */
  readonly sharedSeed?: boolean
}

/** A run that ended in a model error (a NaN, a bad value): its outputs are NaN in the ensemble. */
export interface RunFailure {
  readonly run: number
  readonly message: string
}

/** The outputs of runs [first, first + count) of a plan: count × vars × rows values, run-major. */
export interface Batch {
  readonly first: number
  readonly count: number
  readonly times: Float64Array
  readonly values: Float64Array
  readonly failures: readonly RunFailure[]
}

/** The run settings out of an options object that carries other things too. */
export function pickSettings(o: RunSettings): RunSettings {
  const out: Record<string, unknown> = {}
  for (const key of SETTINGS) if (o[key] !== undefined) out[key] = o[key]
  return out as RunSettings
}
