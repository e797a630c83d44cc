/**
 * What the focus views show, from the model's equations: a variable's causes or uses tree to a depth
 * (breadth first, so each variable is expanded where it is nearest the root), and the model's sectors
 * (its views when it has several, otherwise clusters of its dependency graph). Pure, so it tests in Node.
 */
import type { CldLinkInput, LinkSign, TreeNodeInput } from '@stockflow/diagram'
import type { DependencyGraph, Element, ElementKind, Model } from '@stockflow/model'

/** A variable's display name and kind by graph id (an array element `pop[north]` is its variable's kind). */
export interface NameLookup {
  name(id: string): string
  kind(id: string): ElementKind
}

/** Looks the model's elements up by id; an element of an arrayed variable by its variable's id. */
export function elementLookup(model: Model): NameLookup {
  const byId = new Map<string, Element>(model.elements.map((e) => [e.id, e]))
  const of = (id: string) => byId.get(id) ?? byId.get(id.slice(0, Math.max(0, id.indexOf('['))))
  return {
    name: (id) => {
      const e = of(id)
      if (!e) return id
      return e.id === id ? e.name : `${e.name}${id.slice(id.indexOf('['))}`
    },
    kind: (id) => of(id)?.kind ?? 'aux',
  }
}

/** `from->to` → sign and delay, from the loop analysis' links, else the graph's (flows into stocks signed). */
export function linkSigns(
  graph: DependencyGraph,
  links?: readonly CldLinkInput[],
): Map<string, { polarity?: LinkSign; delayed: boolean }> {
  const out = new Map<string, { polarity?: LinkSign; delayed: boolean }>()
  for (const e of graph.edges) {
    if (e.kind === 'initial') continue
    const polarity = e.kind === 'inflow' ? '+' : e.kind === 'outflow' ? '-' : undefined
    out.set(`${e.from}->${e.to}`, { ...(polarity ? { polarity } : {}), delayed: !e.instant })
  }
  for (const l of links ?? []) {
    out.set(`${l.from}->${l.to}`, { ...(l.polarity ? { polarity: l.polarity } : {}), delayed: l.delayed === true })
  }
  return out
}

/** Nodes a tree draws at most; beyond, branches end with "more". */
export const TREE_LIMIT = 600

interface Building {
  readonly id: string
  readonly name: string
  readonly kind: ElementKind
  repeated?: boolean
  more?: boolean
  readonly children: { polarity?: LinkSign; delayed?: boolean; node: Building }[]
}

/**
 * The causes (what `root` reads, what those read, …) or uses tree of `root`, `depth` links deep. Built
 * breadth first: a variable is expanded once, where it is nearest the root, and drawn `repeated`
 * wherever else it appears; one at the depth limit with further branches is marked `more`.
 */
export function causesTree(
  graph: DependencyGraph,
  links: readonly CldLinkInput[] | undefined,
  root: string,
  depth: number,
  dir: 'causes' | 'uses',
  lookup: NameLookup,
  limit = TREE_LIMIT,
): TreeNodeInput {
  const signs = linkSigns(graph, links)
  const next = (id: string) => (dir === 'causes' ? graph.causesOf(id) : graph.effectsOf(id))
  const make = (id: string): Building => ({ id, name: lookup.name(id), kind: lookup.kind(id), children: [] })
  const top = make(root)
  const seen = new Set([root])
  const queue: [Building, number][] = [[top, 0]]
  let count = 1
  for (let head = 0; head < queue.length; head++) {
    const [node, d] = queue[head]!
    const branches = next(node.id)
    if (d >= depth || count + branches.length > limit) {
      if (branches.length) node.more = true
      continue
    }
    for (const id of branches) {
      const sign = signs.get(dir === 'causes' ? `${id}->${node.id}` : `${node.id}->${id}`)
      const child = make(id)
      if (seen.has(id)) child.repeated = true
      else {
        seen.add(id)
        queue.push([child, d + 1])
      }
      node.children.push({
        ...(sign?.polarity ? { polarity: sign.polarity } : {}),
        delayed: sign?.delayed,
        node: child,
      })
      count++
    }
  }
  return top
}

/** Every id drawn in a tree (repeated ones too). */
export function treeIds(tree: TreeNodeInput): Set<string> {
  const out = new Set<string>()
  const visit = (n: TreeNodeInput) => {
    out.add(n.id)
    for (const c of n.children) visit(c.node)
  }
  visit(tree)
  return out
}

/** A part of the model drawn on its own: a view of its sketch, or a cluster of its graph. */
export interface Sector {
  readonly name: string
  /** Element ids, in model order. */
  readonly ids: readonly string[]
}

/** Clusters smaller than this join the neighbouring cluster they have most links with. */
const MIN_SECTOR = 4

/**
 * The model's sectors: its views when it has two or more (each view's own elements), otherwise clusters
 * of its dependency graph. Clusters grow from the stock-and-flow chains (stocks joined by flows), every
 * other variable taking the cluster most of its neighbours are in (label propagation, in model order,
 * so the result is the same every time); a model without stocks starts from every variable.
 */
