/**
 * The scaling bench's chain family (bench/models.ts) written by hand for any size: stocks in a ring,
 * each draining into the next through a flow driven by an auxiliary, in typed arrays, Euler, every
 * variable stored at every step into one column per variable (as the other hand-written baselines
 * store theirs). What a modeler would write for a large regular model without stockflow.
 */

/** Column of the stock, auxiliary and flow of unit i, and of the parameter, in one `columns` array. */
export interface ChainColumns {
  readonly k: Float64Array
  readonly stocks: Float64Array[]
  readonly auxes: Float64Array[]
  readonly flows: Float64Array[]
}

/** A chain of about `n` variables run for `steps` steps of dt 1. */
export function chain(n: number, steps: number): ChainColumns {
  const units = Math.max(1, Math.round((n - 1) / 3))
  const k = 0.05
  const rows = steps + 1
  const s = Float64Array.from({ length: units }, (_, i) => 1 + (i % 7))
  const c = Float64Array.from({ length: units }, (_, i) => (i % 3) * 0.001)
  const a = new Float64Array(units)
  const f = new Float64Array(units)
  const kOut = new Float64Array(rows)
  const sOut = Array.from({ length: units }, () => new Float64Array(rows))
  const aOut = Array.from({ length: units }, () => new Float64Array(rows))
  const fOut = Array.from({ length: units }, () => new Float64Array(rows))
  for (let t = 0; ; t++) {
    for (let i = 0; i < units; i++) {
      a[i] = s[i]! * k + c[i]!
      f[i] = a[i]! * 0.5
    }
    kOut[t] = k
    for (let i = 0; i < units; i++) {
      sOut[i]![t] = s[i]!
      aOut[i]![t] = a[i]!
      fOut[i]![t] = f[i]!
    }
    if (t === steps) break
    // Unit i drains into unit i + 1 (the last into the first).
    const last = f[units - 1]!
    for (let i = units - 1; i > 0; i--) s[i] = s[i]! + (f[i - 1]! - f[i]!)
    s[0] = s[0]! + (last - f[0]!)
  }
  return { k: kOut, stocks: sOut, auxes: aOut, flows: fOut }
}
