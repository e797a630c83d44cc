import type { Model } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'
import { renderStockFlow } from '../src/index.js'
import { awkwardModel } from './models.js'
import { expectSvgSnapshot } from './snapshot.js'

/** Teacup with the diagram Stella saved for it (test-models `teacup_w_diagram.xmile`). */
const teacupWithView: Model = {
  ...teacup,
  views: [
    {
      items: [
        { id: 'teacup_temperature', x: 132, y: 97 },
        {
          id: 'heat_loss_to_room',
          x: 243,
          y: 92,
          points: [
            [154, 92],
            [332, 92],
          ],
        },
        { id: 'characteristic_time', x: 285, y: 43 },
        { id: 'room_temperature', x: 283, y: 139 },
      ],
    },
  ],
}

describe('renderStockFlow', () => {
  it('lays out teacup automatically: a stock draining through a valve into a cloud', () => {
    const { svg, layout } = renderStockFlow(teacup)
    expect(layout.source).toBe('auto')
    expect(layout.pipes).toEqual([expect.objectContaining({ flow: 'heat_loss_to_room', from: 'teacup_temperature' })])
    expect(layout.clouds).toEqual([expect.objectContaining({ flow: 'heat_loss_to_room', end: 'to' })])
    // The pipe runs level from the stock through the valve to the cloud.
    const pipe = layout.pipes[0]!
    expect(new Set(pipe.points.map((p) => p.y)).size).toBe(1)
    expect(layout.connectors.map((c) => `${c.from}->${c.to}`).sort()).toEqual([
      'characteristic_time->heat_loss_to_room',
      'room_temperature->heat_loss_to_room',
      'teacup_temperature->heat_loss_to_room',
    ])
    expectSvgSnapshot('sfd-teacup', svg)
  })

  it("keeps the author's positions from a view, shifted into the margin", () => {
    const { svg, layout } = renderStockFlow(teacupWithView)
    expect(layout.source).toBe('view')
    const stock = layout.nodes.find((n) => n.id === 'teacup_temperature')!
    const valve = layout.pipes[0]!.valve
    const aux = layout.nodes.find((n) => n.id === 'characteristic_time')!
    expect([stock.width, stock.height]).toEqual([45, 35])
    // Relative positions are the view's.
    expect([valve.x - stock.x, valve.y - stock.y]).toEqual([111, -5])
    expect([aux.x - stock.x, aux.y - stock.y]).toEqual([153, -54])
    expect(layout.clouds).toHaveLength(1)
    expect(layout.clouds[0]!.x - stock.x).toBe(200)
    expectSvgSnapshot('sfd-teacup-view', svg)
  })

  it('falls back to the automatic layout on request', () => {
    expect(renderStockFlow(teacupWithView, { autoLayout: true }).layout.source).toBe('auto')
  })

  it('renders SIR: one chain, no clouds, pipes level', () => {
    const { svg, layout } = renderStockFlow(sir)
    expect(layout.clouds).toEqual([])
    expect(layout.pipes.map((p) => [p.from, p.flow, p.to])).toEqual([
      ['susceptible', 'succumbing', 'infectious'],
      ['infectious', 'recovering', 'recovered'],
    ])
    const ys = new Set(layout.pipes.flatMap((p) => p.points.map((q) => q.y)))
    expect(ys.size).toBe(1)
    expectSvgSnapshot('sfd-sir', svg)
  })

  it('renders the involution model', () => {
    const { svg, layout } = renderStockFlow(involution, { params: false })
    const stocks = involution.elements.filter((e) => e.kind === 'stock')
    expect(layout.nodes.filter((n) => n.kind === 'stock').map((n) => n.id)).toEqual(stocks.map((s) => s.id))
    expect(layout.pipes).toHaveLength(involution.elements.filter((e) => e.kind === 'flow').length)
    expectSvgSnapshot('sfd-involution', svg)
  })

  it('draws only the variables asked for: a flow whose stock is left out ends in a cloud', () => {
    const { layout } = renderStockFlow(sir, {
      nodes: ['Infectious', 'succumbing', 'recovering', 'Contact_Infectivity'],
    })
    expect(layout.nodes.map((n) => n.id).sort()).toEqual([
      'contact_infectivity',
      'infectious',
      'recovering',
      'succumbing',
    ])
    expect(layout.pipes.map((p) => [p.from, p.flow, p.to])).toEqual([
      [undefined, 'succumbing', 'infectious'],
      ['infectious', 'recovering', undefined],
    ])
    expect(layout.clouds.map((c) => `${c.flow}:${c.end}`)).toEqual(['succumbing:from', 'recovering:to'])
    for (const c of layout.connectors) expect(layout.nodes.some((n) => n.id === c.from)).toBe(true)
  })

  it('escapes names', () => {
    const { svg } = renderStockFlow(awkwardModel())
    expect(svg).toContain('Cash &lt;&amp; &quot;reserves&quot;')
    expect(svg).not.toMatch(/<(?![a-z/])/)
  })
})
