import type { UnsupportedFeature } from './errors.js'

/** What a token of an XMILE expression is. */
export type TokenKind = 'number' | 'name' | 'quoted' | 'op' | 'end'

/** One token; `start` is its offset in the equation text (for messages). */
export interface Token {
  readonly kind: TokenKind
  /** Operators as written (`<=`, `<>`); names unquoted with escapes resolved; numbers as written. */
  readonly text: string
  readonly start: number
}

/** A problem in an equation's text, at an offset; `feature` when it is a feature stockflow lacks. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly feature?: UnsupportedFeature,
  ) {
    super(message)
    this.name = 'ExpressionError'
  }
}

// `'` transposes an array, `!` is Vensim's bang in a subscript, `@` a dimension position.
const OPERATORS = [
  ...['<=', '>=', '<>', '!=', '==', '+', '-', '*', '/', '^', '(', ')', ',', '<', '>', '=', '[', ']', ':'],
  ...["'", '!', '@'],
]

/** Letters of any script, digits, underscore, `$` and `.` (module qualification) continue a bare name. */
const NAME_START = /[\p{L}_$]/u
const NAME_PART = /[\p{L}\p{M}\p{N}_$]/u

/**
 * Splits an XMILE equation into tokens. `{comments}` are dropped, numbers read as `1`, `.5`, `1e-3`,
 * names bare (`Room_Temperature`, `hares.area`) or double-quoted with `\"` and `\\` escapes.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '{') {
      const close = text.indexOf('}', i + 1)
      if (close < 0) throw new ExpressionError('a {comment} is not closed', i)
      i = close + 1
      continue
    }
    if (c === '?') {
      throw new ExpressionError('the equation is a placeholder (???), left by a failed conversion', i)
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!
      tokens.push({ kind: 'number', text: m[0], start: i })
      i += m[0].length
      continue
    }
    if (c === '"') {
      let name = ''
      let j = i + 1
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++
        name += text[j]
      }
      if (j >= text.length) throw new ExpressionError('a quoted name is not closed', i)
      tokens.push({ kind: 'quoted', text: name, start: i })
      i = j + 1
      continue
    }
    if (NAME_START.test(c)) {
      let j = i + 1
      while (j < text.length && (NAME_PART.test(text[j]!) || (text[j] === '.' && NAME_START.test(text[j + 1] ?? ''))))
        j++
      tokens.push({ kind: 'name', text: text.slice(i, j), start: i })
      i = j
      continue
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i))
    if (op === undefined) throw new ExpressionError(`unexpected character "${c}"`, i)
    tokens.push({ kind: 'op', text: op, start: i })
    i += op.length
  }
  tokens.push({ kind: 'end', text: '', start: text.length })
  return tokens
}
