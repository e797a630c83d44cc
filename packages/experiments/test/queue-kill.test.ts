import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, redisAvailable } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import { monteCarlo, uniform } from '../src/index.js'
import { connectQueue } from '../src/queue.js'
import { bytes, slowModel, startWorker } from './queue-support.js'
import type { WorkerLine, WorkerProcess } from './queue-support.js'

describe.skipIf(!redisAvailable())('a worker killed mid-job (SIGKILL)', () => {
  let server: RedisServer
  let workers: WorkerProcess[] = []
  beforeAll(async () => {
    server = await startRedis()
    workers = await Promise.all([startWorker(server.url), startWorker(server.url)])
  }, 120_000)
  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.stop('SIGKILL')))
    await server?.stop()
  }, 60_000)

  it('has its job re-run by the other worker, and the ensemble is identical', async () => {
    const options = { vary: { r: uniform(0.05, 0.15) }, runs: 3000, seed: 5, vars: ['x'] }
    const here = await monteCarlo(slowModel(), options)
    const queue = await connectQueue({ redis: server.url, runsPerJob: 500 })
    try {
      const running = monteCarlo(slowModel(), { ...options, executor: queue })
      // The first job either worker starts: kill that worker at once, while it holds the job.
      const started = await Promise.race(workers.map((w) => w.waitFor((l) => l.type === 'started')))
      const victim = workers.find((w) => w.child.pid === started.pid)!
      const other = workers.find((w) => w !== victim)!
      await victim.stop('SIGKILL')
      const killedAt = performance.now()
      const there = await running
      expect(victim.lines.some((l) => l.type === 'completed' && l.job === started.job)).toBe(false)
      const rerun: WorkerLine = await other.waitFor((l) => l.type === 'started' && l.job === started.job)
      await other.waitFor((l) => l.type === 'completed' && l.job === started.job)
      expect(rerun.at).toBeGreaterThan(killedAt)
      console.log(
        `kill test: job ${started.job} started again on the other worker ${((rerun.at - killedAt) / 1000).toFixed(2)} s after the SIGKILL`,
      )
      expect(bytes(there.values).equals(bytes(here.values))).toBe(true)
      expect(there.failures).toEqual(here.failures)
    } finally {
      await queue.close()
    }
  }, 120_000)
})
