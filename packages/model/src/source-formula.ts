import { mapExpr, walk } from './ast.js'
import type { Expr, Subscript } from './ast.js'
import { formatNumber, quoteName, subscriptName } from './equation.js'
import type { Equation } from './equation.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import { parseEquation } from './parse.js'
import { printExprParts } from './print.js'
import { jsString, numberLiteral, templateText } from './source-literals.js'
import type { HandleDimensions, SubscriptCode } from './source-subscripts.js'
import type { Dimension, Element } from './types.js'

// Equations written back as `eq` templates over element handles, for the DSL writer.

/** A reference to an element inside a template; `literal` is written while its handle is not yet declared. */
export interface ElementRef {
  readonly ref: VarId
  readonly literal: string
  /** The subscripts of an arrayed reference, written `at(handle, ...)`; absent, the handle stands bare. */
  readonly subs?: readonly SubscriptCode[]
}

/** A dimension's name as a value (its element's position), written as the dimension's handle. */
export interface DimensionRef {
  readonly dimension: string
  readonly literal: string
}

/** What an equation of an arrayed model is read against: the dimensions, and its own variable's. */
export interface ArrayScope {
  readonly dims: HandleDimensions
  /** The dimensions of the variable whose equation it is (none for a scalar). */
  readonly owner: readonly Dimension[]
}

type NameNode = Extract<Expr, { readonly type: 'ref' | 'lookup' }>

/** Part of an equation template: literal text, or a reference to an element or a dimension. */
export type Part = string | ElementRef | DimensionRef

/** A stock or flow value: a number literal, or an `eq` template. */
export type Formula = { readonly value: number } | { readonly parts: readonly Part[] }

/**
 * Equation text as a formula that rebuilds the same text where it can: a number, or the text with
 * each reference replaced by its handle in place. Where positions are unreliable the AST is printed
 * instead; either way the result must parse to the same AST, else the text is kept verbatim.
 */
export function formulaOf(text: string, elements: ReadonlyMap<VarId, Element>, scope?: ArrayScope): Formula {
  let expr: Expr
  try {
    expr = parseEquation(text)
  } catch {
    return { parts: [text] }
  }
  const value = constant(expr)
  if (value !== undefined && formatNumber(value) === text) return { value }
  const handles = handleOf(elements, scope)
  for (const parts of [inPlace(text, expr, handles), printed(expr, elements, handles)]) {
    if (parts && rebuilds(parts, expr, elements)) return { parts }
  }
  return { parts: [text] }
}

/** The equation text the DSL will build from a formula (what `eq` returns). */
export function predictEquation(f: Formula, elements: ReadonlyMap<VarId, Element>): Equation {
  if ('value' in f) return formatNumber(f.value)
  return f.parts
    .map((p) =>
      typeof p === 'string'
        ? p
        : 'dimension' in p
          ? subscriptName(p.dimension)
          : quoteName(elements.get(p.ref)!.name) + subscriptsText(p.subs),
    )
    .join('')
}

