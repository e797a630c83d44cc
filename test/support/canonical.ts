import { readFileSync } from 'node:fs'
import { canonicalId } from '@stockflow/model'

/** A canonical output table of the SDXorg test-models: times and columns by canonical id. */
export interface CanonicalTable {
  readonly time: number[]
  readonly columns: Map<string, { name: string; values: number[] }>
}

/** Splits one CSV line, honouring double quotes (headers like `"Inflow A[Entry 1]"`). */
function splitCsv(line: string, delimiter: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === delimiter) {
      cells.push(cell)
      cell = ''
    } else cell += c
  }
  cells.push(cell)
  return cells.map((s) => s.trim())
}

/**
 * Reads `output.csv` or `output.tab`: line endings of any kind, Latin-1 tolerated, constants that
 * appear only in the first row forward-filled.
 */
export function readCanonical(path: string): CanonicalTable {
  const text = readFileSync(path, 'latin1')
  const delimiter = path.endsWith('.tab') ? '\t' : ','
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '')
  const header = splitCsv(lines[0]!, delimiter)
  const rows = lines.slice(1).map((l) => splitCsv(l, delimiter))
  const time = rows.map((r) => Number(r[0]))
  const columns = new Map<string, { name: string; values: number[] }>()
  header.slice(1).forEach((name, j) => {
    let last = NaN
    const values = rows.map((r) => {
      const cell = r[j + 1]
      if (cell !== undefined && cell !== '') last = Number(cell)
      return last
    })
    columns.set(canonicalId(name), { name, values })
  })
  return { time, columns }
}

/** PySD's tolerance: |actual - expected| <= 1e-5 + 1e-5 * |expected|. */
export function withinTolerance(actual: number, expected: number, rel = 1e-5, abs = 1e-5): boolean {
  return Math.abs(actual - expected) <= abs + rel * Math.abs(expected)
}
