import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, flow, model, param, stock } from '@stockflow/model'
import { monteCarlo, normal, uniform } from '@stockflow/experiments'
import { startRedis, redisAvailable } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'

describe.skipIf(!redisAvailable())('README: the queue', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('runs the queue example: the same ensemble as in this thread', async () => {
    const url = server.url
    const population = stock('Population', { initial: 10 })
    const rate = param('Growth Rate', 0.1)
    const capacity = param('Carrying Capacity', 1000)
    const growth = flow('Net Growth', {
      to: population,
      rate: eq`${rate} * ${population} * (1 - ${population} / ${capacity})`,
    })
    const logistic = model('logistic', {
      time: { start: 0, stop: 100, dt: 0.25, saveper: 5 },
      elements: [population, rate, capacity, growth],
    })
    const vary = { 'Growth Rate': normal(0.1, 0.02), 'Carrying Capacity': uniform(800, 1200) }
    // README start
    const { connectQueue, serveQueue } = await import('@stockflow/experiments/queue')
    // On each machine that runs batches (the command line's `stockflow worker --redis URL` does this):
    const worker = await serveQueue({ redis: url, threads: 2 })
    // Where the experiment starts: an Executor like workerPool's.
    const queue = await connectQueue({ redis: url })
    const spread = await monteCarlo(logistic, { vary, runs: 2000, seed: 1, executor: queue })
    await queue.close()
    await worker.close()
    // README end
    const here = await monteCarlo(logistic, { vary, runs: 2000, seed: 1 })
    expect(Buffer.from(spread.values.buffer).equals(Buffer.from(here.values.buffer))).toBe(true)
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
    const source = readFileSync(__filename, 'utf8')
    const lines = source.slice(source.indexOf('// README start'), source.indexOf('// README end')).split('\n').slice(2)
    for (const line of lines) expect(readme).toContain(line.trim())
  }, 120_000)
})
