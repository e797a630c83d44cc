/** Which variables and links a causal-loop diagram draws: resolution of names, condensation, loop paths. */
import { canonicalId, dependencyGraph } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import type { CldLinkInput, CldOptions, LinkSign, LoopInfo } from './types.js'

/** The `data-link` key of a link: `from->to` (element ids). */
export function linkKey(from: string, to: string): string {
  return `${from}->${to}`
}

/** A variable the diagram can draw. */
export interface GraphNode {
  readonly id: string
  readonly name: string
  readonly kind: 'stock' | 'flow' | 'aux' | 'param'
}

/** A link between drawn variables, possibly standing for a path through hidden ones (`via`). */
export interface GraphLink {
  readonly from: string
  readonly to: string
  readonly polarity?: LinkSign
  readonly delayed: boolean
  readonly via: readonly string[]
}

/** A loop resolved onto the drawn graph: its variables' ids and the links it runs along. */
export interface ResolvedLoop {
  readonly info: LoopInfo
  /** Drawn nodes on the loop, in causal order, each once. */
  readonly nodes: readonly string[]
  /** Keys of drawn links along the loop, in causal order. */
  readonly links: readonly string[]
}

/** The drawn graph of a causal-loop diagram. */
export interface CldGraph {
  readonly nodes: readonly GraphNode[]
  readonly links: readonly GraphLink[]
  readonly loops: readonly ResolvedLoop[]
}

/** Looks elements up by id or display name, case and space/underscore insensitive. */
export function elementResolver(model: Model): (ref: string) => Element | undefined {
  const byId = new Map<string, Element>()
  for (const e of model.elements) byId.set(e.id, e)
  return (ref) => byId.get(ref) ?? byId.get(canonicalId(ref))
}

/** The links of the model's dependency graph: flow-to-stock links signed, equation links unsigned. */
export function dependencyLinks(model: Model): CldLinkInput[] {
  const out: CldLinkInput[] = []
  for (const e of dependencyGraph(model).edges) {
    if (e.kind === 'initial') continue
    const polarity = e.kind === 'inflow' ? '+' : e.kind === 'outflow' ? '-' : undefined
    out.push({ from: e.from, to: e.to, ...(polarity ? { polarity } : {}), delayed: !e.instant })
  }
  return out
}

type Sign = LinkSign | '?'

function times(a: Sign, b: Sign): Sign {
  if (a === '?' || b === '?') return '?'
  if (a === 'mixed' || b === 'mixed') return 'mixed'
  return a === b ? '+' : '-'
}

/** The sign of several parallel paths: one agreed sign, `mixed` when they disagree, unknown if any is. */
function combine(signs: ReadonlySet<Sign>): LinkSign | undefined {
  if (signs.has('?')) return undefined
  if (signs.size === 1) return [...signs][0] as LinkSign
  return 'mixed'
}

interface RawLink {
  readonly from: string
  readonly to: string
  sign: Sign
  delayed: boolean
}

/** Builds the drawn graph from a model and the options of `renderCld`. */
export function cldGraph(model: Model, options: CldOptions): CldGraph {
  const resolve = elementResolver(model)
  const loops = options.loops ?? model.loops ?? []

  // Every variable, with one raw link per ordered pair (parallel inputs merged).
  const raw = new Map<string, RawLink>()
  const out = new Map<string, RawLink[]>()
  for (const l of options.links ?? dependencyLinks(model)) {
    const from = resolve(l.from)
    const to = resolve(l.to)
    if (!from || !to || from.kind === 'lookup' || to.kind === 'lookup') continue
    const key = linkKey(from.id, to.id)
    const sign: Sign = l.polarity ?? '?'
    const prev = raw.get(key)
    if (prev) {
      if (prev.sign !== sign) prev.sign = prev.sign === '?' || sign === '?' ? '?' : 'mixed'
      prev.delayed = prev.delayed && l.delayed === true
      continue
    }
    const link: RawLink = { from: from.id, to: to.id, sign, delayed: l.delayed === true }
    raw.set(key, link)
    if (!out.has(from.id)) out.set(from.id, [])
    out.get(from.id)!.push(link)
  }

  const shown = new Set<string>()
  const choice = options.nodes ?? 'all'
  if (choice === 'all') {
    for (const e of model.elements) {
      if (e.kind === 'stock' || e.kind === 'flow' || e.kind === 'aux' || (e.kind === 'param' && options.params)) {
        shown.add(e.id)
      }
    }
  } else {
    const refs = choice === 'loops' ? loops.flatMap((l) => l.variables) : choice
    const wanted = new Set(refs.map((r) => resolve(r)?.id).filter((id): id is string => id !== undefined))
    for (const e of model.elements) {
      if (e.kind === 'lookup') continue
      if (wanted.has(e.id) || (choice === 'loops' && e.kind === 'stock')) shown.add(e.id)
    }
  }
  const nodes: GraphNode[] = model.elements
    .filter((e) => shown.has(e.id))
    .map((e) => ({ id: e.id, name: e.name, kind: e.kind as GraphNode['kind'] }))

  const condensed = condense(nodes, shown, out)
  const resolved = loops.map((info) => resolveLoop(info, resolve, shown, condensed))
  if (choice !== 'loops') return { nodes, links: condensed, loops: resolved }
  // The loops view shows the direct links between its variables and the condensed ones its loops run
  // along; every other path through hidden variables would only add clutter.
  const onLoop = new Set(resolved.flatMap((l) => l.links))
  const links = condensed.filter((l) => l.via.length === 0 || onLoop.has(linkKey(l.from, l.to)))
  return { nodes, links, loops: resolved }
}

