import { type Cell, cellName, columnName, parseArea, parseColumn, parseRow } from './data-cells.js'
import { DataFileError } from './data-errors.js'
import { type DataSource, type DataTable, type DirectDataArgs, openDataTable } from './data-files.js'
import { type Grid, numberOf } from './data-grid.js'

/** A data variable's points read from a file: times in increasing order, each with its value. */
export interface DataSeries {
  readonly times: readonly number[]
  readonly values: readonly number[]
}

/** A lookup read from a file: x in increasing order, each with its y. */
export interface LookupPoints {
  readonly x: readonly number[]
  readonly y: readonly number[]
}

/**
 * `GET DIRECT DATA` / `GET XLS DATA` for one (scalar) data variable. Times are read from the time row
 * (`'1'`, times across) from the first cell's column to the row's last value, or from the time column
 * (`'A'`, times down) from the first cell's row to the column's last value, or from a defined name (one
 * row or one column of times, the first cell's name giving the values beside them). A time or value that
 * is empty or not a number is a missing value, and Vensim leaves out that point, as here; the points
 * come back sorted by time. Throws DataFileError (one line, naming the file) when nothing can be read.
 */
export function readDirectData(source: DataSource, args: DirectDataArgs): DataSeries {
  return readDirectDataBlock(source, args, 1)[0]!
}

/**
 * `GET DIRECT DATA` for a vector of `count` data variables: element k is read one row below (times
 * across) or one column right (times down) of element k - 1, each with its own missing points.
 */
export function readDirectDataBlock(source: DataSource, args: DirectDataArgs, count: number): DataSeries[] {
  return readSeries(source, args, count, 'time').map((p) => ({ times: p.xs, values: p.ys }))
}

/** `GET DIRECT LOOKUPS` / `GET XLS LOOKUPS` for one lookup: read as `readDirectData` reads times and values. */
export function readDirectLookups(source: DataSource, args: DirectDataArgs): LookupPoints {
  return readDirectLookupsBlock(source, args, 1)[0]!
}

/** `GET DIRECT LOOKUPS` for a vector of `count` lookups, laid out as in `readDirectDataBlock`. */
export function readDirectLookupsBlock(source: DataSource, args: DirectDataArgs, count: number): LookupPoints[] {
  return readSeries(source, args, count, 'x').map((p) => ({ x: p.xs, y: p.ys }))
}

interface Axis {
  /** Where the times (or x values) are, in order. */
  readonly cells: readonly Cell[]
  readonly grid: Grid
  /** Times across (in a row, elements down) or down (in a column, elements across). */
  readonly across: boolean
  /** `row 1`, `column A`, `"Time1" (B4:G4)`. */
  readonly description: string
}

function readSeries(
  source: DataSource,
  args: DirectDataArgs,
  count: number,
  what: 'time' | 'x',
): { xs: number[]; ys: number[] }[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`a data block needs a count of 1 or more, not ${count}`)
  const table = openDataTable(source, args.file, args.tab)
  const fail = (message: string): never => {
    throw new DataFileError(`${table.label}: ${message}`, table.file)
  }
  // A trailing `*` transposes constants; data and lookups are laid out by their time row or column.
  const ref = args.cell.trim().replace(/\*$/, '')
  const start =
    table.locate(ref) ??
    fail(
      `"${args.cell}" is neither a cell (like B2) nor a name defined there: name the first ${what === 'time' ? 'data' : 'lookup'} cell`,
    )
  const first = { row: start.area.top, col: start.area.left }
  const axis = axisOf(args.timeRowOrCol.trim(), first, start.grid, table, what, fail)
  // A range of values (not a lone first cell) spans the elements too: it must hold them all.
  const { top, left, bottom, right } = start.area
  const span = axis.across ? bottom - top + 1 : right - left + 1
  if ((bottom > top || right > left) && span < count) {
    const unit = axis.across ? (span === 1 ? 'row' : 'rows') : span === 1 ? 'column' : 'columns'
    fail(`"${args.cell}" has ${span} ${unit} of values, fewer than the ${count} elements read`)
  }

  const series: { xs: number[]; ys: number[] }[] = []
  for (let k = 0; k < count; k++) {
    const points: { x: number; y: number; at: Cell }[] = []
    axis.cells.forEach((at, j) => {
      const x = numberOf(axis.grid.value(at.row, at.col))
      const cell = axis.across ? { row: first.row + k, col: first.col + j } : { row: first.row + j, col: first.col + k }
      const y = numberOf(start.grid.value(cell.row, cell.col))
      if (x !== undefined && y !== undefined) points.push({ x, y, at })
    })
    const firstCell = cellName(
      axis.across ? { row: first.row + k, col: first.col } : { row: first.row, col: first.col + k },
    )
    if (points.length === 0) {
      fail(
        `no ${what} in ${axis.description} has a number beside it from ${firstCell} on: ` +
          `check the first cell ("${args.cell}") and the ${what} row or column ("${args.timeRowOrCol}")`,
      )
    }
    points.sort((a, b) => a.x - b.x)
    for (let i = 1; i < points.length; i++) {
      if (points[i]!.x === points[i - 1]!.x) {
        const [a, b] = [points[i - 1]!.at, points[i]!.at].sort((p, q) => p.row - q.row || p.col - q.col)
        fail(
          `${what} ${points[i]!.x} appears twice in ${axis.description} (${cellName(a!)} and ${cellName(b!)}): give each ${what} once`,
        )
      }
    }
    series.push({ xs: points.map((p) => p.x), ys: points.map((p) => p.y) })
  }
  return series
}

/** Where the times are: a defined name (or an explicit range), a row number, or a column's letters. */
function axisOf(
  arg: string,
  first: Cell,
  grid: Grid,
  table: DataTable,
  what: 'time' | 'x',
  fail: (message: string) => never,
): Axis {
  if (table.isName(arg) || arg.includes(':')) {
    const named = table.locate(arg) ?? fail(`"${arg}" is not a range of ${what} values`)
    const { top, left, bottom, right } = named.area
    if (top !== bottom && left !== right) {
      fail(`"${arg}" spans several rows and columns: the ${what} values must be one row or one column`)
    }
    const across = top === bottom
    const cells: Cell[] = []
    if (across) for (let col = left; col <= right; col++) cells.push({ row: top, col })
    else for (let row = top; row <= bottom; row++) cells.push({ row, col: left })
    const range = `${cellName({ row: top, col: left })}:${cellName({ row: bottom, col: right })}`
    return { cells, grid: named.grid, across, description: parseArea(arg) ? range : `"${arg}" (${range})` }
  }
  if (/^[0-9]+$/.test(arg)) {
    const row = parseRow(arg) ?? fail(`the ${what} row "${arg}" is not a row number from 1 to 1048576`)
    const cells: Cell[] = []
    for (let col = first.col; col < grid.rowEnd(row); col++) cells.push({ row, col })
    return { cells, grid, across: true, description: `row ${row + 1}` }
  }
  const col = parseColumn(arg)
  if (col === undefined) {
    fail(`the ${what} row or column "${arg}" is neither a row number, a column's letters nor a defined name`)
  }
  const cells: Cell[] = []
  for (let row = first.row; row < grid.colEnd(col!); row++) cells.push({ row, col: col! })
  return { cells, grid, across: false, description: `column ${columnName(col!)}` }
}
