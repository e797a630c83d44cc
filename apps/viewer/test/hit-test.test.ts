import { describe, expect, it } from 'vitest'
import { renderCld } from '@stockflow/diagram'
import { analyzeLoops } from '@stockflow/loops'
import sir from '../../../seeds/SIR/model.ts'
import { markerAt, nearest, nodeAt } from '../src/hit-test.ts'

describe('hit tests', () => {
  it('find the node whose box holds a point, and the loop marker near one', () => {
    const { layout } = renderCld(sir, { loops: analyzeLoops(sir).loops })
    const node = layout.nodes[0]!
    expect(nodeAt(layout.nodes, { x: node.x + node.width / 2 - 0.5, y: node.y })).toBe(node)
    expect(nodeAt(layout.nodes, { x: -1e6, y: -1e6 })).toBeUndefined()
    expect(layout.loops.length).toBeGreaterThan(0)
    for (const m of layout.loops) expect(markerAt(layout.loops, { x: m.x + m.r + 1, y: m.y })).toBe(m)
    expect(markerAt(layout.loops, { x: -1e6, y: -1e6 })).toBeUndefined()
  })

  it('find the time nearest to a point of a chart', () => {
    const times = [0, 1, 2, 4, 8]
    expect([-1, 0.4, 0.6, 2.9, 3.1, 7, 100].map((t) => nearest(times, t))).toEqual([0, 0, 1, 2, 3, 4, 4])
    expect(nearest([5], 0)).toBe(0)
  })
})
