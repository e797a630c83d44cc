import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Element } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { flow, model, stock } from './helpers.js'

type Method = 'euler' | 'rk2' | 'rk4' | 'adaptive'

// The adaptive method's own error (within its tolerance) can take a draining stock that far below zero,
// as it can a single stock with one outflow: tight tolerances leave only the limits to check.
const tight = { rtol: 1e-10, atol: 1e-12 }

const run = (elements: Element[], method: Method = 'euler', time = { start: 0, stop: 6, dt: 1 }) =>
  simulate(model('nn', { time, elements } as never), method === 'adaptive' ? { method, tolerance: tight } : { method })

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

describe('two non-negative stocks trading flows both ways', () => {
  // Give turns B's inflow negative while Back drains B too: each flow's limit reads the other's.
  const trading = () => {
    const a = stock('A', { initial: 3, nonNegative: true })
    const b = stock('B', { initial: 3, nonNegative: true })
    return [a, b, flow('Give', { from: a, to: b, rate: '-2' }), flow('Back', { from: b, to: a, rate: '1' })]
  }

  it('empty B at once under Euler, and then trade nothing', () => {
    const r = run(trading())
    expect(Array.from(r.get('B'))).toEqual([3, 0, 0, 0, 0, 0, 0])
    expect(Array.from(r.get('A'))).toEqual([3, 6, 6, 6, 6, 6, 6])
    expect(Array.from(r.get('give'))).toEqual([-2, 0, 0, 0, 0, 0, 0])
  })

  it.each(['euler', 'rk2', 'rk4', 'adaptive'] as const)('keep both stocks non-negative (%s)', (method) => {
    const r = run(trading(), method, { start: 0, stop: 10, dt: 0.5 })
    for (const id of ['A', 'B']) expect(Math.min(...r.get(id))).toBeGreaterThanOrEqual(-1e-12)
    // Nothing is lost: what one stock gives the other receives.
    const total = Array.from(r.get('A'), (v, i) => v + r.get('B')[i]!)
    for (const v of total) expect(v).toBeCloseTo(6, 9)
  })
})

describe('networks of non-negative stocks', () => {
  // Flows between 2-4 stocks (or from and to outside), constant or turning sign over the run.
  const network = fc.integer({ min: 2, max: 4 }).chain((n) =>
    fc.record({
      initials: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
      flows: fc.array(
        fc.record({
          from: fc.integer({ min: -1, max: n - 1 }),
          to: fc.integer({ min: -1, max: n - 1 }),
          base: fc.integer({ min: -4, max: 4 }),
          slope: fc.constantFrom(0, 0, -1, 1, -0.5, 0.75),
        }),
        { minLength: 1, maxLength: 7 },
      ),
      dt: fc.constantFrom(1, 0.5, 0.25),
    }),
  )

  it('never drive a stock below zero (Euler)', () => {
    fc.assert(
      fc.property(network, ({ initials, flows, dt }) => {
        const stocks = initials.map((initial, i) => stock(`S${i}`, { initial, nonNegative: true }))
        const elements: Element[] = [...stocks]
        flows.forEach(({ from, to, base, slope }, i) => {
          if (from === to) return
          const rate = slope ? `${base} + ${slope} * TIME` : `${base}`
          elements.push(flow(`F${i}`, { from: stocks[from], to: stocks[to], rate }))
        })
        const r = run(elements, 'euler', { start: 0, stop: 8, dt })
        for (const s of stocks) expect(Math.min(...r.get(s.id))).toBeGreaterThanOrEqual(-1e-9)
      }),
      { numRuns: 200 },
    )
  })
})
