// The focus views' data from the equations: trees breadth first to a depth, sectors from views or clusters.
import { describe, expect, it } from 'vitest'
import { dependencyGraph } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import involution from '../../../seeds/involution/model.ts'
import teacup from '../../../seeds/teacup/model.ts'
import { causesTree, elementLookup, sectorNeighbours, sectors, treeIds } from '../src/focus-graph.ts'

/** Every id within `depth` links of `root`, breadth first over `next`. */
function reach(next: (id: string) => string[], root: string, depth: number): Set<string> {
  const seen = new Set([root])
  let front = [root]
  for (let d = 0; d < depth; d++) {
    front = front.flatMap(next).filter((id) => !seen.has(id) && seen.add(id) !== undefined)
  }
  return seen
}

describe('causes and uses trees', () => {
  const graph = dependencyGraph(involution)
  const lookup = elementLookup(involution)

  it("draws exactly the variables within the depth of Price's causes, each expanded once", () => {
    for (const depth of [1, 2, 3, 4]) {
      const tree = causesTree(graph, undefined, 'price', depth, 'causes', lookup)
      expect(treeIds(tree), `depth ${depth}`).toEqual(reach((id) => graph.causesOf(id), 'price', depth))
    }
    const tree = causesTree(graph, undefined, 'price', 3, 'causes', lookup)
    expect(tree.name).toBe('Price')
    expect(tree.kind).toBe('stock')
    const expanded: string[] = []
    const visit = (n: typeof tree) => {
      if (!n.repeated) expanded.push(n.id)
      n.children.forEach((c) => visit(c.node))
    }
    visit(tree)
    expect(new Set(expanded).size).toBe(expanded.length)
  })

  it('draws the uses tree the same way, with the flows into stocks signed', () => {
    const tree = causesTree(graph, undefined, 'price', 2, 'uses', lookup)
    expect(treeIds(tree)).toEqual(reach((id) => graph.effectsOf(id), 'price', 2))
    const t = dependencyGraph(teacup)
    const cooling = teacup.elements.find((e) => e.kind === 'flow')!
    const causes = causesTree(t, undefined, 'teacup_temperature', 1, 'causes', elementLookup(teacup))
    expect(causes.children.find((c) => c.node.id === cooling.id)?.polarity).toBe('-')
  })

  it('takes link signs from the loop analysis and marks branches cut at the depth', () => {
    const tree = causesTree(graph, [{ from: 'price_change', to: 'price', polarity: '+' }], 'price', 1, 'causes', lookup)
    const child = tree.children.find((c) => c.node.id === 'price_change')
    if (child) expect(child.polarity).toBe('+')
    expect(tree.children.some((c) => c.node.more)).toBe(true)
  })
})

describe('sectors', () => {
  it("are the model's views when it has two or more", () => {
    const model: Model = {
      ...teacup,
      views: [
        { name: 'Cup', items: [{ id: 'teacup_temperature', x: 0, y: 0 }] },
        {
          name: 'Room',
          items: [
            { id: 'room_temperature', x: 0, y: 0 },
            { id: 'teacup_temperature', x: 9, y: 9, kind: 'alias', uid: 1 },
          ],
        },
      ],
    }
    expect(sectors(model, dependencyGraph(model))).toEqual([
      { name: 'Cup', ids: ['teacup_temperature'] },
      { name: 'Room', ids: ['room_temperature'] },
    ])
  })

  it('otherwise cluster the graph around its stock-and-flow chains, every variable once, the same each time', () => {
    const graph = dependencyGraph(involution)
    const found = sectors(involution, graph)
    expect(found.length).toBeGreaterThan(2)
    const all = found.flatMap((s) => s.ids)
    expect(new Set(all).size).toBe(all.length)
    expect(new Set(all)).toEqual(new Set(involution.elements.filter((e) => e.kind !== 'lookup').map((e) => e.id)))
    expect(sectors(involution, graph)).toEqual(found)
    expect(Math.max(...found.map((s) => s.ids.length))).toBeLessThan(all.length * 0.6)
    const price = found.find((s) => s.ids.includes('price'))!
    for (const n of sectorNeighbours(price, graph, involution)) expect(price.ids).not.toContain(n)
  })
})
