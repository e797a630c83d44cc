import tQuantile from '@stdlib/stats-base-dists-t-quantile'
import { StockflowError, canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { closestName } from '@stockflow/model/internal'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run } from '@stockflow/solver'
import { isCompiled, nameMeaning } from '@stockflow/solver/internal'
import { levenbergMarquardt } from 'ml-levenberg-marquardt'
import { Matrix, SingularValueDecomposition, inverse } from 'ml-matrix'
import type { DataSeries, SeriesTable } from './data.js'
import { expandFactors } from './factors.js'
import { baseSet } from './base-set.js'
import { pickSettings } from './plan.js'
import type { RunSettings } from './plan.js'

/** The range a fitted parameter may take, and where the search starts (default: the middle). */
export interface FitRange {
  readonly min: number
  readonly max: number
  readonly initial?: number
}

export interface CalibrateOptions extends RunSettings {
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

/** Relative step of the central differences: about the cube root of machine epsilon. */
const STEP = 6e-6
/** What a simulated value that is NaN or infinite counts as: far off, so the step that led there is refused. */
const PENALTY = 1e100
/** A singular value below this share of the largest marks a direction the data does not constrain. */
const IDENTIFIABLE = 1e-7

/**
 * Fits parameters so the model's variables match observed series: minimises the weighted sum of squared
 * residuals with Levenberg-Marquardt inside the ranges, then estimates standard errors from the Jacobian
 * at the optimum (covariance s²·(JᵀJ)⁻¹ with s² = SSE / (observations − parameters)).
 * Runs in this thread; each step costs one simulation plus two per parameter for the Jacobian. Every run
 * uses the same seed, so a model with random functions still gives a smooth objective.
 */
export function calibrate(source: Model | CompiledModel, options: CalibrateOptions): Calibration {
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

  // The run records every step unless told otherwise, so reading between save points loses little.
  const settings = {
    ...pickSettings(options),
    saveper: options.saveper ?? options.dt ?? model.time.dt,
    vars: matched.map((s) => s.variable),
    onNonFinite: 'continue' as const,
  }
  // The base values of `set`, less the elements fitted (those come from each step).
  const base = baseSet(
    compiled,
    options.set,
    fit.map((f) => f.name),
  )
  let evaluations = 0
  const run = (values: ArrayLike<number>): Run => {
    evaluations++
    const set: Record<string, number> = { ...base }
    fit.forEach((f, j) => (set[f.name] = values[j]!))
    return simulate(compiled, { ...settings, set })
  }

  // The first run fixes the save times; every data time must fall inside them.
  const initial = fit.map((f) => f.initial)
  const first = run(initial)
  const reader = observationReader(first.times, matched, where)
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

  const cache = new Map<string, Float64Array>()
  const simulated = (values: ArrayLike<number>): Float64Array => {
    const key = Array.prototype.join.call(values, ',')
    let out = cache.get(key)
    if (!out) {
      out = reader(run(values))
      // Levenberg-Marquardt revisits only the latest points; a bounded cache keeps long fits small.
      if (cache.size > 64 + 4 * p) cache.clear()
      cache.set(key, out)
    }
    return out
  }
  cache.set(Array.prototype.join.call(initial, ','), reader(first))
  const weighted = (values: ArrayLike<number>) => {
    const sim = simulated(values)
    return sim.map((s, i) => (Number.isFinite(s) ? s * rootWeight[i]! : target[i]! + PENALTY))
  }
  const objective = (values: ArrayLike<number>) => {
    const w = weighted(values)
    let sum = 0
    for (let i = 0; i < m; i++) sum += (target[i]! - w[i]!) ** 2
    return sum
  }
  const jacobian = jacobianOf(weighted, fit, m)

  if (!(objective(initial) < PENALTY)) {
    throw new StockflowError(
      `model "${model.name}" gives NaN or infinite values for the initial parameters (${fit.map((f) => `${f.name}=${f.initial}`).join(', ')}); pick other initial values or ranges`,
    )
  }
  const { best, iterations, steps, converged } = search(
    fit,
    m,
    target,
    weighted,
    jacobian,
    objective,
    options.maxIterations,
  )

  const sse = objective(best)
  const uncertainty = parameterUncertainty(jacobian(best), sse, m, fit)
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

  const finalSim = simulated(best)
  let offset = 0
  const series: SeriesFit[] = matched.map((s, k) => {
    const n = s.data.times.length
    const obs = observed.slice(offset, offset + n)
    const sim = finalSim.slice(offset, offset + n)
    offset += n
    return { name: s.data.name, variable: s.variable, weight: weights[k]!, ...goodness(s.data.times, obs, sim) }
  })
  const set: Record<string, number> = { ...base }
  for (const q of parameters) set[q.name] = q.value
  return { parameters, set, sse, series, observations: m, iterations, steps, converged, evaluations, warnings }
}

interface Fit {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly initial: number
}

/**
 * The parameters to fit, named as the model names them, with checked ranges. A pattern or subrange
 * (`Growth[*]`, `Growth[Coast]`) is a parameter per element it names (`Growth[north]`, ...), each with
 * the range given; a bare array name (`Growth`) is one parameter shared by every element.
 */
function fitSpecs(compiled: CompiledModel, given: Readonly<Record<string, FitRange>>): Fit[] {
  const spec = expandFactors(compiled.model, given, 'calibrate')
  const names = Object.keys(spec)
  if (names.length === 0) throw new StockflowError('calibrate: name at least one parameter to fit')
  const byId = new Map(compiled.variables.map((v) => [v.id, v]))
  const seen = new Map<string, string>()
  return names.map((name) => {
    const meaning = nameMeaning(compiled, name)
    if (!meaning.ok) {
      if (!meaning.unknown) throw new StockflowError(`calibrate: no parameter "${name}": ${meaning.detail}`)
      const settable = compiled.variables.filter((x) => x.kind === 'param' || x.kind === 'stock').map((x) => x.name)
      const guess = closestName(name, settable)
      throw new StockflowError(
        `calibrate: model "${compiled.model.name}" has no parameter "${name}"${guess ? `; did you mean "${guess}"?` : ''}`,
      )
    }
    const vs = meaning.ids.map((id) => byId.get(id)!)
    for (const v of vs) {
      if (v.kind !== 'param' && v.kind !== 'stock')
        throw new StockflowError(
          `calibrate: "${v.name}" is ${v.kind === 'aux' ? 'an auxiliary' : `a ${v.kind}`} computed by an equation; fit a parameter, a constant or a stock's initial value`,
        )
      const twin = seen.get(v.id)
      if (twin !== undefined)
        throw new StockflowError(
          `calibrate: "${twin}" and "${name}" are the same parameter${meaning.array ? ` (both set "${v.name}")` : ''}`,
        )
      seen.set(v.id, name)
    }
    const shown = meaning.array ? name : vs[0]!.name
    const { min, max } = spec[name]!
    if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max))
      throw new StockflowError(
        `calibrate: "${shown}" needs a finite range with min < max, got [${String(min)}, ${String(max)}]`,
      )
    const initial = spec[name]!.initial ?? (min + max) / 2
    if (!(initial >= min && initial <= max))
      throw new StockflowError(
        `calibrate: the initial value ${String(initial)} of "${shown}" is outside [${min}, ${max}]`,
      )
    return { name: shown, min, max, initial }
  })
}

