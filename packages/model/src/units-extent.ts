import type { Expr, Span } from './ast.js'

/**
 * Where every node of a parsed equation sits in its text, so a message can quote the very term at fault.
 * The parser keeps positions only for names and calls; numbers, operators and calls' closing parentheses
 * are found here by reading the text forward in the order the nodes were written. A node whose place
 * cannot be found has no span.
 */
export function termSpans(text: string, expr: Expr): ReadonlyMap<Expr, Span> {
  const spans = new Map<Expr, Span>()
  let cursor = 0

  const visit = (node: Expr): Span | undefined => {
    const before = cursor
    let span: Span | undefined
    switch (node.type) {
      case 'num': {
        const literal = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b/g
        literal.lastIndex = cursor
        const m = literal.exec(text)
        if (m) span = { start: m.index, end: m.index + m[0].length }
        break
      }
      case 'ref':
        span = node.span && subscripted(text, quoted(text, node.span), node.subs !== undefined)
        break
      case 'unary': {
        const arg = visit(node.arg)
        const symbol = node.op === 'not' ? 'not' : node.op
        const at = arg ? text.lastIndexOf(symbol, arg.start - 1) : -1
        span = arg && at >= before ? { start: at, end: arg.end } : arg
        break
      }
      case 'binary': {
        const left = visit(node.left)
        const right = visit(node.right)
        span = left && right ? { start: left.start, end: right.end } : (left ?? right)
        break
      }
      case 'if': {
        const parts = [visit(node.cond), visit(node.then), visit(node.else)]
        const first = parts[0]
        const last = parts[2]
        span = first && last ? { start: first.start, end: last.end } : undefined
        break
      }
      case 'call':
      case 'lookup': {
        const name = node.span && subscripted(text, quoted(text, node.span), node.type === 'lookup' && !!node.subs)
        if (name) cursor = name.end
        const args = node.type === 'call' ? node.args : [node.arg]
        for (const a of args) visit(a)
        const close = name ? closingParen(text, name.end) : -1
        span = name && close >= 0 ? { start: name.start, end: close + 1 } : name
        break
      }
    }
    if (span) {
      span = parenthesized(text, span)
      spans.set(node, span)
      cursor = Math.max(cursor, span.end)
    }
    return span
  }

  visit(expr)
  return spans
}

/** A span widened to the parentheses around it, `(a + b)`, unless they are a call's: `f(a + b)`. */
function parenthesized(text: string, span: Span): Span {
  let { start, end } = span
  for (;;) {
    let p = start - 1
    while (p >= 0 && /\s/.test(text[p]!)) p--
    let q = end
    while (q < text.length && /\s/.test(text[q]!)) q++
    if (text[p] !== '(' || text[q] !== ')' || !balanced(text.slice(start, end))) return { start, end }
    let c = p - 1
    while (c >= 0 && /\s/.test(text[c]!)) c--
    if (c >= 0 && /[\p{L}\p{N}_"]/u.test(text[c]!)) return { start, end }
    start = p
    end = q + 1
  }
}

function balanced(s: string): boolean {
  let depth = 0
  for (const c of s) {
    if (c === '(') depth++
    else if (c === ')' && --depth < 0) return false
  }
  return depth === 0
}

/** A name's span widened to its double quotes when it was written `"Room Temperature"`. */
function quoted(text: string, span: Span): Span {
  return text[span.start - 1] === '"' && text[span.end] === '"' ? { start: span.start - 1, end: span.end + 1 } : span
}

/** A name's span widened to the subscripts written after it, `pop[north, *]`, when it has some. */
function subscripted(text: string, span: Span, has: boolean): Span {
  if (!has) return span
  let i = span.end
  while (i < text.length && /\s/.test(text[i]!)) i++
  if (text[i] !== '[') return span
  for (; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      const end = text.indexOf('"', i + 1)
      if (end < 0) return span
      i = end
    } else if (c === ']') return { start: span.start, end: i + 1 }
  }
  return span
}

/** The index of the `)` closing the call whose name ends at `from`; -1 when it has no parentheses. */
function closingParen(text: string, from: number): number {
  let i = from
  while (i < text.length && /\s/.test(text[i]!)) i++
  if (text[i] !== '(') return -1
  let depth = 0
  for (; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      const end = text.indexOf('"', i + 1)
      if (end < 0) return -1
      i = end
    } else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  return -1
}
