import { describe, expect, it } from 'vitest'
import { aux, eq, flow, lookup, model, param, parseEquation, stock } from '@stockflow/model'
import type { VarId } from '@stockflow/model'
import { analyzeLoops } from '@stockflow/loops'
import type { SignContext } from '../src/symbolic.js'
import type { Sign } from '../src/sign.js'
import { partialSign } from '../src/symbolic.js'

const positive = new Set(['p', 'q', 'k'])
const negative = new Set(['n'])
const ctx: SignContext = {
  valueSign: (id: VarId): Sign => (positive.has(id) ? '+' : negative.has(id) ? '-' : '?'),
  timeSign: '+',
  lookups: new Map([
    ['up', { x: [0, 1, 2], y: [0, 1, 3] }],
    ['bump', { x: [0, 1, 2], y: [0, 1, 0] }],
  ]),
}
const sign = (text: string, wrt = 'x') => partialSign(parseEquation(text), wrt, ctx)

describe('symbolic polarity', () => {
  it('reads sums, differences and products with factors of known sign', () => {
    expect(sign('x + y')).toBe('+')
    expect(sign('y - x')).toBe('-')
    expect(sign('p * x')).toBe('+')
    expect(sign('n * x')).toBe('-')
    expect(sign('y * x')).toBe('?') // y may be of either sign
    expect(sign('p * x * q')).toBe('+')
    expect(sign('-(p * x)')).toBe('-')
  })

  it('reads quotients and powers', () => {
    expect(sign('x / p')).toBe('+')
    expect(sign('p / x')).toBe('-') // −p/x² whatever the sign of x
    expect(sign('x / y')).toBe('?') // y may be of either sign
    expect(sign('p / k', 'k')).toBe('-')
    expect(sign('k ^ 2', 'k')).toBe('+')
    expect(sign('k ^ (-q)', 'k')).toBe('-')
    expect(sign('2 ^ x')).toBe('+')
    expect(sign('0.5 ^ x')).toBe('-')
  })

  it('knows monotone functions and lookups', () => {
    expect(sign('EXP(x) + LN(x) + SQRT(x)')).toBe('+')
    expect(sign('MIN(x, 3) + MAX(p, x)')).toBe('+')
    expect(sign('EXP(-x)')).toBe('-')
    expect(sign('up(x)')).toBe('+')
    expect(sign('bump(x)')).toBe('?')
    expect(sign('SIN(x)')).toBe('?')
    expect(sign('ABS(k)', 'k')).toBe('+')
  })

  it('reads IF when the branches agree and the condition ignores the variable', () => {
    expect(sign('IF_THEN_ELSE(y > 0, x, 2 * x)')).toBe('+')
    expect(sign('y > 0 ? x : -x')).toBe('?')
    expect(sign('IF_THEN_ELSE(x > 0, 1, 0)')).toBe('+') // the jump itself is upward
    expect(sign('IF_THEN_ELSE(x > 0, 0, 1)')).toBe('-')
  })

  it('takes SMOOTH and DELAY as increasing in their input', () => {
    expect(sign('SMTH1(x, 3)')).toBe('+')
    expect(sign('DELAY3(p - x, 3)')).toBe('-')
    expect(sign('SMTH1(y, x)')).toBe('?') // a longer averaging time may raise or lower the output
    expect(sign('STEP(x, 3) + RAMP(x, 1)')).toBe('+')
  })

  it('takes NPV as rising in its stream and, for a positive stream, falling in its rate', () => {
    expect(sign('NPV(x, 0.1)')).toBe('+')
    expect(sign('NPV(x, p, 0, n)')).toBe('-') // a negative factor turns it round
    expect(sign('NPV(p, x)')).toBe('-')
    expect(sign('NPV(n, x)')).toBe('+') // discounting a cost more makes it less negative
    expect(sign('NPV(y, x)')).toBe('?') // a stream of either sign
    expect(sign('NPV(p, q, 1, x)')).toBe('+') // the factor scales a positive value
    expect(sign('NPV(p, q, x)')).toBe('0') // the initial value only sets a start
  })
})

