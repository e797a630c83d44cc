import { StockflowError } from '@stockflow/model'
import { permutation, randomIndex, uniformStream } from './rng.js'

/** Morris screening measures per factor, from elementary effects in unit-cube units. */
export interface MorrisIndices {
  /** Mean elementary effect: its sign says which way the factor pushes the output on average. */
  readonly mu: Float64Array
  /** Mean absolute elementary effect: overall importance, immune to effects of opposite sign cancelling. */
  readonly muStar: Float64Array
  /** Sample standard deviation (n − 1) of the effects: non-linearity or interaction with other factors. */
  readonly sigma: Float64Array
}

/** Rows of a Morris design: r trajectories of k + 1 points. */
export function morrisRows(k: number, r: number): number {
  return r * (k + 1)
}

/**
 * A Morris (1991, Technometrics 33:161-174) one-at-a-time design in the unit cube: a row-major matrix of
 * `morrisRows(k, r)` rows × k columns on the grid {0, 1/(p − 1), …, 1} with p = `levels`. Each
 * trajectory is k + 1 consecutive rows; from one row to the next exactly one factor moves by
 * Δ = p / (2(p − 1)), up or down, and every factor moves once, in a random order.
 */
export function morrisDesign(k: number, r: number, levels: number, seed: number): Float64Array {
  checkFactors(k)
  checkTrajectories(r)
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new StockflowError(`Morris levels must be an even whole number of at least 2 (4 is usual), got ${levels}`)
  }
  const uniform = uniformStream(seed, 0x40441)
  const half = levels / 2
  const top = levels - 1
  const level = new Int32Array(k)
  const design = new Float64Array(morrisRows(k, r) * k)
  for (let t = 0; t < r; t++) {
    // Δ is half the levels, so each factor pairs a lower level l with l + p/2; starting at either end
    // with equal odds makes every grid level equally likely before and after the step.
    for (let c = 0; c < k; c++) level[c] = randomIndex(uniform, half) + (uniform() < 0.5 ? 0 : half)
    const order = permutation(uniform, k)
    let row = t * (k + 1)
    for (let c = 0; c < k; c++) design[row * k + c] = level[c]! / top
    for (let s = 0; s < k; s++) {
      const moved = order[s]!
      level[moved] = level[moved]! < half ? level[moved]! + half : level[moved]! - half
      row++
      for (let c = 0; c < k; c++) design[row * k + c] = level[c]! / top
    }
  }
  return design
}

/**
 * Morris measures from a `morrisDesign(k, r, …)` and its outputs `y` (one per row, in order). The
 * elementary effect of a step is (y_after − y_before) / (x_after − x_before) for the factor that moved,
 * read from the design itself, so a step down counts as the step up from the lower point.
 */
export function morrisIndices(design: Float64Array, y: Float64Array, k: number, r: number): MorrisIndices {
  checkFactors(k)
  checkTrajectories(r)
  const rows = morrisRows(k, r)
  if (design.length !== rows * k || y.length !== rows) {
    throw new StockflowError(
      `morrisIndices needs a design of r × (k + 1) = ${rows} rows of ${k} values and one output per row, got ${design.length} values and ${y.length} outputs`,
    )
  }
  let nonFinite = 0
  for (let j = 0; j < rows; j++) if (!Number.isFinite(y[j]!)) nonFinite++
  if (nonFinite > 0) {
    throw new StockflowError(
      `${nonFinite} of ${rows} model outputs are not finite; Morris effects need every design row to give a finite output (narrow the parameter ranges or fix the model where it fails)`,
    )
  }

  const effects = new Float64Array(r * k)
  const seen = new Uint8Array(k)
  for (let t = 0; t < r; t++) {
    seen.fill(0)
    for (let s = 1; s <= k; s++) {
      const after = t * (k + 1) + s
      const before = after - 1
      let moved = -1
      for (let c = 0; c < k; c++) {
        if (design[after * k + c] === design[before * k + c]) continue
        if (moved >= 0 || seen[c]) throw notMorris(after)
        moved = c
      }
      if (moved < 0) throw notMorris(after)
      seen[moved] = 1
      const dx = design[after * k + moved]! - design[before * k + moved]!
      effects[t * k + moved] = (y[after]! - y[before]!) / dx
    }
  }

  const mu = new Float64Array(k)
  const muStar = new Float64Array(k)
  const sigma = new Float64Array(k)
  for (let c = 0; c < k; c++) {
    let sum = 0
    let sumAbs = 0
    for (let t = 0; t < r; t++) {
      sum += effects[t * k + c]!
      sumAbs += Math.abs(effects[t * k + c]!)
    }
    mu[c] = sum / r
    muStar[c] = sumAbs / r
    let squares = 0
    for (let t = 0; t < r; t++) squares += (effects[t * k + c]! - mu[c]!) ** 2
    sigma[c] = Math.sqrt(squares / (r - 1))
  }
  return { mu, muStar, sigma }
}

function notMorris(row: number): StockflowError {
  return new StockflowError(
    `row ${row} of the Morris design does not move exactly one new factor from the row before; pass the design from morrisDesign unchanged`,
  )
}

function checkFactors(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new StockflowError(`the number of factors must be a whole number of at least 1, got ${k}`)
  }
}

function checkTrajectories(r: number): void {
  if (!Number.isInteger(r) || r < 2) {
    throw new StockflowError(`Morris needs a whole number of at least 2 trajectories, got ${r}`)
  }
}
