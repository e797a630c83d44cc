import { describe, expect, it } from 'vitest'
import { lookup } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { auxModel, flow, model, stock } from './helpers.js'

// Vensim's builtins, against values worked out by hand from Vensim's definitions
// (vensim.com/documentation/fn_*.html).

type Time = { start: number; stop: number; dt: number }
const series = (equation: string, time: Time = { start: 0, stop: 10, dt: 1 }, extra: Element[] = []) =>
  Array.from(simulate(auxModel({ y: equation }, time, extra)).get('y'))

/** A stock S integrating `rate`, run with `method`. */
const integrated = (rate: string, time: Time, method: 'euler' | 'rk4' | 'adaptive') => {
  const s = stock('S', { initial: 0 })
  const m = model('integrated', { time, elements: [s, flow('inflow', { to: s, rate })] })
  return simulate(m, { method })
}

describe("Vensim's test inputs", () => {
  it('VENSIM_PULSE is 1 from start for width, one DT when the width is 0', () => {
    expect(series('VENSIM_PULSE(2, 3)')).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    expect(series('VENSIM_PULSE(1, 0)', { start: 0, stop: 3, dt: 0.5 })).toEqual([0, 0, 1, 0, 0, 0, 0])
  })

  it('VENSIM_PULSE and VENSIM_STEP switch at the step nearest their time (Time + DT/2 passes it)', () => {
    expect(series('VENSIM_PULSE(2.3, 1)', { start: 0, stop: 5, dt: 1 })).toEqual([0, 0, 1, 0, 0, 0])
    expect(series('VENSIM_STEP(5, 2.3)', { start: 0, stop: 5, dt: 1 })).toEqual([0, 0, 5, 5, 5, 5])
    expect(series('VENSIM_STEP(5, 2.7)', { start: 0, stop: 5, dt: 1 })).toEqual([0, 0, 0, 5, 5, 5])
    // XMILE's STEP switches at the first step at or after its time.
    expect(series('STEP(5, 2.3)', { start: 0, stop: 5, dt: 1 })).toEqual([0, 0, 0, 5, 5, 5])
  })

  it('PULSE_TRAIN lasts at least one DT, merges pulses closer than their width and stops after its end', () => {
    expect(series('PULSE_TRAIN(1, 0, 3, 10)')).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])
    expect(series('PULSE_TRAIN(2, 3, 2, 8)')).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0])
  })

  it('hold their value through the stages of a Runge-Kutta step, as Vensim says they do', () => {
    // RK4's last stage of the step from 1 to 2 is at time 2, where the pulse is on: held at the
    // step's time 1, it still reads 0, so the stock gains the pulse on the step from 2 to 3 alone.
    for (const method of ['euler', 'rk4'] as const) {
      const run = integrated('VENSIM_PULSE(2, 1) + VENSIM_STEP(1, 4)', { start: 0, stop: 6, dt: 1 }, method)
      Array.from(run.get('S')).forEach((v, i) =>
        expect(v, `${method} at ${i}`).toBeCloseTo([0, 0, 0, 1, 1, 2, 3][i]!, 12),
      )
    }
  })

  it('give the adaptive method their switching times on the steps', () => {
    const time = { start: 0, stop: 8, dt: 0.25 }
    // Each pulse is on for two steps (Time + 0.125 within 0.5 of its start): 1.5 in all.
    for (const method of ['euler', 'rk4', 'adaptive'] as const) {
      const s = integrated('PULSE_TRAIN(1, 0.5, 2, 6) + VENSIM_STEP(1, 6.1) + VENSIM_PULSE(0.4, 1)', time, method).get(
        'S',
      )
      // VENSIM_STEP(1, 6.1) is on from 6 (6 + 0.125 > 6.1): 2 more by 8; VENSIM_PULSE(0.4, 1) from 0.5 to 1.5: 1.
      expect(s[s.length - 1]!, method).toBeCloseTo(1.5 + 2 + 1, 9)
      expect(s[4]!, `${method} at 1`).toBeCloseTo(0.5, 9)
    }
  })
})