describe('numeric polarity', () => {
  it('is the sign of the partial derivative along the run, mixed with the times it changes', () => {
    // Bass-like diffusion: adopters raise adoption by imitation until the untapped pool runs dry.
    const adopters = stock('Adopters', { initial: 1 })
    const total = param('Total', 100)
    const adoption = flow('Adoption', {
      to: adopters,
      rate: eq`(${total} - ${adopters}) * 0.5 * ${adopters} / ${total}`,
    })
    const m = model('diffusion', {
      time: { start: 0, stop: 30, dt: 0.25, saveper: 0.5 },
      elements: [adopters, total, adoption],
    })
    const a = analyzeLoops(m)
    const link = a.graph.link('adopters', 'adoption')!
    const p = a.polarities.get(link)!
    expect(p.method).toBe('numeric')
    expect(p.polarity).toBe('mixed')
    // ∂/∂A of (T − A)·A is T − 2A: positive until A = T/2, negative after.
    const run = a.trace!
    const values = run.series('adopters')!
    const crossing = run.times[values.findIndex((x) => x > 50)]!
    expect(p.changes).toEqual([crossing])
    const loop = a.loops.find((l) => l.variables.join() === 'adopters,adoption')!
    expect(loop.mixed).toBe(true)
    expect(loop.changes).toEqual([crossing])
  })

  it('signs the links into NPV: its stream at once, its rate through the discount factor', () => {
    const cash = stock('Cash', { initial: 10 })
    const rate = aux('Rate', { equation: eq`0.05 + 0.001 * ${cash}` })
    const income = aux('Income', { equation: eq`0.1 * ${cash}` })
    const worth = aux('Worth', { equation: eq`NPV(${income}, ${rate})` })
    const mixed = aux('Mixed', { equation: eq`NPV(${income} * (TIME - 5), ${rate})` })
    const spend = flow('Spend', { from: cash, rate: eq`0.01 * (${worth} + ${mixed})` })
    const m = model('m', {
      time: { start: 0, stop: 10, dt: 0.25 },
      elements: [cash, rate, income, worth, mixed, spend],
    })
    const a = analyzeLoops(m)
    const polarity = (from: string, to: string) => a.polarities.get(a.graph.link(from, to)!)
    expect(polarity('income', 'worth')).toEqual({ polarity: '+', method: 'symbolic' })
    expect(polarity('rate', 'worth')).toEqual({ polarity: '-', method: 'symbolic' })
    expect(a.graph.link('rate', 'worth')!.delayed).toBe(true)
    expect(a.graph.link('income', 'worth')!.delayed).toBe(false)
    // A stream that turns positive at time 5: the rate's effect is read along the run, against this
    // step's stream; at the start the rate has not discounted anything yet.
    const r = polarity('rate', 'mixed')!
    expect(r).toMatchObject({ polarity: 'mixed', method: 'numeric', changes: [5.25] })
    const { times } = a.trace!
    expect(r.signs).toEqual(Int8Array.from(times, (t, i) => (i === 0 ? 0 : -Math.sign(t - 5))))
  })

  it('is used only where the structure does not fix the sign', () => {
    const x = stock('X', { initial: 1 })
    const gain = lookup('Gain', [
      [0, 1],
      [10, 0],
    ])
    const f = flow('F', { to: x, rate: eq`${gain}(${x}) * 0.1` })
    const g = aux('G', { equation: eq`COS(${x} / 100)` })
    const m = model('m', { time: { start: 0, stop: 5, dt: 0.5 }, elements: [x, gain, f, g] })
    const a = analyzeLoops(m)
    expect(a.polarities.get(a.graph.link('x', 'f')!)).toEqual({ polarity: '-', method: 'symbolic' })
    const cos = a.polarities.get(a.graph.link('x', 'g')!)!
    expect(cos).toMatchObject({ polarity: '-', method: 'numeric' })
  })
})
