/**
 * The submitter's faults, on a real server without worker processes (a test plays the worker where it
 * needs one): cancels racing the start and the poll, an abort followed at once by close, a server that
 * is down, jobs that stall for good, multi-line failures, and a queue no worker serves.
 */
import { createHook } from 'node:async_hooks'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnrecoverableError, Worker } from 'bullmq'
import type { RedisServer } from '../../../test/support/redis.js'
import { redisAvailable, startRedis } from '../../../test/support/redis.js'
import type { ExperimentPlan } from '../src/index.js'
import { connectQueue, queueName } from '../src/queue.js'
import type { QueueEvent, QueueExecutor } from '../src/queue.js'
import { growthModel } from './growth.js'

/** Every key on the server that names the experiment: ours and BullMQ's job hashes. */
async function keysOf(client: Redis, pattern: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found
}

/**
 * Timers the queue's own code set that are still alive (BullMQ's event reader sets passing timers of its
 * own, so a plain count of the process's Timeouts would not say whose they are).
 */
function ourTimers(): { alive(): string[]; stop(): void } {
  const live = new Map<number, string>()
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return
      const where = new Error().stack!.split('\n').find((l) => /src[\\/]queue-experiment/.test(l))
      if (where) live.set(id, where.trim())
    },
    destroy: (id) => void live.delete(id),
  }).enable()
  return { alive: () => [...live.values()], stop: () => void hook.disable() }
}

function plan(runs: number): ExperimentPlan {
  return {
    model: growthModel(),
    settings: {},
    vars: ['x'],
    names: ['r'],
    values: new Float64Array(runs).map((_, i) => 0.05 + i / (10 * runs)),
    runs,
  }
}

