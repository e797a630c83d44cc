import { StockflowError, canonicalId } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'
import type { Recording } from './recording.js'
import { arraysAmong, meaningOf, sample } from './element-names.js'
import type { ArrayVariable, DimensionElements } from './element-names.js'

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

/** A variable a run recorded: its display name, id and units. */
export interface Column {
  readonly name: string
  readonly id: string
  readonly units?: string
}

/** One output series: its display name, id, units and values at the save times. */
export interface Series extends Column {
  readonly values: Float64Array
}

/** One element's series, with its subscripts (element names, one per dimension: `['North']`). */
export interface ElementSeries extends Series {
  readonly subscripts: readonly string[]
}

/**
 * The series of an arrayed variable (`run.array('Population')`): its name and id, and its elements in
 * the array's order (last dimension fastest), each named as in the run (`Population[North]`).
 */
export interface ArraySeries {
  readonly name: string
  readonly id: string
  readonly elements: readonly ElementSeries[]
}

/**
 * A finished simulation: save times and the values of every output variable at them.
 *
 * The values sit in one table, stored by column or, for large models, by row (see recording.ts).
 * Series are made on first use: by row, `get` copies out one column (and keeps it) and `series`
 * transposes the whole table once, since a run of a 100k-variable model is mostly read a handful of
 * variables at a time.
 */
export class Run {
  /** The recorded values, until `series` has made every column. */
  private table: Float64Array | undefined
  private views: Series[] | undefined
  /** Columns copied out of a table stored by row, by position in the row. */
  private copies: Map<number, Float64Array> | undefined
  private index: ReadonlyMap<string, number> | undefined

  /**
   * `table` holds the recorded slots of `recording` at each save time; output j of `columns` is at
   * position `recording.place[j]`. `index` (optional, shared by runs of one compiled model) maps
   * canonical ids to output numbers. `arrays` (optional) gives the model's arrayed variables, read
   * only to answer for a name that is not an output (by default, the arrays among the outputs), and
   * `dimensions` (optional) the model's dimensions, so that `array('Pop[Coast]')` reads a subrange.
   */
  constructor(
    readonly times: Float64Array,
    private readonly columns: readonly Column[],
    table: Float64Array,
    private readonly recording: Pick<Recording, 'byRow' | 'place'>,
    readonly meta: RunMeta,
    index?: ReadonlyMap<string, number>,
    private readonly arrays: () => ReadonlyMap<string, ArrayVariable> = () => arraysAmong(columns),
    private readonly dimensions?: () => DimensionElements,
  ) {
    this.table = table
    this.index = index
  }

  /** Every output as a series, in output order. */
  get series(): readonly Series[] {
    if (!this.views) {
      const n = this.times.length
      const table = this.table!
      const byColumn = this.recording.byRow ? transpose(table, n, table.length / n) : table
      // One view per recorded position: an output asked for twice is one array.
      const byPlace: Float64Array[] = []
      this.views = this.columns.map((c, j) => {
        const p = this.recording.place[j]!
        const values = (byPlace[p] ??= byColumn.subarray(p * n, (p + 1) * n))
        return c.units !== undefined
          ? { name: c.name, id: c.id, units: c.units, values }
          : { name: c.name, id: c.id, values }
      })
      this.table = undefined
      this.copies = undefined
    }
    return this.views
  }

  private column(j: number): Float64Array {
    if (this.views || !this.recording.byRow) return this.series[j]!.values
    const p = this.recording.place[j]!
    let values = this.copies?.get(p)
    if (!values) {
      const table = this.table!
      const n = this.times.length
      const width = table.length / n
      values = new Float64Array(n)
      for (let r = 0, i = p; r < n; r++, i += width) values[r] = table[i]!
      ;(this.copies ??= new Map()).set(p, values)
    }
    return values
  }

  private get byId(): ReadonlyMap<string, number> {
    this.index ??= new Map(this.columns.map((c, j) => [c.id, j]))
    return this.index
  }

  /** Display names of the output variables, in output order. */
  get names(): string[] {
    return this.columns.map((c) => c.name)
  }

  /**
   * The values of a variable or of one array element (display name or id, any case, spaces or
   * underscores): `get('Room Temperature')`, `get('Population[north]')`. A whole array is `array`'s.
   */
  get(name: string): Float64Array {
    const j = this.byId.get(canonicalId(name))
    if (j === undefined) throw this.missing(name)
    return this.column(j)
  }

