import { describe, expect, it } from 'vitest'
import sir from '../../../seeds/SIR/model.ts'
import teacup from '../../../seeds/teacup/model.ts'
import { layoutFile, layoutToView, parseLayoutFile, renderStockFlow } from '../src/index.js'
import type { StockFlowLayout } from '../src/index.js'

/** Every node's and cloud's position relative to the first node: what a shift into the margin keeps. */
function relative(l: StockFlowLayout) {
  const o = l.nodes[0]!
  const r = (x: number, y: number) => [x - o.x, y - o.y]
  return {
    nodes: l.nodes.map((n) => [n.id, ...r(n.x, n.y), n.width, n.height]),
    clouds: l.clouds.map((c) => [c.flow, c.end, ...r(c.x, c.y)]),
    pipes: l.pipes.map((p) => [p.flow, p.from, p.to, ...p.points.flatMap((q) => r(q.x, q.y))]),
    connectors: l.connectors.map((c) => [c.from, c.to, ...r(c.control.x, c.control.y)]),
  }
}

/** Equal but for rounding to hundredths. */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.02
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]))
  if (a && b && typeof a === 'object' && typeof b === 'object')
    return Object.keys(a).every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  return a === b
}

describe('layoutToView', () => {
  it.each([
    ['teacup', teacup],
    ['SIR', sir],
  ])('draws the automatic layout of %s again where it was, connectors included', (_, model) => {
    const auto = renderStockFlow(model).layout
    expect(auto.source).toBe('auto')
    const view = layoutToView(auto, 'Auto')
    expect(view.name).toBe('Auto')
    const again = renderStockFlow(model, { arranged: view }).layout
    expect(again.source).toBe('view')
    expect(close(relative(again), relative(auto))).toBe(true)
  })

  it('keeps a view drawn from one of its own', () => {
    const auto = renderStockFlow(sir).layout
    const once = layoutToView(renderStockFlow(sir, { arranged: layoutToView(auto) }).layout)
    const twice = layoutToView(renderStockFlow(sir, { arranged: once }).layout)
    expect(twice).toEqual(once)
  })
})

describe('parseLayoutFile', () => {
  const view = layoutToView(renderStockFlow(teacup).layout)

  it('reads what layoutFile writes, through JSON', () => {
    const file = layoutFile('teacup', { auto: view, '2': view })
    expect(parseLayoutFile(JSON.parse(JSON.stringify(file)))).toEqual(file)
  })

  it('keeps only the fields it knows', () => {
    const file = {
      ...layoutFile('t', { auto: { items: [{ id: 'a', x: 1, y: 2, extra: '<script>' }] } } as never),
      more: 1,
    }
    expect(parseLayoutFile(file)).toEqual(layoutFile('t', { auto: { items: [{ id: 'a', x: 1, y: 2 }] } }))
  })

  it.each([
    [null, 'the file: not an object'],
    [{ format: 'other', version: 1, model: 't', stockFlow: {} }, 'format: not "stockflow-layout"'],
    [{ ...layoutFile('t', {}), version: 2 }, 'version: not 1'],
    [{ ...layoutFile('t', {}), stockFlow: { '../x': { items: [] } } }, 'stockFlow.../x: not "auto" or a view number'],
    [
      layoutFile('t', { auto: { items: [{ id: 'a', x: '1', y: 2 }] } } as never),
      'stockFlow.auto.items[0].x: not a number',
    ],
    [
      layoutFile('t', { auto: { items: [{ id: 'a', x: 1, y: 2, kind: 'x' }] } } as never),
      'stockFlow.auto.items[0].kind',
    ],
    [layoutFile('t', { auto: { items: [{ id: 'a', x: 1, y: Infinity }] } }), 'stockFlow.auto.items[0].y: not a number'],
    [layoutFile('t', { auto: { items: [{ id: 'a', x: 1, y: 1, points: [[1]] }] } } as never), 'points[0]: not a point'],
    [layoutFile('t', { auto: { items: 'none' } } as never), 'stockFlow.auto.items: not a list'],
  ])('refuses %j, saying where', (value, message) => {
    expect(() => parseLayoutFile(value)).toThrow(message)
  })
})
