import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { breakSeries } from '../src/breakpoints.js'
import { RESTART_COST, WorkBudget } from '../src/methods/work-budget.js'
import { flow, model, param, stock } from './helpers.js'

/** The pulse expansion the generated `breaks` did before it had a bound (the reference for ordinary pulses). */
function every(first: number, interval: number, dt: number, t1: number): number[] {
  const b: number[] = []
  for (let s = first; s <= t1; s += interval) {
    b.push(s, s + dt)
    if (!(interval > 0)) break
  }
  return b
}
/** Vensim's PULSE TRAIN switches at the first step whose Time + DT/2 passes a pulse's start or end. */
function train(start: number, width: number, interval: number, end: number, dt: number, t1: number): number[] {
  const onStep = (x: number) => (Math.floor(x / dt - 0.5) + 1) * dt
  const b: number[] = []
  for (let s = start; s <= Math.min(end, t1); s += interval) {
    b.push(onStep(s), onStep(s + Math.max(width, dt)))
    if (!(interval > 0)) break
  }
  if (b.length) b.push((Math.floor(end / dt) + 1) * dt)
  return b
}

const s = stock('S', { initial: 0 })
const pulsed = model('pulsed', {
  time: { start: 0, stop: 16, dt: 0.25 },
  elements: [s, flow('inflow', { to: s, rate: 'PULSE(1, 2, 3) + PULSE_TRAIN(1, 0.5, 2, 10)' })],
})
const program = compile(pulsed).program

describe('breakpoints of PULSE and PULSE TRAIN', () => {
  it('are the times the unbounded expansion gave, for pulses that start within the run', () => {
    const cases: [(b: number[]) => void, number[]][] = [
      [(b) => breakSeries(program, 0, 1e6).every(b, 0, 2, 3, 0.25, 16), every(2, 3, 0.25, 16)],
      [(b) => breakSeries(program, 0, 1e6).every(b, 0, 0.1, 0.1, 0.25, 16), every(0.1, 0.1, 0.25, 16)],
      [(b) => breakSeries(program, 0, 1e6).every(b, 0, 1, 0, 0.25, 16), every(1, 0, 0.25, 16)],
      [(b) => breakSeries(program, 0, 1e6).every(b, 0, NaN, 1, 0.25, 16), every(NaN, 1, 0.25, 16)],
      [(b) => breakSeries(program, 0, 1e6).train(b, 1, 1, 0.5, 2, 10, 0, 0.25, 16), train(1, 0.5, 2, 10, 0.25, 16)],
      [
        (b) => breakSeries(program, 0, 1e6).train(b, 1, 0.3, -1, 0.7, 99, 0, 0.25, 16),
        train(0.3, -1, 0.7, 99, 0.25, 16),
      ],
      [(b) => breakSeries(program, 0, 1e6).train(b, 1, 1, 0.5, -2, 10, 0, 0.25, 16), train(1, 0.5, -2, 10, 0.25, 16)],
    ]
    for (const [expand, expected] of cases) {
      const b: number[] = []
      expand(b)
      expect(b).toEqual(expected)
    }
  })

  it('skip the pulses over before the run instead of walking through them', () => {
    const b: number[] = []
    breakSeries(program, 0, 100).every(b, 0, -1e12, 1, 0.25, 3)
    // Only the pulses that can still matter: the one at -1 ends at -0.75, then 0, 1, 2, 3.
    expect(b.filter((x) => x >= 0)).toEqual([0, 0.25, 1, 1.25, 2, 2.25, 3, 3.25])
    expect(b.length).toBeLessThanOrEqual(12)
  })

  it('stop at their limit with an error naming the function and the variable, before expanding', () => {
    const series = breakSeries(program, 0, 1000)
    const b: number[] = []
    expect(() => series.train(b, 1, 0, 1e-7, 1e-6, 16, 0, 0.25, 16)).toThrow(StockflowError)
    expect(() => series.train(b, 1, 0, 1e-7, 1e-6, 16, 0, 0.25, 16)).toThrow(
      /^PULSE TRAIN in "inflow" makes 3\.2e7 breakpoints for the adaptive method, more than its limit of 1,000;/,
    )
    expect(b).toEqual([])
  })

  it('name the input that gave the most', () => {
    const series = breakSeries(program, 0, 1000)
    const b: number[] = []
    series.every(b, 0, 1, 1, 0.25, 16)
    series.train(b, 1, 0, 0.1, 0.2, 16, 0, 0.25, 16)
    expect(series.busiest()).toBe('PULSE TRAIN in "inflow"')
  })
})

describe('the work budget of the adaptive method', () => {
  it('counts evaluations and charges each restart RESTART_COST', () => {
    const budget = new WorkBudget(2 * RESTART_COST + 1)
    expect(budget.restart()).toBe(true)
    expect(budget.evaluation()).toBe(true)
    expect(budget.restart()).toBe(true)
    expect(budget.evaluation()).toBe(false)
    expect(budget.restarts).toBe(2)
    expect(budget.mostlyRestarts).toBe(true)
    expect(new WorkBudget(1e6).maxBreakpoints).toBe(Math.floor(1e6 / RESTART_COST))
  })

  // Logistic growth needs a few hundred evaluations at the default tolerance.
  const n = stock('N', { initial: 1 })
  const logistic = model('logistic', {
    time: { start: 0, stop: 20, dt: 0.25 },
    elements: [n, param('r', 0.5), flow('births', { to: n, rate: 'r * N * (1 - N / 100)' })],
  })

  it('lets an ordinary model finish, and stops it where a small budget runs out, the same way every time', () => {
    expect(simulate(logistic, { method: 'adaptive' }).at('N', 20)).toBeCloseTo(100 / (1 + 99 * Math.exp(-10)), 3)
    expect(simulate(logistic, { method: 'adaptive', maxEvaluations: Infinity }).times.length).toBe(81)
    const stop = () => simulate(logistic, { method: 'adaptive', maxEvaluations: 50 })
    let message = ''
    try {
      stop()
    } catch (err) {
      message = err instanceof StockflowError ? err.message : ''
    }
    expect(message).toMatch(
      /^the adaptive method spent its budget of 50 evaluations by time [\d.]+ \(of 20\) in \d+ steps: the model may be stiff or discontinuous there.*; try --method rk4 with a small dt, or raise simulate's maxEvaluations$/,
    )
    expect(() => stop()).toThrow(message)
  })

  it('refuses a budget that is not a positive number', () => {
    for (const maxEvaluations of [0, -1, NaN]) {
      expect(() => simulate(logistic, { method: 'adaptive', maxEvaluations })).toThrow(
        /^maxEvaluations must be a number of at least 1/,
      )
    }
  })

  it('refuses more restarts than the budget could pay for, before integrating', () => {
    const q = stock('Q', { initial: 0 })
    const m = model('pulses', {
      time: { start: 0, stop: 10, dt: 0.25 },
      elements: [q, flow('shipment', { to: q, rate: 'PULSE(1, 0, 0.01)' })],
    })
    // 1000 pulses, 2000 restart times: within the default budget's limit, over that of 20,000.
    expect(simulate(m, { method: 'adaptive', maxEvaluations: 1e7 }).times.length).toBe(41)
    expect(() => simulate(m, { method: 'adaptive', maxEvaluations: 20_000 })).toThrow(
      /^PULSE in "shipment" makes 2002 breakpoints for the adaptive method, more than its limit of 625;/,
    )
  })
})
