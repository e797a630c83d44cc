import { cellName } from './data-cells.js'
import { DataFileError } from './data-errors.js'
import { type DataSource, type DirectConstantsArgs, openDataTable } from './data-files.js'
import { numberOf } from './data-grid.js'

/**
 * `GET DIRECT CONSTANTS` / `GET XLS CONSTANTS` for one (scalar) constant: the number in the cell (or
 * the first cell of the defined name). Throws DataFileError when the cell holds no number.
 */
export function readDirectConstants(source: DataSource, args: DirectConstantsArgs): number {
  return readDirectConstantsBlock(source, args, 1, 1)[0]![0]!
}

/**
 * `GET DIRECT CONSTANTS` for an array: `rows` by `cols` numbers from the first cell, the last subscript
 * across (columns) and the one before it down (rows), as Vensim reads them; a trailing `*` on the cell
 * transposes the reading (the last subscript down). A vector is one row of `cols`. Every cell must hold a
 * number: Vensim reports a constant it cannot read, and so does this (DataFileError naming the cell).
 */
export function readDirectConstantsBlock(
  source: DataSource,
  args: DirectConstantsArgs,
  rows: number,
  cols: number,
): number[][] {
  for (const n of [rows, cols]) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`a constants block needs sizes of 1 or more, not ${n}`)
  }
  const table = openDataTable(source, args.file, args.tab)
  const written = args.cell.trim()
  const transposed = written.endsWith('*')
  const ref = transposed ? written.slice(0, -1).trim() : written
  const start = table.locate(ref)
  if (!start) {
    throw new DataFileError(
      `${table.label}: "${args.cell}" is neither a cell (like B2) nor a name defined there: name the constant's cell`,
      table.file,
    )
  }
  const block: number[][] = []
  for (let i = 0; i < rows; i++) {
    const line: number[] = []
    for (let j = 0; j < cols; j++) {
      const cell = transposed
        ? { row: start.area.top + j, col: start.area.left + i }
        : { row: start.area.top + i, col: start.area.left + j }
      const raw = start.grid.value(cell.row, cell.col)
      const value = numberOf(raw)
      if (value === undefined) {
        const holds = raw === undefined ? 'is empty' : `holds "${String(raw).trim()}", not a number`
        throw new DataFileError(
          `${start.label}: cell ${cellName(cell)} ${holds}: put the constant's value there`,
          table.file,
        )
      }
      line.push(value)
    }
    block.push(line)
  }
  return block
}
