import { StockflowError, canonicalId } from '@stockflow/model'
import { arraysAmong, meaningOf } from '@stockflow/solver/internal'
import type { ArrayVariable } from '@stockflow/solver/internal'
import { percentileOfSorted, sortedFinite } from './percentile.js'
import type { RunFailure } from './plan.js'
import { summarize } from './summary.js'
import type { At } from './summary.js'

/** The percentiles a band chart draws. */
export const BAND_PERCENTILES = [5, 25, 50, 75, 95] as const

/** Percentile bands of one variable over time. */
export interface Bands {
  readonly time: Float64Array
  readonly p5: Float64Array
  readonly p25: Float64Array
  readonly p50: Float64Array
  readonly p75: Float64Array
  readonly p95: Float64Array
  /** Runs that contributed (failed runs are left out). */
  readonly runs: number
}

/** The outputs of many runs of one model: `values` is runs × vars × times, run-major. */
export class Ensemble {
  private index: Map<string, number> | undefined
  private arrays: ReadonlyMap<string, ArrayVariable> | undefined

  constructor(
    readonly times: Float64Array,
    readonly vars: readonly string[],
    readonly runs: number,
    readonly values: Float64Array,
    /** The parameters each run set: runs × names, row-major. */
    readonly inputs: { readonly names: readonly string[]; readonly values: Float64Array },
    readonly failures: readonly RunFailure[],
  ) {}

  /** One run's series of one variable (a view, not a copy). */
  series(run: number, name: string): Float64Array {
    const rows = this.times.length
    const start = (run * this.vars.length + this.varIndex(name)) * rows
    return this.values.subarray(start, start + rows)
  }

  /** Every run's value of a variable reduced to one number each (NaN for failed runs). */
  summary(name: string, at: At = 'final'): Float64Array {
    const out = new Float64Array(this.runs)
    for (let r = 0; r < this.runs; r++) out[r] = summarize(this.times, this.series(r, name), at)
    return out
  }

  /** The value parameter `name` took in each run. */
  input(name: string): Float64Array {
    const k = this.inputs.names.length
    const j = this.inputs.names.findIndex((n) => canonicalId(n) === canonicalId(name))
    if (j < 0)
      throw new StockflowError(`the experiment did not vary "${name}"; it varied ${this.inputs.names.join(', ')}`)
    return Float64Array.from({ length: this.runs }, (_, r) => this.inputs.values[r * k + j]!)
  }

  /** The 5/25/50/75/95th percentiles of a variable across runs at every save time. */
  bands(name: string): Bands {
    const rows = this.times.length
    const v = this.varIndex(name)
    const cols = BAND_PERCENTILES.map(() => new Float64Array(rows))
    const across = new Float64Array(this.runs)
    let contributing = 0
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < this.runs; r++) across[r] = this.values[(r * this.vars.length + v) * rows + i]!
      const sorted = sortedFinite(across)
      contributing = Math.max(contributing, sorted.length)
      BAND_PERCENTILES.forEach((p, c) => (cols[c]![i] = percentileOfSorted(sorted, p)))
    }
    const [p5, p25, p50, p75, p95] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]
    return { time: this.times, p5, p25, p50, p75, p95, runs: contributing }
  }

  /**
   * The kept series a name stands for: a kept variable or element itself, or the kept elements of a
   * whole array or a pattern (`Infected`, `Infected[*]`, `x[north,*]`), in the order kept.
   */
  elements(name: string): string[] {
    this.index ??= new Map(this.vars.map((n, i) => [canonicalId(n), i]))
    const kept = this.index
    const meaning = meaningOf(
      name,
      (id) => kept.has(id),
      () => (this.arrays ??= arraysAmong(this.vars.map((n) => ({ name: n })))),
      () => this.vars,
    )
    if (!meaning.ok)
      throw new StockflowError(
        `the experiment kept no variable "${name}"${meaning.unknown ? '' : ` (${meaning.detail})`}; it kept ${this.vars.join(', ')}`,
      )
    return meaning.ids.map((id) => this.vars[kept.get(id)!]!)
  }

  /** The bands of every kept series a name stands for (see `elements`), by element name. */
  elementBands(name: string): Map<string, Bands> {
    return new Map(this.elements(name).map((element) => [element, this.bands(element)]))
  }

  private varIndex(name: string): number {
    this.index ??= new Map(this.vars.map((n, i) => [canonicalId(n), i]))
    const i = this.index.get(canonicalId(name))
    if (i === undefined)
      throw new StockflowError(`the experiment kept no variable "${name}"; it kept ${this.vars.join(', ')}`)
    return i
  }
}
