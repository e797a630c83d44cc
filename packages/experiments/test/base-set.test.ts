import { afterAll, describe, expect, it } from 'vitest'
import { compile, simulate } from '@stockflow/solver'
import { calibrate, monteCarlo, sweep, uniform } from '../src/index.js'
import { workerPool } from '../src/node.js'
import { growthModel } from './growth.js'
import { regionalSir } from './regional-sir.js'

// `set` in the run settings: base values of every run, a varied name winning for the elements it varies.

describe('base values of every run', () => {
  const two = workerPool({ workers: 2 })
  afterAll(async () => {
    await two.close()
  })

  it('a sweep run is the model run with the base values, then the run’s own', async () => {
    const grid = await sweep(growthModel(), { vary: { r: [0.1, 0.2] }, set: { x: 3 }, vars: ['x'] })
    const alone = simulate(compile(growthModel()), { set: { x: 3, r: 0.2 }, vars: ['x'] })
    expect(grid.summary('x', 'final')[1]).toBe(alone.at('x', 10))
    expect(grid.summary('x', 0)[0]).toBe(3)
  })

  it('the varied name wins element by element, whatever the breadth of either name', async () => {
    const model = regionalSir()
    const vars = ['Infected[north]', 'Infected[south]']
    const grid = await sweep(model, {
      vary: { 'Contact Rate[north]': [0.1] },
      set: { 'Contact Rate': 0.5, 'Contact Rate[south]': 0.2 },
      vars,
    })
    const alone = simulate(compile(model), {
      set: { 'Contact Rate[north]': 0.1, 'Contact Rate[south]': 0.2, 'Contact Rate[east]': 0.5 },
      vars,
    })
    for (const v of vars) expect(grid.summary(v, 'final')[0]).toBe(alone.at(v, alone.meta.stop))
  })

  it('worker threads give the same numbers, each run a function of seed and run index', async () => {
    const options = { vary: { r: uniform(0.05, 0.15) }, set: { x: 2 }, runs: 40, seed: 7, vars: ['x'] }
    const here = await monteCarlo(growthModel(), options)
    const there = await monteCarlo(growthModel(), { ...options, executor: two })
    expect(Array.from(there.values)).toEqual(Array.from(here.values))
    expect(here.summary('x', 0).every((v) => v === 2)).toBe(true)
  })

  it('a base name the model lacks is an error before any run', async () => {
    await expect(sweep(growthModel(), { vary: { r: [0.1] }, set: { nope: 1 } })).rejects.toThrow(/nope/)
  })

  it('calibrate fits on top of the base values, and its set reruns the fit', () => {
    const truth = simulate(compile(growthModel()), { set: { x: 2, r: 0.15 }, vars: ['x'], saveper: 1 })
    const data = { series: [{ name: 'x', times: truth.times, values: truth.get('x') }] }
    const fit = calibrate(growthModel(), { fit: { r: { min: 0.01, max: 0.5 } }, set: { x: 2 }, data })
    expect(fit.parameters[0]!.value).toBeCloseTo(0.15, 6)
    expect(fit.set).toEqual({ x: 2, r: fit.parameters[0]!.value })
  })
})
