import tQuantile from '@stdlib/stats-base-dists-t-quantile'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run } from '@stockflow/solver'
import { isCompiled } from '@stockflow/solver/internal'
import { matchSeries, observationReader, seriesWeights } from './calibrate-data.js'
import type { Matched, Sample } from './calibrate-data.js'
import { fitSpecs } from './calibrate-fit.js'
import type { Fit, FitRange } from './calibrate-fit.js'
import { Evaluations, PENALTY, Residuals, search } from './calibrate-search.js'
import type { Calls, Point } from './calibrate-search.js'
import { parameterUncertainty } from './calibrate-uncertainty.js'
import type { SeriesTable } from './data.js'
import { baseSet } from './base-set.js'
import type { Ensemble } from './ensemble.js'
import { inProcess } from './executor.js'
import { runPlan } from './experiment.js'
import type { ExecuteOptions } from './experiment.js'
import { pickSettings } from './plan.js'
import type { ExperimentPlan, RunSettings } from './plan.js'

export type { FitRange } from './calibrate-fit.js'

export interface CalibrateOptions extends Omit<RunSettings, 'onNonFinite'> {
  /**
   * Parameters (or constants, or stock initial values) to estimate, by name or id. `Growth[*]` (or a
   * pattern, or a subrange) fits each element on its own, each in the range given; a bare array name
   * `Growth` fits one value all its elements share.
   */
  readonly fit: Readonly<Record<string, FitRange>>
  /** Observed series, each named like the model variable or element (`Infected[north]`) it is compared with. */
  readonly data: SeriesTable
  /**
   * Weight of each series' squared residuals, by series name. Default 1 / variance of the series'
   * observations, so series in different units (people, money) count alike and each one's scatter is 1.
   */
  readonly weights?: Readonly<Record<string, number>>
  /** Levenberg-Marquardt steps tried before giving up (default 200). */
  readonly maxIterations?: number
}

/** A fitted parameter with its uncertainty from the curvature of the fit at the optimum. */
export interface FittedParameter {
  readonly name: string
  readonly value: number
  readonly initial: number
  readonly min: number
  readonly max: number
  /** Infinity when the data cannot pin the parameter down (see `identifiable`). */
  readonly standardError: number
  /** value ± t(0.975, observations − parameters) · standardError. */
  readonly ci95: readonly [number, number]
  /** The data constrains the parameter on its own (its column of the Jacobian is not ~ a mix of others). */
  readonly identifiable: boolean
  /** The optimum sits on this bound: the best fit may lie outside the range, and the interval ignores it. */
  readonly atBound?: 'min' | 'max'
}

/** How well one series is fitted, and its residuals (observed − simulated) at the data times. */
export interface SeriesFit {
  /** The series' name in the data. */
  readonly name: string
  /** The model variable it was compared with. */
  readonly variable: string
  readonly weight: number
  readonly rmse: number
  /** 1 − SSres / SStot; NaN for a series whose observations are all equal. */
  readonly r2: number
  readonly times: Float64Array
  readonly observed: Float64Array
  readonly simulated: Float64Array
  readonly residuals: Float64Array
}

/** What `calibrate` found. */
export interface Calibration {
  readonly parameters: readonly FittedParameter[]
  /** The fitted values by name, with the base values of options `set` (one per element): `simulate(model, { set })` reruns the fit. */
  readonly set: Readonly<Record<string, number>>
  /** The minimised objective: the weighted sum of squared residuals over every series. */
  readonly sse: number
  readonly series: readonly SeriesFit[]
  readonly observations: number
  /**
   * Levenberg-Marquardt iterations, each trying one step; `steps` of them were taken, the others refused
   * (raising the damping). A refused step that lands on a point already run, as when a parameter is held at
   * its bound, costs no run, so `evaluations` may be fewer than `iterations`.
   */
  readonly iterations: number
  /** Iterations whose step lowered the objective and was taken. */
  readonly steps: number
  readonly converged: boolean
  /** Simulations run, the uncertainty estimate included. */
  readonly evaluations: number
  /** Things to know before trusting the numbers (bounds hit, unidentifiable parameters, no convergence). */
  readonly warnings: readonly string[]
}

