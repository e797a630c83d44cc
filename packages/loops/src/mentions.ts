import type { Expr, VarId } from '@stockflow/model'
import { argRole } from '@stockflow/model/internal'
import type { CallExpr } from './builtin-roles.js'

const readsCache = new WeakMap<Expr, ReadonlySet<VarId>>()
const NONE: ReadonlySet<VarId> = new Set()

/**
 * The variables an expression reads, as `causesIn` lists them (initial-value arguments left out),
 * kept per node: the flat calls of an arrayed model are shared by many equations and read often.
 */
export function readsOf(e: Expr): ReadonlySet<VarId> {
  let ids = readsCache.get(e)
  if (ids) return ids
  switch (e.type) {
    case 'ref':
      ids = new Set([e.id])
      break
    case 'unary':
    case 'lookup':
      ids = readsOf(e.arg)
      break
    case 'binary':
      ids = union([e.left, e.right])
      break
    case 'if':
      ids = union([e.cond, e.then, e.else])
      break
    case 'call':
      ids = union(e.args.filter((_, i) => argRole(e.fn, i) !== 'initial'))
      break
    default:
      ids = NONE
  }
  readsCache.set(e, ids)
  return ids
}

function union(parts: readonly Expr[]): ReadonlySet<VarId> {
  const sets = parts.map(readsOf).filter((s) => s.size > 0)
  if (sets.length <= 1) return sets[0] ?? NONE
  const out = new Set<VarId>()
  for (const s of sets) for (const id of s) out.add(id)
  return out
}

/** Whether an expression reads a variable (see `readsOf`). */
export function mentions(e: Expr, id: VarId): boolean {
  return readsOf(e).has(id)
}

const argsCache = new WeakMap<CallExpr, ReadonlyMap<VarId, readonly number[]>>()

/** The positions of a call's arguments that read a variable (for calls of many arguments, such as a flat SUM). */
export function argsReading(call: CallExpr, id: VarId): readonly number[] {
  let index = argsCache.get(call)
  if (!index) {
    const map = new Map<VarId, number[]>()
    call.args.forEach((a, i) => {
      for (const v of readsOf(a)) {
        let list = map.get(v)
        if (!list) map.set(v, (list = []))
        list.push(i)
      }
    })
    argsCache.set(call, (index = map))
  }
  return index.get(id) ?? []
}
