import { describe, expect, it } from 'vitest'
import involution from '../../../seeds/involution/model.js'
import { analyzeLoops, loopDominance } from '@stockflow/loops'

// Every named loop of the essay, its match, and whether the structure agrees with the essay.
describe('the involution model', () => {
  const a = analyzeLoops(involution, { scenario: 'S0' })

  it('has too many loops to list (about 2.4 million) and says so', () => {
    expect(a.truncated).toBe(true)
    expect(a.message).toBe('more than 10000 loops')
  })

  it('finds every named loop, with exactly the named variables', () => {
    expect(a.named).toHaveLength(15)
    for (const m of a.named) {
      expect(m.unknown, m.named.id).toEqual([])
      expect(m.loop, m.named.id).toBeDefined()
      expect(m.exact, m.named.id).toBe(true)
    }
  })

  it('agrees with the essay on every polarity but R2, which turns balancing as provinces run out', () => {
    const disagree = a.named.filter((m) => !m.polarityAgrees).map((m) => m.named.id)
    expect(disagree).toEqual(['R2'])
    const r2 = a.loop(a.named.find((m) => m.named.id === 'R2')!.loop!)!
    // Imitation adds provinces while few have joined (R) until the pool of provinces empties (B).
    expect(r2).toMatchObject({ polarity: 'balancing', mixed: true, changes: [2011] })
    expect(r2.names).toEqual(['Provinces Prioritising Sector', 'Provincial Designations'])
  })

  it('scores the named loops over the run', () => {
    const named = a.loops.filter((l) => l.named.length > 0)
    const d = loopDominance(a, named)
    const top = (from: number, to: number) => d.between(from, to)[0]!.loop.named[0]!.id
    expect(top(2010, 2016)).toBe('B7')
    expect(top(2016, 2024)).toBe('B7')
    expect(top(2024, Infinity)).toBe('B2')
  })
})
