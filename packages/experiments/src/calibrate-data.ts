import { StockflowError, canonicalId } from '@stockflow/model'
import { closestName } from '@stockflow/model/internal'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'
import type { DataSeries, SeriesTable } from './data.js'

/** A data series and the model variable it observes. */
export interface Matched {
  readonly data: DataSeries
  /** The model variable's display name. */
  readonly variable: string
}

/** One run as a calibration reads it: its save times and the series of each matched variable, in order. */
export interface Sample {
  readonly times: Float64Array
  readonly series: readonly ArrayLike<number>[]
}

/** Pairs each data series with the model variable or element of the same name (any case, spaces or underscores). */
export function matchSeries(compiled: CompiledModel, table: SeriesTable, where: string): Matched[] {
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
export function seriesWeights(
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
export function observationReader(
  times: Float64Array,
  matched: readonly Matched[],
  where: string,
): (sample: Sample) => Float64Array {
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
  return (sample) => {
    const out = new Float64Array(lower.length)
    for (let i = 0; i < lower.length; i++) {
      const values = sample.series[column[i]!]!
      const lo = lower[i]!
      const f = share[i]!
      out[i] = f === 0 ? values[lo]! : values[lo]! + f * (values[lo + 1]! - values[lo]!)
    }
    return out
  }
}
