import type { Expr, Subscript } from './ast.js'
import { mapExpr } from './ast.js'
import type { ArrayFunction } from './array-functions.js'
import type { ArrayContext, Binding, Free, Place, Scope } from './flatten-types.js'

type Call = Extract<Expr, { type: 'call' }>
const num = (value: number): Expr => ({ type: 'num', value })

/**
 * An array function's call at one element, as the flat call array-functions.ts lays out: a reduction
 * over the dimensions its argument leaves free, a count, or the scalars then each array's size and values.
 */
export function arrayCall(ctx: ArrayContext, f: ArrayFunction, call: Call, scope: Scope, place: Place): Expr {
  const span = call.span ? { span: call.span } : {}
  // Inside the call, what an enclosing reduction iterates reads as bound; the call's own stars start free.
  const inner: Scope = { ...scope, bound: merged(scope.bound, scope.reduced), reduced: new Map() }
  if (f.result === 'plain') {
    const arg = call.args[0]!
    return { type: 'call', fn: f.flat, args: ctx.expand(arg, ctx.free(arg, inner), inner, place), ...span }
  }
  if (f.constant === 'count') return num(count(ctx, call.args[0], inner))
  if (call.args.length < f.minArgs) {
    ctx.report(
      place,
      'array-function',
      `${f.flat.toUpperCase()} takes ${f.minArgs} arguments, got ${call.args.length}`,
      call.span,
      f.signature,
    )
    return num(0)
  }
  const args: Expr[] = []
  if (f.result === 'array') {
    const position = resultPosition(ctx, f, call, scope, place)
    if (position === undefined) return num(0)
    args.push(num(position))
  }
  f.params.forEach((kind, i) => {
    if (kind !== 'scalar') return
    const a = call.args[i]
    args.push(a ? ctx.resolve(a, scope, place) : num(f.defaults?.[i] ?? 0))
  })
  // Arrays of a scalar-valued call pair up element by element (VECTOR SELECT's selection and values): each
  // spans every dimension any of them leaves free, broadcast over those it does not read (Vensim).
  let union: Free[] | undefined
  if (f.result === 'scalar') {
    union = []
    for (const [i, kind] of f.params.entries()) {
      const a = call.args[i]
      if (kind !== 'array' || !a) continue
      for (const free of ctx.free(a, inner)) if (!union.some((u) => u.key === free.key)) union.push(free)
    }
  }
  let arrayIndex = 0
  for (const [i, kind] of f.params.entries()) {
    const a = call.args[i]
    if (kind === 'scalar' || !a) continue
    if (kind === 'element') {
      const values = elementArg(ctx, f, a, inner, place)
      if (!values) return num(0)
      args.push(...values)
      continue
    }
    const spans = f.result === 'array' ? (f.spans?.[arrayIndex++] ?? 1) : 0
    const arg = spans > 0 ? spanLast(ctx, a, spans) : a
    const values = ctx.expand(arg, union ?? ctx.free(arg, inner), inner, place)
    args.push(num(values.length), ...values)
  }
  return { type: 'call', fn: f.flat, args, ...span }
}

function merged(a: ReadonlyMap<string, Binding>, b: ReadonlyMap<string, Binding>): ReadonlyMap<string, Binding> {
  if (b.size === 0) return a
  const out = new Map(a)
  for (const [k, v] of b) out.set(k, v)
  return out
}

/** SIZE and ELMCOUNT: a dimension's element count, or how many elements the argument spans. */
function count(ctx: ArrayContext, arg: Expr | undefined, scope: Scope): number {
  if (!arg) return 0
  if (arg.type === 'ref' && !arg.subs && !ctx.arrayed(arg.id)) {
    const dim = ctx.dimensionNamed(arg.name)
    if (dim) return dim.indices.length
  }
  return ctx.free(arg, scope).reduce((n, f) => n * f.dim.indices.length, 1)
}

/**
 * The 1-based position of the element being computed within the result an array-valued function
 * gives: its place among the last `spans[0]` dimensions of the variable computed, row-major.
 */
function resultPosition(ctx: ArrayContext, f: ArrayFunction, call: Call, scope: Scope, place: Place) {
  const k = f.spans?.[0] ?? 1
  const self = scope.self
  if (!self || self.v.dims.length < k) {
    ctx.report(
      place,
      'array-function',
      `${f.flat.toUpperCase()} gives one value per element, so its equation must be arrayed by at least ${k} dimension${k === 1 ? '' : 's'}`,
      call.span,
      f.signature,
    )
    return undefined
  }
  const dims = self.v.dims.slice(-k)
  const positions = self.positions.slice(-k)
  let position = 0
  dims.forEach((d, j) => (position = position * d.indices.length + positions[j]!))
  return position + 1
}

/** The argument with the last `n` subscripts of every arrayed reference made `*`: the elements the function reads. */
function spanLast(ctx: ArrayContext, arg: Expr, n: number): Expr {
  return mapExpr(arg, (node) => {
    if (node.type !== 'ref' && node.type !== 'lookup') return node
    const v = ctx.arrayed(node.id)
    if (!v) return node
    const subs: Subscript[] = node.subs
      ? [...node.subs]
      : v.dims.map((d) => ({ kind: 'name', name: d.name, ...(node.span ? { span: node.span } : {}) }))
    // A spanned position written with a dimension's or subrange's name spans just its elements (a bang);
    // anything else spans the variable's whole dimension there.
    for (let j = Math.max(0, subs.length - n); j < subs.length; j++) {
      const s = subs[j]!
      const span = s.span ? { span: s.span } : {}
      subs[j] =
        s.kind === 'name' && ctx.dimensionNamed(s.name) !== undefined
          ? { kind: 'bang', name: s.name, ...span }
          : { kind: 'star', ...span }
    }
    return { ...node, subs }
  })
}

/**
 * An `element` argument (VECTOR ELM MAP's `a[d start]`): the 0-based position of the element named
 * along the variable's last dimension, then that dimension's size and the values along it.
 */
function elementArg(ctx: ArrayContext, f: ArrayFunction, arg: Expr, scope: Scope, place: Place): Expr[] | undefined {
  const v = arg.type === 'ref' ? ctx.arrayed(arg.id) : undefined
  if (arg.type !== 'ref' || !v) {
    ctx.report(
      place,
      'array-function',
      `the first argument of ${f.flat.toUpperCase()} must name an element of an arrayed variable`,
      arg.type === 'ref' ? arg.span : undefined,
      f.signature,
    )
    return undefined
  }
  const indices = ctx.indices(arg, v, scope, place)
  if (!indices) return undefined
  const last = v.dims.length - 1
  const dim = v.dims[last]!
  const position = dim.position(indices[last]!)
  if (position === undefined || v.offset(indices) === undefined) return undefined
  const values: Expr[] = dim.indices.map((index) => {
    const k = v.offset([...indices.slice(0, last), index])!
    return ctx.elementRef(v, k)
  })
  return [num(position), num(values.length), ...values]
}
