import { describe, expect, it } from 'vitest'
import { StockflowError, aux, flow, model, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'

// Bugs the fuzzers and hostile inputs found, outside the files of the session that found them. Each
// `it.fails` states the right behaviour and fails today; when the bug is fixed, vitest says so and the
// `.fails` comes off.

function one(equation: string): Model {
  const a = stock('a', { initial: 1 })
  return model('bug', {
    time: { start: 0, stop: 4, dt: 1 },
    elements: [a, aux('x', { equation }), flow('f', { to: a, rate: 'x' })],
  } as never)
}

const userError = (f: () => unknown) => expect(f).toThrow(StockflowError)

describe('known bugs', () => {
  it('SMTHN with a non-integer or negative order is a validation error, not "internal: ..."', () => {
    userError(() => simulate(one('smthn(1, 1, 0.5)')))
  })

  it('SMTHN of an infinite order is a StockflowError, not a RangeError', () => {
    userError(() => simulate(one('smthn(1, 1, 1e400)')))
  })

  it('DELAYN of a million stages is refused before it exhausts memory', () => {
    userError(() => simulate(one('delayn(1, 1, 1e6)')))
  })

  it('DELAY FIXED longer than memory allows is a StockflowError, not a RangeError', () => {
    userError(() => simulate(one('delay_fixed(1, 1e12)')))
  })

  it('a clock of 3e12 steps is a StockflowError, not a RangeError', () => {
    userError(() => simulate(one('1'), { stop: 3e12 }))
  })

  it('two non-negative stocks exchanging flows are not an algebraic loop, and neither goes negative', () => {
    const s0 = stock('s0', { initial: 0.5, nonNegative: true })
    const s1 = stock('s1', { initial: 1, nonNegative: true })
    const m = model('ring', {
      time: { start: 0, stop: 4, dt: 1 },
      elements: [s0, s1, flow('f0', { from: s0, to: s1, rate: '1' }), flow('f1', { from: s1, to: s0, rate: '1' })],
    } as never)
    const run = simulate(m)
    // Each stock gives at most what it holds (its inflow from the other is not counted: that would be
    // circular), so f0 is cut to 0.5 and the stocks swap their contents every step.
    expect(Array.from(run.get('f0'))).toEqual([0.5, 1, 0.5, 1, 0.5])
    expect(Array.from(run.get('s0'))).toEqual([0.5, 1, 0.5, 1, 0.5])
    expect(Array.from(run.get('s1'))).toEqual([1, 0.5, 1, 0.5, 1])
  })
})
