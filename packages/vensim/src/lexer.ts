import { continuationEnd, isBlank, isDigit, isNameChar, isNameStart, isNewline } from './chars.js'
import { KEYWORDS, type Token, type TokenKind } from './tokens.js'

const ONE_CHAR_OPS = '+-*/^()[],;!=<>:~|'

/**
 * Tokens of the equations section, read on demand from a cursor the parser may move: the units and
 * comments after `~` are raw text the parser reads itself, then hands the cursor back. Every token is
 * read in time linear in its length; names with wrapped lines or runs of blanks are rebuilt once.
 */
export class Lexer {
  /** The offset of the next character to read. */
  at: number
  private peeked: Token | undefined

  constructor(
    readonly text: string,
    start: number,
    /** Where the equations section ends (the sketch marker, or the end of the text). */
    readonly end: number,
  ) {
    this.at = start
  }

  /** Moves the cursor (dropping a peeked token). */
  seek(offset: number): void {
    this.at = offset
    this.peeked = undefined
  }

  /** The cursor before the peeked token, for backtracking with `seek`. */
  mark(): number {
    return this.peeked === undefined ? this.at : this.peeked.start
  }

  peek(): Token {
    if (this.peeked === undefined) this.peeked = this.read()
    return this.peeked
  }

  next(): Token {
    const token = this.peek()
    this.peeked = undefined
    return token
  }

  /** Skips blanks, line breaks, line continuations and `{...}` comments (an unclosed one stays). */
  skipSpace(): void {
    if (this.peeked !== undefined) this.seek(this.peeked.start)
    const { text, end } = this
    let i = this.at
    while (i < end) {
      const c = text.charCodeAt(i)
      if (c <= 32 || c === 0xa0 || c === 0xfeff) i++
      else if (c === 92) {
        const k = continuationEnd(text, i, end)
        if (k < 0) break
        i = k
      } else if (c === 123) {
        const k = this.commentEnd(i)
        if (k < 0) break
        i = k
      } else break
    }
    this.at = i
  }

