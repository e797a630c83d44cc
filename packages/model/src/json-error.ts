/** A JSON.parse failure in the user's terms: 1-based line and column when they can be told, and what is wrong. */
export interface JsonSyntaxError {
  readonly line?: number
  readonly column?: number
  readonly problem: string
}

// V8 quotes this many characters either side of an unexpected token ("Unexpected token ']', ..."1,\n]"...").
const CONTEXT = 10

/** Reads V8's JSON.parse message (an offset, or a quoted context) back to a position in `text`. */
export function jsonSyntaxError(message: string, text: string): JsonSyntaxError {
  const at = /^(.*?) (?:in JSON )?at position (\d+)/.exec(message)
  if (at) return located(text, Number(at[2]), at[1]!)
  if (message.startsWith('Unexpected end of JSON input'))
    return { ...lineColumn(text, text.length), problem: 'unexpected end of the file; is a closing } or ] missing?' }
  const token = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message)
  if (token) {
    const [, char = '', before, context = '', after] = token
    const problem = `Unexpected token '${char}'`
    const start = text.indexOf(context)
    if (start < 0 || text.indexOf(context, start + 1) >= 0) return { problem }
    let offset: number | undefined
    if (before) offset = start + CONTEXT
    else if (after) offset = context.length - CONTEXT
    else if (context.indexOf(char) === context.lastIndexOf(char)) offset = context.indexOf(char)
    return offset === undefined || text[offset] !== char ? { problem } : located(text, offset, problem)
  }
  return { problem: message.split('\n')[0]! }
}

/** The position of `offset`, and the commonest cause when a comma comes just before it. */
function located(text: string, offset: number, problem: string): JsonSyntaxError {
  const trailingComma = /,\s*$/.test(text.slice(0, offset)) && /^[\]}]/.test(text.slice(offset))
  return {
    ...lineColumn(text, offset),
    problem: trailingComma ? `${problem}; JSON allows no comma before it` : problem,
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}