/** The formula as source: a number literal, or an `eq` template; `handle` names each declared element. */
export function formulaCode(
  f: Formula,
  handle: (id: VarId) => string | undefined,
  dimension: (name: string) => string = () => {
    throw new Error('a subscripted reference in a model without dimensions')
  },
): string {
  if ('value' in f) return numberLiteral(f.value)
  const body = f.parts
    .map((p) => {
      if (typeof p === 'string') return templateText(p)
      if ('dimension' in p) return '${' + dimension(p.dimension) + '}'
      const h = handle(p.ref)
      if (h === undefined) return templateText(p.literal)
      return '${' + (p.subs ? `at(${[h, ...p.subs.map((c) => subscriptCode(c, dimension))].join(', ')})` : h) + '}'
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

/** How a reference is written: an element's handle (`subs` for `at()`), a dimension's, or undefined: as text. */
type Handles = (
  n: NameNode,
) => { readonly subs?: readonly SubscriptCode[] } | { readonly dimension: string } | undefined

/**
 * References the DSL can type. In an arrayed model a reference stays text where `at()` cannot say its
 * subscripts, or where it iterates over a dimension its variable is not over (a type error in the DSL).
 */
function handleOf(elements: ReadonlyMap<VarId, Element>, scope: ArrayScope | undefined): Handles {
  return (n) => {
    if (!elements.has(n.id)) {
      // A dimension's name alone is its element's position, and iterates over it as a bare handle does.
      const d = n.type === 'ref' && !n.subs ? scope?.dims.get(n.name) : undefined
      return d && scope!.dims.allows(scope!.owner, d) ? { dimension: d.name } : undefined
    }
    if (!scope) return n.subs ? undefined : {}
    const { dims, owner } = scope
    let subs: SubscriptCode[] | undefined
    if (n.subs) {
      const over = dims.of(n.id)
      if (!over || over.length !== n.subs.length) return undefined
      subs = []
      for (const [i, s] of n.subs.entries()) {
        const code = dims.subscript(over, i, s)
        if (!code) return undefined
        subs.push(code)
      }
    }
    if (!dims.iterated(n.id, subs).every((d) => dims.allows(owner, d))) return undefined
    return subs ? { subs } : {}
  }
}

/** The text cut at each element reference, or undefined where the spans do not match the names. */
function inPlace(text: string, expr: Expr, handles: Handles): Part[] | undefined {
  const spans: { start: number; end: number; ref: ElementRef | DimensionRef }[] = []
  let ok = true
  walk(expr, (n) => {
    if (n.type !== 'ref' && n.type !== 'lookup') return
    const h = handles(n)
    if (!h) return
    if (!n.span || text.slice(n.span.start, n.span.end) !== n.name) {
      ok = false
      return
    }
    let { start, end } = n.span
    if (text[start - 1] === '"' && text[end] === '"') {
      start--
      end++
    }
    if ('dimension' in h) {
      spans.push({ start, end, ref: { dimension: h.dimension, literal: text.slice(start, end) } })
      return
    }
    if (h.subs) {
      // The reference runs on to the bracket closing its subscripts.
      const last = n.subs![n.subs!.length - 1]!.span
      const close = last ? text.indexOf(']', last.end) : -1
      if (close < 0) {
        ok = false
        return
      }
      end = close + 1
    }
    spans.push({ start, end, ref: { ref: n.id, literal: text.slice(start, end), ...h } })
  })
  if (!ok) return undefined
  spans.sort((a, b) => a.start - b.start)
  const parts: Part[] = []
  let at = 0
  for (const s of spans) {
    if (s.start < at) return undefined
    if (s.start > at) parts.push(text.slice(at, s.start))
    parts.push(s.ref)
    at = s.end
  }
  if (at < text.length) parts.push(text.slice(at))
  return parts
}

/** The AST printed in stockflow syntax, with handles for element references. */
function printed(expr: Expr, elements: ReadonlyMap<VarId, Element>, handles: Handles): Part[] {
  // A handle's subscripts go inside `at()`: the printer must not write them after it.
  const refs = new WeakMap<Expr, ElementRef | DimensionRef>()
  const bare = mapExpr(expr, (n) => {
    if (n.type !== 'ref' && n.type !== 'lookup') return n
    const h = handles(n)
    if (!h) return n
    const node: Expr = { ...n, subs: undefined }
    if ('dimension' in h) refs.set(node, { dimension: h.dimension, literal: subscriptName(h.dimension) })
    else refs.set(node, { ref: n.id, literal: quoteName(elements.get(n.id)!.name) + subscriptsText(h.subs), ...h })
    return node
  })
  return printExprParts<ElementRef | DimensionRef>(bare, {
    name: (n) => {
      const ref = refs.get(n)
      if (ref) return ref
      const e = elements.get(n.id)
      if (e) return quoteName(e.name)
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name) ? n.name : quoteName(n.name)
    },
  })
}

/** How `at()` writes its subscripts in the equation text (as the DSL's `eq` does). */
function subscriptsText(subs: readonly SubscriptCode[] | undefined): string {
  if (!subs) return ''
  const one = (c: SubscriptCode) =>
    c.kind === 'star' ? '*' : c.kind === 'bang' ? `${subscriptName(c.name)}!` : subscriptName(c.name)
  return `[${subs.map(one).join(', ')}]`
}

/** A subscript as an argument of `at()`: an element's name, `'*'`, a dimension's handle or its bang. */
function subscriptCode(c: SubscriptCode, dimension: (name: string) => string): string {
  if (c.kind === 'star') return `'*'`
  if (c.kind === 'element') return jsString(c.name)
  return c.kind === 'bang' ? `bang(${dimension(c.name)})` : dimension(c.name)
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
      return b.type === 'ref' && a.id === b.id && sameSubs(a.subs, b.subs)
    case 'lookup':
      return b.type === 'lookup' && a.id === b.id && sameSubs(a.subs, b.subs) && sameExpr(a.arg, b.arg)
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

/** Equal subscripts: names compared as the flattening matches them (case and spacing aside). */
function sameSubs(a: readonly Subscript[] | undefined, b: readonly Subscript[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!
      if (x.kind === 'star' || y.kind === 'star') return x.kind === y.kind
      // A position reads as the element so named only in a numeric dimension, where the writer swaps them.
      if (x.kind === 'position' || y.kind === 'position') {
        const p = (s: Subscript) => (s.kind === 'position' ? String(s.position) : s.kind === 'name' ? s.name : '')
        return p(x) !== '' && p(x) === p(y)
      }
      return x.kind === y.kind && canonicalId(x.name) === canonicalId(y.name)
    })
  )
}
