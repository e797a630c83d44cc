import { parseCell, parseColumn, parseRow } from './data-cells.js'
import { DataFileError } from './data-errors.js'
import { type DataSource, openDataTable } from './data-files.js'

/** `GET DIRECT SUBSCRIPT('file', 'tab', 'firstcell', 'lastcell', 'prefix')`, arguments as written. */
export interface DirectSubscriptArgs {
  readonly file: string
  readonly tab: string
  /** The first element's cell (`B4`) or a defined name (its range, when `lastCell` is blank). */
  readonly firstCell: string
  /** The last element's cell; a row number or column letters alone bound one direction; blank reads to the end. */
  readonly lastCell: string
  /** Put before each element's name (`'Entry'` and a cell holding 1 give `Entry1`). */
  readonly prefix: string
}

/**
 * `GET DIRECT SUBSCRIPT`: the elements of a subscript range, read from the cells between the first and
 * the last cell, across and then down, empty cells left out (Vensim's reading). Numbers become names as
 * written in the shortest form (`1`, `2.5`). Throws DataFileError when no cell holds a name.
 */
export function readDirectSubscript(source: DataSource, args: DirectSubscriptArgs): string[] {
  const table = openDataTable(source, args.file, args.tab)
  const fail = (message: string): never => {
    throw new DataFileError(`${table.label}: ${message}`, table.file)
  }
  const first =
    table.locate(args.firstCell.trim()) ??
    fail(`"${args.firstCell}" is neither a cell (like B4) nor a name defined there: name the first element's cell`)
  const { grid } = first
  const extent = grid.extent()
  // A range (a defined name) bounds the reading itself; a lone first cell reads to the sheet's end.
  const range = first.area.bottom > first.area.top || first.area.right > first.area.left
  let bottom = range ? first.area.bottom : extent.rows - 1
  let right = range ? first.area.right : extent.cols - 1
  const last = args.lastCell.trim()
  if (last !== '') {
    const cell = parseCell(last)
    const row = parseRow(last)
    const col = parseColumn(last)
    if (cell) [bottom, right] = [cell.row, cell.col]
    else if (row !== undefined) bottom = row
    else if (col !== undefined) right = col
    else fail(`the last cell "${args.lastCell}" is neither a cell, a row number nor a column's letters`)
  }
  const names: string[] = []
  for (let row = first.area.top; row <= bottom; row++) {
    for (let col = first.area.left; col <= right; col++) {
      const value = grid.value(row, col)
      const text = typeof value === 'number' ? String(value) : value?.trim()
      if (text) names.push(`${args.prefix}${text}`)
    }
  }
  if (names.length === 0) fail(`no cell from "${args.firstCell}" to "${args.lastCell}" holds an element's name`)
  return names
}
