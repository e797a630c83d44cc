import type { Model, View } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { renderStockFlow } from '../src/index.js'

/** A tank drained into a cloud, with a view of its own. */
const tank: Model = {
  name: 'tank',
  time: { start: 0, stop: 10, dt: 1 },
  elements: [
    { kind: 'stock', name: 'Water', id: 'water', initial: '10', inflows: [], outflows: ['drain'] },
    { kind: 'flow', name: 'Drain', id: 'drain', equation: 'Water * Rate' },
    { kind: 'param', name: 'Rate', id: 'rate', value: 0.1 },
  ],
  views: [
    {
      name: 'Authored',
      items: [
        { id: 'water', x: 100, y: 100 },
        { id: 'drain', x: 200, y: 100 },
        { id: 'rate', x: 200, y: 200 },
      ],
    },
  ],
}

/** The same three placed elsewhere, as a user might arrange them. */
const arranged: View = {
  name: 'Arranged',
  items: [
    { id: 'water', x: 100, y: 300 },
    { id: 'drain', x: 400, y: 300 },
    { id: 'rate', x: 400, y: 100 },
  ],
}

/** Where each node is drawn, relative to the stock (the layout shifts everything by its margin). */
function offsets(model: Model, options: Parameters<typeof renderStockFlow>[1]): Record<string, [number, number]> {
  const { layout } = renderStockFlow(model, options)
  const water = layout.nodes.find((n) => n.id === 'water')!
  return Object.fromEntries(layout.nodes.map((n) => [n.id, [n.x - water.x, n.y - water.y]]))
}

describe('StockFlowOptions.arranged', () => {
  it("draws the arranged positions instead of the model's view", () => {
    expect(offsets(tank, {})).toEqual({ water: [0, 0], drain: [100, 0], rate: [100, 100] })
    expect(offsets(tank, { arranged })).toEqual({ water: [0, 0], drain: [300, 0], rate: [300, -200] })
    expect(renderStockFlow(tank, { arranged }).layout.source).toBe('view')
  })

  it('wins over autoLayout, and draws a model that has no view', () => {
    expect(offsets(tank, { arranged, autoLayout: true })).toEqual(offsets(tank, { arranged }))
    const { views: _, ...noViews } = tank
    expect(offsets(noViews, { arranged })).toEqual(offsets(tank, { arranged }))
  })
})
