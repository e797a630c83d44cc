/**
 * World3-03 against Vensim's own run of it (scenario 1, 260 saved series, 1900–2100 every half year):
 * reads that run and compares another engine's run with it series by series, under the issue's
 * tolerance |a − e| ≤ 1e-3·|e| + 1e-6·max|e| (the max over the whole expected series), so a test can
 * list every series that fails and how badly.
 */
import { canonicalId } from '@stockflow/model'
import { readCanonical } from './canonical.js'
import type { CanonicalTable } from './canonical.js'

/** The model's file and Vensim's run of it, in the corpus's `world3/` folder. */
export const WORLD3_MODEL = 'wrld3-03.mdl'
export const WORLD3_VENSIM_RUN = 'wrld3-03-scen01.csv'

/** The tolerance's two parts: relative to the value, and relative to the series' largest magnitude. */
export const WORLD3_TOLERANCE = { rel: 1e-3, ofMax: 1e-6 } as const

/** How one series of Vensim's run compares. */
export interface SeriesMatch {
  /** The column's name in Vensim's run. */
  readonly name: string
  /** Largest |a − e| minus its allowance over the rows; ≤ 0 passes. */
  readonly worstExcess: number
  /** Largest |a − e| over its allowance; ≤ 1 passes (Infinity for a NaN or a miss where nothing is allowed). */
  readonly worstRatio: number
  /** The row of the worst ratio: time, actual and expected value. */
  readonly time: number
  readonly actual: number
  readonly expected: number
}

/** A whole comparison: every compared series, the failing ones (worst first), and columns the run lacks. */
export interface Comparison {
  readonly series: readonly SeriesMatch[]
  readonly failing: readonly SeriesMatch[]
  readonly missing: readonly string[]
}

/** Vensim's run: its times, and its columns by canonical id (names as Vensim writes them, unquoted). */
export function readVensimRun(path: string): CanonicalTable {
  return readCanonical(path)
}

/**
 * Compares a run with Vensim's: `times` are the run's save times, `values(name)` a series by Vensim's
 * name (undefined when the run lacks it). Every time of Vensim's run must be one of the run's.
 */
export function compareWithVensim(
  vensim: CanonicalTable,
  times: ArrayLike<number>,
  values: (name: string) => ArrayLike<number> | undefined,
): Comparison {
  const rows = vensim.time.map((t) => {
    const r = rowOf(times, t)
    if (r < 0) throw new Error(`the run has no save point at t=${t} (Vensim's run saves every ${saveStep(vensim)})`)
    return r
  })
  const series: SeriesMatch[] = []
  const missing: string[] = []
  for (const column of vensim.columns.values()) {
    const actual = values(column.name)
    if (!actual) missing.push(column.name)
    else series.push(matchSeries(column.name, column.values, rows, vensim.time, actual))
  }
  const failing = series.filter((s) => !(s.worstRatio <= 1)).sort((a, b) => b.worstRatio - a.worstRatio)
  return { series, failing, missing }
}

/**
 * Series by name, looked up by canonical id (case, runs of spaces and underscores alike), as
 * {@link compareWithVensim} wants them: `byCanonicalId(run.series.map((s) => [s.name, s.values]))`.
 */
export function byCanonicalId(
  series: Iterable<readonly [string, ArrayLike<number>]>,
): (name: string) => ArrayLike<number> | undefined {
  const map = new Map<string, ArrayLike<number>>()
  for (const [name, values] of series) if (!map.has(canonicalId(name))) map.set(canonicalId(name), values)
  return (name) => map.get(canonicalId(name))
}

/** Vensim's control section: it saves these as series; stockflow keeps them as the run's clock. */
const CONTROLS = { initial_time: 'start', final_time: 'stop', time_step: 'dt', saveper: 'saveper' } as const

/**
 * `values`, plus Vensim's control series (`INITIAL TIME`, `FINAL TIME`, `TIME STEP`, `SAVEPER`) as
 * constant series of the run's clock when `values` lacks them.
 */
export function withControls(
  values: (name: string) => ArrayLike<number> | undefined,
  clock: { readonly start: number; readonly stop: number; readonly dt: number; readonly saveper: number },
  rows: number,
): (name: string) => ArrayLike<number> | undefined {
  return (name) => {
    const own = values(name)
    if (own) return own
    const id = canonicalId(name)
    return id in CONTROLS ? new Float64Array(rows).fill(clock[CONTROLS[id as keyof typeof CONTROLS]]) : undefined
  }
}

/** The worst row of one series under the tolerance. */
function matchSeries(
  name: string,
  expected: readonly number[],
  rows: readonly number[],
  time: readonly number[],
  actual: ArrayLike<number>,
): SeriesMatch {
  let largest = 0
  for (const e of expected) if (Number.isFinite(e)) largest = Math.max(largest, Math.abs(e))
  let worstExcess = -Infinity
  let worstRatio = 0
  let at = -1
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) return
    const a = actual[rows[i]!]!
    const allowed = WORLD3_TOLERANCE.rel * Math.abs(e) + WORLD3_TOLERANCE.ofMax * largest
    const diff = a === e ? 0 : Math.abs(a - e)
    worstExcess = Math.max(worstExcess, Number.isNaN(diff) ? Infinity : diff - allowed)
    const ratio = diff === 0 ? 0 : Number.isNaN(diff) || allowed === 0 ? Infinity : diff / allowed
    if (at < 0 || ratio > worstRatio) {
      worstRatio = ratio
      at = i
    }
  })
  if (at < 0) return { name, worstExcess, worstRatio, time: NaN, actual: NaN, expected: NaN }
  return { name, worstExcess, worstRatio, time: time[at]!, actual: actual[rows[at]!]!, expected: expected[at]! }
}

/** The row of `times` at `t` (within rounding), or -1. */
function rowOf(times: ArrayLike<number>, t: number): number {
  const eps = 1e-9 * Math.max(1, Math.abs(t))
  let lo = 0
  let hi = times.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const x = times[mid]!
    if (Math.abs(x - t) <= eps) return mid
    if (x < t) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

function saveStep(vensim: CanonicalTable): number {
  return vensim.time.length > 1 ? vensim.time[1]! - vensim.time[0]! : NaN
}

/** One line per failing series, worst first: how far over its allowance, and where. */
export function describeFailures(c: Comparison): string[] {
  return c.failing.map(
    (s) =>
      `${s.name}: ${s.worstRatio.toPrecision(3)}x its allowance (worst at t=${s.time}: ${s.actual} vs Vensim ${s.expected})`,
  )
}
