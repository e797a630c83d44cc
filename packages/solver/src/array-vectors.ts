/**
 * Vensim's vector builtins and XMILE's RANK in their flat forms: arguments laid out as the model
 * package's array-functions.ts fixes them (for a function returning an array, the 1-based position of
 * the element asked for first; then the scalars; then each array as its count n and n values). A
 * function returning an array is called once per element with the same inputs: `lastResult` computes
 * the whole result once and answers the other elements from it.
 */

/**
 * A position or offset written as a number: whole numbers as they are (rounding noise of 1e-9
 * forgiven), anything else truncated toward zero as Vensim's C casts do.
 */
export function whole(x: number): number {
  const r = Math.round(x)
  return Math.abs(x - r) < 1e-9 ? r : Math.trunc(x)
}

/** A function of a flat argument list returning a whole array. */
type Whole = (a: readonly number[]) => ArrayLike<number>

/**
 * The element at the 1-based position `a[0]` of `compute(a[1..])`, the result cached for the next call
 * with the same inputs (the other elements of the same equation). NaN for a position outside.
 */
export function lastResult(compute: Whole): (...a: number[]) => number {
  let inputs: number[] = []
  let result: ArrayLike<number> = []
  return (...a) => {
    let same = inputs.length === a.length - 1
    for (let i = 1; same && i < a.length; i++) same = Object.is(inputs[i - 1], a[i])
    if (!same) {
      inputs = a.slice(1)
      result = compute(inputs)
    }
    const k = whole(a[0]!) - 1
    return k >= 0 && k < result.length ? result[k]! : NaN
  }
}

/** Reads `n, x1..xn` at `at` from a flat argument list: the values, or undefined if the count is off. */
export function arrayAt(a: readonly number[], at: number): number[] | undefined {
  const n = a[at]
  if (n === undefined || !Number.isInteger(n) || n < 0 || at + 1 + n > a.length) return undefined
  return a.slice(at + 1, at + 1 + n)
}

/**
 * The 0-based positions of `xs` in sorted order, ascending when `direction` > 0, else descending;
 * ties keep their order (a stable sort, which Vensim leaves unspecified). NaN values: all NaN.
 */
function sortOrder(xs: readonly number[], direction: number): number[] {
  const order = xs.map((_, i) => i)
  if (xs.some((x) => Number.isNaN(x)) || Number.isNaN(direction)) return order.map(() => NaN)
  const sign = direction > 0 ? 1 : -1
  return order.sort((i, j) => sign * (xs[i]! - xs[j]!) || i - j)
}

/** XMILE RANK(a, k): the 1-based position of the k-th smallest element (ties in order). Flat: k, n, a... */
export function rank(...a: number[]): number {
  const xs = arrayAt(a, 1)
  if (!xs || a.length !== xs.length + 2) return NaN
  const k = whole(a[0]!)
  if (!(k >= 1 && k <= xs.length)) return NaN
  return sortOrder(xs, 1)[k - 1]! + 1
}

/** VECTOR SORT ORDER(vec, direction): position i holds the 0-based index of the i-th in order. Flat: i, direction, n, vec... */
export const vectorSortOrder = lastResult((a) => {
  const xs = arrayAt(a, 1)
  return xs && a.length === xs.length + 2 ? sortOrder(xs, a[0]!) : []
})

/** VECTOR RANK(vec, direction): each element's 1-based rank, ties ranked in order. Flat: i, direction, n, vec... */
export const vectorRank = lastResult((a) => {
  const xs = arrayAt(a, 1)
  if (!xs || a.length !== xs.length + 2) return []
  const order = sortOrder(xs, a[0]!)
  const ranks = new Array<number>(xs.length)
  order.forEach((p, r) => (ranks[Number.isNaN(p) ? r : p] = Number.isNaN(p) ? NaN : r + 1))
  return ranks
})

/** VECTOR REORDER(vec, order): element i is vec[order[i]] (0-based; NaN outside). Flat: i, n, vec..., n, order... */
export function vectorReorder(...a: number[]): number {
  const xs = arrayAt(a, 1)
  const order = xs && arrayAt(a, 2 + xs.length)
  if (!xs || !order || a.length !== 3 + xs.length + order.length) return NaN
  const o = order[whole(a[0]!) - 1]
  if (o === undefined) return NaN
  const p = whole(o)
  return p >= 0 && p < xs.length ? xs[p]! : NaN
}

