import { describe, expect, it } from 'vitest'
import { aux, eq, flow, model, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import regionalSir from '../../../seeds/regional-sir/model.js'
import { flatten } from '@stockflow/model'
import { traceModel } from '../src/trace.js'
import type { TraceOptions } from '../src/trace.js'
import { modelEquations } from '../src/equations.js'
import type { ElementEquation } from '../src/equations.js'
import { evaluateElement } from '../src/evaluate.js'
import type { Memo } from '../src/evaluate.js'
import { causesIn } from '../src/causal-graph.js'
import { smoothedModel } from './models.js'

/** For each flow and auxiliary, the largest relative gap between its re-evaluated equation and the run. */
function gaps(m: Model, options: TraceOptions = {}, strip = (eq: ElementEquation) => eq): Map<string, number> {
  const equations = modelEquations(m)
  const trace = traceModel(m, equations, options)
  const out = new Map<string, number>()
  for (const [id, eq] of equations.equations) {
    const values = trace.series(id)!
    let worst = 0
    for (let i = 0; i < trace.times.length; i++) {
      const mine = evaluateElement(strip(eq), trace.point(i), equations)
      const theirs = values[i]!
      worst = Math.max(worst, Math.abs(mine - theirs) / (1e-9 + Math.abs(theirs)))
    }
    out.set(id, worst)
  }
  return out
}

/** The largest relative gap between re-evaluated equations and the values the solver recorded. */
const worstGap = (m: Model, options: TraceOptions = {}) => Math.max(...gaps(m, options).values())

/**
 * Non-negative stocks with every kind of limit: inflows that turn negative (one computed from
 * another), an outflow, a uniflow inflow, a flow between two non-negative stocks, two stocks
 * trading flows, and a stock whose initial value reads its inflow.
 */
function drainedModel(): Model {
  const s = stock('S', { initial: 3, nonNegative: true })
  const a = stock('A', { initial: 2, nonNegative: true })
  const b = stock('B', { initial: 1, nonNegative: true })
  const x = stock('X', { initial: 1, nonNegative: true })
  const y = stock('Y', { initial: 0.5, nonNegative: true })
  const z = { ...stock('Z', { initial: 0, nonNegative: true }), initial: 'Feed + 2' }
  const fill = flow('Fill', { to: s, rate: eq`2 - TIME` })
  const echo = flow('Echo', { to: s, rate: eq`${fill} * 0.5 - 0.2` })
  const top = flow('Top Up', { to: s, rate: eq`TIME / 4 - 1`, nonNegative: true })
  const use = flow('Use', { from: s, rate: eq`0.3 * ${s}` })
  const move = flow('Move', { from: a, to: b, rate: eq`1.5 - 0.4 * TIME` })
  const give = flow('Give', { from: x, to: y, rate: eq`1 - 0.3 * TIME` })
  const back = flow('Back', { from: y, to: x, rate: eq`0.5 - 0.2 * TIME` })
  const feed = flow('Feed', { to: z, rate: eq`1 - TIME / 2` })
  const net = aux('Net', { equation: eq`${fill} + ${echo} - ${use}` })
  return model('drained', {
    time: { start: 0, stop: 12, dt: 0.5 },
    elements: [s, a, b, x, y, z, fill, echo, top, use, move, give, back, feed, net],
  })
}

/** NPV of a stream that turns from an investment to returns, at a rate that changes, read by a flow. */
function npvModel(): Model {
  const cash = stock('Cash', { initial: 10 })
  const rate = aux('Rate', { equation: eq`0.05 + 0.01 * TIME` })
  const stream = aux('Stream', { equation: eq`TIME < 3 ? -4 : 0.1 * ${cash}` })
  const worth = aux('Worth', { equation: eq`NPV(${stream}, ${rate}, 2, 1.5)` })
  const plain = aux('Plain', { equation: eq`NPV(${stream}, 0.1) + SMTH1(${stream}, 2)` })
  const spend = flow('Spend', { from: cash, rate: eq`0.01 * ${worth} + 0.2` })
  return model('npv', {
    time: { start: 0, stop: 10, dt: 0.25 },
    elements: [cash, rate, stream, worth, plain, spend],
  })
}

describe('evaluateElement', () => {
  it('recomputes every flow and auxiliary as the solver did', () => {
    expect(worstGap(sir)).toBeLessThan(1e-12)
    expect(worstGap(smoothedModel())).toBeLessThan(1e-12)
    expect(worstGap(involution, { scenario: 'S0' })).toBeLessThan(1e-12)
    expect(worstGap(involution, { scenario: 'S5' })).toBeLessThan(1e-12)
  })

  it('recomputes the limits of non-negative stocks, inflows that turn negative too', () => {
    const m = drainedModel()
    expect(Math.min(...simulate(m).get('s'))).toBe(0)
    // X and Y trade flows both ways: each limit reads the other flow before its limits, and Y stays non-negative.
    for (const method of ['euler', 'rk4'] as const)
      expect(Math.min(...simulate(m, { method }).get('y'))).toBeGreaterThanOrEqual(-1e-12)
    expect(worstGap(m)).toBeLessThan(1e-12)
    expect(worstGap(m, { method: 'rk4' })).toBeLessThan(1e-12)
    // The limits act in this run: without them these flows' equations are far from it. Feed, read by
    // its stock's initial value, is left unlimited, as the solver leaves it.
    const unlimited = gaps(m, {}, ({ limit: _, ...bare }) => bare)
    for (const id of ['fill', 'echo', 'use', 'move', 'give', 'back']) expect(unlimited.get(id)).toBeGreaterThan(0.1)
    for (const id of ['feed', 'top_up']) expect(unlimited.get(id)).toBe(0)
  })

  it('recomputes NPV, whose discount factor the run records as the solver integrates it', () => {
    const m = npvModel()
    expect(worstGap(m)).toBeLessThan(1e-12)
    expect(worstGap(m, { method: 'rk4' })).toBeLessThan(1e-12)
    // The run loop analysis reads has the values of the solver's own run.
    const equations = modelEquations(m)
    const trace = traceModel(m, equations)
    const run = simulate(m)
    for (const id of ['worth', 'plain', 'cash', 'spend']) expect(trace.series(id)).toEqual(run.get(id))
  })

  it("passes NPV's stream on at once, discounted, and its rate as the discount it would have made", () => {
    const m = npvModel()
    const equations = modelEquations(m)
    const trace = traceModel(m, equations)
    const worth = equations.equations.get('worth')!
    const k = 20
    const at = trace.point(k)
    const base = evaluateElement(worth, at, equations)
    const stream = at.value('stream')
    const up = evaluateElement(worth, at, equations, { id: 'stream', value: stream + 1 })
    // Under Euler the discount factor is the product of 1/(1 + r·DT) over the steps before.
    let df = 1
    for (let j = 0; j < k; j++) df /= 1 + (0.05 + 0.01 * j * 0.25) * 0.25
    expect(up - base).toBeCloseTo(0.25 * df * 1.5, 12)
    // A higher rate discounts this step's positive stream more.
    expect(stream).toBeGreaterThan(0)
    expect(evaluateElement(worth, at, equations, { id: 'rate', value: at.value('rate') + 0.01 })).toBeLessThan(base)
  })

  it.each([
    ['involution', involution, 0],
    ['the flat regional SIR', flatten(regionalSir), 1e-12],
  ] as const)('with a memo, gives what it gives without one: %s', (_, m, tolerance) => {
    const equations = modelEquations(m)
    const trace = traceModel(m, equations)
    const memo: Memo = new Map()
    for (const row of [1, Math.floor(trace.times.length / 2), trace.times.length - 1]) {
      const at = trace.point(row)
      for (const [, eq] of equations.equations) {
        memo.clear()
        expect(evaluateElement(eq, at, equations, undefined, memo)).toBe(evaluateElement(eq, at, equations))
        for (const id of causesIn(eq.expr).keys()) {
          const change = { id, value: at.value(id) * 1.1 + 1 }
          const plain = evaluateElement(eq, at, equations, change)
          const reused = evaluateElement(eq, at, equations, change, memo)
          if (tolerance === 0) expect(reused).toBe(plain)
          else expect(Math.abs(reused - plain)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(plain)))
        }
      }
    }
  })
})
