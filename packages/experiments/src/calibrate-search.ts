import { levenbergMarquardt } from 'ml-levenberg-marquardt'
import type { Sample } from './calibrate-data.js'
import type { Fit } from './calibrate-fit.js'

/** Values of the fitted parameters, in the order of the fit. */
export type Point = readonly number[]

/**
 * A calibration written once for every way of running it: it yields the points it needs run (in the
 * order a fit in this thread runs them) and is resumed with a Sample per point. A driver runs them here
 * one by one, or as one plan through an executor; the fit cannot tell, so both give the same numbers.
 */
export type Calls<T> = Generator<readonly Point[], T, readonly Sample[]>

/** Relative step of the central differences: about the cube root of machine epsilon. */
const STEP = 6e-6
/** What a simulated value that is NaN or infinite counts as: far off, so the step that led there is refused. */
export const PENALTY = 1e100

/**
 * The simulated values at the data times of the points asked for, with a bounded cache. A point not in
 * the cache is a run, counted and cached as it is asked for (a batch of misses leaves the cache as the
 * same misses one after another would), so every driver runs the same points.
 */
export class Evaluations {
  /** Runs so far. */
  count = 0
  private readonly cache = new Map<string, Float64Array | number>()
  private read: (sample: Sample) => Float64Array = () => {
    throw new Error('internal: a calibration ran a point before its first run')
  }

  constructor(
    /** Levenberg-Marquardt revisits only the latest points; a bounded cache keeps long fits small. */
    private readonly limit: number,
    private readonly readerFor: (times: Float64Array) => (sample: Sample) => Float64Array,
  ) {}

  /** Runs the initial point, whose save times every later run shares. */
  *first(values: Point): Calls<Float64Array> {
    const [sample] = yield [values]
    this.count++
    this.read = this.readerFor(sample!.times)
    const out = this.read(sample!)
    this.cache.set(values.join(','), out)
    return out
  }

  *simulated(points: readonly Point[]): Calls<Float64Array[]> {
    // A number marks a point of this batch still to run: its index among `runs`.
    const slots: (Float64Array | number)[] = []
    const runs: Point[] = []
    for (const values of points) {
      const key = values.join(',')
      const known = this.cache.get(key)
      if (known !== undefined) {
        slots.push(known)
        continue
      }
      this.count++
      if (this.cache.size > this.limit) this.cache.clear()
      this.cache.set(key, runs.length)
      slots.push(runs.length)
      runs.push(values)
    }
    if (runs.length === 0) return slots as Float64Array[]
    const read = (yield runs).map((sample) => this.read(sample))
    for (const [key, slot] of this.cache) if (typeof slot === 'number') this.cache.set(key, read[slot]!)
    return slots.map((slot) => (typeof slot === 'number' ? read[slot]! : slot))
  }
}

/** The weighted residual problem: simulated values scaled by √weight, the objective, and its Jacobian. */
export class Residuals {
  private lastKey = ''
  private last: Float64Array[] = []

  constructor(
    readonly fit: readonly Fit[],
    /** Observations × √weight. */
    readonly target: Float64Array,
    private readonly rootWeight: Float64Array,
    private readonly evaluations: Evaluations,
  ) {}

  *weighted(points: readonly Point[]): Calls<Float64Array[]> {
    const sims = yield* this.evaluations.simulated(points)
    const { target, rootWeight } = this
    return sims.map((sim) => sim.map((s, i) => (Number.isFinite(s) ? s * rootWeight[i]! : target[i]! + PENALTY)))
  }

  /** The weighted sum of squared residuals of weighted values. */
  sumOfSquares(w: Float64Array): number {
    let sum = 0
    for (let i = 0; i < w.length; i++) sum += (this.target[i]! - w[i]!) ** 2
    return sum
  }

  *objective(values: Point): Calls<number> {
    const [w] = yield* this.weighted([values])
    return this.sumOfSquares(w!)
  }

