/**
 * The worker's side of faults, with serveQueue in this process: a malformed job fails at once in one
 * line (never a TypeError tried three times), and a worker says when the server answers again.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Queue, QueueEvents } from 'bullmq'
import type { RedisServer } from '../../../test/support/redis.js'
import { redisAvailable, startRedis } from '../../../test/support/redis.js'
import { encodeJob } from '../src/queue-codec.js'
import { aliveKey, modelKey } from '../src/queue-keys.js'
import { queueName, serveQueue } from '../src/queue.js'
import type { WorkerEvent } from '../src/queue.js'
import { growthModel } from './growth.js'

describe.skipIf(!redisAvailable())('queue worker faults', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
  }, 60_000)

  it('a malformed job (settings null, a scenario a number) fails at its first try, in one line', async () => {
    const events: WorkerEvent[] = []
    const worker = await serveQueue({ redis: server.url, threads: 1, onEvent: (e) => events.push(e) })
    const queue = new Queue(queueName(), { connection: { url: server.url } })
    const queueEvents = new QueueEvents(queueName(), { connection: { url: server.url } })
    const client = new Redis(server.url)
    try {
      await queueEvents.waitUntilReady()
      await client.set(aliveKey('xmal'), '1', 'EX', 60)
      const plan = {
        model: growthModel(),
        settings: {},
        vars: ['x'],
        names: ['r'],
        values: new Float64Array([0.1]),
        runs: 1,
        scenarios: ['a'],
      }
      const good = encodeJob(plan, { experiment: 'xmal', hash: 'ab'.repeat(32), first: 0, count: 1, ttl: 60 })
      const cases = [
        {
          id: 'xmal-0',
          data: { ...good, settings: 'null' },
          reason: /^bad job data from the queue: "settings": not an object$/,
        },
        { id: 'xmal-0', data: { ...good, scenarios: [7] }, reason: /^bad job data from the queue: "scenarios" is not/ },
        {
          id: 'xmal-5',
          data: good,
          reason: /^bad job data from the queue: job xmal-5 is not run 0 of experiment xmal$/,
        },
      ]
      for (const { id, data, reason } of cases) {
        const job = await queue.add('batch', data, { jobId: id, attempts: 3 })
        await expect(job.waitUntilFinished(queueEvents, 30_000)).rejects.toThrow(reason)
        const failed = (await queue.getJob(id))!
        expect(failed.attemptsMade).toBe(1)
        await failed.remove()
      }
    } finally {
      await queueEvents.close()
      await client.del(aliveKey('xmal'), modelKey('xmal'))
      client.disconnect()
      await queue.close()
      await worker.close()
    }
  }, 60_000)

  it('after connection errors, one "reconnected" once the server is back', async () => {
    const events: WorkerEvent[] = []
    const worker = await serveQueue({ redis: server.url, threads: 1, onEvent: (e) => events.push(e) })
    try {
      await server.stop()
      const down = Date.now()
      while (!events.some((e) => e.type === 'connection-error') && Date.now() - down < 20_000)
        await new Promise((r) => setTimeout(r, 100))
      await server.restart()
      const started = Date.now()
      while (!events.some((e) => e.type === 'reconnected') && Date.now() - started < 20_000)
        await new Promise((r) => setTimeout(r, 100))
      const errors = events.findIndex((e) => e.type === 'connection-error')
      expect(errors).toBeGreaterThanOrEqual(0)
      expect(events.findIndex((e) => e.type === 'reconnected')).toBeGreaterThan(errors)
      expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(1)
    } finally {
      await worker.close()
    }
  }, 60_000)
})
