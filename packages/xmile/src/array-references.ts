import { didYouMean } from '@stockflow/model/internal'
import type { Dimensions } from './dimensions.js'
import type { XExpr, XSubscript } from './expression.js'
import { ExpressionError } from './tokenize.js'

/** What resolving subscripts needs to know about the model. */
export interface ArrayContext {
  readonly dims: Dimensions
  /** The dimensions of the variable a name (as written, in the equation's scope) denotes; undefined when no variable has that name. */
  readonly variableDims: (name: string) => readonly string[] | undefined
}

/**
 * Puts the array notation of an XMILE equation into the model's terms: subscript names become the
 * declared names of elements and dimensions (`Dim.elem` the element), `a'` (transposed) becomes `a`
 * subscripted by its own dimensions (binding by name then swaps them in an equation over the other
 * order), and `Dim.elem` as a value becomes the element's position. A variable used as a subscript is
 * an unsupported feature; any other unknown name an ExpressionError at its offset.
 */
export function resolveArrayReferences(expr: XExpr, ctx: ArrayContext): XExpr {
  const subs = (list: readonly XSubscript[] | undefined): { subs?: readonly XSubscript[] } =>
    list ? { subs: list.map((s) => subscript(s, ctx)) } : {}
  const go = (e: XExpr): XExpr => {
    switch (e.t) {
      case 'name': {
        if (e.transposed) return transpose(e, ctx)
        if (e.subs) return { ...e, ...subs(e.subs) }
        const q = ctx.variableDims(e.name) === undefined ? ctx.dims.qualified(e.name) : undefined
        return q ? { t: 'num', value: q.position } : e
      }
      case 'unary':
        return { ...e, arg: go(e.arg) }
      case 'binary':
        return { ...e, left: go(e.left), right: go(e.right) }
      case 'if':
        return { ...e, cond: go(e.cond), then: go(e.then), else: go(e.else) }
      case 'builtin':
        return { ...e, args: e.args.map(go) }
      case 'call':
        return { ...e, args: e.args.map(go), ...subs(e.subs) }
      case 'lookup':
        return { ...e, arg: go(e.arg), ...subs(e.subs) }
      default:
        return e
    }
  }
  return go(expr)
}

function subscript(s: XSubscript, ctx: ArrayContext): XSubscript {
  if (s.kind === 'position' || s.kind === 'star') return s
  const { dims } = ctx
  if (s.kind === 'bang') {
    const dim = dims.dimension(s.name)
    if (!dim) throw new ExpressionError(`"${s.name}" in *:${s.name} is not a dimension`, s.start)
    return { ...s, name: dim.name }
  }
  const name = dims.qualified(s.name)?.element ?? dims.dimension(s.name)?.name ?? dims.element(s.name)
  if (name !== undefined) return { ...s, name }
  if (ctx.variableDims(s.name) !== undefined)
    throw new ExpressionError(
      `unsupported: subscript expressions (the variable "${s.name}" as a subscript)`,
      s.start,
      'subscript expressions',
    )
  const known = dims.list.flatMap((d) => [d.name, ...d.elements])
  throw new ExpressionError(
    `the subscript "${s.name}" is neither a dimension nor an element of one${didYouMean(s.name, known)}`,
    s.start,
  )
}

/** `a'`: the array over its dimensions in reverse order, as `a[D1, D2]` read where the equation is over D2, D1. */
function transpose(e: XExpr & { t: 'name' }, ctx: ArrayContext): XExpr {
  const fail = (why: string): never => {
    throw new ExpressionError(`unsupported: transposition (${why})`, e.start, 'transposition')
  }
  if (e.subs) fail(`${e.name}[...]' transposes a subscripted reference`)
  const dims = ctx.variableDims(e.name)
  if (dims === undefined || dims.length === 0) return { t: 'name', name: e.name, start: e.start }
  if (new Set(dims).size !== dims.length) fail(`"${e.name}" is arrayed twice over the same dimension`)
  return { t: 'name', name: e.name, start: e.start, subs: dims.map((name) => ({ kind: 'name', name, start: e.start })) }
}