export function sectors(model: Model, graph: DependencyGraph): Sector[] {
  const views = model.views ?? []
  const known = new Set(model.elements.map((e) => e.id))
  if (views.length >= 2) {
    return views
      .map((v, i) => ({
        name: v.name ?? `View ${i + 1}`,
        ids: [...new Set(v.items.filter((it) => it.kind === undefined && known.has(it.id)).map((it) => it.id))],
      }))
      .filter((s) => s.ids.length > 0)
  }
  const ids = model.elements.filter((e) => e.kind !== 'lookup').map((e) => e.id)
  const index = new Map(ids.map((id, i) => [id, i]))
  const neighbours: number[][] = ids.map(() => [])
  for (const e of graph.edges) {
    const a = index.get(e.from)
    const b = index.get(e.to)
    if (a === undefined || b === undefined || a === b) continue
    neighbours[a]!.push(b)
    neighbours[b]!.push(a)
  }
  // Seeds: stock-and-flow chains, found by union-find over stocks and their flows.
  const parent = ids.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const seeded = new Set<number>()
  for (const e of model.elements) {
    if (e.kind !== 'stock') continue
    const s = index.get(e.id)!
    seeded.add(s)
    for (const f of [...e.inflows, ...e.outflows]) {
      const fi = index.get(f)
      if (fi === undefined) continue
      seeded.add(fi)
      parent[find(fi)] = find(s)
    }
  }
  const label = ids.map((_, i) => (seeded.size === 0 || seeded.has(i) ? find(i) : -1))
  for (let round = 0; round < 30; round++) {
    let changed = false
    for (let i = 0; i < ids.length; i++) {
      if (seeded.has(i)) continue
      const votes = new Map<number, number>()
      for (const j of neighbours[i]!) if (label[j]! >= 0) votes.set(label[j]!, (votes.get(label[j]!) ?? 0) + 1)
      // The most votes wins; a tie keeps the current cluster, else goes to the first-made one.
      let best = -1
      let most = 0
      for (const [l, v] of votes) if (v > most || (v === most && l < best)) [best, most] = [l, v]
      if (label[i]! >= 0 && votes.get(label[i]!) === most) best = label[i]!
      if (best < 0) continue
      if (best !== label[i]) {
        label[i] = best
        changed = true
      }
    }
    if (!changed) break
  }
  mergeSmall(label, neighbours)
  const groups = new Map<number, number[]>()
  for (let i = 0; i < ids.length; i++) {
    const l = label[i]! >= 0 ? label[i]! : -1
    if (!groups.has(l)) groups.set(l, [])
    groups.get(l)!.push(i)
  }
  const byId = new Map(model.elements.map((e) => [e.id, e]))
  return [...groups.entries()]
    .sort(([a, x], [b, y]) => Number(a < 0) - Number(b < 0) || x[0]! - y[0]!)
    .map(([l, members]) => ({
      name: l < 0 ? 'Unconnected' : sectorName(members.map((i) => byId.get(ids[i]!)!)),
      ids: members.map((i) => ids[i]!),
    }))
}

/** Clusters below `MIN_SECTOR` join the cluster they have most links with (when they have any). */
function mergeSmall(label: number[], neighbours: readonly number[][]): void {
  for (let pass = 0; pass < 3; pass++) {
    const size = new Map<number, number>()
    for (const l of label) size.set(l, (size.get(l) ?? 0) + 1)
    let merged = false
    for (const [l, n] of [...size.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])) {
      if (l < 0 || n >= MIN_SECTOR) continue
      const votes = new Map<number, number>()
      label.forEach((m, i) => {
        if (m !== l) return
        for (const j of neighbours[i]!)
          if (label[j] !== l && label[j]! >= 0) votes.set(label[j]!, (votes.get(label[j]!) ?? 0) + 1)
      })
      const target = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0]
      if (target === undefined) continue
      for (let i = 0; i < label.length; i++) if (label[i] === l) label[i] = target
      merged = true
    }
    if (!merged) return
  }
}

/** A cluster is named after its stocks (the first two, and how many more), else its first variable. */
function sectorName(members: readonly Element[]): string {
  const stocks = members.filter((e) => e.kind === 'stock').map((e) => e.name)
  if (stocks.length === 0) return members[0]!.name
  return stocks.length <= 2 ? stocks.join(' & ') : `${stocks.slice(0, 2).join(', ')} +${stocks.length - 2}`
}

/** The variables outside a sector linked to or from it (elements a diagram draws): greyed, its links to the rest. */
export function sectorNeighbours(sector: Sector, graph: DependencyGraph, model: Model): string[] {
  const inside = new Set(sector.ids)
  const drawable = new Set(model.elements.filter((e) => e.kind !== 'lookup').map((e) => e.id))
  const out = new Set<string>()
  for (const e of graph.edges) {
    if (e.kind === 'initial') continue
    if (inside.has(e.from) && !inside.has(e.to)) out.add(e.to)
    if (inside.has(e.to) && !inside.has(e.from)) out.add(e.from)
  }
  return [...out].filter((id) => drawable.has(id))
}

/**
 * The links a sector's diagram draws: those with an end in the sector and both ends drawn, signed as
 * `linkSigns` gives. Links among the greyed neighbours, and paths through the rest of the model, are left out.
 */
export function sectorLinks(
  sector: Sector,
  outside: readonly string[],
  graph: DependencyGraph,
  links?: readonly CldLinkInput[],
): CldLinkInput[] {
  const inside = new Set(sector.ids)
  const drawn = new Set([...sector.ids, ...outside])
  const out: CldLinkInput[] = []
  for (const [key, sign] of linkSigns(graph, links)) {
    const [from, to] = key.split('->') as [string, string]
    if (!drawn.has(from) || !drawn.has(to) || (!inside.has(from) && !inside.has(to))) continue
    out.push({ from, to, ...sign })
  }
  return out
}
