import { describe, expect, it } from 'vitest'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'
import { cldGraph, dependencyLinks, linkKey } from '../src/cld-graph.js'
import { renderCld } from '../src/index.js'
import { escapeXml } from '../src/svg.js'
import type { CldLinkInput } from '../src/index.js'
import { awkwardModel, smoothedModel } from './models.js'
import { expectSvgSnapshot } from './snapshot.js'

/** Values of a data attribute, in document order. */
function dataValues(svg: string, attr: string): string[] {
  return [...svg.matchAll(new RegExp(`${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!)
}

/** SIR's links with their polarities, as `@stockflow/loops` reports them. */
const SIR_LINKS: CldLinkInput[] = [
  { from: 'susceptible', to: 'succumbing', polarity: '+' },
  { from: 'infectious', to: 'succumbing', polarity: '+' },
  { from: 'total_population', to: 'succumbing', polarity: '-' },
  { from: 'contact_infectivity', to: 'succumbing', polarity: '+' },
  { from: 'infectious', to: 'recovering', polarity: '+' },
  { from: 'duration', to: 'recovering', polarity: '-' },
  { from: 'succumbing', to: 'susceptible', polarity: '-' },
  { from: 'succumbing', to: 'infectious', polarity: '+' },
  { from: 'recovering', to: 'infectious', polarity: '-' },
  { from: 'recovering', to: 'recovered', polarity: '+' },
]
const SIR_LOOPS = [
  { id: 'R1', name: 'Contagion', polarity: 'reinforcing' as const, variables: ['Infectious', 'Succumbing'] },
  { id: 'B1', name: 'Recovery', polarity: 'balancing' as const, variables: ['Infectious', 'Recovering'] },
  { id: 'B2', name: 'Depletion', polarity: 'balancing' as const, variables: ['Susceptible', 'Succumbing'] },
]

describe('the graph a CLD draws', () => {
  it('takes the dependency graph by default, flows to stocks signed', () => {
    const links = dependencyLinks(teacup)
    expect(links).toContainEqual({ from: 'heat_loss_to_room', to: 'teacup_temperature', polarity: '-', delayed: false })
    expect(links).toContainEqual({ from: 'room_temperature', to: 'heat_loss_to_room', delayed: false })
  })

  it('marks a link through SMOOTH as delayed', () => {
    const g = cldGraph(smoothedModel(), {})
    expect(g.links.find((l) => l.from === 'inventory' && l.to === 'perceived_inventory')?.delayed).toBe(true)
    expect(g.links.find((l) => l.from === 'inventory' && l.to === 'shipments')?.delayed).toBe(false)
  })

  it('hides parameters unless asked, and never draws lookups', () => {
    expect(cldGraph(sir, {}).nodes.map((n) => n.id)).toEqual([
      'susceptible',
      'infectious',
      'recovered',
      'succumbing',
      'recovering',
    ])
    expect(cldGraph(sir, { params: true }).nodes).toHaveLength(8)
  })

  it('condenses paths through hidden variables, multiplying signs', () => {
    const g = cldGraph(sir, { links: SIR_LINKS, nodes: ['Susceptible', 'Infectious', 'Recovered'], loops: [] })
    const byKey = new Map(g.links.map((l) => [linkKey(l.from, l.to), l]))
    // Infectious -> Succumbing (+) -> Susceptible (-): one negative link standing for the flow.
    expect(byKey.get('infectious->susceptible')).toMatchObject({ polarity: '-', via: ['succumbing'] })
    // Infectious feeds back on itself through Succumbing (+ then +) and Recovering (+ then -): mixed.
    expect(byKey.get('infectious->infectious')).toMatchObject({ polarity: 'mixed', via: ['succumbing'] })
    expect(byKey.get('infectious->recovered')).toMatchObject({ polarity: '+', via: ['recovering'] })
  })

  it('resolves loops given by display names onto drawn links, through flows it skips', () => {
    const g = cldGraph(sir, { loops: [{ id: 'B', polarity: 'balancing', variables: ['Infectious', 'Recovered'] }] })
    // Recovered never leads back to Infectious: the loop is drawn as far as it goes.
    expect(g.loops[0]!.links).toEqual(['infectious->recovering', 'recovering->recovered'])
    const h = cldGraph(sir, { links: SIR_LINKS, loops: SIR_LOOPS })
    expect(h.loops.map((l) => l.links)).toEqual([
      ['infectious->succumbing', 'succumbing->infectious'],
      ['infectious->recovering', 'recovering->infectious'],
      ['susceptible->succumbing', 'succumbing->susceptible'],
    ])
  })
})

describe('renderCld', () => {
  it('renders teacup', () => {
    const { svg, layout } = renderCld(teacup, { params: true })
    expect(dataValues(svg, 'data-node')).toEqual(layout.nodes.map((n) => n.id))
    expectSvgSnapshot('cld-teacup', svg)
  })

  it('renders SIR with signs, loop markers and one loop highlighted', () => {
    const { svg, layout } = renderCld(sir, { links: SIR_LINKS, loops: SIR_LOOPS, params: true, highlight: 'B1' })
    expect(dataValues(svg, 'data-loop')).toEqual(['R1', 'B1', 'B2'])
    expect(layout.links.filter((l) => l.highlighted).map((l) => `${l.from}->${l.to}`)).toEqual([
      'infectious->recovering',
      'recovering->infectious',
    ])
    expect(layout.nodes.filter((n) => n.highlighted).map((n) => n.id)).toEqual(['infectious', 'recovering'])
    expect(svg).toContain('data-link="duration->recovering" data-polarity="-"')
    expectSvgSnapshot('cld-sir', svg)
  })

  it('draws a delay mark on delayed links', () => {
    const { svg } = renderCld(smoothedModel(), { params: true })
    expect(svg.match(/class="delay-mark"/g)).toHaveLength(1)
    expect(svg).toMatch(/data-link="inventory->perceived_inventory"[^>]*>(?:(?!<\/g>).)*class="delay-mark"/s)
    expectSvgSnapshot('cld-smoothed', svg)
  })

  it('renders the involution model: every stock, a marker per named loop', () => {
    const loops = involution.loops!
    const { svg, layout } = renderCld(involution, { nodes: 'loops', title: 'Involution: named loops' })
    const nodes = new Set(dataValues(svg, 'data-node'))
    for (const e of involution.elements) if (e.kind === 'stock') expect(nodes, e.name).toContain(e.id)
    expect(dataValues(svg, 'data-loop')).toEqual(loops.map((l) => l.id))
    expect(layout.loops.every((m) => m.nodes.length >= 2 && m.links.length >= 1)).toBe(true)
    // Every named variable is drawn, and labels are the display names.
    for (const l of loops) for (const v of l.variables) expect(svg).toContain(`>${escapeXml(v.split(' ')[0]!)}`)
    expectSvgSnapshot('cld-involution', svg)
  })

  it('renders the whole involution model with a loop highlighted', () => {
    const { svg, layout } = renderCld(involution, { highlight: 'R4' })
    expect(layout.nodes).toHaveLength(
      involution.elements.filter((e) => e.kind !== 'param' && e.kind !== 'lookup').length,
    )
    expect(layout.loops.find((l) => l.id === 'R4')!.highlighted).toBe(true)
    expect(layout.links.some((l) => l.highlighted)).toBe(true)
    expectSvgSnapshot('cld-involution-all', svg)
  })

  it('is deterministic', () => {
    const a = renderCld(involution, { nodes: 'loops' }).svg
    const b = renderCld(structuredClone(involution), { nodes: 'loops' }).svg
    expect(a).toBe(b)
    expect(a).not.toMatch(/\d\.\d{3,}/)
  })

  it('escapes names', () => {
    const { svg } = renderCld(awkwardModel(), { params: true })
    expect(svg).toContain('Cash &lt;&amp; &quot;reserves&quot;')
    expect(svg).toContain('Interest &gt; 0')
    expect(svg).not.toMatch(/<(?![a-z/])/)
    expectSvgSnapshot('cld-awkward', svg)
  })

  it('puts link ends on the sides of their nodes', () => {
    const { layout } = renderCld(sir, { params: true })
    const boxOf = new Map(layout.nodes.map((n) => [n.id, n]))
    for (const l of layout.links) {
      const start = l.points[0]!
      const tip = l.points[l.points.length - 1]!
      const a = boxOf.get(l.from)!
      const b = boxOf.get(l.to)!
      expect(Math.abs(Math.abs(start.x - a.x) - a.width / 2 - 3)).toBeLessThan(0.02)
      expect(Math.abs(Math.abs(tip.x - b.x) - b.width / 2 - 4)).toBeLessThan(0.02)
      expect(Math.abs(tip.y - b.y)).toBeLessThanOrEqual(b.height / 2 + 5)
    }
  })
})
