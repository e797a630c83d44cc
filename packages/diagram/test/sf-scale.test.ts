import type { Model } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { generate } from '../../../bench/models.js'
import type { Family } from '../../../bench/models.js'
import involution from '../../../seeds/involution/model.js'
import { renderStockFlow, stockFlowMetrics } from '../src/index.js'
import { drawnBox, overlappingBoxes } from '../src/layout-metrics.js'
import { TEXT_SLACK } from '../src/sf-footprint.js'
import { DAGRE_LIMIT } from '../src/stock-flow-layout.js'

// The automatic stock-and-flow layout at 50 to 500 variables: no two drawn symbols overlap (labels
// included, with room for a browser font a fifth wider than the estimate), the drawing is neither
// a strip nor a tower, every flow has its pipe and valve, and pipes leave and enter their stocks.

/** Overlapping pairs with every label wider still than the metric takes it. */
function wideOverlaps(model: Model, aspect?: number): string[] {
  const { layout } = renderStockFlow(model, aspect === undefined ? {} : { aspect })
  const pipes = new Map(layout.pipes.map((p) => [p.flow, p]))
  const boxes = layout.nodes.map((n) => {
    const b = drawnBox(n, pipes.get(n.id))
    // Half as much again as the metric's slack: labels still clear of each other.
    return n.kind === 'stock' ? b : { ...b, width: b.width * (1 + (TEXT_SLACK - 1) / 2) }
  })
  return overlappingBoxes(boxes).map(([i, j]) => `${layout.nodes[i]!.id}~${layout.nodes[j]!.id}`)
}

const families: Family[] = ['chain', 'random', 'smooth-delay']

describe('the automatic stock-and-flow layout at size', () => {
  for (const family of families) {
    for (const n of [50, 100, 200, 500]) {
      it(`lays out ${family}-${n} without overlaps, near the aspect asked for`, () => {
        const model = generate(family, n, 10)
        const { layout } = renderStockFlow(model)
        expect(layout.source).toBe('auto')
        expect(layout.nodes.length).toBeGreaterThan(DAGRE_LIMIT)
        const m = stockFlowMetrics(layout)
        expect(m.overlaps).toBe(0)
        expect(wideOverlaps(model)).toEqual([])
        expect(m.aspect).toBeGreaterThan(1 / 3)
        expect(m.aspect).toBeLessThan(3)
        // Every flow drawn once, with a pipe from its stock (or cloud) to its stock (or cloud).
        const flows = model.elements.filter((e) => e.kind === 'flow').map((e) => e.id)
        expect(layout.pipes.map((p) => p.flow).sort()).toEqual([...flows].sort())
        expect(
          layout.nodes
            .filter((x) => x.kind === 'flow')
            .map((x) => x.id)
            .sort(),
        ).toEqual([...flows].sort())
        const byId = new Map(layout.nodes.map((x) => [x.id, x]))
        for (const p of layout.pipes) {
          const touches = (id: string | undefined, q: { x: number; y: number }) => {
            if (id === undefined) return true
            const s = byId.get(id)!
            return Math.abs(q.x - s.x) <= s.width / 2 + 0.01 && Math.abs(q.y - s.y) <= s.height / 2 + 0.01
          }
          expect(touches(p.from, p.points[0]!), `${p.flow} leaves ${p.from}`).toBe(true)
          expect(touches(p.to, p.points[p.points.length - 1]!), `${p.flow} enters ${p.to}`).toBe(true)
          expect(
            p.points.some((q) => q.x === p.valve.x && q.y === p.valve.y),
            `${p.flow}'s valve is on its pipe`,
          ).toBe(true)
        }
      })
    }
  }

  it('lays out the involution model with its parameters without overlaps, wider than tall', () => {
    const { layout } = renderStockFlow(involution)
    expect(layout.nodes).toHaveLength(227)
    const m = stockFlowMetrics(layout)
    expect(m.overlaps).toBe(0)
    expect(wideOverlaps(involution)).toEqual([])
    expect(m.aspect).toBeGreaterThan(1)
    expect(m.aspect).toBeLessThan(2.5)
  })

  it('aims for the aspect asked for', () => {
    const model = generate('chain', 200, 10)
    const tall = stockFlowMetrics(renderStockFlow(model, { aspect: 0.7 }).layout).aspect
    const wide = stockFlowMetrics(renderStockFlow(model, { aspect: 2.5 }).layout).aspect
    expect(tall).toBeLessThan(1)
    expect(wide).toBeGreaterThan(1.8)
    expect(wideOverlaps(model, 0.7)).toEqual([])
  })

  it('counts overlaps, aspect and crossings', () => {
    const layout = {
      width: 200,
      height: 100,
      source: 'auto' as const,
      nodes: [
        { id: 'a', name: 'a', kind: 'aux' as const, x: 50, y: 50, width: 18, height: 18 },
        { id: 'b', name: 'b', kind: 'aux' as const, x: 55, y: 52, width: 18, height: 18 },
      ],
      pipes: [],
      clouds: [],
      connectors: [
        { from: 'a', to: 'b', start: { x: 0, y: 0 }, control: { x: 50, y: 50 }, end: { x: 100, y: 100 } },
        { from: 'b', to: 'a', start: { x: 0, y: 80 }, control: { x: 50, y: 40 }, end: { x: 100, y: 0 } },
      ],
    }
    expect(stockFlowMetrics(layout)).toEqual({ overlaps: 1, aspect: 2, crossings: 1 })
  })
})
