import type { Issue, IssueCode } from './errors.js'
import { canonicalId } from './id.js'
import { closestName } from './names.js'
import type { Dimension, Model } from './types.js'

/**
 * A dimension of the model as flattening reads it. Elements are identified by their index in the
 * dimension's root (the dimension itself, or for a subrange the dimension at the top of its parents), so
 * a subrange, its parent and an alias of either agree on which element is which.
 */
export interface ResolvedDimension {
  /** The name as the model spells it (an alias: the alias's name). */
  readonly name: string
  readonly id: string
  /** Element names in order, as the model spells them. */
  readonly elements: readonly string[]
  /** The canonical id of each element, in order. */
  readonly elementIds: readonly string[]
  /** The index in the root of each element, in order. */
  readonly indices: readonly number[]
  /** The id of the root: the dimension whose elements these are. */
  readonly root: string
  /** The id of the subrange's parent, for a subrange. */
  readonly parent?: string
  /** The id of the dimension this name is an alias of. */
  readonly aliasOf?: string
  /** The 0-based position in this dimension of a root index; undefined when the element is not in it. */
  position(index: number): number | undefined
}

/** What a subscript's name denotes: a dimension (or subrange, or alias), or an element of a root dimension. */
export type Denoted =
  | { readonly kind: 'dimension'; readonly dim: ResolvedDimension }
  | { readonly kind: 'element'; readonly root: ResolvedDimension; readonly index: number }

/** The model's dimensions resolved: names, aliases, subranges, mappings. */
export interface Dimensions {
  /** Every dimension name (aliases included), in model order. */
  readonly all: readonly ResolvedDimension[]
  /** The dimension a name (or alias) denotes. */
  get(name: string): ResolvedDimension | undefined
  /**
   * What `name` denotes: a dimension first; else an element, looked for in `expected`'s root first (a
   * name shared by several dimensions, like `1` in numeric ones, means the one the position expects),
   * then in any root holding it.
   */
  denote(name: string, expected?: ResolvedDimension): Denoted | undefined
  /**
   * The root indices of `target` that element `index` of `from`'s root stands for through a mapping
   * (Vensim `->`, either direction), or undefined when no mapping joins the two roots.
   */
  mapped(from: ResolvedDimension, index: number, target: ResolvedDimension): readonly number[] | undefined
  /** `mapped`, only through a mapping written between these two dimensions (or their aliases). */
  mappedDirectly(from: ResolvedDimension, index: number, target: ResolvedDimension): readonly number[] | undefined
  /** Close names, for "did you mean". */
  names(): string[]
}

