import type { MethodName, Model } from '@stockflow/model'

/** Settings shared by every run of an experiment; any left out come from the model. */
export interface RunSettings {
  readonly method?: MethodName
  readonly start?: number
  readonly stop?: number
  readonly dt?: number
  readonly saveper?: number
  /** A scenario applied to every run before the run's own values. */
  readonly scenario?: string
  /** Seed of the sampling and of the model's random functions; run i draws from stream mix(seed, i). */
  readonly seed?: number
}

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
  for (const key of ['method', 'start', 'stop', 'dt', 'saveper', 'scenario', 'seed'] as const)
    if (o[key] !== undefined) out[key] = o[key]
  return out as RunSettings
}
