import { describe, expect, it } from 'vitest'
import { lookup } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { auxModel } from './helpers.js'

const series = (equation: string, time = { start: 0, stop: 10, dt: 1 }, extra: Parameters<typeof auxModel>[2] = []) =>
  Array.from(simulate(auxModel({ y: equation }, time, extra)).get('y'))

describe('input functions', () => {
  it('STEP switches on at its time', () => {
    expect(series('STEP(2, 3)')).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2])
  })

  it('PULSE gives magnitude/DT for one step, repeating every interval', () => {
    expect(series('PULSE(2, 1, 4)', { start: 0, stop: 5, dt: 0.5 })).toEqual([0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 4])
    expect(series('PULSE(1, 2)')).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
  })

  it('PULSE_TRAIN is 1 during each pulse until the end', () => {
    expect(series('PULSE_TRAIN(1, 2, 4, 6)')).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0])
  })

  it('RAMP rises from its start and holds after its end', () => {
    expect(series('RAMP(2, 3, 6)')).toEqual([0, 0, 0, 0, 2, 4, 6, 6, 6, 6, 6])
    expect(series('RAMP(1, 8)')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2])
  })

  it('reads the clock', () => {
    expect(series('TIME * 10 + DT', { start: 2, stop: 3, dt: 0.5 })).toEqual([20.5, 25.5, 30.5])
    expect(series('STARTTIME + STOPTIME', { start: 2, stop: 3, dt: 0.5 })).toEqual([5, 5, 5])
  })
})

describe('math functions', () => {
  const one = (equation: string) => series(equation, { start: 0, stop: 1, dt: 1 })[0]
  it.each([
    ['MIN(3, -2)', -2],
    ['MAX(3, -2)', 3],
    ['ABS(-4)', 4],
    ['EXP(0) + LN(1)', 1],
    ['LOG10(1000)', 3],
    ['LOG(8, 2)', 3],
    ['SQRT(16)', 4],
    ['INT(-2.5)', -3],
    ['INTEGER(-2.5)', -2],
    ['MOD(-7, 3)', 2],
    ['MODULO(-7, 3)', -1],
    ['-7 % 3', 2],
    ['ROUND(2.5) + ROUND(-2.5)', 0],
    ['ROUND(2.4)', 2],
    ['SAFEDIV(1, 0)', 0],
    ['XIDZ(1, 0, 5)', 5],
    ['ZIDZ(6, 3)', 2],
    ['if(2 > 1, 10, 20)', 10],
    ['IF_THEN_ELSE(0, 10, 20)', 20],
    ['1 < 2 ? 3 : 4', 3],
    ['(1 == 1) + (1 != 1) + (2 >= 2) + (2 <= 1)', 2],
    ['(1 and 0) + (1 or 0) + not 0', 2],
    ['2 ^ 10', 1024],
    ['-2 ^ 2', -4],
    ['ARCTAN(1) * 4 - PI', 0],
    ['SIN(0) + COS(0) + TAN(0)', 1],
    ['SINH(0) + COSH(0) + TANH(0)', 1],
  ])('%s = %d', (equation, expected) => {
    expect(one(equation)).toBeCloseTo(expected, 12)
  })
})

describe('lookups', () => {
  const table = lookup('effect', [
    [0, 0],
    [1, 2],
    [3, 3],
  ])
  it('interpolates linearly and clamps beyond the ends', () => {
    expect(series('effect(TIME - 1)', { start: 0, stop: 5, dt: 0.5 }, [table])).toEqual([
      0, 0, 0, 1, 2, 2.25, 2.5, 2.75, 3, 3, 3,
    ])
  })

  it('extrapolates along the end segments, or steps', () => {
    const ext = lookup(
      'ext',
      [
        [0, 0],
        [1, 2],
      ],
      { mode: 'extrapolate' },
    )
    const step = lookup(
      'stepped',
      [
        [0, 5],
        [2, 7],
      ],
      { mode: 'discrete' },
    )
    expect(series('ext(TIME - 1)', { start: 0, stop: 3, dt: 1 }, [ext])).toEqual([-2, 0, 2, 4])
    expect(series('stepped(TIME - 1)', { start: 0, stop: 4, dt: 1 }, [step])).toEqual([5, 5, 5, 7, 7])
  })
})

describe('graphical functions on auxiliaries', () => {
  it('apply the graph to the equation', async () => {
    const { aux, model, stock } = await import('@stockflow/model')
    const m = model('gf', {
      time: { start: 0, stop: 4, dt: 1 },
      elements: [
        stock('S', { initial: 0 }),
        aux('y', {
          equation: 'TIME',
          graph: [
            [0, 10],
            [2, 30],
            [3, 30],
          ],
        }),
        aux('c', {
          equation: '1',
          graph: [
            [0, 0],
            [2, 4],
          ],
        }),
      ],
    })
    const { simulate } = await import('@stockflow/solver')
    const run = simulate(m)
    expect(Array.from(run.get('y'))).toEqual([10, 20, 30, 30, 30])
    expect(run.get('c')[0]).toBe(2)
  })
})
