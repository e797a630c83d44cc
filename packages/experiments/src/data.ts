import { StockflowError, canonicalId } from '@stockflow/model'

/** One observed series: values at strictly increasing times (missing observations left out). */
export interface DataSeries {
  readonly name: string
  readonly times: Float64Array
  readonly values: Float64Array
}

/** Time series read from one file; `file` is kept so later errors can name it. */
export interface SeriesTable {
  readonly file?: string
  readonly series: readonly DataSeries[]
}

/** Cells that stand for "not observed": empty, or what R and `stockflow run` write for a missing number. */
const MISSING = new Set(['', 'na', 'nan'])
/** A plain decimal number; `Number()` alone would also take hex, `Infinity` and whitespace-only text. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Reads time series from CSV text (RFC 4180 quoting): a header, then one row per time. The time column
 * is the one headed `time` (any case), else the first; every other column is a series. Empty, `NA` and
 * `NaN` cells are missing and skipped for that series only. Reads what `stockflow run` writes. A `.tsv`
 * file, or a header with tabs and no commas, is read tab-separated. A header name's element list
 * (`Pop[north,young]`) is one column even unquoted.
 */
export function readSeriesCsv(text: string, file?: string): SeriesTable {
  const where = file !== undefined ? `${file}: ` : ''
  const fail = (message: string): never => {
    throw new StockflowError(where + message)
  }
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') fail('the file is empty; expected a header "time,<series>,..." and a row per time')
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  const tabs = file?.toLowerCase().endsWith('.tsv') || (firstLine.includes('\t') && !firstLine.includes(','))
  const records = parseRecords(body, tabs ? '\t' : ',', where)

  const header = (tabs ? records[0]!.cells : joinBracketed(records[0]!.cells)).map((c) => c.trim())
  const ids = header.map(canonicalId)
  if (ids[0] === 'scenario' && ids.includes('time'))
    fail('line 1: a "scenario" column (from --scenario all); keep the rows of one scenario and drop the column')
  const named = ids.indexOf('time')
  const timeColumn = named >= 0 ? named : 0
  if (header.length < 2) fail(`line 1: only the column "${header[0]}"; add a column per series after the time`)
  const seen = new Map<string, number>()
  header.forEach((name, j) => {
    if (name === '') fail(`line 1: column ${j + 1} has no name`)
    const before = seen.get(ids[j]!)
    if (before !== undefined) fail(`line 1: columns ${before + 1} and ${j + 1} are both "${name}"; rename one`)
    seen.set(ids[j]!, j)
  })
  const rows = records.slice(1).filter((r) => !(r.cells.length === 1 && r.cells[0]!.trim() === ''))
  if (rows.length === 0) fail('no rows of data after the header')

  const columns = header.map(() => ({ times: [] as number[], values: [] as number[] }))
  let previous: { time: number; line: number } | undefined
  for (const { cells, line } of rows) {
    if (cells.length !== header.length)
      fail(
        `line ${line}: ${cells.length} cells, but the header has ${header.length} columns` +
          (header.some((h) => h.includes('[') || h.includes(']'))
            ? '; quote a header name that holds commas, e.g. "Pop[north,young]"'
            : ''),
      )
    const at = (j: number) => `line ${line}, column "${header[j]}"`
    const raw = cells[timeColumn]!.trim()
    if (!NUMBER.test(raw)) {
      if (named < 0)
        fail(
          `no "time" column, and the first column "${header[0]}" is not a time (${at(0)}: "${raw}" is not a number); head the time column "time"`,
        )
      fail(raw === '' ? `${at(timeColumn)}: the time is missing` : `${at(timeColumn)}: "${raw}" is not a number`)
    }
    const time = Number(raw)
    if (!Number.isFinite(time)) fail(`${at(timeColumn)}: ${raw} is not a finite number`)
    if (previous && !(time > previous.time))
      fail(`${at(timeColumn)}: time ${raw} is not after ${previous.time} (line ${previous.line}); times must increase`)
    previous = { time, line }
    cells.forEach((cell, j) => {
      if (j === timeColumn) return
      const value = cell.trim()
      if (MISSING.has(value.toLowerCase())) return
      if (!NUMBER.test(value)) fail(`${at(j)}: "${value}" is not a number`)
      const x = Number(value)
      if (!Number.isFinite(x)) fail(`${at(j)}: ${value} is not a finite number`)
      columns[j]!.times.push(time)
      columns[j]!.values.push(x)
    })
  }

  const series = header.flatMap((name, j) =>
    j === timeColumn
      ? []
      : [{ name, times: Float64Array.from(columns[j]!.times), values: Float64Array.from(columns[j]!.values) }],
  )
  return file !== undefined ? { file, series } : { series }
}

/**
 * Header cells with an element list split at its commas (`Pop[north`, `young]`) joined back into one
 * name: an unquoted `Pop[north,young]` is a single column. A `[` never closed leaves the cells as they are.
 */
function joinBracketed(cells: readonly string[]): string[] {
  const out: string[] = []
  for (let j = 0; j < cells.length; j++) {
    let name = cells[j]!
    let k = j
    while (depth(name) > 0 && k + 1 < cells.length) name += ',' + cells[++k]!
    if (depth(name) === 0) j = k
    else name = cells[j]!
    out.push(name)
  }
  return out
}

/** How many more `[` than `]` a name has. */
function depth(name: string): number {
  let open = 0
  for (const c of name) open += c === '[' ? 1 : c === ']' ? -1 : 0
  return open
}

/** One CSV record and the line it starts on (a quoted cell may span lines). */
interface CsvRecord {
  readonly cells: string[]
  readonly line: number
}

/** Splits RFC 4180 text into records: quotes only around a whole cell, `""` inside one is a quote. */
function parseRecords(text: string, delimiter: string, where: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let start = 1
  let i = 0
  const n = text.length
  // Tab-separated text (as `stockflow run --format tsv` writes it) has no quoting: quotes are text.
  const quoting = delimiter === ','
  const endRecord = () => {
    cells.push(cell)
    records.push({ cells, line: start })
    cells = []
    cell = ''
  }
  while (i < n) {
    const c = text[i]!
    if (c === '"' && quoting && cell.trim() === '') {
      // A quoted cell: read to the closing quote, across delimiters and line breaks.
      const opened = line
      cell = ''
      i++
      for (;;) {
        if (i >= n) throw new StockflowError(`${where}line ${opened}: a quoted cell is never closed`)
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\n') line++
        cell += q
        i++
      }
      // Only spaces may follow the closing quote before the next delimiter or line end.
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++
      if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r')
        throw new StockflowError(`${where}line ${line}: text after a closing quote; quote the whole cell`)
      continue
    }
    if (c === '"' && quoting)
      throw new StockflowError(
        `${where}line ${line}: a quote inside an unquoted cell; quote the whole cell and double the quotes inside`,
      )
    if (c === delimiter) {
      cells.push(cell)
      cell = ''
      i++
    } else if (c === '\r' || c === '\n') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      start = line
    } else {
      cell += c
      i++
    }
  }
  // A final line without a line break is still a record; a trailing line break adds none.
  if (cell !== '' || cells.length > 0) endRecord()
  return records
}
