import { Grid } from './data-grid.js'

/** Text of a file: UTF-8 (a byte-order mark dropped), else Windows-1252, which older Vensim files use. */
export function decodeText(bytes: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/**
 * The delimiter of a text data file. Vensim's second argument names it for text files (`','`, `';'`,
 * `'\t'` written as backslash-t or a real tab); anything else there (often a tab name left from a
 * workbook) falls back to Vensim's default: comma for `.csv`, tab for every other extension.
 */
export function delimiterFor(path: string, tab: string): string {
  if (tab === '\\t' || tab === '\t') return '\t'
  if (tab.length === 1 && !/[\p{L}\p{N}"'\s]/u.test(tab)) return tab
  return /\.csv$/i.test(path) ? ',' : '\t'
}

/**
 * The cells of delimited text. Fields may be quoted (`"a, b"`, `""` for a quote inside), as spreadsheets
 * write them; empty fields stay empty cells. Line ends may be LF, CRLF or CR; a DOS end-of-file mark
 * (Ctrl-Z) ends the text.
 */
export function parseDelimited(text: string, delimiter: string): Grid {
  const grid = new Grid()
  const end = text.indexOf('\u001a') >= 0 ? text.indexOf('\u001a') : text.length
  let row = 0
  let col = 0
  let i = 0
  while (i < end) {
    let field: string
    if (text[i] === '"') {
      let value = ''
      i++
      for (;;) {
        const close = text.indexOf('"', i)
        if (close < 0 || close >= end) {
          value += text.slice(i, end)
          i = end
          break
        }
        value += text.slice(i, close)
        i = close + 1
        if (text[i] !== '"') break
        value += '"'
        i++
      }
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      const stop = fieldEnd(text, i, end, delimiter)
      field = value + text.slice(i, stop)
      i = stop
    } else {
      const stop = fieldEnd(text, i, end, delimiter)
      field = text.slice(i, stop)
      i = stop
    }
    if (field.trim() !== '') grid.set(row, col, field)
    if (i >= end) break
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length
      col++
      continue
    }
    // A line end: CRLF counts once.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1
    row++
    col = 0
  }
  return grid
}

/** Where the field starting at `from` ends: the next delimiter or line end. */
function fieldEnd(text: string, from: number, end: number, delimiter: string): number {
  for (let i = from; i < end; i++) {
    const ch = text[i]
    if (ch === '\n' || ch === '\r' || text.startsWith(delimiter, i)) return i
  }
  return end
}
