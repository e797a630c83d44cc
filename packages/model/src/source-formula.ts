import { walk } from './ast.js'
import type { Expr } from './ast.js'
import { formatNumber, quoteName } from './equation.js'
import type { Equation } from './equation.js'
import type { VarId } from './id.js'
import { parseEquation } from './parse.js'
import { printExprParts } from './print.js'
import { numberLiteral, templateText } from './source-literals.js'
import type { Element } from './types.js'

// Equations written back as `eq` templates over element handles, for the DSL writer.

/** A reference to an element inside a template; `literal` is written while its handle is not yet declared. */
export interface ElementRef {
  readonly ref: VarId
  readonly literal: string
}

/** Part of an equation template: literal text, or a reference to an element. */
export type Part = string | ElementRef

/** A stock or flow value: a number literal, or an `eq` template. */
export type Formula = { readonly value: number } | { readonly parts: readonly Part[] }

/**
 * Equation text as a formula that rebuilds the same text where it can: a number, or the text with
 * each reference replaced by its handle in place. Where positions are unreliable the AST is printed
 * instead; either way the result must parse to the same AST, else the text is kept verbatim.
 */
export function formulaOf(text: string, elements: ReadonlyMap<VarId, Element>): Formula {
  let expr: Expr
  try {
    expr = parseEquation(text)
  } catch {
    return { parts: [text] }
  }
  const value = constant(expr)
  if (value !== undefined && formatNumber(value) === text) return { value }
  for (const parts of [inPlace(text, expr, elements), printed(expr, elements)]) {
    if (parts && rebuilds(parts, expr, elements)) return { parts }
  }
  return { parts: [text] }
}

/** The equation text the DSL will build from a formula (what `eq` returns). */
export function predictEquation(f: Formula, elements: ReadonlyMap<VarId, Element>): Equation {
  if ('value' in f) return formatNumber(f.value)
  return f.parts.map((p) => (typeof p === 'string' ? p : quoteName(elements.get(p.ref)!.name))).join('')
}

/** The formula as source: a number literal, or an `eq` template; `handle` names each declared element. */
export function formulaCode(f: Formula, handle: (id: VarId) => string | undefined): string {
  if ('value' in f) return numberLiteral(f.value)
  const body = f.parts
    .map((p) => {
      if (typeof p === 'string') return templateText(p)
      const h = handle(p.ref)
      return h === undefined ? templateText(p.literal) : '${' + h + '}'
    })
    .join('')
  return 'eq`' + body + '`'
}

function rebuilds(parts: readonly Part[], expr: Expr, elements: ReadonlyMap<VarId, Element>): boolean {
  try {
    return sameExpr(parseEquation(predictEquation({ parts }, elements)), expr)
  } catch {
    return false
  }
}

/** The text cut at each element reference, or undefined where the spans do not match the names. */
function inPlace(text: string, expr: Expr, elements: ReadonlyMap<VarId, Element>): Part[] | undefined {
  const spans: { start: number; end: number; id: VarId }[] = []
  let ok = true
  walk(expr, (n) => {
    if ((n.type !== 'ref' && n.type !== 'lookup') || !elements.has(n.id)) return
    if (!n.span || text.slice(n.span.start, n.span.end) !== n.name) {
      ok = false
      return
    }
    let { start, end } = n.span
    if (text[start - 1] === '"' && text[end] === '"') {
      start--
      end++
    }
    spans.push({ start, end, id: n.id })
  })
  if (!ok) return undefined
  spans.sort((a, b) => a.start - b.start)
  const parts: Part[] = []
  let at = 0
  for (const s of spans) {
    if (s.start < at) return undefined
    if (s.start > at) parts.push(text.slice(at, s.start))
    parts.push({ ref: s.id, literal: text.slice(s.start, s.end) })
    at = s.end
  }
  if (at < text.length) parts.push(text.slice(at))
  return parts
}

/** The AST printed in stockflow syntax, with handles for element references. */
function printed(expr: Expr, elements: ReadonlyMap<VarId, Element>): Part[] {
  return printExprParts<ElementRef>(expr, {
    name: (n) => {
      const e = elements.get(n.id)
      if (e) return { ref: n.id, literal: quoteName(e.name) }
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name) ? n.name : quoteName(n.name)
    },
  })
}

/** The value of a number literal, possibly negated (`5`, `-5`), else undefined. */
function constant(e: Expr): number | undefined {
  if (e.type === 'num') return e.value
  if (e.type === 'unary' && e.op === '-' && e.arg.type === 'num') return -e.arg.value
  return undefined
}

/** Structural equality of two ASTs, ignoring positions and how a name was spelt. */
function sameExpr(a: Expr, b: Expr): boolean {
  switch (a.type) {
    case 'num':
      return b.type === 'num' && Object.is(a.value, b.value)
    case 'ref':
      return b.type === 'ref' && a.id === b.id
    case 'lookup':
      return b.type === 'lookup' && a.id === b.id && sameExpr(a.arg, b.arg)
    case 'unary':
      return b.type === 'unary' && a.op === b.op && sameExpr(a.arg, b.arg)
    case 'binary':
      return b.type === 'binary' && a.op === b.op && sameExpr(a.left, b.left) && sameExpr(a.right, b.right)
    case 'if':
      return b.type === 'if' && sameExpr(a.cond, b.cond) && sameExpr(a.then, b.then) && sameExpr(a.else, b.else)
    case 'call':
      return (
        b.type === 'call' &&
        a.fn === b.fn &&
        a.args.length === b.args.length &&
        a.args.every((x, i) => sameExpr(x, b.args[i]!))
      )
  }
}
