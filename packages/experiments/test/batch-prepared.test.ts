import { StockflowError, aux, dimension, eq, flow, model, param, stock } from '@stockflow/model'
import type { MethodName, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { saveTimes } from '@stockflow/solver/internal'
import { describe, expect, it } from 'vitest'
import { runBatch } from '../src/batch.js'
import { baseSet } from '../src/base-set.js'
import type { Batch, ExperimentPlan, RunFailure } from '../src/plan.js'
import { mix } from '../src/rng.js'

// runBatch runs through a prepared run; these compare it, bit for bit, with what it did before: one
// `simulate` per run with the run's values added to the base `set`, its scenario and its seed.

/** Regions growing with noise; `Divisor` 0 makes `Ratio` infinite, so that run fails. */
function regions(random: boolean, size = 3): Model {
  const names = Array.from({ length: size }, (_, i) => ['north', 'south', 'east'][i] ?? `r${i}`)
  const Region = dimension('Region', names)
  const growth = param('Growth', 0.05, { dimensions: [Region] })
  const noise = param('Noise', 0.1)
  const divisor = param('Divisor', 1)
  const extra = param('Extra', 1)
  const population = stock('Population', { dimensions: [Region], initial: 100 })
  const shock = aux('Shock', { equation: random ? eq`${noise} * RANDOM_NORMAL(-3, 3, 0, 1)` : eq`${noise} * 0` })
  const births = flow('Births', {
    dimensions: [Region],
    to: population,
    rate: eq`${growth} * ${population} * (1 + ${shock}) * ${extra}`,
  })
  const ratio = aux('Ratio', { equation: eq`${extra} / ${divisor}` })
  return model('regions', {
    time: { start: 0, stop: 10, dt: 0.25, saveper: 1, method: 'rk4' },
    dimensions: [Region],
    elements: [growth, noise, divisor, extra, shock, population, births, ratio],
    scenarios: [
      { id: 'high', set: { 'Growth[north]': 0.2, Extra: 1.5, 'Population[north]': 150 } },
      { id: 'low', set: { Growth: 0.01, 'Population[*]': 80 } },
    ],
  })
}

/** What runBatch gave before prepared runs: one simulate per run (the reference to match bit for bit). */
function reference(compiled: CompiledModel, plan: ExperimentPlan, first: number, count: number, offset = 0): Batch {
  const { names, vars, settings } = plan
  const k = names.length
  const seed = settings.seed ?? 1
  const times = saveTimes(compiled.model, settings)
  const rows = times.length
  const values = new Float64Array(count * vars.length * rows).fill(NaN)
  const failures: RunFailure[] = []
  const set: Record<string, number> = baseSet(compiled, settings.set, names)
  for (let r = 0; r < count; r++) {
    const run = first + r
    for (let j = 0; j < k; j++) set[names[j]!] = plan.values[(run - offset) * k + j]!
    const scenario = plan.scenarios?.[run - offset] ?? settings.scenario
    try {
      const result = simulate(compiled, {
        ...settings,
        ...(scenario !== undefined ? { scenario } : {}),
        seed: plan.sharedSeed ? seed : mix(seed, run),
        set,
        vars,
      })
      for (let v = 0; v < vars.length; v++) values.set(result.series[v]!.values, (r * vars.length + v) * rows)
    } catch (e) {
      if (!(e instanceof StockflowError)) throw e
      failures.push({ run, message: e.message })
    }
  }
  return { first, count, times, values, failures }
}

const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

function expectSame(compiled: CompiledModel, plan: ExperimentPlan, first = 0, count = plan.runs, offset = 0) {
  const got = runBatch(compiled, plan, first, count, offset)
  const want = reference(compiled, plan, first, count, offset)
  expect(bits(got.times)).toEqual(bits(want.times))
  expect(got.values.length).toBe(want.values.length)
  expect(bits(got.values)).toEqual(bits(want.values))
  expect(got.failures).toEqual(want.failures)
  return got
}

const NAMES = ['Growth[*]', 'Noise', 'Population[east]', 'Divisor']
const VARS = ['Population[east]', 'Births[north]', 'Ratio', 'Population[north]', 'Population[east]']

/** `runs` rows of values: run 3 has Divisor 0 (a NaN-free failure), run 5 a NaN value. */
function plan(m: Model, runs: number, extra: Partial<ExperimentPlan> & { method?: MethodName } = {}): ExperimentPlan {
  const values = new Float64Array(runs * NAMES.length)
  for (let r = 0; r < runs; r++) values.set([0.01 * (r + 1), 0.05 * r, 90 + r, r === 3 ? 0 : 1 + r], r * NAMES.length)
  values[5 * NAMES.length + 1] = NaN
  const { method, ...rest } = extra
  return {
    model: m,
    settings: { method: method ?? 'rk4', seed: 7, set: { Population: 50, Extra: 2 } },
    vars: VARS,
    names: NAMES,
    values,
    runs,
    ...rest,
  }
}

describe('runBatch through a prepared run', () => {
  const noisy = compile(regions(true))
  const smooth = compile(regions(false))
  const scenarios = ['high', undefined, 'LOW', 'high', 'low', undefined, 'High', undefined]

  it('gives the bits of one simulate per run: random draws, arrays, base set, a scenario per run, failures', () => {
    const batch = expectSame(noisy, plan(noisy.model, 8, { scenarios }))
    expect(batch.failures.map((f) => f.run)).toEqual([3, 5])
    expect(batch.failures[0]!.message).toMatch(/"Ratio" became Infinity/)
    expect(batch.failures[1]!.message).toMatch(/cannot set "Noise" to NaN: not a number/)
    // The runs did differ: the scenario, values and seed reached them.
    const width = VARS.length * batch.times.length
    expect(batch.values[width]).not.toBe(batch.values[2 * width])
  })

  it('gives the same bits with one shared seed, the plan scenario, Euler and the adaptive method', () => {
    expectSame(noisy, plan(noisy.model, 8, { sharedSeed: true }))
    expectSame(noisy, plan(noisy.model, 6, { settings: { seed: 3, scenario: 'low', method: 'euler' } }))
    expectSame(smooth, plan(smooth.model, 8, { method: 'adaptive', scenarios }))
    // The adaptive method refuses random functions: every run fails with simulate's message.
    const refused = expectSame(noisy, plan(noisy.model, 3, { method: 'adaptive' }))
    expect(refused.failures).toHaveLength(3)
  })

  it('runs a worker task (rows from an offset) and a slice in the middle as simulate would', () => {
    const whole = plan(noisy.model, 8, { scenarios })
    const task: ExperimentPlan = {
      ...whole,
      values: whole.values.slice(4 * NAMES.length),
      scenarios: scenarios.slice(4),
    }
    expectSame(noisy, task, 4, 4, 4)
    expectSame(noisy, whole, 2, 5)
  })

  it('is reused across the slices of one plan, each batch with times of its own', () => {
    const p = plan(noisy.model, 8, { scenarios })
    const a = runBatch(noisy, p, 0, 4)
    const b = runBatch(noisy, p, 4, 4)
    expect(a.times).not.toBe(b.times)
    expect(a.times.buffer).not.toBe(b.times.buffer)
    const all = runBatch(noisy, p, 0, 8)
    expect(bits(all.values)).toEqual([...bits(a.values), ...bits(b.values)])
  })

  it('matches simulate on a model stored by row (hundreds of elements), outputs in any order', () => {
    const big = compile(regions(true, 300))
    expect(big.recording.byRow).toBe(true)
    expectSame(big, {
      ...plan(big.model, 4),
      vars: ['Population[r250]', 'Births[north]', 'Ratio', 'Population[north]', 'Population[r250]'],
    })
  })

  it("fails every run with simulate's message when the settings fail each run (an unknown method)", () => {
    const batch = expectSame(noisy, plan(noisy.model, 3, { method: 'leapfrog' as MethodName }))
    expect(batch.failures.map((f) => f.message)).toEqual(Array(3).fill(batch.failures[0]!.message))
    expect(batch.failures[0]!.message).toMatch(/unknown method "leapfrog"/)
  })

  it('still refuses a mistake in the plan before any run', () => {
    expect(() => runBatch(noisy, { ...plan(noisy.model, 2), names: ['Births[north]'] }, 0, 2)).toThrow(
      /cannot set "Births\[north\]"/,
    )
    expect(() => runBatch(noisy, { ...plan(noisy.model, 2), scenarios: ['nope', undefined] }, 0, 2)).toThrow(
      /has no scenario "nope"/,
    )
  })
})
