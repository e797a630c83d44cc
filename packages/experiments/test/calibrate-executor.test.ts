import { StockflowError, aux, dimension, eq, flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calibrate, calibrateWith } from '../src/calibrate.js'
import type { CalibrateOptions, Calibration } from '../src/calibrate.js'
import type { SeriesTable } from '../src/data.js'
import { inProcess } from '../src/executor.js'
import type { Executor } from '../src/executor.js'
import { workerPool } from '../src/node.js'
import type { Batch } from '../src/plan.js'
import { uniformStream } from '../src/rng.js'
import { redisAvailable, startRedis } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'

function logistic(): Model {
  const population = stock('Population', { initial: 10 })
  const rate = param('Growth Rate', 0.5)
  const capacity = param('Carrying Capacity', 500)
  const births = flow('Net Births', {
    to: population,
    rate: eq`${rate} * ${population} * (1 - ${population} / ${capacity})`,
  })
  return model('logistic', {
    time: { start: 0, stop: 20, dt: 0.125, saveper: 1, method: 'rk4' },
    elements: [population, rate, capacity, births],
  })
}

/** Logistic growth per region, each step's growth scaled by a random draw. */
function noisyRegions(regions: readonly string[]): Model {
  const Region = dimension('Region', regions)
  const x = stock('x', { dimensions: [Region], initial: 10 })
  const g = param('g', Object.fromEntries(regions.map((r, i) => [r, 0.1 * (i + 1)])), { dimensions: [Region] })
  const k = param('k', 100)
  const noise = aux('noise', { dimensions: [Region], equation: '1 + 0.2 * (RANDOM() - 0.5)' })
  const grow = flow('grow', { dimensions: [Region], to: x, rate: eq`${g} * ${x} * (1 - ${x} / ${k}) * ${noise}` })
  return model('noisy', {
    time: { start: 0, stop: 30, dt: 0.25 },
    dimensions: [Region],
    elements: [x, g, k, noise, grow],
  })
}

/** SQRT of a negative number is NaN: below a = 0.5 the run gives NaN. */
function root(): Model {
  const x = stock('x', { initial: 0 })
  const a = param('a', 1)
  const inflow = flow('inflow', { to: x, rate: eq`10 * SQRT(${a} - 0.5)` })
  return model('root', { time: { start: 0, stop: 10, dt: 0.5 }, elements: [x, a, inflow] })
}

/** Only the product a·b matters, and Unused nothing: standard errors are Infinity. */
function product(): Model {
  const x = stock('x', { initial: 1 })
  const a = param('a', 0.1)
  const b = param('b', 1)
  const unused = param('Unused', 3)
  const growth = flow('growth', { to: x, rate: eq`${a} * ${b} * ${x}` })
  return model('product', { time: { start: 0, stop: 10, dt: 0.25 }, elements: [x, a, b, unused, growth] })
}

/** The model's output at the given times plus seeded uniform noise of width `noise`. */
function observe(m: Model, set: Record<string, number>, names: string[], times: number[], noise: number, seed = 5) {
  const run = simulate(m, { set, saveper: m.time.dt, seed })
  const u = uniformStream(seed)
  const table: SeriesTable = {
    file: 'observed.csv',
    series: names.map((name) => ({
      name,
      times: Float64Array.from(times),
      values: Float64Array.from(times, (t) => run.at(name, t) + noise * (u() - 0.5)),
    })),
  }
  return table
}

/** A calibration with every number as the hex of its bits, so equal means bit for bit. */
function bits(c: Calibration): string {
  const view = new DataView(new ArrayBuffer(8))
  const hex = (x: number) => (view.setFloat64(0, x), view.getBigUint64(0).toString(16))
  return JSON.stringify(c, (_, v: unknown) =>
    typeof v === 'number' ? hex(v) : v instanceof Float64Array ? Array.from(v, hex) : v,
  )
}

const years = Array.from({ length: 21 }, (_, i) => i)
const six = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']

const cases: [string, () => { m: Model; options: CalibrateOptions }][] = [
  [
    'two parameters, one series',
    () => {
      const m = logistic()
      const data = observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }, ['Population'], years, 40)
      return {
        m,
        options: {
          fit: { 'Growth Rate': { min: 0.1, max: 2 }, 'Carrying Capacity': { min: 200, max: 5000, initial: 3000 } },
          data,
        },
      }
    },
  ],
  [
    'random functions and arrays (Growth[*]), seeded',
    () => {
      const m = noisyRegions(['north', 'south', 'east'])
      const truth = { 'g[north]': 0.15, 'g[south]': 0.25, 'g[east]': 0.4, k: 120 }
      const times = years.map((y) => y * 1.5)
      const data = observe(m, truth, ['x[north]', 'x[south]', 'x[east]'], times, 4, 9)
      return { m, options: { seed: 3, fit: { 'g[*]': { min: 0.01, max: 1 }, k: { min: 50, max: 300 } }, data } }
    },
  ],
  [
    'seven parameters from far off (the run cache fills and starts again)',
    () => {
      const m = noisyRegions(six)
      const truth = { 'g[r1]': 0.15, 'g[r2]': 0.25, 'g[r3]': 0.4, 'g[r4]': 0.05, 'g[r5]': 0.7, 'g[r6]': 0.3, k: 220 }
      const times = years.map((y) => y * 1.5)
      const data = observe(
        m,
        truth,
        six.map((r) => `x[${r}]`),
        times,
        6,
        9,
      )
      const fit = { 'g[*]': { min: 0.01, max: 2, initial: 1.9 }, k: { min: 50, max: 300, initial: 60 } }
      return { m, options: { seed: 2, fit, data } }
    },
  ],
  [
    'steps into NaN and back',
    () => {
      const m = root()
      const data = observe(m, { a: 0.6 }, ['x'], years.slice(1, 11), 0)
      return { m, options: { fit: { a: { min: 0, max: 40, initial: 20 } }, data } }
    },
  ],
  [
    'unidentifiable parameters (infinite standard errors)',
    () => {
      const m = product()
      const data = observe(m, { a: 0.2, b: 1 }, ['x'], years.slice(0, 11), 0.1)
      const fit = { a: { min: 0.01, max: 1 }, b: { min: 0.5, max: 2 }, Unused: { min: 0, max: 10 } }
      return { m, options: { fit, data } }
    },
  ],
  [
    'held at a bound, stopped by the iteration limit',
    () => {
      const m = logistic()
      const data = observe(m, { 'Growth Rate': 0.8 }, ['Population'], years, 0)
      return { m, options: { fit: { 'Growth Rate': { min: 0.1, max: 0.6 } }, data, maxIterations: 5 } }
    },
  ],
]

