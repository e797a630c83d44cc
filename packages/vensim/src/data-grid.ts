/**
 * The cells of one CSV file or one workbook tab, as read: numbers, or text for anything else. Empty
 * cells are absent. Rows are stored sparsely, so a lone cell at XFD1048576 costs one entry, not a sheet.
 */

export type CellValue = number | string

const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/

/**
 * A cell as a number: numbers as they are, text when it is a number and nothing else once trimmed
 * (`' 1.5 '`, `-2e3`), undefined for empty cells and other text (`n/a`, `1,000`), which Vensim treats
 * as missing values.
 */
export function numberOf(value: CellValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (value === undefined) return undefined
  const text = value.trim()
  if (!NUMBER.test(text)) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

export class Grid {
  private readonly rows = new Map<number, CellValue[]>()
  private columnEnds: Map<number, number> | undefined

  set(row: number, col: number, value: CellValue): void {
    let cells = this.rows.get(row)
    if (!cells) this.rows.set(row, (cells = []))
    cells[col] = value
    this.columnEnds = undefined
  }

  value(row: number, col: number): CellValue | undefined {
    return this.rows.get(row)?.[col]
  }

  /** One past the last column with a value in `row`; 0 when the row is empty. */
  rowEnd(row: number): number {
    const cells = this.rows.get(row)
    if (!cells) return 0
    for (let col = cells.length - 1; col >= 0; col--) if (cells[col] !== undefined) return col + 1
    return 0
  }

  /** One past the last row and one past the last column holding a value anywhere; 0 and 0 when empty. */
  extent(): { readonly rows: number; readonly cols: number } {
    let rows = 0
    let cols = 0
    for (const row of this.rows.keys()) {
      const end = this.rowEnd(row)
      if (end > 0) {
        rows = Math.max(rows, row + 1)
        cols = Math.max(cols, end)
      }
    }
    return { rows, cols }
  }

  /** One past the last row with a value in `col`; 0 when the column is empty. */
  colEnd(col: number): number {
    if (!this.columnEnds) {
      // Computed once for every column: a model reads many series down the same few columns.
      const ends = new Map<number, number>()
      for (const [row, cells] of this.rows) {
        cells.forEach((value, c) => {
          if (value !== undefined && row + 1 > (ends.get(c) ?? 0)) ends.set(c, row + 1)
        })
      }
      this.columnEnds = ends
    }
    return this.columnEnds.get(col) ?? 0
  }
}
