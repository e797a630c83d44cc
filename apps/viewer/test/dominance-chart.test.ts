import { describe, expect, it } from 'vitest'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import regionalSir from '../../../seeds/regional-sir/model.ts'
import { dominanceResult } from '../src/analysis.ts'
import type { ScoredLoop } from '../src/analysis.ts'
import { dominanceChart, loopLabel, strength } from '../src/dominance-chart.ts'

const loop = (id: string, scores: number[], named: ScoredLoop['named'] = []): ScoredLoop => ({
  id,
  named,
  polarity: id.startsWith('R') ? 'reinforcing' : 'balancing',
  scores: Float64Array.from(scores),
})

describe('the dominance chart', () => {
  it('labels a found loop with the named loops it matches', () => {
    expect(loopLabel(loop('B2', [], [{ id: 'B6', name: 'Debt brake' }]))).toBe('B2 = B6 Debt brake')
    expect(loopLabel(loop('R1', [], [{ id: 'R1', name: 'Produce to service debt' }]))).toBe(
      'R1 Produce to service debt',
    )
    expect(loopLabel(loop('R1', [], [{ id: 'contagion', name: 'Contagion' }]))).toBe('R1 = Contagion')
    expect(loopLabel(loop('B7', []))).toBe('B7')
  })

  it('plots the strongest loops and the named ones, strongest first, and sums the rest by polarity', () => {
    const loops = [
      loop('R1', [0.1, 0.1]),
      loop('R2', [0.5, 0.4]),
      loop('B1', [-0.3, -0.2], [{ id: 'B9', name: 'Named' }]),
      loop('B2', [-0.05, NaN]),
      loop('R3', [0.05, 0.3]),
      loop('B3', [-0.01, -0.01]),
    ]
    expect(strength(loops[3]!.scores)).toBeCloseTo(0.05)
    const chart = dominanceChart({ loops, times: Float64Array.from([0, 1]) }, 2)
    expect(chart.data.map((l) => l.label)).toEqual([
      'R2',
      'B1 = B9 Named',
      '2 other reinforcing loops',
      '2 other balancing loops',
    ])
    expect([chart.plotted, chart.others]).toEqual([2, 4])
    const other = chart.data[2]!
    expect(Array.from(other.scores)).toEqual([0.15000000000000002, 0.4])
    expect(Array.from(chart.data[3]!.scores)).toEqual([-0.060000000000000005, -0.01])
    expect(other.color).toBeDefined()
    // Nothing left over: no "other" bands.
    expect(dominanceChart({ loops, times: Float64Array.from([0, 1]) }).data.map((l) => l.id)).toEqual([
      'R2',
      'B1',
      'R3',
      'R1',
      'B2',
      'B3',
    ])
  })

  it("shares among every loop by default, with loopDominance's intervals verbatim, or among the named ones", () => {
    const analysis = analyzeLoops(regionalSir)
    const all = dominanceResult(1, analysis, 'all')
    expect(all.basis).toBe('all')
    expect(all.loops.map((l) => l.id)).toEqual(analysis.loops.map((l) => l.id))
    expect(all.intervals).toEqual(loopDominance(analysis).intervals)
    expect(all.loops.find((l) => l.id === 'R1')!.named).toEqual([{ id: 'contagion', name: 'Contagion' }])
    const named = dominanceResult(2, analysis, 'named')
    // Every loop of this model is named: the same loops, scored the same.
    expect(named.basis).toBe('named')
    expect(named.intervals).toEqual(all.intervals)
    const unnamed = analyzeLoops({ ...regionalSir, loops: [] })
    const fallback = dominanceResult(3, unnamed, 'named')
    expect(fallback.basis).toBe('all')
    expect(fallback.note).toMatch(/names no loop/)
  })
})
