import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { auxModel, flow, model, param, stock } from './helpers.js'

describe('stateful builtins', () => {
  it('INIT keeps the value at the start', () => {
    const run = simulate(auxModel({ x: 'TIME + 3', y: 'INIT(x)' }, { start: 1, stop: 4, dt: 1 }))
    expect(Array.from(run.get('y'))).toEqual([4, 4, 4, 4])
  })

  it("PREVIOUS gives last step's value, starting from its initial value", () => {
    const run = simulate(
      auxModel({ x: 'TIME * TIME', y: 'PREVIOUS(x, -1)', z: 'PREVIOUS(x)' }, { start: 0, stop: 4, dt: 1 }),
    )
    expect(Array.from(run.get('y'))).toEqual([-1, 0, 1, 4, 9])
    expect(Array.from(run.get('z'))).toEqual([0, 0, 1, 4, 9])
  })

  it('PREVIOUS can feed back on itself (a counter)', () => {
    const run = simulate(auxModel({ count: 'PREVIOUS(count, 0) + 1' }, { start: 0, stop: 3, dt: 1 }))
    expect(Array.from(run.get('count'))).toEqual([1, 2, 3, 4])
  })

  it('DELAY_FIXED shifts its input by whole steps', () => {
    const run = simulate(auxModel({ x: 'TIME', y: 'DELAY_FIXED(x, 1, 99)' }, { start: 0, stop: 3, dt: 0.5 }))
    expect(Array.from(run.get('y'))).toEqual([99, 99, 0, 0.5, 1, 1.5, 2])
  })

  it('SMTH1 with an initial value starts there and closes the gap at rate 1/T', () => {
    const run = simulate(auxModel({ y: 'SMTH1(10, 2, 0)' }, { start: 0, stop: 2, dt: 1 }))
    expect(Array.from(run.get('y'))).toEqual([0, 5, 7.5])
  })

  it('TREND of exponential growth is its growth rate; FORCST extrapolates along it', () => {
    // Started at its steady state (initial trend 0.1), the average stays at x/(1 + g*T), so TREND = g.
    const run = simulate(
      auxModel(
        { x: 'EXP(0.1 * TIME)', g: 'TREND(x, 1, 0.1)', f: 'FORCST(x, 1, 2, 0.1)' },
        { start: 0, stop: 40, dt: 0.01 },
      ),
    )
    const g = run.get('g')
    expect(g[0]!).toBeCloseTo(0.1, 12)
    expect(g[g.length - 1]!).toBeCloseTo(0.1, 2)
    expect(run.get('f')[0]!).toBeCloseTo(1 + 2 * 0.1, 6)
  })

  it('initial values may chain through auxiliaries and other stocks', () => {
    const b = stock('B', { initial: 'A_doubled + 1' })
    const a = stock('A', { initial: 'k * 3' })
    const k = param('k', 2)
    const m = model('chain', {
      time: { start: 0, stop: 1, dt: 1 },
      elements: [b, a, k, { kind: 'aux', name: 'A doubled', id: 'a_doubled', equation: 'A * 2' }],
    })
    const run = simulate(m)
    expect(run.get('B')[0]).toBe(13)
  })

  it('a uniflow never goes negative', () => {
    const s = stock('S', { initial: 5 })
    const out = flow('drain', { from: s, rate: 'TIME - 2', nonNegative: true })
    const run = simulate(model('uni', { time: { start: 0, stop: 4, dt: 1 }, elements: [s, out] }))
    expect(Array.from(run.get('drain'))).toEqual([0, 0, 0, 1, 2])
    expect(Array.from(run.get('S'))).toEqual([5, 5, 5, 5, 4])
  })
})

describe('non-negative stocks', () => {
  it('limit outflows, in order, to what the stock holds', () => {
    const s = stock('Water', { initial: 3, nonNegative: true })
    const inflow = flow('Rain', { to: s, rate: 1 })
    const first = flow('Pump', { from: s, rate: 2.5 })
    const second = flow('Leak', { from: s, rate: 2 })
    const run = simulate(model('tank', { time: { start: 0, stop: 3, dt: 1 }, elements: [s, inflow, first, second] }))
    expect(Array.from(run.get('Pump'))).toEqual([2.5, 1, 1, 1])
    expect(Array.from(run.get('Leak'))).toEqual([1.5, 0, 0, 0])
    expect(Array.from(run.get('Water'))).toEqual([3, 0, 0, 0])
  })
})
