import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { listLoops } from './listing.js'
import type { Draft } from './loop-builder.js'
import { assemble } from './analysis.js'
import type { Loop, LoopAnalysis } from './analysis.js'
import type { NamedLoopMatch } from './named.js'
import { projectionKey } from './projection.js'
import { variableGraph } from './variable-graph.js'

/**
 * The loops of an arrayed model at the variable level, from its analysis element by element: the
 * elementary loops of the variable graph (so their number is bounded by the variables', not the
 * elements'), each with the element loops that project onto it. `variableName` gives the variable an
 * element of the flat model (by name) belongs to.
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
  for (const l of elements.loops) {
    const key = projectionKey(l.variables, vg.variableOf)
    if (key === undefined) continue
    let list = projected.get(key)
    if (!list) projected.set(key, (list = []))
    list.push(l)
  }
  const listing = listLoops(vg.graph, vg.polarities, trace, source.loops ?? [], options, {
    // Too many variable loops to list: besides the independent set, those the listed element loops
    // (the strongest along the run among them) project onto.
    more: () => [...projected.keys()].map((key) => Int32Array.from(key.split('\u0000'), (id) => vg.graph.indexOf(id))),
    settle: (d) => settle(d, projected.get(d.id) ?? []),
    // A named loop may name elements (`Infected[north]`): their variables.
    resolve: (name) => variableOf(name),
  })
  return assemble({
    model: source,
    options,
    graph: vg.graph,
    equations: elements.equations,
    trace,
    polarities: vg.polarities,
    listing,
    elements,
    elementLoops: (d) => (projected.get(d.id) ?? []).map((l) => l.id),
    through: (name) => {
      const id = variableOf(name)
      return id === undefined ? [] : [id]
    },
  })
}

/**
 * A mixed variable loop whose links never all have a sign at one save time (element links that
 * disagree): the polarity most of its element loops have, else the product of its signed links.
 */
function settle(d: Draft, elementLoops: readonly Loop[]): Draft {
  if (!d.undecided) return d
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
  return { ...d, polarity }
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
