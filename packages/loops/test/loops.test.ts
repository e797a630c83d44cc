import { describe, expect, it } from 'vitest'
import teacup from '../../../seeds/teacup/model.js'
import sir from '../../../seeds/SIR/model.js'
import { analyzeLoops } from '@stockflow/loops'
import { elementaryCircuits } from '../src/johnson.js'
import { adjacency, causalGraph } from '../src/causal-graph.js'
import { DEFAULT_MAX_LOOPS } from '../src/loops.js'
import { clusteredModel, logisticModel, smoothedModel } from './models.js'

const describeLoop = (l: { id: string; polarity: string; names: readonly string[] }) =>
  `${l.id} ${l.polarity}: ${l.names.join(' -> ')}`

describe('analyzeLoops', () => {
  it('finds exactly one balancing loop in the teacup', () => {
    const a = analyzeLoops(teacup)
    expect(a.truncated).toBe(false)
    expect(a.loops.map(describeLoop)).toEqual(['B1 balancing: Teacup Temperature -> Heat Loss to Room'])
    expect(a.loops[0]!.links).toEqual([
      { from: 'teacup_temperature', to: 'heat_loss_to_room', polarity: '+', delayed: false, kind: 'equation' },
      { from: 'heat_loss_to_room', to: 'teacup_temperature', polarity: '-', delayed: false, kind: 'outflow' },
    ])
  })

  it('finds contagion (reinforcing), depletion and recovery (balancing) in SIR', () => {
    const a = analyzeLoops(sir)
    expect(a.loops.map(describeLoop)).toEqual([
      'B1 balancing: Infectious -> Recovering',
      'R1 reinforcing: Infectious -> Succumbing',
      'B2 balancing: Susceptible -> Succumbing',
    ])
    expect(a.loops.every((l) => !l.mixed)).toBe(true)
    expect(a.loopsThrough('susceptible').map((l) => l.id)).toEqual(['B2'])
    expect(a.loopsThrough('Infectious').map((l) => l.id)).toEqual(['B1', 'R1'])
    expect(a.loop('R1')!.names).toEqual(['Infectious', 'Succumbing'])
    expect(() => a.loopsThrough('Infectios')).toThrow(
      'model "SIR" has no variable "Infectios"; did you mean "Infectious"?',
    )
  })

  it('finds the reinforcing and the balancing loop of logistic growth', () => {
    const a = analyzeLoops(logisticModel())
    expect(a.loops.map(describeLoop)).toEqual([
      'R1 reinforcing: Population -> Net Growth',
      'B1 balancing: Population -> Crowding -> Net Growth',
    ])
  })

  it('marks a loop through a SMOOTH as having a delayed link', () => {
    const a = analyzeLoops(smoothedModel())
    const b = a.loops.find((l) => l.names.includes('Perceived Inventory'))!
    expect(b.polarity).toBe('balancing')
    expect(b.links.find((l) => l.from === 'inventory')).toMatchObject({ delayed: true, polarity: '+' })
  })

  it('keeps ids when parameters and element order change', () => {
    const ids = (m: typeof sir) => analyzeLoops(m).loops.map(describeLoop)
    const shuffled = { ...sir, elements: [...sir.elements].reverse() }
    expect(ids(shuffled)).toEqual(ids(sir))
  })

  it('gives a shortest independent loop set on request', () => {
    const a = analyzeLoops(sir, { loopSet: 'independent' })
    expect(a.rank).toBe(3)
    expect(a.loops.map((l) => l.id)).toEqual(['B1', 'R1', 'B2'])
  })

  it('works without a run: links whose sign needs one are mixed', () => {
    const a = analyzeLoops(sir, { simulate: false })
    expect(a.trace).toBeUndefined()
    // Without a run nothing says Infectious and Susceptible are positive.
    expect(a.loops.map((l) => `${describeLoop(l)}${l.mixed ? ' (mixed)' : ''}`)).toEqual([
      'B1 balancing: Infectious -> Recovering',
      'R1 reinforcing: Infectious -> Succumbing (mixed)',
      'B2 balancing: Susceptible -> Succumbing (mixed)',
    ])
  })
})

describe('on huge models', () => {
  const big = clusteredModel(200)

  it('stops enumerating at the cap and says so', () => {
    expect(big.elements).toHaveLength(2000)
    const graph = causalGraph(big)
    const found = elementaryCircuits(adjacency(graph), DEFAULT_MAX_LOOPS)
    expect(found.truncated).toBe(true)
    expect(found.circuits).toHaveLength(10_000)
    // 200 groups of 89 loops: 17,800 in all.
    const all = elementaryCircuits(adjacency(graph), 20_000)
    expect(all.truncated).toBe(false)
    expect(all.circuits).toHaveLength(17_800)
  })

  it('reports "more than N loops" and lists an independent set instead', () => {
    const a = analyzeLoops(big)
    expect(a.truncated).toBe(true)
    expect(a.message).toBe('more than 10000 loops')
    // The cycle rank of each group: 5 stocks + 5 flows, 25 stock->flow links + 5 flow->stock links.
    expect(a.loops.length).toBeGreaterThanOrEqual(200)
    expect(new Set(a.loops.map((l) => l.id)).size).toBe(a.loops.length)
    expect(analyzeLoops(big, { maxLoops: 50 }).message).toBe('more than 50 loops')
  })
})
