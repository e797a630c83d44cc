import { describe, expect, it } from 'vitest'
import teacup from '../../../seeds/teacup/model.js'
import sir from '../../../seeds/SIR/model.js'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import { logisticModel, smoothedModel } from './models.js'

describe('loopDominance (Loops That Matter)', () => {
  it('gives the teacup loop all of the change', () => {
    const d = loopDominance(analyzeLoops(teacup))
    expect(Number.isNaN(d.relative[0]![0]!)).toBe(true) // no change before the first step
    for (let i = 1; i < d.times.length; i++) expect(d.relative[0]![i]).toBeCloseTo(-1, 12)
    expect(d.intervals).toEqual([
      {
        partition: d.partitions[0],
        start: 0.125,
        end: 30,
        loop: 'B1',
        polarity: 'balancing',
        share: expect.closeTo(-1, 12),
      },
    ])
  })

  it('in logistic growth: the reinforcing loop dominates below K/2, the balancing loop above', () => {
    const a = analyzeLoops(logisticModel())
    const d = loopDominance(a)
    const n = a.trace!.series('population')!
    const r = d.relative[d.loops.findIndex((l) => l.id === 'R1')]!
    const b = d.relative[d.loops.findIndex((l) => l.id === 'B1')]!
    for (let i = 1; i < d.times.length; i++) {
      expect(r[i]! + Math.abs(b[i]!)).toBeCloseTo(1, 9)
      if (n[i]! < 490) expect(r[i]!).toBeGreaterThan(Math.abs(b[i]!))
      if (n[i]! > 510) expect(Math.abs(b[i]!)).toBeGreaterThan(r[i]!)
    }
    expect(d.intervals.map((i) => i.loop)).toEqual(['R1', 'B1'])
    // Scores cover the step ending at each save time, so the switch comes within a step (N grows
    // about 6 a step there) of N = K/2.
    const switchAt = d.times.indexOf(d.intervals[1]!.start)
    expect(n[switchAt - 1]!).toBeLessThan(510)
    expect(n[switchAt]!).toBeGreaterThan(500)
  })

  it('in SIR: contagion first, then depletion, then recovery', () => {
    const d = loopDominance(analyzeLoops(sir))
    expect(d.intervals.map((i) => i.loop)).toEqual(['R1', 'B2', 'B1'])
    const ranked = d.between(0, 20).map((x) => x.loop.id)
    expect(ranked[0]).toBe('R1')
  })

  it('scores loops through a SMOOTH (its input passed on at once)', () => {
    const d = loopDominance(analyzeLoops(smoothedModel()))
    for (let i = 1; i < d.times.length; i++) {
      const total = d.relative.reduce((s, r) => s + Math.abs(r[i]!), 0)
      if (total > 0) expect(total).toBeCloseTo(1, 9)
    }
    expect(d.intervals.length).toBeGreaterThan(0)
  })
})
