// Code layout for the DSL writer: flat when it fits in the width, else one item per line (the last
// argument of a call hugs the call).

const WIDTH = 120

/** Layout tree: an atom, or a bracketed list that may break across lines. */
export type Code = string | Group

export interface Group {
  readonly open: string
  readonly items: readonly Code[]
  readonly close: string
  /** Objects get spaces inside their braces when flat. */
  readonly padded: boolean
}

export function group(open: string, items: readonly Code[], close: string, padded: boolean): Group {
  return { open, items, close, padded }
}

/** `fn(arg, ...)`. */
export function callCode(fn: string, args: readonly Code[]): Group {
  return { open: `${fn}(`, items: args, close: ')', padded: false }
}

/** The code with `prefix` written before it; a group keeps its own layout. */
export function prefixed(prefix: string, c: Code): Code {
  return typeof c === 'string' ? prefix + c : { ...c, open: prefix + c.open }
}

function flat(c: Code): string {
  if (typeof c === 'string') return c
  if (c.items.length === 0) return c.open + c.close
  const inner = c.items.map(flat).join(', ')
  return c.padded ? `${c.open} ${inner} ${c.close}` : `${c.open}${inner}${c.close}`
}

/** The code as lines of text, `indent` spaces in, between `prefix` and `suffix`. */
export function layout(prefix: string, c: Code, suffix: string, indent: number): string {
  const pad = ' '.repeat(indent)
  const one = flat(c)
  if (typeof c === 'string' || indent + prefix.length + one.length + suffix.length <= WIDTH || c.items.length === 0) {
    return pad + prefix + one + suffix
  }
  const last = c.items[c.items.length - 1]!
  const isCall = c.open.endsWith('(')
  if (isCall && typeof last !== 'string') {
    const head = c.items.slice(0, -1).map(flat)
    const start = prefix + c.open + head.map((h) => h + ', ').join('')
    if (indent + start.length + last.open.length <= WIDTH) {
      return layout(start, last, c.close + suffix, indent)
    }
  }
  const lines = c.items.map((item) => layout('', item, ',', indent + 2))
  return [pad + prefix + c.open, ...lines, pad + c.close + suffix].join('\n')
}
