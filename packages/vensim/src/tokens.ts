/** The tokens of the equations section of a `.mdl` file. */

/**
 * - `name`: a variable, function or subscript name as written, runs of white space as one space;
 * - `quoted`: a name in double quotes, `text` without the quotes and with `\"` read as `"`;
 * - `string`: text in single quotes (file names, cells of `GET DIRECT DATA`);
 * - `number`: `value` holds it;
 * - `keyword`: `:NA:`, `:AND:`, `:EXCEPT:`..., `text` upper case with single spaces (`:HOLD BACKWARD:`);
 * - `op`: operators and punctuation, including `~` and `|` that end an equation;
 * - `bad`: a character or a run of text that cannot start a token; `text` says what is wrong;
 * - `eof`: the end of the equations section.
 */
export type TokenKind = 'name' | 'quoted' | 'string' | 'number' | 'keyword' | 'op' | 'bad' | 'eof'

export interface Token {
  readonly kind: TokenKind
  readonly text: string
  readonly value: number
  /** Offsets of the token's first character and the one after its last. */
  readonly start: number
  readonly end: number
}

/** The `:WORD:` keywords of the equations section. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ':NA:',
  ':AND:',
  ':OR:',
  ':NOT:',
  ':EXCEPT:',
  ':INTERPOLATE:',
  ':HOLD BACKWARD:',
  ':LOOK FORWARD:',
  ':RAW:',
  ':MACRO:',
  ':END OF MACRO:',
  ':THE CONDITION:',
  ':TEST INPUT:',
  ':IMPLIES:',
])

/** How a token reads in a problem's message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the equations'
    case 'name':
    case 'quoted':
      return `"${token.text}"`
    case 'string':
      return `'${token.text}'`
    case 'number':
      return `the number ${token.value}`
    case 'bad':
      return token.text
    default:
      return `"${token.text}"`
  }
}
