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

  it('blame a value fixed for the run (computed once, before the first step) rather than its readers', () => {
    const s = stock('S', { initial: 100 })
    const m = model('fixed', {
      time: { start: 0, stop: 2, dt: 1 },
      elements: [s, param('k', 0), aux('rate', { equation: '1 / k' }), flow('f', { from: s, rate: 'S * rate' })],
    } as never)
    expect(() => simulate(m)).toThrow(/^"rate" became Infinity at time 0 \(division by zero\); it reads k = 0/)
    // With only the stock recorded, the stock is the one named.
    expect(() => simulate(m, { vars: ['S'] })).toThrow(/"S" became/)
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

describe('the adaptive method on a blow-up', () => {
  it('stops at once with the stock and the time, instead of shrinking its step forever', () => {
    const a = stock('a', { initial: 1 })
    // a' = a², a(0) = 1: a = 1/(1 - t) blows up at t = 1.
    const m = model('blowup', {
      time: { start: 0, stop: 2, dt: 0.1 },
      elements: [a, flow('g', { to: a, rate: 'a * a' })],
    })
    let message = ''
    try {
      simulate(m, { method: 'adaptive' })
    } catch (err) {
      message = err instanceof Error ? err.message : String(err)
    }
    const near = /(?:near|after reaching) (?:time )?([\d.]+)/.exec(message)
    expect(message).toMatch(/"a"|gave up/)
    expect(Number(near?.[1])).toBeGreaterThan(0.9)
    expect(Number(near?.[1])).toBeLessThan(1.1)
  })
})

describe('adaptive method giving up', () => {
  it('says the model may be stiff, when, and which stock reacts fastest to itself', () => {
    const x = stock('x', { initial: 1 })
    const y = stock('y', { initial: 1 })
    const m = model('stiff', {
      time: { start: 0, stop: 100, dt: 1 },
      elements: [
        x,
        y,
        param('k', 1e7),
        flow('relax', { to: x, rate: 'k * (COS(TIME) - x)' }),
        flow('drift', { to: y, rate: '0.1 * y' }),
      ],
    })
    expect(() => simulate(m, { method: 'adaptive' })).toThrow(
      /gave up near time 0\.0\d+ after 100000 steps: the model may be stiff or discontinuous there \("x" reacts to itself on a time scale of 1e-7\)/,
    )
  })
})
