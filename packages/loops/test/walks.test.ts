import { describe, expect, it } from 'vitest'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import type { LoopAnalysis } from '@stockflow/loops'
import { population } from './arrayed-models.js'

const describeLoop = (l: {
  id: string
  polarity: string
  names: readonly string[]
  elementLoops?: readonly string[]
}) => `${l.id} ${l.polarity}: ${l.names.join(' -> ')}${l.elementLoops ? ` (${l.elementLoops.join(' ')})` : ''}`

/** The listed element loops, each with the variable loops it counts in. */
function counted(a: LoopAnalysis): Map<string, string[]> {
  const into = new Map(a.elements!.loops.map((l) => [l.id, [] as string[]]))
  for (const l of a.loops) for (const e of l.elementLoops ?? []) into.get(e)!.push(l.id)
  return into
}

describe('a loop through a variable more than once (regional population)', () => {
  const a = analyzeLoops(population())
  const d = loopDominance(a)
  const e = loopDominance(a.elements!)

  it('lists the closed walk the aging-and-births element loops project onto, after the simple loops', () => {
    expect(a.loops.map(describeLoop)).toEqual([
      'B1 balancing: Pop -> Aging (B1 B2)',
      'R1 reinforcing: Pop -> Births (R1 R2)',
      'B2 balancing: Pop -> Deaths (B3 B4 B5 B6)',
      'R2 reinforcing: Pop -> Births -> Pop -> Aging (R3 R4)',
    ])
    expect(a.elements!.loop('R3')!.names).toEqual([
      'Pop[north,young]',
      'Aging[north,old]',
      'Pop[north,old]',
      'Births[north,young]',
    ])
    const walk = a.loop('R2')!
    expect(walk).toMatchObject({ mixed: false, revisits: ['pop'], variables: ['pop', 'births', 'pop', 'aging'] })
    expect(walk.links.map((l) => `${l.from} -> ${l.to} ${l.polarity}`)).toEqual([
      'pop -> births +',
      'births -> pop +',
      'pop -> aging mixed',
      'aging -> pop +',
    ])
    expect(a.loops.filter((l) => l.revisits).map((l) => l.id)).toEqual(['R2'])
    expect(a.loopsThrough('Births').map((l) => l.id)).toEqual(['R1', 'R2'])
  })

  it('counts every element loop in exactly one variable loop', () => {
    const into = counted(a)
    expect(into.size).toBe(10)
    for (const [id, loops] of into) expect([id, loops.length]).toEqual([id, 1])
    // So the variable loops' scores add up to the element loops'.
    for (let i = 1; i < d.times.length; i++) {
      const variables = d.scores.reduce((s, x) => s + x[i]!, 0)
      const elements = e.scores.reduce((s, x) => s + x[i]!, 0)
      expect(variables).toBeCloseTo(elements, 9)
    }
  })

  it('signs a loop over a mixed link by its element loops: Pop -> Aging -> Pop is balancing, not mixed', () => {
    // Aging is negative for the young and positive for the old: element links of both signs.
    const link = a.graph.link('pop', 'aging')!
    expect(a.polarities.get(link)!.polarity).toBe('mixed')
    expect(a.loop('B1')).toMatchObject({ polarity: 'balancing', mixed: false })
    expect(a.elements!.loop('B1')!.names).toEqual(['Pop[north,young]', 'Aging[north,young]'])
  })

  it('dominance agrees between the levels: the walk while the population more than quadruples', () => {
    const run = a.elements!.trace!.run
    const total = (i: number) =>
      ['north', 'south'].reduce((s, r) => s + run.get(`Pop[${r},young]`)[i]! + run.get(`Pop[${r},old]`)[i]!, 0)
    expect(total(d.times.length - 1) / total(0)).toBeGreaterThan(4)
    expect(d.intervals.map((i) => `${i.start}-${i.end}: ${i.loop} ${i.polarity}`)).toEqual(['0.25-24: R2 reinforcing'])
    // Element by element (a partition per region), the dominant loops are the walk's, once the south's
    // first two years of births against deaths are past.
    const walk = a.loop('R2')!.elementLoops!
    const later = e.intervals.filter((i) => i.end > 2)
    expect(later.map((i) => `${i.loop} ${i.polarity}`)).toEqual(['R3 reinforcing', 'R4 reinforcing'])
    expect(later.every((i) => walk.includes(i.loop))).toBe(true)
    expect(d.between(0, 24)[0]!.loop.id).toBe('R2')
  })

  it('past maxLoops element loops, says so, and still counts each listed element loop once', () => {
    const truncated = analyzeLoops(population(), { maxLoops: 4 })
    expect(truncated.elements).toMatchObject({ truncated: true, message: 'more than 4 loops' })
    expect(truncated.truncated).toBe(false)
    for (const [id, loops] of counted(truncated)) expect([id, loops.length]).toEqual([id, 1])
    // The walk's element loops carry weight along the run, so they are listed and the walk with them.
    expect(truncated.loops.find((l) => l.revisits)?.names).toEqual(['Pop', 'Births', 'Pop', 'Aging'])
  })
})