/** Resolves the model's dimensions, reporting each that does not fit (unknown parent, repeated element, bad mapping). */
export function resolveDimensions(model: Model, issues: Issue[]): Dimensions {
  const defs = model.dimensions ?? []
  const byId = new Map<string, ResolvedDimension>()
  const all: ResolvedDimension[] = []
  const fail = (code: IssueCode, d: Dimension | string, message: string, hint: string) =>
    issues.push({
      severity: 'error',
      code,
      message,
      element: typeof d === 'string' ? d : String(d.name),
      field: 'dimensions',
      hint,
    })
  const defById = new Map<string, Dimension>()
  for (const d of defs) {
    const id = canonicalId(String(d.name ?? ''))
    if (id === '') fail('bad-dimension', d, 'a dimension has no name', 'name it')
    else if (defById.has(id))
      fail('bad-dimension', d, `dimension "${d.name}" is defined twice`, 'rename one or merge their elements')
    else defById.set(id, d)
  }
  // Roots first, then subranges once their parent is resolved (a parent may come later in the list).
  const resolving = new Set<string>()
  // For each root, the index of each element id (subranges and lookups by name read it).
  const rootIndex = new Map<string, Map<string, number>>()
  const resolve = (id: string): ResolvedDimension | undefined => {
    const done = byId.get(id)
    if (done) return done
    const d = defById.get(id)
    if (!d || resolving.has(id)) return undefined
    resolving.add(id)
    const elements = Array.isArray(d.elements) ? d.elements.map(String) : []
    const ids = elements.map(canonicalId)
    if (elements.length === 0)
      fail('bad-dimension', d, `dimension "${d.name}" has no elements`, 'list its elements or give it a size')
    const seen = new Set<string>()
    for (const [i, e] of ids.entries()) {
      if (seen.has(e))
        fail('bad-dimension', d, `element "${elements[i]}" is listed twice in "${d.name}"`, 'remove the repeat')
      seen.add(e)
    }
    let result: ResolvedDimension
    if (d.parent === undefined) {
      const index = new Map<string, number>()
      ids.forEach((e, i) => index.has(e) || index.set(e, i))
      rootIndex.set(id, index)
    }
    const parentId = d.parent === undefined ? undefined : canonicalId(d.parent)
    const cycle = parentId !== undefined && resolving.has(parentId) && !byId.has(parentId)
    const parent = parentId === undefined || cycle ? undefined : resolve(parentId)
    if (cycle) {
      fail(
        'bad-dimension',
        d,
        parentId === id
          ? `subrange "${d.name}" names itself as its parent`
          : `subrange "${d.name}" and its parent "${d.parent}" lead back to each other through their parents`,
        'give the outermost dimension no parent',
      )
    } else if (parentId !== undefined && !parent) {
      const near = closestName(
        d.parent!,
        [...defById.values()].map((x) => x.name),
      )
      fail(
        'bad-dimension',
        d,
        `the parent "${d.parent}" of subrange "${d.name}" is not a dimension`,
        near ? `did you mean "${near}"?` : 'define the parent dimension or remove `parent`',
      )
    }
    if (parent) {
      const root = byId.get(parent.root)!
      const index = rootIndex.get(root.id)!
      const indices: number[] = []
      for (const [i, e] of ids.entries()) {
        const at = index.get(e) ?? -1
        if (at < 0 || parent.position(at) === undefined)
          fail(
            'bad-dimension',
            d,
            `element "${elements[i]}" of subrange "${d.name}" is not an element of "${parent.name}"`,
            `add it to "${parent.name}" or remove it from the subrange`,
          )
        else indices.push(at)
      }
      const elementsOf = (list: readonly string[]) => indices.map((i) => list[i]!)
      result = make(d.name, id, elementsOf(root.elements), elementsOf(root.elementIds), indices, root.id, parent.id)
    } else {
      // A subrange whose parent is missing or circular stands as a top dimension, so the rest still resolves.
      if (!rootIndex.has(id)) rootIndex.set(id, new Map(ids.map((e, i) => [e, i])))
      result = make(
        d.name,
        id,
        elements,
        ids,
        elements.map((_, i) => i),
        id,
      )
    }
    byId.set(id, result)
    all.push(result)
    return result
  }
  for (const id of defById.keys()) resolve(id)
  for (const d of defById.values()) {
    const target = byId.get(canonicalId(d.name))!
    for (const alias of d.aliases ?? []) {
      const aid = canonicalId(alias)
      if (byId.has(aid) || defById.has(aid)) {
        fail('bad-dimension', d, `alias "${alias}" of "${d.name}" is already a dimension's name`, 'rename the alias')
        continue
      }
      const a = make(
        alias,
        aid,
        target.elements,
        target.elementIds,
        target.indices,
        target.root,
        target.parent,
        target.id,
      )
      byId.set(aid, a)
      all.push(a)
    }
  }
  const mappings = resolveMappings(defs, byId, fail)
  const elementRoots = new Map<string, { root: ResolvedDimension; index: number }[]>()
  for (const [rootId, index] of rootIndex) {
    const root = byId.get(rootId)!
    for (const [e, i] of index) {
      const list = elementRoots.get(e)
      if (list) list.push({ root, index: i })
      else elementRoots.set(e, [{ root, index: i }])
    }
  }
  // Equations name the same few dimensions once per element: remember each spelling's answer.
  const spelled = new Map<string, ResolvedDimension | undefined>()
  const get = (name: string) => {
    if (spelled.has(name)) return spelled.get(name)
    const d = byId.get(canonicalId(name))
    if (spelled.size < 10_000) spelled.set(name, d)
    return d
  }
  return {
    all,
    get,
    denote(name, expected) {
      const dim = get(name)
      if (dim) return { kind: 'dimension', dim }
      const id = canonicalId(name)
      const roots = elementRoots.get(id)
      if (!roots) return undefined
      const hit = (expected && roots.find((r) => r.root.id === expected.root)) ?? roots[0]!
      return { kind: 'element', root: hit.root, index: hit.index }
    },
    mapped(from, index, target) {
      const direct = through(mappings.direct, own(from), index, own(target))
      // Within one root the roots cannot tell the direction (YOUNGER -> OLDER, both of AGE).
      if (direct !== undefined || from.root === target.root) return direct
      return through(mappings.byRoot, from.root, index, target.root)
    },
    mappedDirectly: (from, index, target) => through(mappings.direct, own(from), index, own(target)),
    names: () => all.map((d) => d.name),
  }
}

/** The id of the dimension a name stands for: an alias's target, else its own. */
const own = (d: ResolvedDimension) => d.aliasOf ?? d.id

