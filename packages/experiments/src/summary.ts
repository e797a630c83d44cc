import { StockflowError } from '@stockflow/model'

/** What one number a run is reduced to: the value at a time, or the final, largest or mean value. */
export type At = number | 'final' | 'max' | 'mean'

/** Reads `--at 2030`, `final`, `max` or `mean`. */
export function parseAt(text: string): At {
  const t = text.trim().toLowerCase()
  if (t === 'final' || t === 'max' || t === 'mean') return t
  const x = Number(t)
  if (t === '' || !Number.isFinite(x)) throw new StockflowError(`--at "${text}": give a time, final, max or mean`)
  return x
}

/**
 * One run's series reduced to a number. A time between save points interpolates linearly; `mean` is
 * the time average by the trapezoid rule over the saved points.
 */
export function summarize(times: Float64Array, values: ArrayLike<number>, at: At): number {
  const n = times.length
  if (at === 'final') return values[n - 1]!
  if (at === 'max') {
    let m = -Infinity
    for (let i = 0; i < n; i++) m = Math.max(m, values[i]!)
    return Number.isNaN(values[0]!) ? NaN : m
  }
  if (at === 'mean') {
    if (n === 1) return values[0]!
    let area = 0
    for (let i = 1; i < n; i++) area += ((values[i]! + values[i - 1]!) / 2) * (times[i]! - times[i - 1]!)
    return area / (times[n - 1]! - times[0]!)
  }
  const t0 = times[0]!
  const t1 = times[n - 1]!
  const eps = 1e-9 * Math.max(1, Math.abs(t1 - t0))
  if (at < t0 - eps || at > t1 + eps) throw new StockflowError(`time ${at} is outside the run (${t0} to ${t1})`)
  let i = 0
  while (i < n - 2 && times[i + 1]! < at) i++
  const a = times[i]!
  const b = times[Math.min(i + 1, n - 1)]!
  if (b === a || Math.abs(at - a) <= eps) return values[i]!
  const w = (at - a) / (b - a)
  return values[i]! + w * (values[i + 1]! - values[i]!)
}