describe("Vensim's math", () => {
  const one = (equation: string) => series(equation, { start: 0, stop: 1, dt: 1 })[0]
  it.each([
    ['QUANTUM(7.5, 2)', 6],
    ['QUANTUM(-7.5, 2)', -6],
    ['QUANTUM(7.5, 0) + QUANTUM(7.5, -2)', 15],
    ['QUANTUM(112.3, 10)', 110],
    ['XIDZ(1, 1e-7, 5)', 5],
    ['XIDZ(1, -2e-6, 5)', -5e5],
    ['ZIDZ(3, -1e-7)', 0],
    ['ZIDZ(6, 3)', 2],
    ['SAFEDIV(1, 1e-7)', 1e7],
    ['POWER(2, 10) + POWER(9, 0.5)', 1027],
    ['GAME(3) * 2', 6],
    ['INTEGER(-2.5) + MODULO(-7, 3)', -3],
  ])('%s = %d', (equation, expected) => {
    expect(one(equation)).toBeCloseTo(expected, 12)
  })

  it('GET_TIME_VALUE gives the time or the start plus an offset, in the model time units', () => {
    const time = { start: 5, stop: 7, dt: 1 }
    expect(series('GET_TIME_VALUE(0, 2, 0)', time)).toEqual([7, 8, 9])
    expect(series('GET_TIME_VALUE(1, -2, 0)', time)).toEqual([3, 3, 3])
  })

  it('GET_TIME_VALUE refuses the computer clock and calendar measures in one line', () => {
    expect(() => series('GET_TIME_VALUE(2, 0, 0)')).toThrow(
      /^"y": GET TIME VALUE\(2, \.\.\., 0\) is not simulated; use relative to 0 \(the time\) or 1 \(the start\) with measure 0/,
    )
    expect(() => series('GET_TIME_VALUE(0, 0, 3)')).toThrow(/GET TIME VALUE\(0, \.\.\., 3\) is not simulated/)
  })
})

describe('ACTIVE_INITIAL', () => {
  it('gives its initial value to the initial pass and its active value to the run', () => {
    const a = stock('Stock A', { initial: 'Value_A' })
    const m = model('active', {
      time: { start: 0, stop: 3, dt: 1 },
      elements: [
        a,
        flow('Flow A', { to: a, rate: '1' }),
        { kind: 'aux', name: 'Value A', id: 'value_a', equation: 'ACTIVE_INITIAL(TIME, 45)' },
      ],
    } as never)
    const run = simulate(m)
    expect(Array.from(run.get('Stock A'))).toEqual([45, 46, 47, 48])
    expect(Array.from(run.get('Value A'))).toEqual([0, 1, 2, 3])
  })

  it('breaks a loop of initial values (a stock initialised at a target that reads it)', () => {
    const capacity = stock('Capacity', { initial: 'target' })
    const m = model('capacity', {
      time: { start: 0, stop: 2, dt: 1 },
      elements: [
        capacity,
        flow('adjust', { to: capacity, rate: '(target - Capacity) / 4' }),
        { kind: 'aux', name: 'target', id: 'target', equation: 'ACTIVE_INITIAL(Capacity * 2, 100)' },
      ],
    } as never)
    const run = simulate(m)
    // Capacity starts at 100; then target = 200, so Capacity gains 25, then (250 - 125) / 4.
    expect(Array.from(run.get('Capacity'))).toEqual([100, 125, 156.25])
    expect(Array.from(run.get('target'))).toEqual([200, 250, 312.5])
  })

  it('keeps switching when its active value is a constant or a plain reference', () => {
    const run = simulate(
      auxModel(
        { x: 'TIME + 5', a: 'ACTIVE_INITIAL(7, 3)', b: 'ACTIVE_INITIAL(x, 1)', c: 'INIT(a) + INIT(b)' },
        {
          start: 0,
          stop: 1,
          dt: 1,
        },
      ),
    )
    expect(Array.from(run.get('a'))).toEqual([7, 7])
    expect(Array.from(run.get('b'))).toEqual([5, 6])
    expect(Array.from(run.get('c'))).toEqual([4, 4])
  })
})

describe('SAMPLE_IF_TRUE', () => {
  it('takes the input while the condition holds and keeps it otherwise', () => {
    const time = { start: 1, stop: 7, dt: 1 }
    expect(series('SAMPLE_IF_TRUE(MODULO(TIME, 3) == 0, TIME * 10, -1)', time)).toEqual([-1, -1, 30, 30, 30, 60, 60])
    expect(series('SAMPLE_IF_TRUE(TIME < 3, TIME, 0)', time)).toEqual([1, 2, 2, 2, 2, 2, 2])
  })

  it('starts the initial pass at its initial value, as Vensim keeps it as a level', () => {
    const s = stock('Start', { initial: 'sample' })
    const m = model('sample', {
      time: { start: 0, stop: 1, dt: 1 },
      elements: [s, { kind: 'aux', name: 'sample', id: 'sample', equation: 'SAMPLE_IF_TRUE(1, TIME + 100, 7)' }],
    } as never)
    const run = simulate(m)
    expect(Array.from(run.get('Start'))).toEqual([7, 7])
    expect(Array.from(run.get('sample'))).toEqual([100, 101])
  })
})