  /**
   * The Jacobian (observations × parameters) of the weighted simulated values, by central differences
   * with a step relative to each value; one-sided where a central step would leave the range. Its points
   * all go in one batch; asked twice in a row at one point, it is not worked out again.
   */
  *jacobian(values: Point): Calls<Float64Array[]> {
    const key = values.join(',')
    if (key === this.lastKey) return this.last
    const shifts = this.fit.map((f, j) => {
      const x = values[j]!
      const h = STEP * Math.max(Math.abs(x), 1e-3 * (f.max - f.min))
      return { up: x + h <= f.max ? x + h : x, down: x - h >= f.min ? x - h : x, x }
    })
    const shifted = (j: number, to: number) => (to === shifts[j]!.x ? values : values.map((v, i) => (i === j ? to : v)))
    const points = shifts.flatMap(({ up, down }, j) => [shifted(j, up), shifted(j, down)])
    const w = yield* this.weighted(points)
    const m = this.target.length
    const columns = shifts.map(({ up, down }, j) => {
      const a = w[2 * j]!
      const b = w[2 * j + 1]!
      const column = new Float64Array(m)
      for (let i = 0; i < m; i++) column[i] = (a[i]! - b[i]!) / (up - down)
      return column
    })
    this.lastKey = key
    this.last = columns
    return columns
  }
}

/** How the search ended. */
export interface SearchResult {
  readonly best: number[]
  readonly iterations: number
  readonly steps: number
  readonly converged: boolean
}

/** Thrown out of the library when it asks for its trial point: run it, then take the step again. */
const TRIAL = Symbol('trial point needed')

/**
 * Levenberg-Marquardt over parameters rescaled to [0, 1], so the damping treats a rate in [0, 1] and a
 * capacity in [1e3, 1e5] alike. The library is called one step at a time from the best point so far:
 * a step that does worse is refused (the library alone would continue from it) and the damping is ours.
 * The library evaluates the point, the Jacobian, then its trial point, all synchronously; the trial is
 * run between two identical calls of one step (the first stops where it asks for it).
 */
export function* search(res: Residuals, maxIterations = 200): Calls<SearchResult> {
  const { fit, target } = res
  const p = fit.length
  const m = target.length
  const toValue = (u: ArrayLike<number>) =>
    fit.map((f, j) => Math.min(f.max, Math.max(f.min, f.min + u[j]! * (f.max - f.min))))
  const data = { x: Array.from({ length: m }, (_, i) => i), y: target }
  let u = fit.map((f) => (f.initial - f.min) / (f.max - f.min))
  let error = yield* res.objective(toValue(u))
  let damping = 1e-2
  let iterations = 0
  let steps = 0
  let converged = error === 0
  while (!converged && iterations < maxIterations) {
    iterations++
    const at = toValue(u)
    // The library evaluates the point twice, then its Jacobian, then the trial point.
    const [current] = yield* res.weighted([at, at])
    const columns = yield* res.jacobian(at)
    let trialPoint: number[] | undefined
    let trial: Float64Array | undefined
    const attempt = () => {
      let pastJacobian = false
      return levenbergMarquardt(
        data,
        (v: number[]) => {
          if (!pastJacobian) return (i: number) => current![i]!
          const asked = toValue(v)
          if (trial === undefined) {
            trialPoint = asked
            throw TRIAL
          }
          if (asked.join(',') !== trialPoint!.join(','))
            throw new Error('internal: the calibration step moved between two identical calls')
          return (i: number) => trial![i]!
        },
        {
          initialValues: u,
          damping,
          maxIterations: 1,
          minValues: new Array<number>(p).fill(0),
          maxValues: new Array<number>(p).fill(1),
          errorTolerance: 0,
          weights: 1,
          jacobianFunction: () => {
            pastJacobian = true
            return (i: number) => fit.map((f, j) => columns[j]![i]! * (f.max - f.min))
          },
        },
      )
    }
    let step: ReturnType<typeof levenbergMarquardt>
    try {
      step = attempt()
    } catch (e) {
      if (e !== TRIAL) throw e
      ;[trial] = yield* res.weighted([trialPoint!])
      step = attempt()
    }
    const next = step.parameterValues
    const nextError = yield* res.objective(toValue(next))
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
