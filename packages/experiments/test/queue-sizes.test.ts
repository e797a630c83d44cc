/**
 * How the submitter sizes jobs: it times a model's runs once per executor (a calibration submits a plan
 * per step on one model), one run only when that run is slow, none for a one-run plan; and it still
 * checks every plan before anything is queued. `runBatch` is counted on this thread only: the worker
 * runs its batches in a thread of its own, with its own copy of the module.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { flow, model, param, stock } from '@stockflow/model'
import type { RedisServer } from '../../../test/support/redis.js'
import { redisAvailable, startRedis } from '../../../test/support/redis.js'
import { runBatch } from '../src/batch.js'
import type { ExperimentPlan } from '../src/index.js'
import { connectQueue, serveQueue } from '../src/queue.js'
import type { QueueEvent, QueueExecutor, QueueWorker } from '../src/queue.js'
import { growthModel } from './growth.js'

vi.mock('../src/batch.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/batch.js')>()
  return { ...actual, runBatch: vi.fn(actual.runBatch) }
})

const counted = vi.mocked(runBatch)

function plan(m: ExperimentPlan['model'], runs: number, vars = ['x']): ExperimentPlan {
  return { model: m, settings: {}, vars, names: ['r'], values: new Float64Array(runs).fill(0.1), runs }
}

/** Well over 50 ms a run: 2^19 rk4 steps per time unit, 8 units. */
function heavyModel() {
  const x = stock('x', { initial: 1 })
  const r = param('r', 0.1)
  return model('heavy', {
    time: { start: 0, stop: 8, dt: 2 ** -19, saveper: 1, method: 'rk4' },
    elements: [x, r, flow('growth', { to: x, rate: 'r * x' })],
  })
}

describe.skipIf(!redisAvailable())('job sizes on the queue', () => {
  let server: RedisServer
  let worker: QueueWorker
  let queue: QueueExecutor
  const events: QueueEvent[] = []
  beforeAll(async () => {
    server = await startRedis()
    worker = await serveQueue({ redis: server.url, threads: 1 })
    queue = await connectQueue({ redis: server.url, onEvent: (e) => events.push(e) })
  }, 60_000)
  afterAll(async () => {
    await queue?.close()
    await worker?.close()
    await server?.stop()
  }, 60_000)

  it('times a model once per executor: a second plan on it runs nothing here', async () => {
    const m = growthModel()
    counted.mockClear()
    await queue.execute(plan(m, 40))
    const first = counted.mock.calls.length
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThanOrEqual(2)
    await queue.execute(plan(m, 40))
    expect(counted.mock.calls.length).toBe(first)
  }, 60_000)

  it('one-run plans run nothing here; a slow run is timed alone', async () => {
    counted.mockClear()
    expect(await queue.execute(plan(growthModel(), 1))).toHaveLength(1)
    expect(counted).not.toHaveBeenCalled()
    await queue.execute(plan(heavyModel(), 2))
    expect(counted).toHaveBeenCalledTimes(1)
  }, 60_000)

  it('a misspelt name fails before anything is queued, without a run here', async () => {
    counted.mockClear()
    events.length = 0
    const m = growthModel()
    await expect(queue.execute(plan(m, 1, ['nope']))).rejects.toThrow(/^no variable "nope" in model "growth"/)
    await queue.execute(plan(m, 5))
    counted.mockClear()
    events.length = 0
    await expect(queue.execute(plan(m, 5, ['nope']))).rejects.toThrow(/^no variable "nope" in model "growth"/)
    expect(counted).not.toHaveBeenCalled()
    expect(events.some((e) => e.type === 'submitted')).toBe(false)
  }, 60_000)
})