/**
 * VECTOR ELM MAP(vec[start], offset): the element `offset` places after `start` (0-based), NaN outside
 * the array (Vensim reports an error and returns :NA:). Flat: offset, start, n, values...
 */
export function vectorElmMap(...a: number[]): number {
  const xs = arrayAt(a, 2)
  if (!xs || a.length !== xs.length + 3) return NaN
  const p = whole(a[1]!) + whole(a[0]!)
  return p >= 0 && p < xs.length ? xs[p]! : NaN
}

/**
 * VECTOR SELECT(selection, values, missing, action, error): combines the values whose selection is
 * non-zero. Actions 0-4 weigh each value by its selection (sum, product, min, max, mean), 5 is the
 * product of value ^ selection (what Vensim computes, though its help says selection ^ value), 6-10
 * the unweighted sum, product, min, max, mean. `missing` when nothing is selected. Error actions:
 * 1 none selected, 2 more than one, 3 either, make the result NaN (Vensim stops with an error).
 * Flat: missing, action, error, n, selection..., n, values...
 */
export function vectorSelect(...a: number[]): number {
  const sel = arrayAt(a, 3)
  const xs = sel && arrayAt(a, 4 + sel.length)
  if (!sel || !xs || xs.length !== sel.length || a.length !== 5 + 2 * sel.length) return NaN
  const [missing, action, error] = a as [number, number, number]
  if (!Number.isInteger(action) || action < 0 || action > 10) return NaN
  const weighted = action < 5
  const op = weighted ? action : action === 5 ? 1 : action - 6
  let acc = op === 1 ? 1 : op === 2 ? Infinity : op === 3 ? -Infinity : 0
  let count = 0
  for (let i = 0; i < sel.length; i++) {
    const s = sel[i]!
    if (s === 0) continue
    count++
    const x = action === 5 ? Math.pow(xs[i]!, s) : weighted ? s * xs[i]! : xs[i]!
    if (op === 1) acc *= x
    else if (op === 2) acc = Math.min(acc, x)
    else if (op === 3) acc = Math.max(acc, x)
    else acc += x
  }
  if (count === 0) return error === 1 || error === 3 ? NaN : missing
  if (count > 1 && (error === 2 || error === 3)) return NaN
  return op === 4 ? acc / count : acc
}

/**
 * INVERT MATRIX(m, size): the inverse of a size × size matrix (row-major), by Gauss-Jordan elimination
 * with partial pivoting; all NaN for a singular matrix. Flat: i, size, n, m...
 */
export const invertMatrix = lastResult((a) => {
  const m = arrayAt(a, 1)
  const size = a[0]!
  if (!m || a.length !== m.length + 2 || !Number.isInteger(size) || size < 1 || size * size !== m.length) return []
  const w = 2 * size
  // The augmented matrix [m | I], one row after another.
  const t = new Float64Array(size * w)
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) t[r * w + c] = m[r * size + c]!
    t[r * w + size + r] = 1
  }
  const singular = () => new Array<number>(size * size).fill(NaN)
  for (let c = 0; c < size; c++) {
    let p = c
    for (let r = c + 1; r < size; r++) if (Math.abs(t[r * w + c]!) > Math.abs(t[p * w + c]!)) p = r
    const pivot = t[p * w + c]!
    if (pivot === 0 || Number.isNaN(pivot)) return singular()
    if (p !== c)
      for (let k = 0; k < w; k++) {
        const x = t[c * w + k]!
        t[c * w + k] = t[p * w + k]!
        t[p * w + k] = x
      }
    for (let k = 0; k < w; k++) t[c * w + k] = t[c * w + k]! / pivot
    for (let r = 0; r < size; r++) {
      const f = t[r * w + c]!
      if (r === c || f === 0) continue
      for (let k = 0; k < w; k++) t[r * w + k] = t[r * w + k]! - f * t[c * w + k]!
    }
  }
  const inverse = new Array<number>(size * size)
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) inverse[r * size + c] = t[r * w + size + c]!
  return inverse
})