  /** The end of a `{...}` comment (they nest), or -1 when it is not closed before a `|`. */
  private commentEnd(i: number): number {
    const { text, end } = this
    let depth = 0
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k)
      if (c === 123) depth++
      else if (c === 125 && --depth === 0) return k + 1
      else if (c === 124) return -1
    }
    return -1
  }

  private token(kind: TokenKind, text: string, start: number, end: number, value = 0): Token {
    this.at = end
    return { kind, text, value, start, end }
  }

  private read(): Token {
    this.skipSpace()
    const { text, end } = this
    const i = this.at
    if (i >= end) return this.token('eof', '', end, end)
    const c = text.charCodeAt(i)
    if (isNameStart(c)) return this.name(i)
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) return this.number(i)
    if (c === 34) return this.quoted(i)
    if (c === 39) return this.string(i)
    if (c === 58) {
      const keyword = this.keyword(i)
      if (keyword) return keyword
    }
    if (c === 123) {
      let k = i
      while (k < end && text.charCodeAt(k) !== 124) k++
      return this.token('bad', 'a "{" comment that is not closed: close it with "}"', i, k)
    }
    const op = this.operator(c, text.charCodeAt(i + 1), text.charCodeAt(i + 2))
    if (op !== undefined) return this.token('op', op, i, i + op.length)
    const message =
      c === 92
        ? 'a "\\" that does not end a line: a backslash only wraps a line, or sits inside a quoted name'
        : `the character "${String.fromCodePoint(text.codePointAt(i)!)}" cannot stand here: ` +
          'a name holding it goes in double quotes'
    return this.token('bad', message, i, i + (c >= 0xd800 && c < 0xdc00 ? 2 : 1))
  }

  /** The operator starting with the characters `c`, `d`, `e`: `<->`, a two-character one, or one character. */
  private operator(c: number, d: number, e: number): string | undefined {
    if (c === 60) {
      if (d === 45 && e === 62) return '<->'
      if (d === 61) return '<='
      if (d === 62) return '<>'
    } else if (d === 61 && (c === 61 || c === 58 || c === 62)) return c === 61 ? '==' : c === 58 ? ':=' : '>='
    else if (c === 45 && d === 62) return '->'
    const one = String.fromCharCode(c)
    return ONE_CHAR_OPS.includes(one) ? one : undefined
  }

  /** A name: name characters, with single blanks (or wrapped lines) between runs of them. */
  private name(start: number): Token {
    const { text, end } = this
    let i = start
    let pieces: string[] | undefined
    let pieceStart = start
    for (;;) {
      while (i < end && isNameChar(text.charCodeAt(i))) i++
      // Blanks and continuations, then a name character: the name goes on.
      let j = i
      let spaced = false
      for (;;) {
        const c = text.charCodeAt(j)
        if (j < end && isBlank(c)) {
          spaced = true
          j++
        } else if (c === 92 && j < end) {
          const k = continuationEnd(text, j, end)
          if (k < 0) break
          j = k
        } else break
      }
      if (j === i || j >= end || !isNameChar(text.charCodeAt(j))) break
      if (pieces !== undefined || j - i !== 1 || text.charCodeAt(i) !== 32) {
        pieces ??= []
        pieces.push(text.slice(pieceStart, i))
        if (spaced) pieces.push(' ')
        pieceStart = j
      }
      i = j
    }
    const value = pieces === undefined ? text.slice(start, i) : pieces.join('') + text.slice(pieceStart, i)
    return this.token('name', value, start, i)
  }

  /** The offset after a continuation at `k`, or `k`. */
  private unwrap(k: number): number {
    if (this.text.charCodeAt(k) !== 92) return k
    const after = continuationEnd(this.text, k, this.end)
    return after < 0 ? k : after
  }

  /** Digits from `k`, appended to `digits`; returns where they end. */
  private digits(k: number, digits: string[]): number {
    const { text } = this
    while (isDigit(text.charCodeAt(k))) {
      const from = k
      while (isDigit(text.charCodeAt(k))) k++
      digits.push(text.slice(from, k))
      k = this.unwrap(k)
    }
    return k
  }

  /** `12`, `.5`, `5.`, `1e+006`, even wrapped across lines. */
  private number(start: number): Token {
    const { text } = this
    const digits: string[] = []
    let k = this.digits(start, digits)
    if (text.charCodeAt(k) === 46) {
      digits.push('.')
      k = this.digits(this.unwrap(k + 1), digits)
    }
    const e = text.charCodeAt(k)
    if (e === 101 || e === 69) {
      let m = this.unwrap(k + 1)
      let sign = ''
      const s = text.charCodeAt(m)
      if (s === 43 || s === 45) {
        sign = text[m]!
        m = this.unwrap(m + 1)
      }
      if (isDigit(text.charCodeAt(m))) {
        digits.push('e' + sign)
        k = this.digits(m, digits)
      }
    }
    const written = digits.length === 1 ? digits[0]! : digits.join('')
    return this.token('number', written, start, Math.min(k, this.end), Number(written))
  }

  /** `"a \"b\" c"`: the name inside, `\"` read as `"`, blanks collapsed. Must close on its line. */
  private quoted(start: number): Token {
    const { text, end } = this
    let out = ''
    let piece = start + 1
    for (let k = start + 1; k < end; k++) {
      const c = text.charCodeAt(k)
      if (c === 34) {
        out += text.slice(piece, k)
        return this.token('quoted', out.replace(/[ \t\u00a0]+/g, ' ').trim(), start, k + 1)
      }
      if (c === 92) {
        if (text.charCodeAt(k + 1) === 34) {
          out += text.slice(piece, k) + '"'
          piece = k + 2
          k++
          continue
        }
        const after = continuationEnd(text, k, end)
        if (after >= 0) {
          out += text.slice(piece, k)
          piece = after
          k = after - 1
        }
        continue
      }
      if (isNewline(c)) break
    }
    // Only the quote is bad: reading on after it finds the end of the definition on its line.
    return this.token('bad', 'a quoted name whose closing " is missing on its line: close it', start, start + 1)
  }

  /** `'file.csv'`: a string, closed on its line. */
  private string(start: number): Token {
    const { text, end } = this
    for (let k = start + 1; k < end; k++) {
      const c = text.charCodeAt(k)
      if (c === 39) return this.token('string', text.slice(start + 1, k), start, k + 1)
      if (isNewline(c)) break
    }
    return this.token('bad', "a string whose closing ' is missing on its line: close it", start, start + 1)
  }

  /** `:AND:`, `:HOLD BACKWARD:`...: only the known ones, so `Region: a, b` stays a `:`. */
  private keyword(start: number): Token | undefined {
    const { text, end } = this
    let k = start + 1
    while (k < end && k - start < 24) {
      const c = text.charCodeAt(k)
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32) k++
      else break
    }
    if (k === start + 1 || text.charCodeAt(k) !== 58) return undefined
    const word = text
      .slice(start, k + 1)
      .toUpperCase()
      .replace(/ +/g, ' ')
    return KEYWORDS.has(word) ? this.token('keyword', word, start, k + 1) : undefined
  }
}
