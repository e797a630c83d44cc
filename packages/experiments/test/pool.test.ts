import { afterAll, describe, expect, it } from 'vitest'
import { monteCarlo, normal, scenarios, sweep, uniform } from '../src/index.js'
import { workerPool } from '../src/node.js'
import { growthModel } from './growth.js'

describe('worker pool', () => {
  const one = workerPool({ workers: 1 })
  const two = workerPool({ workers: 2 })
  afterAll(async () => {
    await one.close()
    await two.close()
  })

  it('1 and 2 worker threads give the same numbers as this thread, bit for bit', async () => {
    const options = { vary: { r: normal(0.1, 0.03), x: uniform(0.5, 2) }, runs: 300, seed: 42, vars: ['x', 'growth'] }
    const here = await monteCarlo(growthModel(), options)
    const a = await monteCarlo(growthModel(), { ...options, executor: one })
    const b = await monteCarlo(growthModel(), { ...options, executor: two })
    expect(Array.from(a.values)).toEqual(Array.from(here.values))
    expect(Array.from(b.values)).toEqual(Array.from(here.values))
    expect(b.times).toEqual(here.times)
  })

  it('reports progress up to every run', async () => {
    const seen: number[] = []
    await sweep(growthModel(), {
      vary: { r: [0.05, 0.1, 0.15], x: [1, 2] },
      executor: two,
      onProgress: (done, total) => {
        expect(total).toBe(6)
        seen.push(done)
      },
    })
    expect(Math.max(...seen)).toBe(6)
  })

  it('a grid sweep runs every combination, the last name fastest', async () => {
    const grid = await sweep(growthModel(), { vary: { r: [0.1, 0.2], x: [1, 2, 3] }, executor: two, vars: ['x'] })
    expect(grid.runs).toBe(6)
    expect(Array.from(grid.input('x'))).toEqual([1, 2, 3, 1, 2, 3])
    expect(Array.from(grid.input('r'))).toEqual([0.1, 0.1, 0.1, 0.2, 0.2, 0.2])
    expect(grid.summary('x', 0)[4]).toBe(2)
    expect(grid.summary('x', 'final')[5]! / 3).toBeCloseTo(Math.exp(2), 5)
  })

  it('a model error inside a worker reaches the caller as a StockflowError', async () => {
    await expect(monteCarlo(growthModel(), { vary: { nope: uniform(0, 1) }, runs: 4, executor: two })).rejects.toThrow(
      /nope/,
    )
    await expect(scenarios(growthModel(), { executor: two })).rejects.toThrow(/no scenarios/)
  })
})
