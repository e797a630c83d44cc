import { ParseFailure, type TokenStream } from './stream.js'
import type { Token } from './tokens.js'

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * The body of `TABBED ARRAY(...)` after its `(` (`open`): numbers separated by blanks, rows by line
 * breaks, as pasted from a spreadsheet. Read raw, up to the `)`, which must come before the `~`.
 */
export function tabbedArray(s: TokenStream, open: Token): number[][] {
  const { text, end } = s.lexer
  let close = open.end
  while (close < end && text[close] !== ')' && text[close] !== '~' && text[close] !== '|') close++
  if (text[close] !== ')')
    throw new ParseFailure(open.start, 'TABBED ARRAY( has no closing ")" before the end of the equation')
  const rows: number[][] = []
  let offset = open.end
  for (const line of text.slice(open.end, close).split(/\r\n|\n|\r/)) {
    const row: number[] = []
    for (const cell of line.split(/[ \t]+/)) {
      if (cell === '') continue
      if (!NUMBER.test(cell)) {
        const at = text.indexOf(cell, offset)
        throw new ParseFailure(at, `TABBED ARRAY holds "${cell}", not a number: write numbers separated by tabs`)
      }
      row.push(Number(cell))
    }
    offset += line.length + 1
    if (row.length > 0) rows.push(row)
  }
  s.lexer.seek(close + 1)
  return rows
}
