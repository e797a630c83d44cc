import { canonicalId } from '@stockflow/model'
import type { Model, VarId } from '@stockflow/model'
import { listLoops } from './listing.js'
import type { Listing } from './listing.js'
import { LoopBuilder, sortDrafts } from './loop-builder.js'
import type { Draft } from './loop-builder.js'
import { assemble } from './analysis.js'
import type { Loop, LoopAnalysis } from './analysis.js'
import type { NamedLoopMatch } from './named.js'
import { project, smallestRotation } from './projection.js'
import type { Trace } from './trace.js'
import { variableGraph } from './variable-graph.js'
import type { VariableGraph } from './variable-graph.js'

/**
 * The loops of an arrayed model at the variable level, from its analysis element by element: the
 * elementary loops of the variable graph (so their number is bounded by the variables', not the
 * elements'), each with the element loops that project onto it, then the closed walks through a
 * variable more than once that other element loops project onto, so every listed element loop counts
 * in exactly one variable loop. `variableName` gives the variable an element of the flat model (by
 * name) belongs to.
 */
export function variableAnalysis(
  source: Model,
  elements: LoopAnalysis,
  variableName: (elementName: string) => string | undefined,
): LoopAnalysis {
  const { trace, options } = elements
  const vg = variableGraph(source, elements.graph, elements.polarities, variableName, trace)
  const variableOf = (name: string) => {
    const node = elements.graph.node(canonicalId(name))
    return node && vg.variableOf.get(node.id)
  }
  const projected = new Map<string, Loop[]>()
  const walks = new Map<string, readonly VarId[]>()
  for (const l of elements.loops) {
    const { key, walk, simple } = project(l.variables, vg.variableOf)
    let list = projected.get(key)
    if (!list) projected.set(key, (list = []))
    list.push(l)
    if (!simple) walks.set(key, walk)
  }
  const cycles = [...projected.keys()].filter((key) => !walks.has(key))
  const listing = listLoops(vg.graph, vg.polarities, trace, source.loops ?? [], options, {
    // Too many variable loops to list: besides the independent set, those the listed element loops
    // (the strongest along the run among them) project onto.
    more: () => cycles.map((key) => Int32Array.from(key.split('\u0000'), (id) => vg.graph.indexOf(id))),
    settle: (d) => settle(d, projected.get(d.id) ?? []),
    // A named loop may name elements (`Infected[north]`): their variables.
    resolve: (name) => variableOf(name),
  })
  // An independent set is a basis of simple cycles: closed walks have no place in it.
  const closed = options.loopSet === 'independent' ? [] : [...walks.values()]
  return assemble({
    model: source,
    options,
    graph: vg.graph,
    equations: elements.equations,
    trace,
    polarities: vg.polarities,
    listing: withWalks(
      listing,
      closed.map((w) => settle(walkDraft(vg, w, trace), projected.get(w.join('\u0000'))!)),
    ),
    elements,
    elementLoops: (d) => (projected.get(d.id) ?? []).map((l) => l.id),
    through: (name) => {
      const id = variableOf(name)
      return id === undefined ? [] : [id]
    },
  })
}

/**
 * A variable loop's polarity from the element loops it stands for: theirs when they all have one and
 * the same (a mixed variable link whose element loops agree does not make the loop mixed), else mixed,
 * with the polarity most save times give its links' product or, where none does, that of most of its
 * element loops (on a tie, its signed links' product). With no element loop, as its links give.
 */
function settle(d: Draft, elementLoops: readonly Loop[]): Draft {
  const first = elementLoops[0]
  if (first && elementLoops.every((l) => !l.mixed && l.polarity === first.polarity))
    return { ...d, polarity: first.polarity, mixed: false, changes: [], undecided: false }
  const mixed = d.mixed || elementLoops.length > 0
  if (!d.undecided) return { ...d, mixed }
  const balancing = elementLoops.filter((l) => l.polarity === 'balancing').length
  const reinforcing = elementLoops.length - balancing
  const negative = d.links.filter((l) => l.polarity === '-').length
  const polarity =
    balancing !== reinforcing
      ? balancing > reinforcing
        ? 'balancing'
        : 'reinforcing'
      : negative % 2
        ? 'balancing'
        : 'reinforcing'
  return { ...d, polarity, mixed }
}

/**
 * The draft of a closed walk through a variable more than once, keyed by `walk` (its smallest rotation),
 * shown from its first stock in model order (of that stock's visits, the rotation whose node indices
 * compare smallest).
 */
function walkDraft(vg: VariableGraph, walk: readonly VarId[], trace: Trace | undefined): Draft {
  const nodes = walk.map((v) => vg.graph.indexOf(v))
  const rank = (u: number) => (vg.graph.nodes[u]!.kind === 'stock' ? 0 : vg.graph.nodes.length) + u
  const lead = Math.min(...nodes.map(rank))
  const starts = nodes.flatMap((u, i) => (rank(u) === lead ? [i] : []))
  const rotations = starts.map((s) => nodes.map((_, i) => nodes[(s + i) % nodes.length]!))
  rotations.sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
    return 0
  })
  const d = new LoopBuilder(vg.graph, vg.polarities, trace).draft(Int32Array.from(rotations[0]!))
  const sortKey = smallestRotation(d.variables)
  return { ...d, id: sortKey.join('\u0000'), sortKey }
}

/**
 * The listing with the closed walks after its loops, numbered on from its last R and B, so the simple
 * loops keep the ids they have without them (the walks found depend on the element loops listed).
 */
function withWalks(listing: Listing, walks: Draft[]): Listing {
  if (walks.length === 0) return listing
  const last = (p: string) =>
    Math.max(0, ...[...listing.ids.values()].filter((id) => id.startsWith(p)).map((id) => Number(id.slice(1))))
  let r = last('R')
  let b = last('B')
  const ids = new Map(listing.ids)
  const sorted = sortDrafts(walks)
  for (const d of sorted) ids.set(d.id, d.polarity === 'reinforcing' ? `R${++r}` : `B${++b}`)
  return { ...listing, drafts: [...listing.drafts, ...sorted], ids }
}

/**
 * The element level's matches of an arrayed model's named loops: a named loop of elements as found
 * among the element loops; one of variables (`Infected`, which no element loop holds as such) as the
 * first element loop of the variable loop it matches, the shortest of those it stands for.
 */
export function elementMatches(elements: LoopAnalysis, variables: LoopAnalysis): NamedLoopMatch[] {
  return elements.named.map((m, i) => {
    if (m.unknown.length === 0) return m
    const v = variables.named[i]!
    const loop = v.loop === undefined ? undefined : variables.loop(v.loop)!
    const first = loop?.elementLoops?.[0]
    if (!loop || first === undefined) return { named: m.named, exact: false, unknown: v.unknown }
    const e = elements.loop(first)!
    return {
      named: m.named,
      loop: first,
      exact: v.exact && e.variables.length === loop.variables.length,
      polarityAgrees: e.polarity === m.named.polarity,
      unknown: [],
    }
  })
}