interface Matched {
  readonly data: DataSeries
  /** The model variable's display name. */
  readonly variable: string
}

/** Pairs each data series with the model variable or element of the same name (any case, spaces or underscores). */
function matchSeries(compiled: CompiledModel, table: SeriesTable, where: string): Matched[] {
  if (table.series.length === 0) throw new StockflowError(`${where}no series to fit`)
  const byId = new Map(compiled.variables.map((v) => [v.id, v.name]))
  const claimed = new Map<string, string>()
  return table.series.map((data) => {
    // A column names a variable or one element (`Infected[north]`, any case or spacing).
    const meaning = nameMeaning(compiled, data.name)
    if (meaning.ok && meaning.ids.length > 1) {
      const shown = meaning.ids.slice(0, 3).map((id) => byId.get(id)!)
      throw new StockflowError(
        `${where}series "${data.name}" names ${meaning.ids.length} array elements; a column observes one, so name a column per element: ${shown.join(', ')}${meaning.ids.length > 3 ? ', ...' : ''}`,
      )
    }
    const variable = meaning.ok ? byId.get(meaning.ids[0]!) : undefined
    if (!meaning.ok && !meaning.unknown)
      throw new StockflowError(
        `${where}series "${data.name}" matches no variable of model "${compiled.model.name}": ${meaning.detail}`,
      )
    if (variable === undefined) {
      const guess = closestName(
        data.name,
        compiled.variables.map((v) => v.name),
      )
      throw new StockflowError(
        `${where}series "${data.name}" matches no variable of model "${compiled.model.name}"${guess ? `; did you mean "${guess}"?` : '; name the column after the variable it observes'}`,
      )
    }
    const twin = claimed.get(variable)
    if (twin !== undefined)
      throw new StockflowError(`${where}series "${twin}" and "${data.name}" both observe "${variable}"; keep one`)
    claimed.set(variable, data.name)
    if (data.times.length === 0) throw new StockflowError(`${where}series "${data.name}" has no values`)
    if (data.times.length !== data.values.length)
      throw new StockflowError(
        `${where}series "${data.name}" has ${data.times.length} times but ${data.values.length} values`,
      )
    for (let i = 0; i < data.values.length; i++) {
      if (!Number.isFinite(data.values[i]!) || !Number.isFinite(data.times[i]!))
        throw new StockflowError(
          `${where}series "${data.name}" has a value that is not a finite number at point ${i + 1}`,
        )
    }
    return { data, variable }
  })
}

