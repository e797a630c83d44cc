import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { support } from './distributions.js'
import type { Distribution } from './distributions.js'
import type { Ensemble } from './ensemble.js'
import { runPlan } from './experiment.js'
import type { ExecuteOptions } from './experiment.js'
import { pickSettings } from './plan.js'
import { morrisDesign, morrisIndices, morrisRows } from './morris.js'
import type { RunSettings } from './plan.js'
import { toValues } from './sampling.js'
import { saltelliDesign, saltelliRows, sobolIndices } from './sobol.js'
import { modelAndExecutor } from './source.js'
import type { At } from './summary.js'

export interface SensitivityOptions extends RunSettings, ExecuteOptions {
  /** The uncertain inputs and their distributions. */
  readonly vary: Readonly<Record<string, Distribution>>
  /** The output variable, reduced to one number per run by `at` (default: its final value). */
  readonly output: string
  readonly at?: At
  /** Sobol (default): first- and total-order indices. Morris: elementary effects, far fewer runs. */
  readonly analysis?: 'sobol' | 'morris'
  /** Sobol: base sample size N (N·(k+2) runs, default 512). Morris: trajectories r (r·(k+1) runs, default 20). */
  readonly runs?: number
  /** Morris grid levels (even, default 4). */
  readonly levels?: number
  /** Bootstrap resamples for the Sobol confidence intervals (default 200). */
  readonly bootstrap?: number
}

/** One input's indices; Sobol fills first/total (with 95% half-widths), Morris mu/muStar/sigma. */
export interface Sensitivity {
  readonly name: string
  readonly first?: number
  readonly firstConf?: number
  readonly total?: number
  readonly totalConf?: number
  readonly mu?: number
  readonly muStar?: number
  readonly sigma?: number
}

export interface SensitivityResult {
  readonly analysis: 'sobol' | 'morris'
  readonly output: string
  readonly at: At
  /** Model runs made. */
  readonly runs: number
  /** Inputs by importance: total index (Sobol) or mu* (Morris), largest first. */
  readonly inputs: readonly Sensitivity[]
  /** Variance of the output over the Sobol sample (absent for Morris). */
  readonly variance?: number
}

/**
 * Global sensitivity of one output to the varied inputs. Sobol maps the Saltelli design through each
 * input's quantile function; Morris spreads its grid linearly over each input's support (its bounds,
 * or mean ± 3 sd), since a grid reaching the 0 and 1 quantiles of a normal would be infinite.
 */
export async function sensitivity(
  source: Model | CompiledModel,
  options: SensitivityOptions,
): Promise<SensitivityResult> {
  const { model, execute } = modelAndExecutor(source, options)
  const names = Object.keys(options.vary)
  const dists = Object.values(options.vary)
  const k = names.length
  if (k === 0) throw new StockflowError('sensitivity: vary at least one input')
  const analysis = options.analysis ?? 'sobol'
  const seed = options.seed ?? 1
  const at = options.at ?? 'final'
  const run = async (values: Float64Array, runs: number): Promise<Float64Array> => {
    const e = await runPlan(
      { model, settings: pickSettings(options), vars: [options.output], names, values, runs },
      execute,
    )
    return outputs(e, options.output, at)
  }

  if (analysis === 'morris') {
    const r = options.runs ?? 20
    const levels = options.levels ?? 4
    const design = morrisDesign(k, r, levels, seed)
    const ranges = dists.map(support)
    const values = design.map((u, i) => {
      const [lo, hi] = ranges[i % k]!
      return lo + u * (hi - lo)
    })
    const runs = morrisRows(k, r)
    const y = await run(values, runs)
    const m = morrisIndices(design, y, k, r)
    const inputs = names.map((name, j) => ({ name, mu: m.mu[j]!, muStar: m.muStar[j]!, sigma: m.sigma[j]! }))
    return { analysis, output: options.output, at, runs, inputs: inputs.sort((a, b) => b.muStar - a.muStar) }
  }
  if (analysis !== 'sobol')
    throw new StockflowError(`sensitivity analysis must be sobol or morris, got "${String(analysis)}"`)
  const n = options.runs ?? 512
  const design = saltelliDesign(n, k, seed)
  const runs = saltelliRows(n, k)
  const y = await run(toValues(design, dists), runs)
  const s = sobolIndices(y, n, k, {
    seed,
    ...(options.bootstrap !== undefined ? { bootstrap: options.bootstrap } : {}),
  })
  const inputs = names.map((name, j) => ({
    name,
    first: s.first[j]!,
    firstConf: s.firstConf[j]!,
    total: s.total[j]!,
    totalConf: s.totalConf[j]!,
  }))
  return {
    analysis,
    output: options.output,
    at,
    runs,
    inputs: inputs.sort((a, b) => b.total - a.total),
    variance: s.variance,
  }
}

/** Each run's output reduced to one number; the indices need every run, so a failed run is an error. */
function outputs(e: Ensemble, output: string, at: At): Float64Array {
  if (e.failures.length) {
    const f = e.failures[0]!
    throw new StockflowError(
      `sensitivity: ${e.failures.length} of ${e.runs} runs failed (run ${f.run}: ${f.message}); the indices need every run, so narrow the ranges that break the model`,
    )
  }
  return e.summary(output, at)
}
