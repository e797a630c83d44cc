/** dagre's layout with a bound on the dummy nodes it adds for links that cross ranks. */
import dagre from '@dagrejs/dagre'
import type { Edge, EdgeLabel, Graph, GraphLabel, NodeLabel } from '@dagrejs/dagre'

/**
 * Dummy nodes dagre may add (one per rank a link crosses; it halves the rank gap, so even a link to the
 * next rank has one) before the longest links are left out of its layout: the involution model with its
 * parameters needs 1,500. Its ordering sweeps take time in proportion, and past 63,000 nodes the ranks it
 * spreads into `Math.max` (65,535 arguments at a time) overflow a Chromium Web Worker's stack: a hub
 * feeding a chain of 400 stocks makes 160,000.
 */
export const DUMMY_BUDGET = 10_000

/** The layout graph dagre hands to `customOrder`, with its dummy nodes in. */
type LayoutGraph = Graph<GraphLabel, NodeLabel, EdgeLabel>

/** Thrown out of dagre, once it has ranked the graph, when the links cross too many ranks. */
class OverBudget extends Error {
  constructor(readonly dummies: ReadonlyMap<string, number>) {
    super('over the dummy-node budget')
  }
}

/** `v -> w` of an input edge (our graphs are not multigraphs). */
const edgeKey = (v: string, w: string) => `${v}\u0001${w}`

/**
 * Runs `dagre.layout` on `g`. When its ranking needs more than `budget` dummy nodes, the links crossing
 * most ranks are removed from `g` and the layout runs again, until it fits: they are returned, for the
 * caller to draw without dagre's route. Within the budget this is `dagre.layout(g)`, nothing removed.
 */
export function boundedLayout<G, N, E>(g: Graph<G, N, E>, budget = DUMMY_BUDGET): Edge[] {
  const left: Edge[] = []
  // Each round removes at least one link, so this ends (with no links left, nothing crosses a rank).
  for (;;) {
    try {
      dagre.layout(g, { customOrder: (graph, order) => (checkBudget(graph, budget), order(graph)) })
      return left
    } catch (err) {
      if (!(err instanceof OverBudget)) throw err
      // Leave out the longest links until those left cross half the budget (ranks shift when links go).
      const ranked = g
        .edges()
        .map((e: Edge, i: number) => ({ e, i, dummies: err.dummies.get(edgeKey(e.v, e.w)) ?? 0 }))
        .filter((x) => x.dummies > 0)
        .sort((a, b) => b.dummies - a.dummies || a.i - b.i)
      let total = ranked.reduce((sum, x) => sum + x.dummies, 0)
      for (const { e, dummies } of ranked) {
        if (total <= budget / 2) break
        g.removeEdge(e)
        left.push(e)
        total -= dummies
      }
    }
  }
}

/** Counts the dummy nodes of each input edge; throws `OverBudget` when they are more than `budget`. */
function checkBudget(graph: LayoutGraph, budget: number): void {
  const dummies = new Map<string, number>()
  let total = 0
  for (const v of graph.nodes()) {
    const node = graph.node(v)
    if (!node.edgeObj || (node.dummy !== 'edge' && node.dummy !== 'edge-label')) continue
    // dagre reversed some edges to break cycles: count them under the input's direction.
    const { v: from, w: to } = node.edgeObj
    const key = node.edgeLabel?.reversed ? edgeKey(to, from) : edgeKey(from, to)
    dummies.set(key, (dummies.get(key) ?? 0) + 1)
    total++
  }
  if (total > budget) throw new OverBudget(dummies)
}
