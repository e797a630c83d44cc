// The focus views' renderers: trees in columns with no overlapping boxes, a loop on its circle.
import { describe, expect, it } from 'vitest'
import { renderLoopCircle, renderTree } from '@stockflow/diagram'
import type { FocusNodeLayout, TreeNodeInput } from '@stockflow/diagram'

function overlaps(nodes: readonly FocusNodeLayout[]): string[] {
  const out: string[] = []
  for (const [i, a] of nodes.entries())
    for (const b of nodes.slice(i + 1))
      if (Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height)
        out.push(`${a.id}/${b.id}`)
  return out
}

/** A tree `fan` wide and `depth` deep, with a long name here and there and a repeated leaf. */
function tree(depth: number, fan: number, prefix = 'v'): TreeNodeInput {
  return {
    id: prefix,
    name: prefix.length % 3 === 0 ? `A rather long variable name ${prefix}` : prefix,
    kind: prefix.length === 1 ? 'stock' : 'aux',
    children:
      depth === 0
        ? []
        : [
            ...Array.from({ length: fan }, (_, i) => ({
              polarity: i % 2 ? ('-' as const) : ('+' as const),
              delayed: i === 0,
              node: tree(depth - 1, fan, `${prefix}${i}`),
            })),
            { node: { id: 'v', name: 'v', kind: 'stock' as const, repeated: true, children: [] } },
          ],
  }
}

describe('trees', () => {
  it('lay a causes tree out leftwards from its root, in columns, with no overlapping boxes', () => {
    const { svg, layout } = renderTree({ root: tree(3, 3), direction: 'causes' })
    expect(layout.nodes).toHaveLength(1 + 4 + 12 + 36)
    expect(overlaps(layout.nodes)).toEqual([])
    const root = layout.nodes[0]!
    for (const n of layout.nodes.slice(1)) expect(n.x).toBeLessThan(root.x)
    for (const l of layout.links) expect(l.points[0]!.x).toBeLessThan(l.points[l.points.length - 1]!.x)
    expect(svg).toContain('data-node="v00"')
    expect(svg).toContain('class="repeated"')
    expect(svg).toContain('class="link delayed"')
    expect(svg).toContain('data-polarity="-"')
    for (const n of layout.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0)
      expect(n.y + n.height / 2).toBeLessThanOrEqual(layout.height)
    }
  })

  it('lay a uses tree out rightwards, arrows from the root outwards', () => {
    const { layout } = renderTree({ root: tree(2, 2), direction: 'uses' }, { title: 'Uses of v' })
    expect(overlaps(layout.nodes)).toEqual([])
    const root = layout.nodes[0]!
    for (const n of layout.nodes.slice(1)) expect(n.x).toBeGreaterThan(root.x)
    expect(layout.links.filter((l) => l.from === 'v').map((l) => l.to)).toEqual(['v0', 'v1', 'v'])
  })

  it('escapes names', () => {
    const { svg } = renderTree({ root: { id: 'x', name: '<b>&"', kind: 'aux', children: [] }, direction: 'causes' })
    expect(svg).toContain('&lt;b&gt;&amp;&quot;')
    expect(svg).not.toContain('<b>')
  })
})

describe('a loop alone', () => {
  const nodes = ['Stock A', 'Flow b', 'Some auxiliary with a long name', 'd'].map((name, i) => ({
    id: `n${i}`,
    name,
    kind: i === 0 ? ('stock' as const) : ('aux' as const),
  }))
  const links = nodes.map((n, i) => ({
    from: n.id,
    to: nodes[(i + 1) % 4]!.id,
    polarity: '+' as const,
    delayed: i === 2,
  }))

  it('puts its variables on a circle in causal order, clockwise from the top, links signed', () => {
    const { svg, layout } = renderLoopCircle({ id: 'R1', name: 'Growth', polarity: 'reinforcing', nodes, links })
    expect(layout.nodes.map((n) => n.id)).toEqual(['n0', 'n1', 'n2', 'n3'])
    expect(overlaps(layout.nodes)).toEqual([])
    const { center: c } = layout
    for (const n of layout.nodes) expect(Math.hypot(n.x - c.x, n.y - c.y)).toBeCloseTo(layout.radius, 0)
    expect(layout.nodes[0]!.y).toBeLessThan(c.y)
    expect(layout.nodes[1]!.x).toBeGreaterThan(c.x)
    expect(layout.links.map((l) => `${l.from}->${l.to}`)).toEqual(['n0->n1', 'n1->n2', 'n2->n3', 'n3->n0'])
    expect(svg.match(/data-polarity="\+"/g)).toHaveLength(4)
    expect(svg).toContain('class="delay-mark"')
    expect(svg).toContain('data-loop="R1"')
    expect(layout.chart).toBeUndefined()
  })

  it('draws its score over the run below the circle, broken where undefined', () => {
    const times = [0, 1, 2, 3, 4]
    const { svg, layout } = renderLoopCircle({
      id: 'B2',
      polarity: 'balancing',
      nodes: nodes.slice(0, 2),
      links: [],
      scores: { times, values: [NaN, -0.2, -0.5, NaN, -0.4] },
      timeUnits: 'year',
    })
    expect(layout.chart!.y).toBeGreaterThan(layout.center.y + layout.radius)
    const path = /class="score" d="([^"]*)"/.exec(svg)![1]!
    expect(path.match(/M/g)).toHaveLength(2)
    expect(svg).toContain('time (year)')
  })

  it('draws a loop of one variable as a link to itself', () => {
    const { layout } = renderLoopCircle({ id: 'R9', polarity: 'reinforcing', nodes: nodes.slice(0, 1), links: [] })
    expect(layout.links).toHaveLength(1)
    expect(layout.links[0]!.from).toBe(layout.links[0]!.to)
  })
})
