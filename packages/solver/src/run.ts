import { StockflowError, canonicalId } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'

/** What produced a run, so a saved result says how to reproduce it. */
export interface RunMeta {
  readonly stockflow: string
  readonly model: string
  readonly method: MethodName
  readonly start: number
  readonly stop: number
  readonly dt: number
  readonly saveper: number
  readonly seed: number
  readonly scenario?: string
  readonly set: Readonly<Record<string, number>>
}

/** One output series: its display name, id, units and values at the save times. */
export interface Series {
  readonly name: string
  readonly id: string
  readonly units?: string
  readonly values: Float64Array
}

/** A finished simulation: save times and one Float64Array per output variable. */
export class Run {
  private index: Map<string, Series> | undefined

  constructor(
    readonly times: Float64Array,
    readonly series: readonly Series[],
    readonly meta: RunMeta,
  ) {}

  /** Series by id, built on first use (many runs in sweeps are only read whole). */
  private get byId(): Map<string, Series> {
    this.index ??= new Map(this.series.map((s) => [s.id, s]))
    return this.index
  }

  /** Display names of the output variables, in output order. */
  get names(): string[] {
    return this.series.map((s) => s.name)
  }

  /** The values of a variable (display name or id, any case, spaces or underscores). */
  get(name: string): Float64Array {
    const s = this.byId.get(canonicalId(name))
    if (!s) {
      throw new StockflowError(
        `run of "${this.meta.model}" has no output "${name}"; it has: ${this.names.slice(0, 12).join(', ')}${this.names.length > 12 ? ', ...' : ''}`,
      )
    }
    return s.values
  }

  /** Whether the run has an output of that name. */
  has(name: string): boolean {
    return this.byId.has(canonicalId(name))
  }

  /** The value at a time, linearly interpolated between save points (clamped to the run). */
  at(name: string, time: number): number {
    const values = this.get(name)
    const t = this.times
    const n = t.length
    if (time <= t[0]!) return values[0]!
    if (time >= t[n - 1]!) return values[n - 1]!
    let lo = 0
    let hi = n - 1
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (t[mid]! <= time) lo = mid
      else hi = mid
    }
    const f = (time - t[lo]!) / (t[hi]! - t[lo]!)
    return values[lo]! + f * (values[hi]! - values[lo]!)
  }

  /** One object per save time: `{ time, <name>: value, ... }`. */
  toRecords(): Record<string, number>[] {
    return Array.from(this.times, (time, i) => {
      const row: Record<string, number> = { time }
      for (const s of this.series) row[s.name] = s.values[i]!
      return row
    })
  }

  /** CSV (RFC 4180 quoting), header `time,<display name>,...`, one row per save time, full precision. */
  toCSV(options: { delimiter?: ',' | '\t' } = {}): string {
    return runsToCSV([{ run: this }], options)
  }

  /** `{ meta, time: [...], series: { name: [...] } }`, non-finite numbers as null. */
  toJSON(): { meta: RunMeta; time: number[]; series: Record<string, (number | null)[]> } {
    const finite = (x: number) => (Number.isFinite(x) ? x : null)
    const series: Record<string, (number | null)[]> = {}
    for (const s of this.series) series[s.name] = Array.from(s.values, finite)
    return { meta: this.meta, time: Array.from(this.times), series }
  }
}

/**
 * Several runs with the same outputs as one table; with labels (scenario ids) the first column is
 * `scenario`. Tab-separated output replaces tabs and line breaks inside names with spaces.
 */
export function runsToCSV(
  runs: readonly { run: Run; label?: string }[],
  options: { delimiter?: ',' | '\t' } = {},
): string {
  const d = options.delimiter ?? ','
  const cell = (text: string) => (d === ',' ? csvQuote(text) : text.replace(/[\t\r\n]+/g, ' '))
  const labelled = runs.some((r) => r.label !== undefined)
  const first = runs[0]?.run
  if (!first) return ''
  const lines = [[...(labelled ? ['scenario'] : []), 'time', ...first.names].map(cell).join(d)]
  for (const { run, label } of runs) {
    for (let i = 0; i < run.times.length; i++) {
      const row = [String(run.times[i]), ...run.series.map((s) => String(s.values[i]))]
      lines.push((labelled ? [cell(label ?? ''), ...row] : row).join(d))
    }
  }
  return lines.join('\n') + '\n'
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
