/**
 * @stockflow/experiments: many runs of one model: scenarios, grid sweeps, Monte Carlo with percentile
 * bands, global sensitivity (Morris, Sobol) and calibration to data. Runs go through an Executor: this
 * thread by default, worker threads from `@stockflow/experiments/node`, or Web Workers in a browser.
 */
export type { Distribution } from './distributions.js'
export { describe, lognormal, normal, quantile, support, triangular, uniform } from './distributions.js'
export type { Vary } from './vary.js'
export { parseVary } from './vary.js'
export type { Sampling } from './sampling.js'
export { toValues, uniformDesign } from './sampling.js'
export { permutation, uniformStream } from './rng.js'
export type { Batch, ExperimentPlan, RunFailure, RunSettings } from './plan.js'
export { runBatch } from './batch.js'
export type { Executor, Progress } from './executor.js'
export { inProcess } from './executor.js'
export type { ExecuteOptions } from './experiment.js'
export { runPlan } from './experiment.js'
export type { Bands } from './ensemble.js'
export { BAND_PERCENTILES, Ensemble } from './ensemble.js'
export type { At } from './summary.js'
export { parseAt, summarize } from './summary.js'
export { percentileOfSorted, sortedFinite } from './percentile.js'
export type { MonteCarloOptions } from './monte-carlo.js'
export { monteCarlo } from './monte-carlo.js'
export type { SweepOptions } from './sweep.js'
export { scenarios, sweep } from './sweep.js'
export type { BatchTask } from './task.js'
export { splitPlan } from './task.js'
