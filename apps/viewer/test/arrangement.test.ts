import { describe, expect, it } from 'vitest'
import { layoutToView, renderStockFlow } from '@stockflow/diagram'
import type { View } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.ts'
import sir from '../../../seeds/SIR/model.ts'
import { Arrangements, moveNode, reconcile } from '../src/arrangement.ts'
import type { MovedKind } from '../src/arrangement.ts'

const kinds = (m: typeof sir) => {
  const k = new Map(m.elements.map((e) => [e.id, e.kind]))
  return (id: string): MovedKind => (k.get(id) === 'stock' ? 'stock' : k.get(id) === 'flow' ? 'flow' : 'other')
}

/** A stock S drained by flow F into a cloud, a parameter P read by F, and a link bent by its author. */
const view: View = {
  items: [
    { id: 's', x: 100, y: 100, width: 40, height: 30 },
    {
      id: 'f',
      x: 200,
      y: 100,
      points: [
        [120, 100],
        [280, 100],
      ],
    },
    { id: 'f', x: 280, y: 100, kind: 'cloud' },
    { id: 'p', x: 200, y: 160 },
    { id: 's', x: 400, y: 300, kind: 'alias', uid: 7 },
  ],
  links: [{ from: 'p', to: 'f', points: [[190, 130]] }],
}
const kindOf = (id: string): MovedKind => (id === 's' ? 'stock' : id === 'f' ? 'flow' : 'other')

describe('moveNode', () => {
  it('takes the ends of the pipes at a moved stock along, bending them at the valve', () => {
    const moved = moveNode(view, { id: 's' }, kindOf, 0, -50)
    expect(moved.items[0]).toMatchObject({ x: 100, y: 50 })
    // The pipe leaves the stock's edge toward the valve, which stays.
    const pts = moved.items[1]!.points!
    expect(pts[1]).toEqual([200, 100])
    expect(pts[2]).toEqual([280, 100])
    expect(pts[0]![0]).toBeCloseTo(120, 0)
    expect(pts[0]![1]).toBeGreaterThan(50)
    expect(pts[0]![1]).toBeLessThanOrEqual(65)
    expect(moved.items.slice(2)).toEqual(view.items.slice(2))
    expect(view.items[0]).toMatchObject({ x: 100, y: 100 })
  })

  it('moves a flow with its pipe and cloud, its end at a stock staying on the edge', () => {
    const moved = moveNode(view, { id: 'f' }, kindOf, 10, 40)
    expect(moved.items[1]).toMatchObject({ x: 210, y: 140 })
    const pts = moved.items[1]!.points!
    expect(pts.slice(1)).toEqual([
      [210, 140],
      [290, 140],
    ])
    expect(Math.abs(pts[0]![0] - 100) <= 20 && Math.abs(pts[0]![1] - 100) <= 15).toBe(true)
    expect(moved.items[2]).toMatchObject({ kind: 'cloud', x: 290, y: 140 })
    // The author's link into the flow bends halfway as far.
    expect(moved.links![0]!.points).toEqual([[195, 150]])
  })

  it('moves an alias alone, and leaves a view without the node as it is', () => {
    const moved = moveNode(view, { id: 's', alias: 7 }, kindOf, 5, 5)
    expect(moved.items[4]).toMatchObject({ x: 405, y: 305, kind: 'alias', uid: 7 })
    expect(moved.items.slice(0, 4)).toEqual(view.items.slice(0, 4))
    expect(moveNode(view, { id: 'nope' }, kindOf, 5, 5)).toBe(view)
    expect(moveNode(view, { id: 's', alias: 8 }, kindOf, 5, 5)).toBe(view)
  })

  it("moves an alias of a stock or a flow alone, never the element's pipe ends or clouds", () => {
    // Aliases sitting right where the stock's pipe starts and at the flow's cloud.
    const aliased: View = {
      ...view,
      items: [
        ...view.items,
        { id: 's', x: 120, y: 100, kind: 'alias', uid: 8 },
        { id: 'f', x: 280, y: 100, kind: 'alias', uid: 9 },
      ],
    }
    const stockAlias = moveNode(aliased, { id: 's', alias: 8 }, kindOf, 0, -50)
    expect(stockAlias.items[5]).toMatchObject({ x: 120, y: 50 })
    expect(stockAlias.items.filter((_, i) => i !== 5)).toEqual(aliased.items.filter((_, i) => i !== 5))
    const flowAlias = moveNode(aliased, { id: 'f', alias: 9 }, kindOf, 10, 40)
    expect(flowAlias.items[6]).toMatchObject({ x: 290, y: 140 })
    expect(flowAlias.items.filter((_, i) => i !== 6)).toEqual(aliased.items.filter((_, i) => i !== 6))
  })

  it('keeps the pipes of a drawn model attached where they were', () => {
    const auto = layoutToView(renderStockFlow(sir).layout)
    const stock = sir.elements.find((e) => e.kind === 'stock')!
    const moved = moveNode(auto, { id: stock.id }, kinds(sir), 30, 120)
    const before = renderStockFlow(sir, { arranged: auto }).layout
    const after = renderStockFlow(sir, { arranged: moved }).layout
    expect(after.pipes.map((p) => [p.flow, p.from, p.to])).toEqual(before.pipes.map((p) => [p.flow, p.from, p.to]))
    expect(after.clouds.length).toBe(before.clouds.length)
    const at = (l: typeof after, id: string) => l.nodes.find((n) => n.id === id)!
    const other = sir.elements.find((e) => e.kind === 'stock' && e.id !== stock.id)!
    expect(
      at(after, stock.id).x - at(after, other.id).x - (at(before, stock.id).x - at(before, other.id).x),
    ).toBeCloseTo(30)
    expect(
      at(after, stock.id).y - at(after, other.id).y - (at(before, stock.id).y - at(before, other.id).y),
    ).toBeCloseTo(120)
  })
})

describe('reconcile', () => {
  it('places elements the arrangement lacks as the base places them, moved like the rest', () => {
    const base = layoutToView(renderStockFlow(teacup).layout)
    const shifted: View = {
      items: base.items.filter((i) => i.id !== 'room_temperature').map((i) => ({ ...i, x: i.x + 100 })),
    }
    const done = reconcile(shifted, base)
    const room = base.items.find((i) => i.id === 'room_temperature')!
    expect(done.items.find((i) => i.id === 'room_temperature')).toMatchObject({ x: room.x + 100, y: room.y })
    expect(reconcile(base, base)).toBe(base)
  })
})

describe('Arrangements', () => {
  it('undoes changes one by one, a reset among them, and writes the layout file', () => {
    const a = new Arrangements()
    const v1: View = { items: [{ id: 'a', x: 1, y: 1 }] }
    const v2: View = { items: [{ id: 'a', x: 2, y: 2 }] }
    a.set('auto', v1)
    a.set('auto', v2)
    a.set('auto', undefined)
    expect(a.toFile('m')).toEqual({ format: 'stockflow-layout', version: 1, model: 'm', stockFlow: {} })
    expect(a.undo()).toBe('auto')
    expect(a.get('auto')).toBe(v2)
    a.undo()
    expect(a.get('auto')).toBe(v1)
    a.undo()
    expect([a.get('auto'), a.canUndo, a.undo()]).toEqual([undefined, false, undefined])
    const kept = new Arrangements(a.toFile('m'))
    expect(kept.size).toBe(0)
    expect(
      new Arrangements({ format: 'stockflow-layout', version: 1, model: 'm', stockFlow: { '0': v1 } }).get('0'),
    ).toBe(v1)
  })
})
