import { readFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { canonicalId } from '@stockflow/model'

/** One column of a canonical output: its header as written and a value per row (NaN where none is given). */
export interface CanonicalColumn {
  readonly name: string
  readonly values: number[]
}

/**
 * A canonical output table of the SDXorg test-models: the first column's times, and the other columns
 * by canonical id (the first column of a given id wins when two headers fold to the same id).
 */
export interface CanonicalTable {
  readonly time: number[]
  readonly columns: Map<string, CanonicalColumn>
}

/** How close an actual value must come to an expected one: |a − e| ≤ abs + rel·|e|. */
export interface CanonicalTolerance {
  readonly rel: number
  readonly abs: number
}

/** PySD's tolerance, with the expected value as the scale. */
export const PYSD_TOLERANCE: CanonicalTolerance = { rel: 1e-5, abs: 1e-5 }

/**
 * Test folders whose published outputs are looser than PySD's tolerance (corpus README): Vensim's
 * ALLOCATE AVAILABLE is an iterative approximation, and `arguments` was saved with few digits.
 */
const LOOSER: Readonly<Record<string, CanonicalTolerance>> = {
  allocate_available: { rel: 2e-2, abs: 1e-5 },
  arguments: { rel: 1e-2, abs: 1e-5 },
}

/** The tolerance for a model or output file of the corpus, by the name of the folder it sits in. */
export function toleranceFor(path: string): CanonicalTolerance {
  return LOOSER[basename(dirname(path))] ?? PYSD_TOLERANCE
}

/** PySD's tolerance by default: |actual − expected| ≤ abs + rel·|expected|. */
export function withinTolerance(
  actual: number,
  expected: number,
  rel = PYSD_TOLERANCE.rel,
  abs = PYSD_TOLERANCE.abs,
): boolean {
  return Math.abs(actual - expected) <= abs + rel * Math.abs(expected)
}

/**
 * Reads `output.csv` or `output.tab` (tab-separated when the name ends in `.tab`): UTF-8, or Latin-1
 * when the bytes are not UTF-8; CRLF, bare CR and LF line endings, mixed; quoted headers such as
 * `"Inflow A[Entry 1,Column 1]"` and quoted names inside them (`"$ euro"`, read as `$ euro`); a column
 * with a value in its first row only is a constant (Vensim writes those once) and holds it throughout;
 * elsewhere an empty cell is a missing value (Vensim's :NA:), never compared.
 */
export function readCanonical(path: string): CanonicalTable {
  return parseCanonical(decode(readFileSync(path)), path.toLowerCase().endsWith('.tab') ? '\t' : ',')
}

/** Parses the text of a canonical output; see {@link readCanonical}. */
export function parseCanonical(text: string, delimiter: ',' | '\t'): CanonicalTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), delimiter).filter((r) => r.some((c) => c !== ''))
  const header = records[0] ?? []
  const rows = records.slice(1).filter((r) => (r[0] ?? '') !== '')
  const time = rows.map((r) => toNumber(r[0]!))
  const columns = new Map<string, CanonicalColumn>()
  header.forEach((name, j) => {
    if (j === 0 || name === '') return
    const unquoted = name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name
    const id = canonicalId(unquoted)
    if (columns.has(id)) return
    const filled = (i: number) => (rows[i]?.[j] ?? '') !== ''
    const constant = filled(0) && rows.every((_, i) => i === 0 || !filled(i))
    const first = constant ? toNumber(rows[0]![j]!) : NaN
    const values = rows.map((r, i) => (constant ? first : filled(i) ? toNumber(r[j]!) : NaN))
    columns.set(id, { name: unquoted, values })
  })
  return { time, columns }
}

/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (one corpus file is Latin-1). */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

/** A number cell; Vensim writes NaN and infinities in words. Anything unreadable is NaN (not compared). */
function toNumber(cell: string): number {
  const n = Number(cell)
  if (!Number.isNaN(n)) return n
  const word = cell.toLowerCase()
  if (word === 'inf' || word === 'infinity' || word === '+inf') return Infinity
  if (word === '-inf' || word === '-infinity') return -Infinity
  return NaN
}

/**
 * Splits delimited text into records of trimmed cells. Double quotes group a cell (a delimiter or line
 * break inside is kept, `""` is a quote); CRLF, CR and LF all end a record.
 */
function splitRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    record.push(cell.trim())
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === delimiter) endCell()
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endCell()
      records.push(record)
      record = []
    } else cell += c
  }
  if (cell !== '' || record.length > 0) {
    endCell()
    records.push(record)
  }
  return records
}