/**
 * Fits parameters so the model's variables match observed series: minimises the weighted sum of squared
 * residuals with Levenberg-Marquardt inside the ranges, then estimates standard errors from the Jacobian
 * at the optimum (covariance s²·(JᵀJ)⁻¹ with s² = SSE / (observations − parameters)).
 * Runs in this thread; each step costs one simulation plus two per parameter for the Jacobian. Every run
 * uses the same seed, so a model with random functions still gives a smooth objective. `calibrateWith`
 * runs the same fit through an executor, with the same result.
 */
export function calibrate(source: Model | CompiledModel, options: CalibrateOptions): Calibration {
  const job = prepare(source, options)
  const fitting = calibration(job)
  let next = fitting.next()
  while (!next.done) next = fitting.next(next.value.map((values) => sampleOf(job.run(values))))
  return next.value
}

/**
 * `calibrate` with its runs carried out by an executor (worker threads, a queue; default this thread,
 * yielding between runs): the Jacobian's points go as one plan, then the trial point. The result is
 * bit for bit the sync one. Progress counts runs, out of the most the iteration limit allows.
 */
export async function calibrateWith(
  source: Model | CompiledModel,
  options: CalibrateOptions,
  execute: ExecuteOptions = {},
): Promise<Calibration> {
  const job = prepare(source, options)
  const executor = execute.executor ?? inProcess({ compiled: job.compiled })
  const { fit, matched } = job
  const p = fit.length
  const total = 2 + (options.maxIterations ?? 200) * (2 * p + 3) + 2 * p + 2
  let done = 0
  const fitting = calibration(job)
  let next = fitting.next()
  while (!next.done) {
    const points = next.value
    const plan: ExperimentPlan = {
      model: job.compiled.model,
      settings: job.planSettings,
      vars: matched.map((s) => s.variable),
      names: fit.map((f) => f.name),
      values: Float64Array.from(points.flat()),
      runs: points.length,
      // Every run draws what the sync fit's runs draw: the seed itself.
      sharedSeed: true,
    }
    const before = done
    const ensemble = await runPlan(plan, {
      executor,
      ...(execute.onProgress ? { onProgress: (d: number) => execute.onProgress!(before + d, total) } : {}),
    })
    done += points.length
    execute.onProgress?.(done, total)
    next = fitting.next(samplesOf(ensemble, plan))
  }
  return next.value
}

/** The checked inputs of a fit and how to run one of its points in this thread. */
interface Job {
  readonly compiled: CompiledModel
  readonly fit: readonly Fit[]
  readonly matched: readonly Matched[]
  readonly weights: readonly number[]
  readonly observations: number
  readonly where: string
  readonly maxIterations: number | undefined
  /** The base values of options `set`, one per element, less the elements fitted. */
  readonly base: Readonly<Record<string, number>>
  /** The settings of every run, as a plan carries them. */
  readonly planSettings: RunSettings
  run(values: Point): Run
}

function prepare(source: Model | CompiledModel, options: CalibrateOptions): Job {
  const compiled = isCompiled(source) ? source : compile(source)
  const model = compiled.model
  const where = options.data.file !== undefined ? `${options.data.file}: ` : ''
  const fit = fitSpecs(compiled, options.fit)
  const matched = matchSeries(compiled, options.data, where)
  const weights = seriesWeights(matched, options.weights, where)
  const m = matched.reduce((k, s) => k + s.data.times.length, 0)
  const p = fit.length
  if (m <= p)
    throw new StockflowError(
      `${where}fitting ${p} parameter${p > 1 ? 's' : ''} needs more than ${p} observation${p > 1 ? 's' : ''}; the data has ${m}`,
    )
  // The run records every step unless told otherwise, so reading between save points loses little; a
  // NaN is kept as values (the fit steps back from it), not made an error.
  const planSettings: RunSettings = {
    ...pickSettings(options),
    saveper: options.saveper ?? options.dt ?? model.time.dt,
    onNonFinite: 'continue',
  }
  const settings = { ...planSettings, vars: matched.map((s) => s.variable) }
  const base = baseSet(
    compiled,
    options.set,
    fit.map((f) => f.name),
  )
  return {
    compiled,
    fit,
    matched,
    weights,
    observations: m,
    where,
    maxIterations: options.maxIterations,
    base,
    planSettings,
    run(values) {
      const set: Record<string, number> = { ...base }
      fit.forEach((f, j) => (set[f.name] = values[j]!))
      return simulate(compiled, { ...settings, set })
    },
  }
}