/** The weight of each series: given by name, or 1 / variance of its observations. */
function seriesWeights(
  matched: readonly Matched[],
  given: Readonly<Record<string, number>> | undefined,
  where: string,
): number[] {
  const byId = new Map<string, number>()
  for (const [name, w] of Object.entries(given ?? {})) {
    const id = canonicalId(name)
    if (!matched.some((s) => canonicalId(s.data.name) === id)) {
      const guess = closestName(
        name,
        matched.map((s) => s.data.name),
      )
      throw new StockflowError(
        `${where}a weight is given for "${name}", which is not a series of the data${guess ? `; did you mean "${guess}"?` : ''}`,
      )
    }
    if (!(Number.isFinite(w) && w > 0))
      throw new StockflowError(`calibrate: the weight of "${name}" must be a positive number, got ${String(w)}`)
    byId.set(id, w)
  }
  return matched.map((s) => byId.get(canonicalId(s.data.name)) ?? inverseVariance(s.data.values))
}

/** 1 / sample variance; a series without spread falls back to 1 / mean² (relative error), then to 1. */
function inverseVariance(values: Float64Array): number {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / n
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0
  if (variance > 0) return 1 / variance
  return mean !== 0 ? 1 / (mean * mean) : 1
}

/**
 * Reads a run at the data times, linear between save points. The positions are worked out once: every
 * run of the fit has the same save times.
 */
