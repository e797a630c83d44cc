import type { Pos } from './ast.js'

/** A token of a changes (`.cin`) file. */
export type ChangesToken =
  | { readonly t: 'name'; readonly text: string; readonly pos: Pos }
  | { readonly t: 'num'; readonly value: number; readonly text: string; readonly pos: Pos }
  /** `=`, `:=`, `==`, `<=`, `(`, `)`, `[`, `]`, `,`, `;`, `-`, `+`, `:IS:` and any other character. */
  | { readonly t: 'punct'; readonly text: string; readonly pos: Pos }
  /** A `'literal'`, the value of a string variable. */
  | { readonly t: 'string'; readonly text: string; readonly pos: Pos }
  /** A problem found while reading tokens (an unclosed comment or quote). */
  | { readonly t: 'error'; readonly message: string; readonly pos: Pos }

const NUMBER = /(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y
// An unquoted Vensim name: a letter (or _ $) first, then letters, digits, blanks and a few signs.
const NAME = /[\p{L}_$][\p{L}\p{N}_$'&% \t]*/uy
const PUNCT = /:IS:|:=|==|<=|>=|[=()[\],;+\-<>:!]/iy

/**
 * The tokens of a changes file, in order, with positions. `{ ... }` comments are skipped, a DOS
 * end-of-file mark (Ctrl-Z) ends the text, and a byte-order mark is dropped.
 */
export function tokenizeChanges(source: string): ChangesToken[] {
  const stop = source.indexOf('\u001a')
  const text = (stop >= 0 ? source.slice(0, stop) : source).replace(/^\uFEFF/, '')
  const tokens: ChangesToken[] = []
  let line = 1
  let lineStart = 0
  const posAt = (offset: number): Pos => ({ line, column: offset - lineStart + 1, offset })
  // Moves past text[from, to), counting the line ends in it.
  const advance = (from: number, to: number): number => {
    for (let k = from; k < to; k++) {
      const ch = text[k]
      if (ch === '\n' || (ch === '\r' && text[k + 1] !== '\n')) {
        line++
        lineStart = k + 1
      }
    }
    return to
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (/\s/.test(ch)) {
      i = advance(i, i + 1)
      continue
    }
    const pos = posAt(i)
    if (ch === '{') {
      const close = text.indexOf('}', i)
      if (close < 0) {
        tokens.push({ t: 'error', message: 'a comment "{" is never closed with "}": close it', pos })
        break
      }
      i = advance(i, close + 1)
      continue
    }
    if (ch === '"' || ch === "'") {
      let k = i + 1
      let value = ''
      while (k < text.length && text[k] !== ch && text[k] !== '\n') {
        if (text[k] === '\\' && k + 1 < text.length && text[k + 1] !== '\n') k++
        value += text[k]
        k++
      }
      if (text[k] !== ch) {
        tokens.push({
          t: 'error',
          message: `a ${ch === '"' ? 'quoted name' : 'literal'} is not closed on its line: close it with ${ch}`,
          pos,
        })
        i = advance(i, k)
        continue
      }
      tokens.push(ch === '"' ? { t: 'name', text: value.trim(), pos } : { t: 'string', text: value, pos })
      i = advance(i, k + 1)
      continue
    }
    for (const [re, kind] of [
      [NUMBER, 'num'],
      [NAME, 'name'],
      [PUNCT, 'punct'],
    ] as const) {
      re.lastIndex = i
      const m = re.exec(text)
      if (!m) continue
      const raw = m[0]
      if (kind === 'num') tokens.push({ t: 'num', value: Number(raw), text: raw, pos })
      else if (kind === 'name') tokens.push({ t: 'name', text: raw.trim().replace(/[ \t]+/g, ' '), pos })
      else tokens.push({ t: 'punct', text: raw.toUpperCase(), pos })
      i = advance(i, i + raw.length)
      break
    }
    if (i === pos.offset) {
      tokens.push({ t: 'punct', text: ch, pos })
      i = advance(i, i + 1)
    }
  }
  return tokens
}
