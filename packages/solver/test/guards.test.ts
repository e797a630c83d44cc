import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { aux, flow, model, param, stock } from './helpers.js'

const level = stock('Level', { initial: 3 })
const gap = param('Gap', 2)
const ratio = aux('Ratio', { equation: 'Level / (Gap - time)' })
const fill = flow('Fill', { to: level, rate: 'Ratio * 0' })
const tank = model('tank', { time: { start: 0, stop: 4, dt: 1 }, elements: [level, gap, ratio, fill] } as never)

describe('numeric guards', () => {
  it('stop a run at the first NaN or infinity, naming the variable, time, operands and a division by zero', () => {
    expect(() => simulate(tank)).toThrow(StockflowError)
    expect(() => simulate(tank)).toThrow(
      /^"Ratio" became Infinity at time 2 \(division by zero\); it reads Level = 3, Gap = 2;/,
    )
  })

  it('keep going with onNonFinite: continue', () => {
    const run = simulate(tank, { onNonFinite: 'continue' })
    expect(run.get('Ratio')[2]).toBe(Infinity)
    expect(Number.isNaN(run.get('Fill')[2])).toBe(true)
  })

  it('name a stock that overflows between save points, and one that is not recorded', () => {
    const s = stock('S', { initial: 1 })
    const grow = flow('Grow', { to: s, rate: 'S * 1e100' })
    const m = model('boom', { time: { start: 0, stop: 10, dt: 1, saveper: 5 }, elements: [s, grow] } as never)
    expect(() => simulate(m)).toThrow(/^"S" became Infinity by time 5; it reads Grow = /)
    const hidden = model('hidden', {
      time: { start: 0, stop: 10, dt: 1 },
      elements: [s, grow, aux('Quiet', { equation: '1' })],
    } as never)
    expect(() => simulate(hidden, { vars: ['Quiet'] })).toThrow(/"S" became Infinity by the end of the run \(time 10\)/)
  })

  it('report NaN from the methods too', () => {
    const bad = model('nan', {
      time: { start: 0, stop: 2, dt: 0.5 },
      elements: [stock('S', { initial: 1 }), aux('Root', { equation: 'sqrt(1 - time)' })],
    } as never)
    for (const method of ['euler', 'rk4'] as const)
      expect(() => simulate(bad, { method })).toThrow(/"Root" became NaN at time 1\.5;/)
  })
})