/** The whole fit, from the first run to the uncertainty and the fitted series. */
function* calibration(job: Job): Calls<Calibration> {
  const { compiled, fit, matched, weights, where, observations: m } = job
  const p = fit.length
  const evaluations = new Evaluations(64 + 4 * p, (times) => observationReader(times, matched, where))
  // The first run fixes the save times; every data time must fall inside them.
  const initial = fit.map((f) => f.initial)
  yield* evaluations.first(initial)
  const observed = new Float64Array(m)
  const rootWeight = new Float64Array(m)
  let at = 0
  matched.forEach((s, k) => {
    for (const v of s.data.values) {
      observed[at] = v
      rootWeight[at++] = Math.sqrt(weights[k]!)
    }
  })
  const target = observed.map((v, i) => v * rootWeight[i]!)
  const res = new Residuals(fit, target, rootWeight, evaluations)

  if (!((yield* res.objective(initial)) < PENALTY)) {
    throw new StockflowError(
      `model "${compiled.model.name}" gives NaN or infinite values for the initial parameters (${fit.map((f) => `${f.name}=${f.initial}`).join(', ')}); pick other initial values or ranges`,
    )
  }
  const { best, iterations, steps, converged } = yield* search(res, job.maxIterations)

  const sse = yield* res.objective(best)
  const uncertainty = parameterUncertainty(yield* res.jacobian(best), sse, m, fit)
  const dof = m - p
  const t = tQuantile(0.975, dof)
  const warnings: string[] = []
  const parameters: FittedParameter[] = fit.map((f, j) => {
    const value = best[j]!
    const se = uncertainty.standardErrors[j]!
    const span = f.max - f.min
    const atBound = value - f.min <= 1e-6 * span ? 'min' : f.max - value <= 1e-6 * span ? 'max' : undefined
    if (atBound)
      warnings.push(
        `"${f.name}" ended at its ${atBound} ${f[atBound]}: the best fit may lie outside the range (widen it); its interval assumes it does not`,
      )
    return {
      name: f.name,
      value,
      initial: f.initial,
      min: f.min,
      max: f.max,
      standardError: se,
      ci95: Number.isFinite(se) ? [value - t * se, value + t * se] : [-Infinity, Infinity],
      identifiable: uncertainty.identifiable[j]!,
      ...(atBound ? { atBound } : {}),
    }
  })
  warnings.push(...uncertainty.warnings)
  if (!converged)
    warnings.push(
      `stopped after ${iterations} iterations without converging; raise maxIterations, narrow the ranges or start nearer`,
    )

  const [finalSim] = yield* evaluations.simulated([best])
  let offset = 0
  const series: SeriesFit[] = matched.map((s, k) => {
    const n = s.data.times.length
    const obs = observed.slice(offset, offset + n)
    const sim = finalSim!.slice(offset, offset + n)
    offset += n
    return { name: s.data.name, variable: s.variable, weight: weights[k]!, ...goodness(s.data.times, obs, sim) }
  })
  const set: Record<string, number> = { ...job.base }
  for (const q of parameters) set[q.name] = q.value
  return {
    parameters,
    set,
    sse,
    series,
    observations: m,
    iterations,
    steps,
    converged,
    evaluations: evaluations.count,
    warnings,
  }
}

function sampleOf(run: Run): Sample {
  return { times: run.times, series: run.series.map((s) => s.values) }
}

/**
 * Each run of an ensemble as a Sample; a run that failed (an error other than a NaN, which the runs
 * keep as values) fails the fit as it would have in this thread.
 */
function samplesOf(ensemble: Ensemble, plan: ExperimentPlan): Sample[] {
  if (ensemble.failures.length > 0) {
    const first = ensemble.failures.reduce((a, b) => (b.run < a.run ? b : a))
    throw new StockflowError(first.message)
  }
  return Array.from({ length: plan.runs }, (_, r) => ({
    times: ensemble.times,
    series: plan.vars.map((name) => ensemble.series(r, name)),
  }))
}

/** RMSE, R² and residuals of one series. */
function goodness(times: Float64Array, observed: Float64Array, simulated: Float64Array) {
  const n = observed.length
  const residuals = observed.map((o, i) => o - simulated[i]!)
  const ssRes = residuals.reduce((a, r) => a + r * r, 0)
  const mean = observed.reduce((a, b) => a + b, 0) / n
  const ssTot = observed.reduce((a, o) => a + (o - mean) ** 2, 0)
  return {
    rmse: Math.sqrt(ssRes / n),
    r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN,
    times: Float64Array.from(times),
    observed,
    simulated,
    residuals,
  }
}