/** Root indices of `to` that `index` (a root index of `from`) stands for through a table, either direction. */
function through(
  tables: ReadonlyMap<string, number[][]>,
  from: string,
  index: number,
  to: string,
): readonly number[] | undefined {
  if (tables.size === 0) return undefined
  const forward = tables.get(`${from}\u0000${to}`)
  if (forward) return forward[index] ?? []
  const backward = tables.get(`${to}\u0000${from}`)
  if (!backward) return undefined
  return inverse(backward)[index] ?? []
}

const inverses = new WeakMap<number[][], number[][]>()

/** A mapping table read backwards, made once: per element, not per element times the table's size. */
function inverse(table: number[][]): number[][] {
  let out = inverses.get(table)
  if (!out) {
    const made: number[][] = []
    table.forEach((targets, i) => {
      for (const t of targets) (made[t] ??= []).push(i)
    })
    inverses.set(table, (out = made))
  }
  return out
}

/** The largest of some indices (-1 for none), without spreading 100,000 arguments. */
function largest(indices: readonly number[]): number {
  let max = -1
  for (const i of indices) if (i > max) max = i
  return max
}

function make(
  name: string,
  id: string,
  elements: readonly string[],
  elementIds: readonly string[],
  indices: readonly number[],
  root: string,
  parent?: string,
  aliasOf?: string,
): ResolvedDimension {
  const at = new Int32Array(largest(indices) + 1).fill(-1)
  indices.forEach((index, position) => (at[index] = position))
  return {
    name,
    id,
    elements,
    elementIds,
    indices,
    root,
    ...(parent !== undefined ? { parent } : {}),
    ...(aliasOf !== undefined ? { aliasOf } : {}),
    position: (index) => {
      const p = at[index]
      return p === undefined || p < 0 ? undefined : p
    },
  }
}

/**
 * Mappings by the pair of roots they join (`byRoot`) and by the pair of dimensions written (`direct`):
 * for each root index of the source, the target root indices it stands for (several when the mapping
 * names a subrange of the target).
 */
function resolveMappings(
  defs: readonly Dimension[],
  byId: ReadonlyMap<string, ResolvedDimension>,
  fail: (code: IssueCode, d: Dimension, message: string, hint: string) => void,
): { byRoot: Map<string, number[][]>; direct: Map<string, number[][]> } {
  const out = new Map<string, number[][]>()
  const direct = new Map<string, number[][]>()
  for (const d of defs) {
    const from = byId.get(canonicalId(d.name))
    if (!from) continue
    for (const m of d.mappings ?? []) {
      const to = byId.get(canonicalId(String(m.to ?? '')))
      if (!to) {
        fail('bad-mapping', d, `"${d.name}" maps to "${m.to}", which is not a dimension`, 'define it or fix the name')
        continue
      }
      const key = `${from.root}\u0000${to.root}`
      const rootSize = largest(from.indices) + 1
      const table = out.get(key) ?? Array.from({ length: rootSize }, () => [] as number[])
      const mine = Array.from({ length: rootSize }, () => [] as number[])
      if (m.elements === undefined) {
        if (from.elements.length !== to.elements.length) {
          fail(
            'bad-mapping',
            d,
            `"${d.name}" (${from.elements.length} elements) maps by position to "${to.name}" (${to.elements.length})`,
            'give both the same number of elements or list what each element maps to',
          )
          continue
        }
        from.indices.forEach((index, i) => (table[index] = mine[index] = [to.indices[i]!]))
      } else {
        if (m.elements.length !== from.elements.length) {
          fail(
            'bad-mapping',
            d,
            `the mapping of "${d.name}" to "${to.name}" lists ${m.elements.length} targets for ${from.elements.length} elements`,
            'list one element or subrange of the target per element',
          )
          continue
        }
        let ok = true
        const toIndex = new Map(to.elementIds.map((e, i) => [e, to.indices[i]!]))
        m.elements.forEach((name, i) => {
          const sub = byId.get(canonicalId(name))
          const element = toIndex.get(canonicalId(name))
          let targets: number[]
          if (sub && sub.root === to.root) targets = sub.indices.filter((x) => to.position(x) !== undefined)
          else if (element !== undefined) targets = [element]
          else {
            ok = false
            fail(
              'bad-mapping',
              d,
              `the mapping of "${d.name}" names "${name}", which is not an element or subrange of "${to.name}"`,
              `use an element of "${to.name}"`,
            )
            return
          }
          table[from.indices[i]!] = mine[from.indices[i]!] = targets
        })
        if (!ok) continue
      }
      out.set(key, table)
      direct.set(`${own(from)}\u0000${own(to)}`, mine)
    }
  }
  return { byRoot: out, direct }
}
