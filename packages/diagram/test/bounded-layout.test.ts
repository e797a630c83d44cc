// dagre on graphs whose links cross many ranks: the layout stays within its dummy-node budget, leaving
// the longest links out of dagre, and is dagre's own layout when within it.
import dagre from '@dagrejs/dagre'
import type { Edge, Graph as DagreGraph } from '@dagrejs/dagre'
import { describe, expect, it } from 'vitest'
import { generate } from '../../../bench/models.js'
import { DUMMY_BUDGET, boundedLayout } from '../src/bounded-layout.js'
import { cldGraph } from '../src/cld-graph.js'
import { placeNodes } from '../src/cld-layout.js'
import { renderCld } from '../src/index.js'

type Graph = DagreGraph<
  Record<string, unknown>,
  { width: number; height: number; x?: number; y?: number },
  { points?: { x: number; y: number }[] }
>

/** A hub linked to every node of a chain of `n`: its link to the last one crosses `n - 1` ranks. */
function hubAndChain(n: number): Graph {
  const g: Graph = new dagre.graphlib.Graph()
  g.setGraph({ rankdir: 'LR', acyclicer: 'greedy' })
  g.setDefaultEdgeLabel(() => ({}))
  g.setNode('hub', { width: 20, height: 10 })
  for (let i = 0; i < n; i++) g.setNode(`n${i}`, { width: 20, height: 10 })
  for (let i = 0; i + 1 < n; i++) g.setEdge(`n${i}`, `n${i + 1}`, {})
  for (let i = 0; i < n; i++) g.setEdge('hub', `n${i}`, {})
  return g
}

const positions = (g: Graph) => g.nodes().map((v: string) => [v, g.node(v).x, g.node(v).y])

/** Interior points of every routed link: one per dummy node dagre added. */
const routed = (g: Graph) => g.edges().reduce((sum: number, e: Edge) => sum + (g.edge(e).points?.length ?? 2) - 2, 0)

/**
 * The 2,000-variable model of the end-to-end tests (666 stocks in a ring, each drained through a flow
 * driven by an auxiliary reading one parameter) and the nodes the viewer's causal-loop diagram draws for
 * "all variables and parameters": the first 400 in model order, the parameter and 399 stocks.
 */
const large = generate('chain', 2000, 100)
const largeNodes = large.elements
  .filter((e) => e.kind === 'stock' || e.kind === 'flow' || e.kind === 'aux' || e.kind === 'param')
  .slice(0, 400)
  .map((e) => e.id)

describe('dagre within a dummy-node budget', () => {
  it("is dagre's layout when the links cross few ranks", () => {
    const bounded = hubAndChain(12)
    const plain = hubAndChain(12)
    expect(boundedLayout(bounded)).toEqual([])
    dagre.layout(plain)
    expect(positions(bounded)).toEqual(positions(plain))
    expect(bounded.edges().map((e: Edge) => bounded.edge(e).points)).toEqual(
      plain.edges().map((e: Edge) => plain.edge(e).points),
    )
  })

  it('leaves the links crossing most ranks out of the layout until the rest fit the budget', () => {
    const g = hubAndChain(40)
    const left = boundedLayout(g, 100)
    // Unbounded, dagre adds 1,639 dummy nodes (2i + 1 for the hub's link to node i): the longest went first.
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((e) => e.v === 'hub')).toBe(true)
    expect(left.map((e) => e.w)).toContain('n39')
    expect(routed(g)).toBeLessThanOrEqual(100)
    for (const e of left) expect(g.hasEdge(e.v, e.w)).toBe(false)
    for (const v of g.nodes()) expect(Number.isFinite(g.node(v).x) && Number.isFinite(g.node(v).y)).toBe(true)
  })

  it('lays out the viewer\'s "all variables and parameters" of a 2,000-variable model', () => {
    const options = { nodes: largeNodes, params: false }
    const graph = cldGraph(large, options)
    expect(graph.nodes).toHaveLength(400)
    // The parameter feeds every stock: dagre alone would add some 160,000 dummy nodes, and its
    // `Math.max(...ranks)` of them overflows a Web Worker's stack.
    expect(graph.links.filter((l) => l.from === 'k')).toHaveLength(399)
    const { boxes, routes } = placeNodes(graph, 'LR')
    expect([...routes.values()].reduce((sum, r) => sum + r.length, 0)).toBeLessThanOrEqual(DUMMY_BUDGET)
    expect([...boxes.values()].every((b) => Number.isFinite(b.x) && Number.isFinite(b.y))).toBe(true)

    const { svg, layout } = renderCld(large, options)
    expect(layout.nodes).toHaveLength(400)
    expect(layout.links).toHaveLength(graph.links.length)
    expect(layout.links.every((l) => l.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))).toBe(true)
    expect(svg.match(/data-node="/g)).toHaveLength(400)
  })
})
