/**
 * Spreadsheet addresses (`B2`, `$B$2`, `B2:D9`, `'My tab'!$C$5:$E$7`) as 0-based rows and columns.
 * The same notation serves CSV files: Vensim counts their rows from 1 and their columns from A too.
 */

/** Excel's limits: 1,048,576 rows, 16,384 columns (A to XFD). */
export const MAX_ROWS = 1_048_576
export const MAX_COLUMNS = 16_384

/** A cell: 0-based row and column. */
export interface Cell {
  readonly row: number
  readonly col: number
}

/** A rectangle of cells, corners included. */
export interface Area {
  readonly top: number
  readonly left: number
  readonly bottom: number
  readonly right: number
}

/** A column's letters (`A`, `ab`, `XFD`) as its 0-based index; undefined past XFD or for anything else. */
export function parseColumn(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined
  let col = 0
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64)
  return col <= MAX_COLUMNS ? col - 1 : undefined
}

/** A 1-based row number as written (`12`) as its 0-based index; undefined past Excel's last row. */
export function parseRow(digits: string): number | undefined {
  if (!/^[0-9]{1,7}$/.test(digits)) return undefined
  const row = Number(digits)
  return row >= 1 && row <= MAX_ROWS ? row - 1 : undefined
}

/** `B2`, `$B$2` or `b2`; undefined when the text is not one cell. */
export function parseCell(text: string): Cell | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(text.trim())
  if (!m) return undefined
  const col = parseColumn(m[1]!)
  const row = parseRow(m[2]!)
  return col === undefined || row === undefined ? undefined : { row, col }
}

/** `B2` or `B2:D9` (with or without `$`), corners put in order; undefined for anything else. */
export function parseArea(text: string): Area | undefined {
  const [first, second, ...rest] = text.split(':')
  if (rest.length > 0 || first === undefined) return undefined
  const a = parseCell(first)
  const b = second === undefined ? a : parseCell(second)
  if (!a || !b) return undefined
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  }
}

/**
 * The target of a workbook's defined name, `Sheet1!$B$3:$B$6` or `'My tab'!$C$5` (a quote inside a
 * quoted tab name is doubled); undefined for anything else (formulas, several areas, `#REF!`).
 */
export function parseSheetArea(text: string): { readonly sheet: string; readonly area: Area } | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^'!:]+))!([^!]+)$/.exec(text.trim())
  if (!m) return undefined
  const area = parseArea(m[3]!)
  if (!area) return undefined
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!, area }
}

/** The letters of a 0-based column (`0` is `A`). */
export function columnName(col: number): string {
  let name = ''
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** The A1 name of a cell. */
export function cellName(cell: Cell): string {
  return `${columnName(cell.col)}${cell.row + 1}`
}