/** Runs through inProcess, keeping every batch it hands back. */
function spy(): Executor & { batches: Batch[] } {
  const inner = inProcess()
  const batches: Batch[] = []
  return {
    batches,
    async execute(plan, onProgress) {
      const out = await inner.execute(plan, onProgress)
      batches.push(...out)
      return out
    },
  }
}

describe('calibrateWith: the fit through an executor', () => {
  const pool = workerPool({ workers: 2 })
  afterAll(() => pool.close())

  it.each(cases)('%s: this thread, in-process and 2 worker threads agree bit for bit', async (_, make) => {
    const { m, options } = make()
    const here = bits(calibrate(m, options))
    expect(bits(await calibrateWith(m, options))).toBe(here)
    expect(bits(await calibrateWith(m, options, { executor: pool }))).toBe(here)
  })

  it('keeps NaN runs as values (the fit steps back from them), not as failed runs', async () => {
    const { m, options } = cases[3]![1]()
    const executor = spy()
    const c = await calibrateWith(m, options, { executor })
    expect(c.set.a).toBeCloseTo(0.6, 6)
    expect(executor.batches.some((b) => b.values.some((v) => Number.isNaN(v)))).toBe(true)
    expect(executor.batches.flatMap((b) => b.failures)).toEqual([])
    expect(executor.batches.reduce((n, b) => n + b.count, 0)).toBe(c.evaluations)
  })

  it('sends the Jacobian as one plan of two runs per parameter', async () => {
    const { m, options } = cases[0]![1]()
    const sizes: number[] = []
    const inner = inProcess()
    await calibrateWith(m, options, {
      executor: { execute: (plan, onProgress) => (sizes.push(plan.runs), inner.execute(plan, onProgress)) },
    })
    expect(sizes[0]).toBe(1)
    expect(sizes).toContain(4)
    expect(Math.max(...sizes)).toBe(4)
  })

  it('reports progress in runs, never past its total', async () => {
    const { m, options } = cases[1]![1]()
    const seen: [number, number][] = []
    const c = await calibrateWith(m, options, { executor: pool, onProgress: (done, total) => seen.push([done, total]) })
    const totals = new Set(seen.map(([, t]) => t))
    expect(totals.size).toBe(1)
    const [total] = totals
    expect(seen.every(([done], i) => done <= total! && (i === 0 || done >= seen[i - 1]![0]))).toBe(true)
    expect(seen.at(-1)![0]).toBe(c.evaluations)
  })

  it('fails as the fit in this thread would when a run fails with an error', async () => {
    const { m, options } = cases[0]![1]()
    const inner = inProcess()
    let plans = 0
    const failing: Executor = {
      async execute(plan, onProgress) {
        const batches = await inner.execute(plan, onProgress)
        if (++plans < 3) return batches
        const { first } = batches[0]!
        return [
          {
            ...batches[0]!,
            failures: [
              { run: first + 1, message: 'second' },
              { run: first, message: 'first' },
            ],
          },
        ]
      },
    }
    const fit = calibrateWith(m, options, { executor: failing })
    await expect(fit).rejects.toThrow(StockflowError)
    await expect(calibrateWith(m, options, { executor: failing })).rejects.toThrow('first')
  })

  it('refuses bad options before any run, as calibrate does', async () => {
    const { m, options } = cases[0]![1]()
    const executor = spy()
    await expect(calibrateWith(m, { ...options, fit: {} }, { executor })).rejects.toThrow(
      'calibrate: name at least one parameter to fit',
    )
    expect(executor.batches).toEqual([])
  })
})

describe.skipIf(!redisAvailable())('calibrateWith on the Redis queue', () => {
  let server: RedisServer | undefined
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('gives the sync fit bit for bit, random functions, arrays and NaN runs included', async () => {
    const { connectQueue, serveQueue } = await import('../src/queue.js')
    const worker = await serveQueue({ redis: server!.url, threads: 2 })
    try {
      const queue = await connectQueue({ redis: server!.url, runsPerJob: 1 })
      try {
        for (const [name, make] of [cases[1]!, cases[3]!]) {
          const { m, options } = make()
          const c = await calibrateWith(m, options, { executor: queue })
          expect(bits(c), name).toBe(bits(calibrate(m, options)))
        }
      } finally {
        await queue.close()
      }
    } finally {
      await worker.close()
    }
  }, 120_000)
})
