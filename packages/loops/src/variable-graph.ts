import type { Model, VarId } from '@stockflow/model'
import { graphOf } from './causal-graph.js'
import type { CausalGraph, CausalLink, CausalNode } from './causal-graph.js'
import { signChanges } from './numeric.js'
import type { LinkPolarity } from './polarity.js'
import type { Trace } from './trace.js'

/** The causal graph of an arrayed model drawn at the variable level, and how it stands for the element graph. */
export interface VariableGraph {
  readonly graph: CausalGraph
  readonly polarities: ReadonlyMap<CausalLink, LinkPolarity>
  /** The variable (its id) of each node of the element graph (by id). */
  readonly variableOf: ReadonlyMap<VarId, VarId>
  /** The element links each variable link stands for. */
  readonly members: ReadonlyMap<CausalLink, readonly CausalLink[]>
}

/**
 * The variable-level causal graph: a node per variable of `source` (lookups aside), and a link A → B
 * when the element graph links some element of A to some element of B (a reduction such as
 * `SUM(Infected[*])` is a flat call reading every element, so it links its array too). The link is `+`
 * or `-` when all its element links are, else `mixed` (element links that disagree, or any that is
 * mixed), with a sign at each save time where its element links agree. `variableName` gives the variable
 * a node of the element graph belongs to (by its name).
 */
export function variableGraph(
  source: Model,
  elements: CausalGraph,
  elementPolarities: ReadonlyMap<CausalLink, LinkPolarity>,
  variableName: (elementName: string) => string | undefined,
  trace?: Trace,
): VariableGraph {
  const nodes: CausalNode[] = []
  const byName = new Map<string, VarId>()
  for (const e of source.elements) {
    if (e.kind === 'lookup') continue
    nodes.push({ id: e.id, name: e.name, kind: e.kind })
    byName.set(e.name, e.id)
  }
  const variableOf = new Map<VarId, VarId>()
  for (const n of elements.nodes) {
    const name = variableName(n.name)
    variableOf.set(n.id, (name === undefined ? undefined : byName.get(name)) ?? n.id)
  }
  const groups = new Map<string, CausalLink[]>()
  for (const l of elements.links) {
    const key = `${variableOf.get(l.from)!}\u0000${variableOf.get(l.to)!}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = []))
    group.push(l)
  }
  const links: CausalLink[] = []
  const members = new Map<CausalLink, readonly CausalLink[]>()
  const polarities = new Map<CausalLink, LinkPolarity>()
  for (const group of groups.values()) {
    const first = group[0]!
    const link: CausalLink = {
      from: variableOf.get(first.from)!,
      to: variableOf.get(first.to)!,
      // A flow feeds its stock's elements the same way (inflow or outflow) in every flattening.
      kind: group.every((l) => l.kind === first.kind) ? first.kind : 'equation',
      delayed: group.every((l) => l.delayed),
    }
    links.push(link)
    members.set(link, group)
    polarities.set(
      link,
      combinedPolarity(
        group.map((l) => elementPolarities.get(l)!),
        trace,
      ),
    )
  }
  return { graph: graphOf(nodes, links), polarities, variableOf, members }
}

/**
 * The polarity of a variable link from those of its element links: their common sign, else `mixed`
 * with, along a run, the sign at each save time where the element links that have one agree (0 where
 * they disagree or none has an effect).
 */
function combinedPolarity(parts: readonly LinkPolarity[], trace: Trace | undefined): LinkPolarity {
  const first = parts[0]!.polarity
  if (first !== 'mixed' && parts.every((p) => p.polarity === first)) return { polarity: first, method: 'elements' }
  if (!trace) return { polarity: 'mixed', method: 'elements' }
  const signs = new Int8Array(trace.times.length)
  for (let i = 0; i < signs.length; i++) {
    let plus = false
    let minus = false
    for (const p of parts) {
      const s = p.signs ? p.signs[i]! : p.polarity === '+' ? 1 : p.polarity === '-' ? -1 : 0
      if (s > 0) plus = true
      else if (s < 0) minus = true
    }
    signs[i] = plus === minus ? 0 : plus ? 1 : -1
  }
  return {
    polarity: 'mixed',
    method: 'elements',
    signs,
    changes: signChanges(signs, trace.times),
    ...(parts.every((p) => p.inactive) ? { inactive: true } : {}),
  }
}
