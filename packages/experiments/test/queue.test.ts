import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { Queue, QueueEvents } from 'bullmq'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { startRedis, redisAvailable } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import {
  monteCarlo,
  runPlan,
  saltelliDesign,
  saltelliRows,
  sensitivity,
  sweep,
  toValues,
  uniform,
} from '../src/index.js'
import type { Ensemble } from '../src/index.js'
import { connectQueue, queueName } from '../src/queue.js'
import { encodeJob } from '../src/queue-codec.js'
import { aliveKey, modelKey } from '../src/queue-keys.js'
import type { QueueEvent, QueueExecutor } from '../src/queue.js'
import { growthModel } from './growth.js'
import { bytes, noisyModel, slowModel, startWorker } from './queue-support.js'
import type { WorkerProcess } from './queue-support.js'

function expectSame(a: Ensemble, b: Ensemble): void {
  expect(bytes(a.values).equals(bytes(b.values))).toBe(true)
  expect(bytes(a.times).equals(bytes(b.times))).toBe(true)
  expect(a.failures).toEqual(b.failures)
}

/** Every key on the server whose name holds `part`. */
async function keysOf(client: Redis, part: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `*${part}*`, 'COUNT', 1000)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found
}

describe.skipIf(!redisAvailable())('queue executor with 2 worker processes', () => {
  let server: RedisServer
  let workers: WorkerProcess[] = []
  let client: Redis
  beforeAll(async () => {
    server = await startRedis()
    client = new Redis(server.url)
    workers = await Promise.all([startWorker(server.url), startWorker(server.url)])
  }, 120_000)
  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.stop()))
    client?.disconnect()
    await server?.stop()
  }, 60_000)

  async function withQueue<T>(
    run: (queue: QueueExecutor, events: QueueEvent[]) => Promise<T>,
    options: { runsPerJob?: number; signal?: AbortSignal } = {},
  ): Promise<T> {
    const events: QueueEvent[] = []
    const queue = await connectQueue({ redis: server.url, onEvent: (e) => events.push(e), ...options })
    try {
      return await run(queue, events)
    } finally {
      await queue.close()
    }
  }

  it('Monte Carlo with random functions and failing runs, Sobol and a sweep: bit-identical to this thread', async () => {
    await withQueue(
      async (queue) => {
        const mcOptions = {
          vary: { scale: uniform(1, 2), k: uniform(0, 1) },
          runs: 300,
          seed: 7,
          vars: ['level', 'draw'],
        }
        const here = await monteCarlo(noisyModel(), mcOptions)
        const seen: number[] = []
        const there = await monteCarlo(noisyModel(), { ...mcOptions, executor: queue, onProgress: (d) => seen.push(d) })
        expect(here.failures.length).toBeGreaterThan(0)
        expectSame(there, here)
        expect(seen.at(-1)).toBe(300)
        expect(seen).toEqual([...seen].sort((a, b) => a - b))

        const n = 32
        const design = saltelliDesign(n, 2, 5)
        const plan = {
          model: growthModel(),
          settings: {},
          vars: ['x'],
          names: ['r', 'x'],
          values: toValues(design, [uniform(0.05, 0.15), uniform(0.5, 2)]),
          runs: saltelliRows(n, 2),
        }
        expectSame(await runPlan(plan, { executor: queue }), await runPlan(plan))
        const vary = { r: uniform(0.05, 0.15), x: uniform(0.5, 2) }
        const sobol = { vary, output: 'x', runs: 64 }
        expect(await sensitivity(growthModel(), { ...sobol, executor: queue })).toEqual(
          await sensitivity(growthModel(), sobol),
        )

        const grid = { vary: { r: [0.05, 0.1, 0.15, 0.2], x: [1, 2, 3] }, vars: ['x', 'growth'] }
        expectSame(await sweep(growthModel(), { ...grid, executor: queue }), await sweep(growthModel(), grid))
      },
      { runsPerJob: 25 },
    )
    // Both workers took part.
    for (const w of workers) expect(w.lines.some((l) => l.type === 'completed')).toBe(true)
  }, 120_000)

  it('a server restart mid-run: the lost batches are resubmitted and the ensemble is identical', async () => {
    const options = { vary: { r: uniform(0.05, 0.15) }, runs: 4000, seed: 11, vars: ['x'] }
    const here = await monteCarlo(slowModel(), options)
    await withQueue(
      async (queue, events) => {
        let restarted: Promise<void> | undefined
        const there = await monteCarlo(slowModel(), {
          ...options,
          executor: queue,
          onProgress: (done) => {
            if (done >= 400 && !restarted) restarted = server.restart()
          },
        })
        await restarted
        expectSame(there, here)
        expect(events.some((e) => e.type === 'server-restarted')).toBe(true)
        expect(events.filter((e) => e.type === 'resubmitted').length).toBeGreaterThan(0)
      },
      { runsPerJob: 200 },
    )
  }, 120_000)

  it('a bad model JSON is a reported failure: execute rejects with one line, the job is not retried', async () => {
    // A model that writes out but does not read back (its name is not a string): only a worker sees that.
    const bad = { ...growthModel(), name: 42 } as unknown as Model
    await withQueue(
      async (queue) => {
        const run = monteCarlo(bad, { vary: { r: uniform(0.05, 0.15) }, runs: 20, executor: queue })
        await expect(run).rejects.toThrow(/^model [0-9a-f]{12}: .*name/)
        await expect(run).rejects.toThrow(StockflowError)
      },
      { runsPerJob: 10 },
    )

    // The same through BullMQ directly, to see the job itself: failed at its first try.
    const json = '{"name": "broken", "elements": ['
    const hash = createHash('sha256').update(json).digest('hex')
    await client.set(modelKey('xbad'), json, 'EX', 60)
    await client.set(aliveKey('xbad'), '1', 'EX', 60)
    const plan = {
      model: growthModel(),
      settings: {},
      vars: ['x'],
      names: ['r'],
      values: new Float64Array([0.1]),
      runs: 1,
    }
    const data = encodeJob(plan, { experiment: 'xbad', hash, first: 0, count: 1, ttl: 60 })
    const queue = new Queue(queueName(), { connection: { url: server.url } })
    const events = new QueueEvents(queueName(), { connection: { url: server.url } })
    try {
      await events.waitUntilReady()
      const job = await queue.add('batch', data, { jobId: 'xbad-0', attempts: 3 })
      await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/^model [0-9a-f]{12}: not valid JSON/)
      const failed = await queue.getJob('xbad-0')
      expect(failed!.attemptsMade).toBe(1)
      expect(await failed!.getState()).toBe('failed')
      await failed!.remove()
    } finally {
      await events.close()
      await queue.close()
      await client.del(modelKey('xbad'), aliveKey('xbad'))
    }
  }, 60_000)

  it('cancel: an abort mid-experiment rejects "cancelled" and leaves no key of the experiment', async () => {
    const abort = new AbortController()
    await withQueue(
      async (queue, events) => {
        const run = monteCarlo(slowModel(), {
          vary: { r: uniform(0.05, 0.15) },
          runs: 4000,
          vars: ['x'],
          executor: queue,
          onProgress: (done) => {
            if (done >= 200) abort.abort()
          },
        })
        await expect(run).rejects.toThrow(/^cancelled$/)
        const { experiment } = events.find((e) => e.type === 'submitted') as { experiment: string }
        expect(await keysOf(client, experiment)).toEqual([])
      },
      { runsPerJob: 100, signal: abort.signal },
    )

    // close() with work left cancels the same way.
    const queue = await connectQueue({ redis: server.url, runsPerJob: 100 })
    let closing: Promise<void> | undefined
    const run = monteCarlo(slowModel(), {
      vary: { r: uniform(0.05, 0.15) },
      runs: 4000,
      vars: ['x'],
      executor: queue,
      onProgress: (done) => {
        if (done >= 200) closing ??= queue.close()
      },
    })
    await expect(run).rejects.toThrow(/^cancelled$/)
    await closing
    // Ours, and BullMQ's job hashes of every experiment (ids start with x).
    expect(await keysOf(client, 'stockflow:')).toEqual([])
    expect(await keysOf(client, `bull:${queueName()}:x`)).toEqual([])
  }, 60_000)
})
