import { canonicalId } from '@stockflow/model'
import type { Dimension, Element, ElementEquation, GraphicalFunction } from '@stockflow/model'
import { formatNumber } from '@stockflow/model/internal'
import type { VensimChange } from './changes.js'

/**
 * A change of a changes file to some elements of an arrayed parameter (`x[north] = 3`, `x[Region] =
 * 1, 2, 3`) or lookup (`tbl[north]((0,0),(1,1))`), or why it cannot take it. Element values the change
 * leaves alone keep theirs; the variable's per-element equations are written anew, one per element
 * that differs from its main one.
 */
export function applyArrayChange(
  element: Element,
  change: VensimChange,
  dimensions: readonly Dimension[],
): Element | string {
  const dimNames = element.dimensions
  if (!dimNames || dimNames.length === 0)
    return `"${element.name}" has no subscripts; write the change without [...] and with one number`
  const dims = dimNames.map((name) => dimensionNamed(name, dimensions))
  if (dims.some((d) => d === undefined)) return `"${element.name}" is arrayed over a dimension the model lacks`
  const elementsOf = dims as Dimension[]
  const written = change.subscripts.length > 0 ? change.subscripts : dimNames
  if (written.length !== dimNames.length)
    return `"${element.name}" has ${dimNames.length} subscripts (${dimNames.join(', ')}), the change ${written.length}`
  const picked: string[][] = []
  for (const [i, sub] of written.entries()) {
    const ids = spanned(sub, elementsOf[i]!, dimensions)
    if (typeof ids === 'string') return ids
    picked.push(ids)
  }
  const tuples = product(picked)
  const all = product(elementsOf.map((d) => d.elements.map(canonicalId)))
  const spelling = new Map(elementsOf.flatMap((d) => d.elements.map((e) => [canonicalId(e), e] as const)))
  const covered = (entry: ElementEquation) => {
    const sets = entry.subscripts.map((s, i) => spanned(s, elementsOf[i]!, dimensions))
    return (tuple: readonly string[]) => sets.every((set, i) => typeof set !== 'string' && set.includes(tuple[i]!))
  }
  const key = (tuple: readonly string[]) => tuple.join('\u0000')
  const subscriptsOf = (tuple: readonly string[]) => tuple.map((id) => spelling.get(id) ?? id)

  if (element.kind === 'param') {
    if (change.kind === 'lookup') return `"${element.name}" is not a lookup, so a table cannot replace its points`
    const values = change.kind === 'constant' ? tuples.map(() => change.value) : change.rows.flat()
    if (values.length !== tuples.length)
      return `the change lists ${values.length} numbers for ${tuples.length} elements; give one number per element`
    const current = new Map(all.map((t) => [key(t), element.value]))
    for (const entry of element.perElement ?? []) {
      const holds = covered(entry)
      for (const t of all) if (holds(t)) current.set(key(t), Number(entry.equation))
    }
    tuples.forEach((t, k) => current.set(key(t), values[k]!))
    const perElement = all
      .filter((t) => current.get(key(t)) !== element.value)
      .map((t) => ({ subscripts: subscriptsOf(t), equation: formatNumber(current.get(key(t))!) }))
    const { perElement: _old, ...rest } = element
    return perElement.length > 0 ? { ...rest, perElement } : rest
  }
  if (element.kind === 'lookup') {
    if (change.kind !== 'lookup')
      return `"${element.name}" is a lookup; give it points, as in ${element.name}((0,0),(1,1))`
    const current = new Map<string, GraphicalFunction>()
    for (const entry of element.perElement ?? []) {
      const holds = covered(entry)
      for (const t of all) if (holds(t) && entry.graph) current.set(key(t), entry.graph)
    }
    for (const t of tuples) current.set(key(t), { x: change.table.x, y: change.table.y })
    const perElement = all
      .filter((t) => current.has(key(t)))
      .map((t) => ({ subscripts: subscriptsOf(t), graph: current.get(key(t))! }))
    return { ...element, perElement }
  }
  return `"${element.name}" is computed by its equation, not a constant a changes file can set`
}

/** A dimension by its name or one of its aliases. */
function dimensionNamed(name: string, dimensions: readonly Dimension[]): Dimension | undefined {
  const id = canonicalId(name)
  return dimensions.find((d) => canonicalId(d.name) === id || d.aliases?.some((a) => canonicalId(a) === id))
}

/** The element ids of `dim` a subscript stands for: one element, or a range's (or alias's) elements. */
function spanned(sub: string, dim: Dimension, dimensions: readonly Dimension[]): string[] | string {
  const ids = dim.elements.map(canonicalId)
  const id = canonicalId(sub)
  if (ids.includes(id)) return [id]
  const range = dimensionNamed(sub, dimensions)
  const inside = range?.elements.map(canonicalId).filter((e) => ids.includes(e))
  if (range && inside!.length === range.elements.length) return inside!
  return `"${sub}" is no element of ${dim.name}, nor a range of its elements`
}

function product(sets: readonly (readonly string[])[]): string[][] {
  let out: string[][] = [[]]
  for (const set of sets) out = out.flatMap((t) => set.map((e) => [...t, e]))
  return out
}
