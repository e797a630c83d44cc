import type { Definition, Expr, Subscript } from './ast.js'
import { idOf } from './names.js'
import type { SubscriptRanges } from './subscript-ranges.js'

/** Per variable id, the element ids each subscript position is read at (a range read counts all its elements). */
export type SubscriptReads = ReadonlyMap<string, readonly ReadonlySet<string>[]>

/**
 * The elements every subscripted reference reads, so a variable defined on some elements of a range
 * that is read over all of them keeps that range (its missing elements then go undefined, which the
 * model's validation names) instead of a subrange that hides the mistake behind a subscript error.
 */
export function subscriptReads(definitions: readonly Definition[], ranges: SubscriptRanges): SubscriptReads {
  const reads = new Map<string, Set<string>[]>()
  const read = (name: string, subscripts: readonly Subscript[]) => {
    const id = idOf(name)
    const positions = reads.get(id) ?? []
    reads.set(id, positions)
    subscripts.forEach((s, i) => {
      const meaning = ranges.meaning(s.name)
      if (!meaning) return
      const set = (positions[i] ??= new Set())
      if (meaning.kind === 'range') for (const e of meaning.range.ids) set.add(e)
      else set.add(idOf(meaning.name))
    })
  }
  const walk = (e: Expr): void => {
    switch (e.t) {
      case 'ref':
        if (e.subscripts.length > 0) read(e.name, e.subscripts)
        return
      case 'call':
        if (e.subscripts && e.subscripts.length > 0) read(e.fn, e.subscripts)
        e.args.forEach(walk)
        return
      case 'unary':
      case 'paren':
        walk(e.arg)
        return
      case 'binary':
        walk(e.left)
        walk(e.right)
        return
      default:
        return
    }
  }
  for (const d of definitions) if (d.t === 'equation' && d.expr) walk(d.expr)
  return reads
}