function observationReader(
  times: Float64Array,
  matched: readonly Matched[],
  where: string,
): (run: Run) => Float64Array {
  const n = times.length
  const t0 = times[0]!
  const t1 = times[n - 1]!
  const slack = 1e-9 * Math.max(1, Math.abs(t1 - t0))
  const lower: number[] = []
  const share: number[] = []
  const column: number[] = []
  matched.forEach((s, k) => {
    for (const t of s.data.times) {
      if (t < t0 - slack || t > t1 + slack)
        throw new StockflowError(
          `${where}series "${s.data.name}" has data at time ${t}, ${t < t0 ? `before the run's start ${t0}` : `after the run's stop ${t1}`}; drop those rows or change start/stop`,
        )
      let lo = 0
      let hi = n - 1
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1
        if (times[mid]! <= t) lo = mid
        else hi = mid
      }
      // Data times that fall on a save point (up to rounding) read it exactly.
      const f = n === 1 ? 0 : Math.min(1, Math.max(0, (t - times[lo]!) / (times[hi]! - times[lo]!)))
      const snapped = f < 1e-9 ? 0 : f > 1 - 1e-9 ? 1 : f
      lower.push(snapped === 1 ? hi : lo)
      share.push(snapped === 1 ? 0 : snapped)
      column.push(k)
    }
  })
  return (run) => {
    const out = new Float64Array(lower.length)
    for (let i = 0; i < lower.length; i++) {
      const values = run.series[column[i]!]!.values
      const lo = lower[i]!
      const f = share[i]!
      out[i] = f === 0 ? values[lo]! : values[lo]! + f * (values[lo + 1]! - values[lo]!)
    }
    return out
  }
}

/**
 * The Jacobian (observations × parameters) of the weighted simulated values, by central differences
 * with a step relative to each value; one-sided where a central step would leave the range.
 */
function jacobianOf(
  weighted: (values: ArrayLike<number>) => Float64Array,
  fit: readonly Fit[],
  m: number,
): (values: readonly number[]) => Float64Array[] {
  let lastKey = ''
  let last: Float64Array[] = []
  return (values) => {
    const key = values.join(',')
    if (key === lastKey) return last
    const columns = fit.map((f, j) => {
      const x = values[j]!
      const h = STEP * Math.max(Math.abs(x), 1e-3 * (f.max - f.min))
      const up = x + h <= f.max ? x + h : x
      const down = x - h >= f.min ? x - h : x
      const shifted = (to: number) => weighted(values.map((v, i) => (i === j ? to : v)))
      const a = up === x ? weighted(values) : shifted(up)
      const b = down === x ? weighted(values) : shifted(down)
      const column = new Float64Array(m)
      for (let i = 0; i < m; i++) column[i] = (a[i]! - b[i]!) / (up - down)
      return column
    })
    lastKey = key
    last = columns
    return columns
  }
}

/**
 * Levenberg-Marquardt over parameters rescaled to [0, 1], so the damping treats a rate in [0, 1] and a
 * capacity in [1e3, 1e5] alike. The library is called one step at a time from the best point so far:
 * a step that does worse is refused (the library alone would continue from it) and the damping is ours.
 */
function search(
  fit: readonly Fit[],
  m: number,
  target: Float64Array,
  weighted: (values: ArrayLike<number>) => Float64Array,
  jacobian: (values: readonly number[]) => Float64Array[],
  objective: (values: ArrayLike<number>) => number,
  maxIterations = 200,
): { best: number[]; iterations: number; steps: number; converged: boolean } {
  const p = fit.length
  const toValue = (u: ArrayLike<number>) =>
    fit.map((f, j) => Math.min(f.max, Math.max(f.min, f.min + u[j]! * (f.max - f.min))))
  const data = { x: Array.from({ length: m }, (_, i) => i), y: target }
  const model = (u: number[]) => {
    const w = weighted(toValue(u))
    return (i: number) => w[i]!
  }
  const jacobianFunction = (u: number[]) => {
    const columns = jacobian(toValue(u))
    return (i: number) => fit.map((f, j) => columns[j]![i]! * (f.max - f.min))
  }
  let u = fit.map((f) => (f.initial - f.min) / (f.max - f.min))
  let error = objective(toValue(u))
  let damping = 1e-2
  let iterations = 0
  let steps = 0
  let converged = error === 0
  while (!converged && iterations < maxIterations) {
    iterations++
    const step = levenbergMarquardt(data, model, {
      initialValues: u,
      damping,
      maxIterations: 1,
      minValues: new Array<number>(p).fill(0),
      maxValues: new Array<number>(p).fill(1),
      errorTolerance: 0,
      weights: 1,
      jacobianFunction,
    })
    const next = step.parameterValues
    const nextError = objective(toValue(next))
    if (nextError < error) {
      const gain = (error - nextError) / error
      const moved = Math.max(...next.map((x, j) => Math.abs(x - u[j]!)))
      u = next
      error = nextError
      steps++
      damping = Math.max(damping / 9, 1e-12)
      converged = gain < 1e-10 || moved < 1e-12 || error === 0
    } else {
      // No step downhill even with heavy damping: the gradient is nil to working precision.
      damping *= 11
      converged = damping > 1e10
    }
  }
  return { best: toValue(u), iterations, steps, converged }
}

