import type { Pos } from './ast.js'
import type { Lexer } from './lexer.js'
import type { Source } from './source.js'
import { describe, type Token } from './tokens.js'

/** A problem that ends the definition being read: parsing resumes after its `|`. */
export class ParseFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message)
  }
}

/** The lexer with what every part of the parser needs: positions, expectations, failures. */
export class TokenStream {
  constructor(
    readonly src: Source,
    readonly lexer: Lexer,
  ) {}

  pos(offset: number): Pos {
    return this.src.pos(offset)
  }

  /** `line L, column C`, for messages that point back at an opening bracket. */
  where(offset: number): string {
    const p = this.src.pos(offset)
    return `line ${p.line}, column ${p.column}`
  }

  peek(): Token {
    return this.lexer.peek()
  }

  next(): Token {
    return this.lexer.next()
  }

  /** Whether the next token is the operator `op` (or keyword); consumes it when it is. */
  eat(op: string): Token | undefined {
    const t = this.lexer.peek()
    if ((t.kind === 'op' || t.kind === 'keyword') && t.text === op) return this.lexer.next()
    return undefined
  }

  isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op
  }

  /** Ends the definition with `message`; a `bad` token's own message says more than any expectation. */
  fail(token: Token, message: string): never {
    throw new ParseFailure(token.start, token.kind === 'bad' ? token.text : message)
  }

  /** Consumes `op` or fails with "expected `op` `why`, found ...". */
  expect(op: string, why: string): Token {
    const t = this.lexer.peek()
    if ((t.kind === 'op' || t.kind === 'keyword') && t.text === op) return this.lexer.next()
    return this.fail(t, `expected "${op}" ${why}, found ${describe(t)}`)
  }

  /** A number with an optional sign (lookup points, number lists, ranges). */
  signedNumber(why: string): { value: number; start: number } {
    const t = this.lexer.next()
    let sign = 1
    let n = t
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      sign = t.text === '-' ? -1 : 1
      n = this.lexer.next()
    }
    if (n.kind !== 'number') this.fail(n, `expected a number ${why}, found ${describe(n)}`)
    return { value: sign * n.value, start: t.start }
  }
}
