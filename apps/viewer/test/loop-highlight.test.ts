import { describe, expect, it } from 'vitest'
import { renderCld } from '@stockflow/diagram'
import { analyzeLoops } from '@stockflow/loops'
import involution from '../../../seeds/involution/model.ts'
import sir from '../../../seeds/SIR/model.ts'
import { NAMED_PREFIX, describeLoop, loopHighlight, shownLoop } from '../src/loop-highlight.ts'

describe('loop highlights', () => {
  it('cover every link and node of a loop in a full diagram', () => {
    const { layout } = renderCld(sir)
    const loop = analyzeLoops(sir).loops.find((l) => l.id === 'R1')!
    const h = loopHighlight(layout, loop)
    expect(h.links.map((l) => `${l.from}->${l.to}`)).toEqual(
      expect.arrayContaining(loop.links.map((l) => `${l.from}->${l.to}`)),
    )
    expect(h.links).toHaveLength(loop.links.length)
    expect(h).toMatchObject({ drawn: loop.variables.length, total: loop.variables.length })
  })

  it('follow condensed links through hidden variables', () => {
    const analysis = analyzeLoops(involution, { loopSet: 'independent' })
    const { layout } = renderCld(involution, { nodes: 'loops' })
    const named = analysis.named.find((n) => n.named.id === 'R1')!
    const loop = analysis.loop(named.loop!)!
    const h = loopHighlight(layout, loop)
    expect(h.drawn).toBeLessThanOrEqual(h.total)
    expect(h.links.length).toBeGreaterThan(0)
    // The drawn links chain into one cycle through the drawn nodes.
    const drawn = new Set(h.nodes.map((n) => n.id))
    for (const link of h.links) expect(drawn.has(link.from) && drawn.has(link.to)).toBe(true)
    expect(new Set(h.links.map((l) => l.from)).size).toBe(h.links.length)
  })

  it('are empty for a loop the diagram does not show', () => {
    const { layout } = renderCld(sir)
    expect(loopHighlight(layout, { variables: ['x', 'y'], links: [{ from: 'x', to: 'y' }] })).toMatchObject({
      links: [],
      nodes: [],
      drawn: 0,
      total: 2,
    })
  })

  it('say what a loop key shows: a found loop, or a marked loop the analysis has not matched', () => {
    const found = analyzeLoops(sir).loops
    const { layout } = renderCld(sir, { loops: found })
    const loop = found.find((l) => l.id === 'R1')!
    expect(describeLoop(loop)).toMatch(/^R1 reinforcing( \(.*\))?: (\S.* → )+\S.*$/)
    expect(shownLoop(layout, found, 'R1')).toMatchObject({ text: describeLoop(loop) })
    const marker = layout.loops[0]!
    const named = shownLoop(layout, undefined, NAMED_PREFIX + marker.id)!
    expect(named.text).toBe(`${marker.id}${marker.name ? ` ${marker.name}` : ''} ${marker.polarity}`)
    expect(named.nodes.map((n) => n.id).sort()).toEqual([...marker.nodes].sort())
    expect(shownLoop(layout, found, 'nope')).toBeUndefined()
  })
})
