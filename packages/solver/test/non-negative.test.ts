import { describe, expect, it } from 'vitest'
import type { Element } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { flow, model, stock } from './helpers.js'

const run = (elements: Element[], method: 'euler' | 'rk4' = 'euler', time = { start: 0, stop: 6, dt: 1 }) =>
  simulate(model('nn', { time, elements } as never), { method })

describe('non-negative stocks fed by a flow that turns negative', () => {
  it('take from the stock at most what it holds (Euler)', () => {
    const s = stock('S', { initial: 3, nonNegative: true })
    const r = run([s, flow('f', { to: s, rate: '2 - TIME' })])
    expect(Array.from(r.get('f'))).toEqual([2, 1, 0, -1, -2, -3, 0])
    expect(Array.from(r.get('S'))).toEqual([3, 5, 6, 6, 5, 3, 0])
  })

  it('never go negative under RK4 either', () => {
    const s = stock('S', { initial: 3, nonNegative: true })
    const r = run([s, flow('f', { to: s, rate: '2 - TIME' })], 'rk4', { start: 0, stop: 12, dt: 0.5 })
    const values = Array.from(r.get('S'))
    for (const v of values) expect(v).toBeGreaterThanOrEqual(0)
    // Emptied, the stock only decays towards zero: each step drains what the stage values allow.
    expect(values[values.length - 1]!).toBeLessThan(1e-3)
  })

  it('count what the positive inflows bring, and drain before the outflows', () => {
    const s = stock('S', { initial: 0, nonNegative: true })
    const r = run([
      s,
      flow('a', { to: s, rate: '-5' }),
      flow('b', { to: s, rate: '3' }),
      flow('o', { from: s, rate: '1' }),
    ])
    expect(Array.from(r.get('a'))).toEqual(Array(7).fill(-3))
    expect(Array.from(r.get('o'))).toEqual(Array(7).fill(0))
    expect(Array.from(r.get('S'))).toEqual(Array(7).fill(0))
  })

  it('drain one inflow computed from another after it, without an algebraic loop', () => {
    const s = stock('S', { initial: 2, nonNegative: true })
    const r = run([s, flow('a', { to: s, rate: 'b * 2' }), flow('b', { to: s, rate: '1 - TIME' })])
    expect(Array.from(r.get('b'))).toEqual([1, 0, -1, -2, 0, 0, 0])
    expect(Array.from(r.get('a'))).toEqual([2, 0, -2, 0, 0, 0, 0])
    expect(Array.from(r.get('S'))).toEqual([2, 5, 5, 2, 0, 0, 0])
  })

  it('limit a flow between two non-negative stocks by whichever it drains', () => {
    const a = stock('A', { initial: 5, nonNegative: true })
    const b = stock('B', { initial: 1, nonNegative: true })
    const r = run([a, b, flow('f', { from: a, to: b, rate: '2 - TIME' })])
    expect(Array.from(r.get('f'))).toEqual([2, 1, 0, -1, -2, -1, 0])
    expect(Array.from(r.get('B'))).toEqual([1, 3, 4, 4, 3, 1, 0])
    expect(Array.from(r.get('A'))).toEqual([5, 3, 2, 2, 3, 5, 6])
  })

  it('leave a uniflow inflow and a stock that is not non-negative as they were', () => {
    const s = stock('S', { initial: 1 })
    const t = stock('T', { initial: 1, nonNegative: true })
    const r = run([s, t, flow('f', { to: s, rate: '-1' }), flow('u', { to: t, rate: '-1', nonNegative: true })])
    expect(Array.from(r.get('S'))).toEqual([1, 0, -1, -2, -3, -4, -5])
    expect(Array.from(r.get('u'))).toEqual(Array(7).fill(0))
  })
})
