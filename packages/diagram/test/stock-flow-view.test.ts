import type { Model } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { renderStockFlow } from '../src/index.js'
import type { StockFlowLayout } from '../src/index.js'
import { expectSvgSnapshot } from './snapshot.js'

/**
 * A tank filled from a cloud and drained into one, as a Vensim sketch gives it: the inflow's pipe is
 * written sink first, the drain rate is drawn again as an alias, a lookup is placed, and the view has
 * the author's connectors (one arc, one from the alias, one marked `-`).
 */
const tank: Model = {
  name: 'tank',
  time: { start: 0, stop: 10, dt: 1 },
  elements: [
    { kind: 'stock', name: 'Water', id: 'water', initial: '10', inflows: ['inflow'], outflows: ['outflow'] },
    { kind: 'flow', name: 'Inflow', id: 'inflow', equation: 'supply(Time)' },
    { kind: 'flow', name: 'Outflow', id: 'outflow', equation: 'Water * Rate' },
    { kind: 'param', name: 'Rate', id: 'rate', value: 0.1 },
    { kind: 'lookup', name: 'Supply', id: 'supply', x: [0, 10], y: [1, 2] },
  ],
  views: [
    {
      name: 'Tank',
      items: [
        { id: 'water', x: 300, y: 100, width: 80, height: 40 },
        { id: 'inflow', x: 120, y: 100, width: 20, height: 16, kind: 'cloud' },
        {
          id: 'inflow',
          x: 190,
          y: 100,
          points: [
            [260, 100],
            [120, 100],
          ],
        },
        {
          id: 'outflow',
          x: 410,
          y: 100,
          points: [
            [340, 100],
            [480, 100],
          ],
        },
        { id: 'outflow', x: 480, y: 100, kind: 'cloud' },
        { id: 'rate', x: 410, y: 200 },
        { id: 'rate', x: 200, y: 220, kind: 'alias', uid: 7 },
        { id: 'supply', x: 120, y: 200 },
      ],
      links: [
        { from: 'rate', to: 'outflow', points: [[440, 150]] },
        { from: 'rate', to: 'inflow', fromAlias: 7, polarity: '-' },
        { from: 'supply', to: 'inflow' },
        { from: 'water', to: 'outflow', polarity: '+' },
      ],
    },
    { name: 'Rate only', items: [{ id: 'rate', x: 10, y: 10 }] },
  ],
}

const node = (layout: StockFlowLayout, id: string, alias = false) =>
  layout.nodes.find((n) => n.id === id && !!n.alias === alias)!

describe('renderStockFlow: a view with aliases, clouds and connectors as drawn', () => {
  const { svg, layout } = renderStockFlow(tank)

  it('draws an alias as its own node, after the elements, at its place', () => {
    expect(layout.source).toBe('view')
    const rate = node(layout, 'rate')
    const alias = node(layout, 'rate', true)
    expect(alias).toMatchObject({ kind: 'param', alias: true, uid: 7 })
    expect([alias.x - rate.x, alias.y - rate.y]).toEqual([-210, 20])
    expect(layout.nodes.indexOf(alias)).toBe(layout.nodes.length - 1)
    expect(svg).toContain('class="node alias param" data-node="rate" data-alias="7"')
    expect(svg).toContain('&lt;Rate&gt;')
  })

  it("draws the view's connectors only, the one from the alias leaving the alias", () => {
    expect(layout.connectors.map((c) => `${c.from}->${c.to}${c.polarity ?? ''}`)).toEqual([
      'rate->outflow',
      'rate->inflow-',
      'supply->inflow',
      'water->outflow+',
    ])
    const alias = node(layout, 'rate', true)
    const fromAlias = layout.connectors[1]!
    expect(Math.abs(fromAlias.start.x - alias.x)).toBeLessThanOrEqual(alias.width / 2 + 3)
    expect(Math.abs(fromAlias.start.y - alias.y)).toBeLessThanOrEqual(alias.height / 2 + 3)
    // The arc passes through the author's point halfway: the control point mirrors it about the chord's middle.
    const rate = node(layout, 'rate')
    const valve = layout.pipes.find((p) => p.flow === 'outflow')!.valve
    const arc = layout.connectors[0]!
    const via = { x: (rate.x + valve.x) / 4 + arc.control.x / 2, y: (rate.y + valve.y) / 4 + arc.control.y / 2 }
    expect([via.x - rate.x, via.y - rate.y]).toEqual([30, -50])
    expect(svg).toMatch(/>-<\/text>/)
  })

  it('runs a pipe written sink first from its source, and puts clouds where the author did', () => {
    const water = node(layout, 'water')
    const inflow = layout.pipes.find((p) => p.flow === 'inflow')!
    expect(inflow).toMatchObject({ to: 'water' })
    expect(inflow.points[inflow.points.length - 1]).toEqual({ x: water.x - 40, y: water.y })
    const clouds = layout.clouds.map((c) => [c.flow, c.end, c.x - water.x, c.y - water.y])
    expect(clouds).toEqual([
      ['inflow', 'from', -180, 0],
      ['outflow', 'to', 180, 0],
    ])
  })

  it('draws a lookup the view places, and hides it with the parameters', () => {
    expect(node(layout, 'supply').kind).toBe('lookup')
    expect(svg).toContain('class="node lookup" data-node="supply"')
    const hidden = renderStockFlow(tank, { params: false }).layout
    expect(hidden.nodes.map((n) => n.id)).toEqual(['water', 'inflow', 'outflow'])
    expect(hidden.connectors.map((c) => `${c.from}->${c.to}`)).toEqual(['water->outflow'])
    expectSvgSnapshot('sfd-tank-view', svg)
  })

  it('draws another view by its index, and no lookups without a view', () => {
    expect(renderStockFlow(tank, { view: 1 }).layout.nodes.map((n) => n.id)).toEqual(['rate'])
    expect(renderStockFlow(tank, { autoLayout: true }).layout.nodes.map((n) => n.id)).toEqual([
      'water',
      'inflow',
      'outflow',
      'rate',
    ])
  })
})