describe("Vensim's DELAY N and SMOOTH N", () => {
  const time = { start: 0, stop: 12, dt: 0.5 }
  const input = { kind: 'aux', name: 'input', id: 'input', equation: '-1 + STEP(5, 2) + RAMP(0.5, 4)' } as Element

  it('DELAY_N with a constant delay time is DELAYN, arguments in Vensim order', () => {
    const run = simulate(auxModel({ a: 'DELAY_N(input, 3, 2, 3)', b: 'DELAYN(input, 3, 3, 2)' }, time, [input]))
    expect(run.get('a')).toEqual(run.get('b'))
  })

  it('DELAY_N reads each stage with the delay time it had when its material entered', () => {
    // One stage, delay time 2 then 4 from time 2: the stage is drained at the current delay time
    // and read at the last step's: 0/2, 1/2, 1.5/2, then 2.125/4 (a DELAY1 reads 1.5/4 at time 2).
    const run = simulate(
      auxModel(
        { d: 'DELAY_N(1, 2 + STEP(2, 2), 0, 1)', e: 'DELAY1(1, 2 + STEP(2, 2), 0)' },
        { start: 0, stop: 3, dt: 1 },
      ),
    )
    expect(Array.from(run.get('d'))).toEqual([0, 0.5, 0.75, 0.53125])
    expect(run.get('e')[2]).toBe(0.375)
  })

  it('fixes the order at its value at the start, and lowers it until the delay time holds order * DT', () => {
    const run = simulate(
      auxModel(
        {
          order: '2 + STEP(1, 3)',
          a: 'DELAY_N(input, 4, 0, order)',
          b: 'DELAYN(input, 4, 2, 0)',
          c: 'SMOOTH_N(input, 2, 5, order + 0.9)',
          d: 'SMTHN(input, 2, 2, 5)',
          e: 'DELAY_N(input, 1.2, 0, 4)',
          f: 'DELAY1(input, 1.2, 0)',
        },
        time,
        [input],
      ),
    )
    expect(run.get('a')).toEqual(run.get('b'))
    expect(run.get('c')).toEqual(run.get('d'))
    // 1.2 holds two steps of 0.5, so order 4 becomes 2.
    expect(run.get('e')).not.toEqual(run.get('f'))
    const g = simulate(auxModel({ e: 'DELAY_N(input, 1.2, 0, 4)', h: 'DELAYN(input, 1.2, 2, 0)' }, time, [input]))
    expect(g.get('e')).toEqual(g.get('h'))
  })

  it('reads the order from stocks and lookups at the start', () => {
    const n = stock('N', { initial: 'steps(1)' })
    const m: Model = model('orders', {
      time,
      elements: [
        n,
        input,
        lookup('steps', [
          [0, 1],
          [2, 5],
        ]),
        { kind: 'aux', name: 'a', id: 'a', equation: 'SMOOTH_N(input, 3, 0, N)' },
        { kind: 'aux', name: 'b', id: 'b', equation: 'SMTHN(input, 3, 3, 0)' },
      ],
    } as never)
    const run = simulate(m)
    expect(run.get('a')).toEqual(run.get('b'))
  })

  it('needs a fixed-step method only when its delay time changes (it remembers past delay times)', () => {
    const adaptive = { method: 'adaptive' } as const
    expect(simulate(auxModel({ y: 'DELAY_N(STEP(1, 2), 3, 0, 3)' }), adaptive).get('y')[10]).toBeGreaterThan(0.5)
    expect(() => simulate(auxModel({ y: 'DELAY_N(1, 3 + STEP(1, 2), 0, 3)' }), adaptive)).toThrow(
      /^the adaptive method cannot run DELAY N with a changing delay time, which steps? in whole dt/,
    )
    expect(() => simulate(auxModel({ y: 'SAMPLE_IF_TRUE(TIME > 2, TIME, 0)' }), adaptive)).toThrow(
      /cannot run SAMPLE IF TRUE,? which/,
    )
  })

  it('refuses an order outside 1 to 1000 in one line naming the variable', () => {
    expect(() => simulate(auxModel({ y: 'DELAY_N(1, 5, 0, 0.5)' }))).toThrow(
      /^DELAY N in "y": its order is 0\.5 at the start; it must be from 1 to 1000$/,
    )
    expect(() => simulate(auxModel({ y: 'SMOOTH_N(1, 5, 0, LN(-1))' }))).toThrow(/^SMOOTH N in "y": its order is NaN/)
  })
})

describe("Vensim's FORECAST and TREND", () => {
  it('FORECAST divides by the average itself, TREND by its absolute value', () => {
    // The average starts at the input (-1) and is still -1 at time 1, where the input is -2.
    const run = simulate(
      auxModel({ x: '-1 - TIME', f: 'FORECAST(x, 1, 2)', g: 'TREND(x, 1, 0)' }, { start: 0, stop: 1, dt: 1 }),
    )
    expect(Array.from(run.get('f'))).toEqual([-1, -6])
    expect(Array.from(run.get('g'))).toEqual([0, -1])
  })
})

describe('LOOKUP FORWARD', () => {
  it("takes the next point's y from just after each point, its own at the point", () => {
    const table = lookup(
      'ahead',
      [
        [0, 1],
        [1, 2],
        [2, 5],
      ],
      { mode: 'forward' },
    )
    expect(series('ahead(TIME / 2 - 0.5)', { start: 0, stop: 7, dt: 1 }, [table])).toEqual([1, 1, 2, 2, 5, 5, 5, 5])
  })
})
