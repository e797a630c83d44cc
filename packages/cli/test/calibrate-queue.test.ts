import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisAvailable, startRedis } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import { cli, root } from './support.js'

const rsir = join(root, 'seeds/regional-sir')

describe.skipIf(!redisAvailable())('stockflow calibrate --redis', () => {
  let server: RedisServer | undefined
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('fits on the queue what it fits in this thread, to the last digit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stockflow-cal-queue-')), 'observed.csv')
    const vars = 'Infected[north],Infected[south],Infected[east]'
    const run = await cli('run', rsir, '--set', 'Contact Rate[south]=0.4', '--vars', vars, '--saveper', '2')
    writeFileSync(file, run.stdout)
    const args = ['calibrate', rsir, '--data', file, '--vary', 'Contact Rate[*]=uniform(0.1,0.6)', '--format', 'json']
    const here = await cli(...args)
    expect(here.code).toBe(0)
    const { serveQueue } = await import('@stockflow/experiments/queue')
    const worker = await serveQueue({ redis: server!.url, threads: 2 })
    try {
      const queued = await cli(...args, '--redis', server!.url, '--runs-per-job', '1')
      expect(queued.stderr).toBe('')
      expect(queued).toEqual(here)
    } finally {
      await worker.close()
    }
  }, 120_000)

  it('refuses --workers with --redis, as the other experiment commands do', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'stockflow-cal-queue-')), 'observed.csv')
    writeFileSync(data, 'time,Infected[north]\n0,5\n10,40\n20,90\n')
    const fit = ['--vary', 'Travel Share=uniform(0,1)', '--workers', '2', '--redis', server!.url]
    const bad = await cli('calibrate', rsir, '--data', data, ...fit)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^stockflow: --workers and --redis exclude each other/)
  })
})