describe.skipIf(!redisAvailable())('queue faults (no worker processes)', () => {
  let server: RedisServer
  let client: Redis
  beforeAll(async () => {
    server = await startRedis()
    client = new Redis(server.url, { maxRetriesPerRequest: null })
    client.on('error', () => {})
  }, 60_000)
  afterAll(async () => {
    client?.disconnect()
    await server?.stop()
  }, 60_000)

  async function withQueue<T>(
    run: (queue: QueueExecutor, events: QueueEvent[], abort: AbortController) => Promise<T>,
    options: { runsPerJob?: number; onEvent?: (e: QueueEvent, abort: AbortController) => void } = {},
  ): Promise<T> {
    const events: QueueEvent[] = []
    const abort = new AbortController()
    const queue = await connectQueue({
      redis: server.url,
      runsPerJob: options.runsPerJob ?? 10,
      signal: abort.signal,
      onEvent: (e) => (events.push(e), options.onEvent?.(e, abort)),
    })
    try {
      return await run(queue, events, abort)
    } finally {
      await queue.close()
    }
  }

  const experimentOf = (events: QueueEvent[]) =>
    (events.find((e) => e.type === 'submitted' || e.type === 'cancelled') as { experiment: string }).experiment

  it('an abort during start (on "submitted", or at the next turn): no timer left, no key of the experiment', async () => {
    for (const when of ['submitted', 'immediate'] as const) {
      await withQueue(
        async (queue, events, abort) => {
          const timers = ourTimers()
          const run = queue.execute(plan(200))
          if (when === 'immediate') setImmediate(() => abort.abort())
          await expect(run, when).rejects.toThrow(/^cancelled$/)
          // A poll or heartbeat would have run by now, and put keys back.
          await new Promise((r) => setTimeout(r, 1500))
          timers.stop()
          expect(timers.alive(), when).toEqual([])
          const cancelled = events.find((e) => e.type === 'cancelled')
          expect(cancelled, when).toMatchObject({ removed: true })
          expect(await keysOf(client, `*${experimentOf(events)}*`), when).toEqual([])
        },
        { onEvent: (e, abort) => (when === 'submitted' && e.type === 'submitted' ? abort.abort() : undefined) },
      )
    }
  }, 60_000)

  it('an abort while the poll restores keys after a server restart: none come back', async () => {
    let restarted: Promise<void> | undefined
    await withQueue(
      async (queue, events) => {
        await expect(queue.execute(plan(100))).rejects.toThrow(/^cancelled$/)
        await restarted
        await new Promise((r) => setTimeout(r, 1500))
        expect(events.some((e) => e.type === 'server-restarted')).toBe(true)
        expect(await keysOf(client, `*${experimentOf(events)}*`)).toEqual([])
      },
      {
        onEvent: (e, abort) => {
          if (e.type === 'submitted') restarted = server.restart()
          // The poll goes on to check the model and heartbeat keys, which the restart lost.
          if (e.type === 'server-restarted') abort.abort()
        },
      },
    )
  }, 60_000)

  it('abort then close at once: one cancel, awaited by close; it settles and removes every job', async () => {
    const abort = new AbortController()
    const events: QueueEvent[] = []
    const queue = await connectQueue({
      redis: server.url,
      runsPerJob: 1,
      signal: abort.signal,
      onEvent: (e) => events.push(e),
    })
    const run = queue.execute(plan(300))
    const settled = run.catch((e: unknown) => e)
    while (!events.some((e) => e.type === 'submitted')) await new Promise((r) => setTimeout(r, 5))
    // Let the jobs be queued.
    await new Promise((r) => setTimeout(r, 300))
    abort.abort()
    await queue.close()
    expect(((await settled) as Error).message).toBe('cancelled')
    expect(events.filter((e) => e.type === 'cancelled')).toEqual([
      { type: 'cancelled', experiment: experimentOf(events), removed: true },
    ])
    expect(await keysOf(client, `*${experimentOf(events)}*`)).toEqual([])
    expect(await client.llen(`bull:${queueName()}:wait`)).toBe(0)
  }, 60_000)

  it('a job that keeps failing for stalling is resubmitted twice, then the experiment fails in one line', async () => {
    // A worker whose every job "stalls more than allowable": what BullMQ reports when batches kill their workers.
    const fake = new Worker(
      queueName(),
      async () => {
        throw new UnrecoverableError('job stalled more than allowable limit')
      },
      { connection: { url: server.url } },
    )
    try {
      await withQueue(
        async (queue, events) => {
          await expect(queue.execute(plan(10))).rejects.toThrow(
            /^runs 0-9 stalled on every worker that took them \(3 rounds\): the workers died running them \(out of memory\?\)$/,
          )
          expect(events.filter((e) => e.type === 'resubmitted').map((e) => (e as { reason: string }).reason)).toEqual([
            'stalled',
            'stalled',
          ])
          expect(await keysOf(client, `*${experimentOf(events)}*`)).toEqual([])
        },
        { runsPerJob: 10 },
      )
    } finally {
      await fake.close()
    }
  }, 60_000)

  it("a worker's multi-line failure reaches execute whole", async () => {
    const reason = 'model "z" has 1 error:\n  z.json:3:7: "rate": unknown variable "b"'
    const fake = new Worker(
      queueName(),
      async () => {
        throw new UnrecoverableError(reason)
      },
      { connection: { url: server.url } },
    )
    try {
      await withQueue(async (queue) => {
        await expect(queue.execute(plan(10))).rejects.toThrow(reason)
      })
    } finally {
      await fake.close()
    }
  }, 60_000)

  it('no worker takes a job: an "idle" event after about 10 s', async () => {
    await withQueue(async (queue, events, abort) => {
      const run = queue.execute(plan(20)).catch((e: unknown) => e)
      const started = Date.now()
      while (!events.some((e) => e.type === 'idle') && Date.now() - started < 20_000)
        await new Promise((r) => setTimeout(r, 200))
      const idle = events.find((e) => e.type === 'idle')
      expect(idle).toMatchObject({ type: 'idle', experiment: experimentOf(events) })
      expect((idle as { seconds: number }).seconds).toBeGreaterThanOrEqual(10)
      expect(events.filter((e) => e.type === 'idle')).toHaveLength(1)
      abort.abort()
      expect(((await run) as Error).message).toBe('cancelled')
    })
  }, 60_000)

  // Last: it stops the server, then starts it again for afterAll.
  it('a cancel while the server is down gives up after about 10 s and says the jobs were left', async () => {
    await withQueue(async (queue, events, abort) => {
      const run = queue.execute(plan(50)).catch((e: unknown) => e)
      while (!events.some((e) => e.type === 'submitted')) await new Promise((r) => setTimeout(r, 20))
      await new Promise((r) => setTimeout(r, 300))
      await server.stop()
      abort.abort()
      const e = (await run) as Error
      expect(e.message).toMatch(/^cancelled, but the server did not answer within 10 s: .*workers take and skip them$/)
      expect(events.find((x) => x.type === 'cancelled')).toMatchObject({ removed: false })
    })
    await server.restart()
  }, 60_000)
})
