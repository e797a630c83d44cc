import { StockflowError, canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { support } from './distributions.js'
import type { Distribution } from './distributions.js'
import type { Ensemble } from './ensemble.js'
import { expandFactors } from './factors.js'
import { runPlan } from './experiment.js'
import type { ExecuteOptions } from './experiment.js'
import { pickSettings } from './plan.js'
import { morrisDesign, morrisIndices, morrisRows } from './morris.js'
import type { RunSettings } from './plan.js'
import { toValues } from './sampling.js'
import { saltelliDesign, saltelliRows, sobolIndices } from './sobol.js'
import { keptVars, modelAndExecutor } from './source.js'
import type { At } from './summary.js'

export interface SensitivityOptions extends RunSettings, ExecuteOptions {
  /**
   * The uncertain inputs and their distributions; `Growth[*]` (or a pattern, or a subrange) is an input
   * per element, named `Growth[north]`, ..., and a bare array name `Growth` one input all elements share.
   */
  readonly vary: Readonly<Record<string, Distribution>>
  /** The output variable or element, reduced to one number per run by `at` (default: its final value). */
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

/** The options of `sensitivityEach`: those of `sensitivity` with several outputs. */
export interface SensitivityEachOptions extends Omit<SensitivityOptions, 'output'> {
  /** Outputs: variables, elements, whole arrays or patterns (`Infected[*]`), each array an output per element. */
  readonly outputs: readonly string[]
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
  const { output, ...rest } = options
  const results = await analyse(source, { ...rest, outputs: [output] }, (kept) => {
    if (kept.length !== 1)
      throw new StockflowError(
        `sensitivity: output "${output}" names ${kept.length} elements (${kept.slice(0, 3).join(', ')}${kept.length > 3 ? ', ...' : ''}); name one, or use sensitivityEach for indices per element`,
      )
  })
  return { ...results[0]!, output }
}

/**
 * The sensitivity of several outputs to the same inputs, from one set of runs: a result per output
 * series (per element of an array output, in order), each as `sensitivity` gives it.
 */
export async function sensitivityEach(
  source: Model | CompiledModel,
  options: SensitivityEachOptions,
): Promise<SensitivityResult[]> {
  if (options.outputs.length === 0) throw new StockflowError('sensitivity: name at least one output')
  return analyse(source, options, () => {})
}

async function analyse(
  source: Model | CompiledModel,
  options: SensitivityEachOptions,
  checkOutputs: (kept: readonly string[]) => void,
): Promise<SensitivityResult[]> {
  const { model, execute } = modelAndExecutor(source, options)
  const factors = expandFactors(model, options.vary)
  const names = Object.keys(factors)
  const dists = Object.values(factors)
  const k = names.length
  if (k === 0) throw new StockflowError('sensitivity: vary at least one input')
  // An element named twice (`Infected`, `Infected[north]`) is one output.
  const vars = [...new Map(keptVars(model, options.outputs).map((v) => [canonicalId(v), v])).values()]
  checkOutputs(vars)
  const analysis = options.analysis ?? 'sobol'
  if (analysis !== 'sobol' && analysis !== 'morris')
    throw new StockflowError(`sensitivity analysis must be sobol or morris, got "${String(analysis)}"`)
  const seed = options.seed ?? 1
  const at = options.at ?? 'final'
  const run = async (values: Float64Array, runs: number): Promise<Float64Array[]> => {
    const e = await runPlan({ model, settings: pickSettings(options), vars, names, values, runs }, execute)
    return outputs(e, vars, at)
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
    const ys = await run(values, runs)
    return ys.map((y, o) => {
      const m = morrisIndices(design, y, k, r)
      const inputs = names.map((name, j) => ({ name, mu: m.mu[j]!, muStar: m.muStar[j]!, sigma: m.sigma[j]! }))
      return { analysis, output: vars[o]!, at, runs, inputs: inputs.sort((a, b) => b.muStar - a.muStar) }
    })
  }
  const n = options.runs ?? 512
  const design = saltelliDesign(n, k, seed)
  const runs = saltelliRows(n, k)
  const ys = await run(toValues(design, dists), runs)
  return ys.map((y, o) => {
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
      output: vars[o]!,
      at,
      runs,
      inputs: inputs.sort((a, b) => b.total - a.total),
      variance: s.variance,
    }
  })
}

/** Each run's outputs reduced to one number each; the indices need every run, so a failed run is an error. */
function outputs(e: Ensemble, vars: readonly string[], at: At): Float64Array[] {
  if (e.failures.length) {
    const f = e.failures[0]!
    throw new StockflowError(
      `sensitivity: ${e.failures.length} of ${e.runs} runs failed (run ${f.run}: ${f.message}); the indices need every run, so narrow the ranges that break the model`,
    )
  }
  return vars.map((v) => e.summary(v, at))
}