/**
 * Links between shown variables: direct ones, and for each path through hidden variables only, one
 * link whose sign is the product along the path (`mixed` where parallel paths disagree) and that is
 * delayed when every such path is. Searched breadth-first from each shown node, in model order.
 */
function condense(nodes: readonly GraphNode[], shown: ReadonlySet<string>, out: ReadonlyMap<string, RawLink[]>) {
  const links: GraphLink[] = []
  for (const start of nodes) {
    type State = { node: string; sign: Sign; delayed: boolean; via: readonly string[] }
    const seen = new Set<string>()
    const found = new Map<string, { signs: Set<Sign>; delayed: boolean; via: readonly string[] }>()
    const queue: State[] = [{ node: start.id, sign: '+', delayed: false, via: [] }]
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!
      for (const l of out.get(s.node) ?? []) {
        const sign = times(s.sign, l.sign)
        // A path is delayed when any of its links is; the condensed link when all its paths are.
        const delayed = s.delayed || l.delayed
        if (shown.has(l.to)) {
          const f = found.get(l.to)
          if (f) {
            f.signs.add(sign)
            f.delayed = f.delayed && delayed
          } else found.set(l.to, { signs: new Set([sign]), delayed, via: s.via })
          continue
        }
        const key = `${l.to}|${sign}|${delayed}`
        if (seen.has(key)) continue
        seen.add(key)
        queue.push({ node: l.to, sign, delayed, via: [...s.via, l.to] })
      }
    }
    for (const [to, f] of found) {
      const polarity = combine(f.signs)
      links.push({ from: start.id, to, ...(polarity ? { polarity } : {}), delayed: f.delayed, via: f.via })
    }
  }
  return links
}

/** A loop's drawn nodes and links: consecutive drawn variables joined by their shortest drawn path. */
function resolveLoop(
  info: LoopInfo,
  resolve: (ref: string) => Element | undefined,
  shown: ReadonlySet<string>,
  links: readonly GraphLink[],
): ResolvedLoop {
  const succ = new Map<string, string[]>()
  for (const l of links) {
    if (!succ.has(l.from)) succ.set(l.from, [])
    succ.get(l.from)!.push(l.to)
  }
  const ids: string[] = []
  for (const v of info.variables) {
    const id = resolve(v)?.id
    if (id !== undefined && shown.has(id) && ids[ids.length - 1] !== id) ids.push(id)
  }
  if (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop()
  const nodes: string[] = []
  const keys: string[] = []
  for (let i = 0; i < ids.length; i++) {
    const path = shortestPath(succ, ids[i]!, ids[(i + 1) % ids.length]!)
    if (!path) continue
    for (let j = 0; j + 1 < path.length; j++) {
      if (!nodes.includes(path[j]!)) nodes.push(path[j]!)
      const key = linkKey(path[j]!, path[j + 1]!)
      if (!keys.includes(key)) keys.push(key)
    }
  }
  for (const id of ids) if (!nodes.includes(id)) nodes.push(id)
  return { info, nodes, links: keys }
}

/** Shortest path from `a` to `b` (a cycle when a = b), successors tried in link order; undefined if none. */
export function shortestPath(succ: ReadonlyMap<string, readonly string[]>, a: string, b: string): string[] | undefined {
  const prev = new Map<string, string>()
  const queue = [a]
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!
    for (const m of succ.get(n) ?? []) {
      if (m === b) {
        const path = [b, n]
        for (let k = n; k !== a;) {
          k = prev.get(k)!
          path.push(k)
        }
        return path.reverse()
      }
      if (m === a || prev.has(m)) continue
      prev.set(m, n)
      queue.push(m)
    }
  }
  return undefined
}