/** Standard errors from s²·(JᵀJ)⁻¹, and which parameters the data cannot pin down. */
function parameterUncertainty(
  columns: readonly Float64Array[],
  sse: number,
  m: number,
  fit: readonly Fit[],
): { standardErrors: number[]; identifiable: boolean[]; warnings: string[] } {
  const p = fit.length
  const s2 = sse / (m - p)
  const norms = columns.map((c) => Math.sqrt(c.reduce((a, x) => a + x * x, 0)))
  const identifiable = norms.map((n) => n > 0 && Number.isFinite(n))
  const warnings: string[] = []
  fit.forEach((f, j) => {
    if (!identifiable[j]) warnings.push(`"${f.name}" changes none of the fitted series; the data cannot estimate it`)
  })
  // Columns scaled to unit length, so a parameter's units do not make it look (un)identifiable.
  const live = fit.map((_, j) => j).filter((j) => identifiable[j])
  if (live.length > 0) {
    const scaled = new Matrix(m, live.length)
    live.forEach((j, c) => {
      for (let i = 0; i < m; i++) scaled.set(i, c, columns[j]![i]! / norms[j]!)
    })
    const svd = new SingularValueDecomposition(scaled, { autoTranspose: true })
    const sigma = svd.diagonal
    const largest = Math.max(...sigma)
    const groups: string[][] = []
    sigma.forEach((s, k) => {
      if (s > IDENTIFIABLE * largest) return
      // The parameters that move together along this unconstrained direction.
      const group = live.filter((_, c) => Math.abs(svd.rightSingularVectors.get(c, k)) > 0.1)
      for (const j of group) identifiable[j] = false
      groups.push(group.map((j) => fit[j]!.name))
    })
    for (const g of groups)
      warnings.push(
        g.length > 1
          ? `${g.map((n) => `"${n}"`).join(' and ')} are not identifiable from this data: the fit depends only on a combination of them; fix all but one or add data that tells them apart`
          : `"${g[0]}" is not identifiable from this data; fix it or add data it affects`,
      )
  }
  const kept = fit.map((_, j) => j).filter((j) => identifiable[j])
  const standardErrors = new Array<number>(p).fill(Infinity)
  if (kept.length > 0) {
    const jtj = new Matrix(kept.length, kept.length)
    kept.forEach((a, r) =>
      kept.forEach((b, c) => {
        let sum = 0
        for (let i = 0; i < m; i++) sum += columns[a]![i]! * columns[b]![i]!
        jtj.set(r, c, sum)
      }),
    )
    const covariance = inverse(jtj).mul(s2)
    kept.forEach((j, r) => (standardErrors[j] = Math.sqrt(Math.max(0, covariance.get(r, r)))))
    if (kept.length < p)
      warnings.push('standard errors of the identifiable parameters hold the others fixed at their fitted values')
  }
  return { standardErrors, identifiable, warnings }
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