  /**
   * Every element of an arrayed variable, in the array's order: `array('Population')`; or the elements
   * a pattern with `*` or a subrange names, `array('x[north,*]')`, `array('Pop[Coast]')`. Each must be an output of the run.
   */
  array(name: string): ArraySeries {
    const meaning = meaningOf(
      name,
      () => false,
      this.arrays,
      () => this.names,
      this.dimensions,
    )
    if (!meaning.ok || !meaning.array) {
      if (this.byId.has(canonicalId(name)))
        throw new StockflowError(`run of "${this.meta.model}": "${name}" is not an array; read it with run.get`)
      const detail = meaning.ok ? '' : meaning.unknown ? meaning.detail : `: ${meaning.detail}`
      throw new StockflowError(`run of "${this.meta.model}" has no array "${name}"${detail}`)
    }
    const { array, ids } = meaning
    const absent = ids.filter((id) => !this.byId.has(id))
    if (absent.length) {
      const gone = new Set(absent)
      const names = array.elements.filter((e) => gone.has(e.id)).map((e) => e.name)
      throw new StockflowError(
        `run of "${this.meta.model}" did not record ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', ...' : ''} (${absent.length} of the ${ids.length} elements of "${name}"); run with them in vars`,
      )
    }
    const byId = new Map(array.elements.map((e) => [e.id, e]))
    const elements = ids.map((id): ElementSeries => {
      const j = this.byId.get(id)!
      const c = this.columns[j]!
      const { subscripts } = byId.get(id)!
      const values = this.column(j)
      return c.units !== undefined
        ? { name: c.name, id: c.id, units: c.units, subscripts, values }
        : { name: c.name, id: c.id, subscripts, values }
    })
    return { name: array.name, id: array.id, elements }
  }

  /** Why `get(name)` has nothing: an array (read an element, or all with `array`), or no such output. */
  private missing(name: string): StockflowError {
    const run = `run of "${this.meta.model}"`
    const meaning = meaningOf(
      name,
      () => false,
      this.arrays,
      () => this.names,
      this.dimensions,
    )
    if (meaning.ok && meaning.array && (meaning.fixed === 0 || meaning.ids.length > 1)) {
      const first = meaning.array.elements.find((e) => e.id === meaning.ids[0])!
      return new StockflowError(
        `${run}: "${name}" is an array (${sample(meaning.array)}); read one element, e.g. run.get("${first.name}"), or all of them with run.array("${name}")`,
      )
    }
    if (!meaning.ok && (!meaning.unknown || meaning.detail)) {
      return new StockflowError(`${run} has no output "${name}"${meaning.unknown ? '' : ': '}${meaning.detail}`)
    }
    const names = this.names
    return new StockflowError(
      `${run} has no output "${name}"; it has: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}`,
    )
  }

  /** The value of every output at save point `r`, in output order, written into `into`. */
  row(r: number, into: Float64Array = new Float64Array(this.columns.length)): Float64Array {
    const table = this.table
    if (table && this.recording.byRow) {
      const width = table.length / this.times.length
      const place = this.recording.place
      for (let j = 0, base = r * width; j < place.length; j++) into[j] = table[base + place[j]!]!
    } else {
      const series = this.series
      for (let j = 0; j < series.length; j++) into[j] = series[j]!.values[r]!
    }
    return into
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
  return [...csvChunks(runs, options)].join('')
}

/** Characters of CSV text per chunk of `csvChunks`. */
const CHUNK_CHARS = 1 << 20

/**
 * The text of `runsToCSV` in pieces of about a megabyte, whole lines each, read row by row from the
 * runs' tables: a 100k-variable run can be written out without its columns or its whole text in memory.
 */
export function* csvChunks(
  runs: readonly { run: Run; label?: string }[],
  options: { delimiter?: ',' | '\t' } = {},
): Generator<string> {
  const d = options.delimiter ?? ','
  const cell = (text: string) => (d === ',' ? csvQuote(text) : text.replace(/[\t\r\n]+/g, ' '))
  const labelled = runs.some((r) => r.label !== undefined)
  const first = runs[0]?.run
  if (!first) return
  // `names` builds its array on each call: read once (a 100k-output run compared it per name).
  const names = first.names
  for (const { run, label } of runs) {
    const theirs = run.names
    if (theirs.length !== names.length || theirs.some((n, j) => n !== names[j])) {
      throw new StockflowError(
        `cannot write runs with different outputs as one table${label === undefined ? '' : ` (run "${label}")`}; run them with the same vars`,
      )
    }
  }
  let lines = [[...(labelled ? ['scenario'] : []), 'time', ...names].map(cell).join(d)]
  let size = lines[0]!.length
  for (const { run, label } of runs) {
    const values = new Float64Array(names.length)
    const prefix = labelled ? cell(label ?? '') + d : ''
    for (let i = 0; i < run.times.length; i++) {
      run.row(i, values)
      let line = prefix + String(run.times[i])
      for (let j = 0; j < values.length; j++) line += d + String(values[j])
      lines.push(line)
      size += line.length + 1
      if (size >= CHUNK_CHARS) {
        yield lines.join('\n') + '\n'
        lines = []
        size = 0
      }
    }
  }
  if (lines.length) yield lines.join('\n') + '\n'
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Blocks of this many rows and columns are transposed at a time, so reads and writes stay in cache. */
const BLOCK = 32

/** A table of `height` rows and `width` columns, row after row, as column after column. */
function transpose(rows: Float64Array, height: number, width: number): Float64Array {
  const out = new Float64Array(rows.length)
  for (let r0 = 0; r0 < height; r0 += BLOCK) {
    const r1 = Math.min(height, r0 + BLOCK)
    for (let c0 = 0; c0 < width; c0 += BLOCK) {
      const c1 = Math.min(width, c0 + BLOCK)
      for (let c = c0; c < c1; c++) {
        for (let r = r0, o = c * height + r0, i = r0 * width + c; r < r1; r++, o++, i += width) out[o] = rows[i]!
      }
    }
  }
  return out
}
