import { describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import { exportXmile, importXmile } from '@stockflow/xmile'
import { arcMidpoint, takeoffAngle } from '../src/view-arcs.js'

const close = (a: readonly number[] | undefined, b: readonly number[], digits = 6) => {
  expect(a).toBeDefined()
  a!.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits))
}

describe('connector arcs: angle and point', () => {
  it('takes a straight connector off along its chord (counterclockwise degrees, y up)', () => {
    expect(takeoffAngle([0, 0], [100, 0])).toBe(0)
    expect(takeoffAngle([0, 0], [0, -100])).toBe(90)
    expect(takeoffAngle([0, 0], [-100, 0])).toBe(180)
    expect(takeoffAngle([0, 0], [0, 100], [0, 50])).toBe(270)
    expect(arcMidpoint([0, 0], [100, 0], 0)).toBeUndefined()
  })

  it('finds the arc through a point again from the angle it leaves at', () => {
    // Half circles either way, a shallow arc, and an arc longer than half a circle.
    const r = 50
    const cases: [number, number][][] = [
      [
        [0, 0],
        [50, -50],
        [100, 0],
      ],
      [
        [0, 0],
        [50, 50],
        [100, 0],
      ],
      [
        [0, 0],
        [50, -10],
        [100, 0],
      ],
      [
        [50 - r * Math.cos(0.5), r * Math.sin(0.5)],
        [50, -r],
        [50 + r * Math.cos(0.5), r * Math.sin(0.5)],
      ],
    ]
    for (const [from, via, to] of cases) close(arcMidpoint(from!, to!, takeoffAngle(from!, to!, via)), via!)
    expect(takeoffAngle([0, 0], [100, 0], [50, -50])).toBeCloseTo(90)
  })
})

/** A drain with its rate drawn again as an alias, connectors as drawn, and the clouds placed. */
const drain: Model = {
  name: 'drain',
  time: { start: 0, stop: 10, dt: 1 },
  elements: [
    { kind: 'stock', name: 'Water', id: 'water', initial: '10', inflows: [], outflows: ['outflow'] },
    { kind: 'flow', name: 'Outflow', id: 'outflow', equation: 'Water * Rate' },
    { kind: 'param', name: 'Rate', id: 'rate', value: 0.1 },
  ],
  views: [
    {
      name: 'Tank',
      items: [
        { id: 'water', x: 300, y: 100, width: 80, height: 40 },
        {
          id: 'outflow',
          x: 400,
          y: 100,
          points: [
            [340, 100],
            [480, 100],
          ],
        },
        { id: 'outflow', x: 480, y: 100, width: 20, height: 16, kind: 'cloud' },
        { id: 'rate', x: 400, y: 200 },
        { id: 'rate', x: 250, y: 200, kind: 'alias', uid: 7 },
      ],
      links: [
        { from: 'rate', to: 'outflow', points: [[450, 150]], polarity: '+' },
        { from: 'rate', to: 'water', fromAlias: 7 },
        { from: 'water', to: 'rate', toAlias: 7 },
      ],
    },
  ],
}

describe('XMILE views: aliases, connectors and clouds', () => {
  const xml = exportXmile(drain)

  it('writes aliases as <alias> and links as <connector> with the angle of their arc', () => {
    expect(xml).toMatch(/<alias uid="7" x="250" y="200">\s*<of>Rate<\/of>\s*<\/alias>/)
    expect(xml).toMatch(/<connector uid="8" angle="0">\s*<from>Rate<\/from>\s*<to>Outflow<\/to>/)
    expect(xml).toMatch(/<from>\s*<alias uid="7"\/>\s*<\/from>\s*<to>Water<\/to>/)
    // The cloud is no XMILE element: it travels in the stockflow extension.
    expect(xml).toContain('<stockflow:item view="0" id="outflow" x="480" y="100" width="20" height="16" kind="cloud"/>')
  })

  it('reads them back: the arc through its midpoint, the alias the link leaves', () => {
    const back = importXmile(xml).model.views!
    expect(back).toHaveLength(1)
    expect(back[0]!.name).toBe('Tank')
    // The clouds come back from the extension, after the items XMILE holds.
    const items = drain.views![0]!.items
    expect(back[0]!.items).toEqual([
      ...items.filter((i) => i.kind !== 'cloud'),
      ...items.filter((i) => i.kind === 'cloud'),
    ])
    // XMILE 1.0 has no polarity and names no alias as a connector's target: a link into an alias
    // comes back into the element's own item.
    expect(back[0]!.links).toEqual([
      { from: 'rate', to: 'outflow', points: [[450, 150]] },
      { from: 'rate', to: 'water', fromAlias: 7 },
      { from: 'water', to: 'rate' },
    ])
  })
})
