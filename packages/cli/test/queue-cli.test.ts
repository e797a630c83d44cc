import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisAvailable, redisKeys, startRedis } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import { startWorker, stockflowChild } from '../../../test/support/stockflow-child.js'
import type { StockflowChild } from '../../../test/support/stockflow-child.js'
import { cli, SIR_SWEEP_AT } from './support.js'

/**
 * `--redis` on the experiment commands and `stockflow worker`, on a real redis-server with real worker
 * processes started as `pnpm stockflow worker` starts them. Each test that needs a queue of its own
 * uses a database of its own on the one server (the URL's /db).
 */

/** The keys of database `db` but BullMQ's per-queue bookkeeping (meta, events, ...): an experiment's. */
async function experimentKeys(server: RedisServer, db: number): Promise<string[]> {
  const keys = await redisKeys(server.port, db)
  return keys.filter((k) => !/^bull:[^:]+:(meta|events|id|stalled-check|marker)$/.test(k)).sort()
}

const MONTE_CARLO = [
  'montecarlo',
  'seeds/SIR',
  '--vary',
  'contact infectivity=uniform(0.2,0.4)',
  '--vary',
  'duration=normal(5,0.5)',
  '--runs',
  '60',
  '--seed',
  '7',
] as const

const SENSITIVITY = [
  'sensitivity',
  'seeds/SIR',
  '--vary',
  'contact infectivity=uniform(0.2,0.4)',
  '--vary',
  'duration=uniform(3,7)',
  '--output',
  'Recovered',
  '--at',
  '40',
  '--runs',
  '16',
  '--format',
  'csv',
] as const

const available = redisAvailable()

describe.skipIf(!available)('experiments on a Redis queue', () => {
  let server: RedisServer | undefined
  const workers: StockflowChild[] = []

  beforeAll(async () => {
    server = await startRedis()
    // Two worker processes serve database 0, which the identity tests use.
    workers.push(await startWorker(server.url), await startWorker(server.url, '--verbose'))
  }, 180_000)

  afterAll(async () => {
    for (const w of workers) await w.kill()
    await server?.stop()
  })

  it.each([
    ['montecarlo', [...MONTE_CARLO, '--runs-per-job', '7']],
    ['montecarlo --per-run', [...MONTE_CARLO, '--per-run', '--at', 'max', '--runs-per-job', '9']],
    ['sweep', ['sweep', 'seeds/SIR', ...SIR_SWEEP_AT, '--runs-per-job', '1']],
    ['sensitivity', [...SENSITIVITY, '--runs-per-job', '10']],
  ])('%s writes exactly what it writes without --redis', async (_, args) => {
    const here = await cli(...args.filter((a, i) => a !== '--runs-per-job' && args[i - 1] !== '--runs-per-job'))
    expect(here.stderr).toBe('')
    const queued = await cli(...args, '--redis', server!.url)
    expect(queued.stderr).toBe('')
    expect(queued.code).toBe(0)
    expect(queued.stdout).toBe(here.stdout)
  })

  it('takes the server from $STOCKFLOW_REDIS; an explicit --workers runs here instead', async () => {
    const here = await cli(...MONTE_CARLO)
    const saved = process.env.STOCKFLOW_REDIS
    try {
      process.env.STOCKFLOW_REDIS = server!.url
      expect(await cli(...MONTE_CARLO, '--runs-per-job', '20')).toEqual(here)
      process.env.STOCKFLOW_REDIS = 'redis://127.0.0.1:1'
      expect(await cli(...MONTE_CARLO, '--workers', '1')).toEqual(here)
    } finally {
      if (saved === undefined) delete process.env.STOCKFLOW_REDIS
      else process.env.STOCKFLOW_REDIS = saved
    }
  })

  it('writes --out only on success, the same file as without --redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-queue-'))
    const here = await cli(...MONTE_CARLO, '--out', join(dir, 'here.csv'))
    const queued = await cli(...MONTE_CARLO, '--redis', server!.url, '--out', join(dir, 'queued.csv'))
    expect([here.code, queued.code]).toEqual([0, 0])
    expect(readFileSync(join(dir, 'queued.csv'), 'utf8')).toBe(readFileSync(join(dir, 'here.csv'), 'utf8'))
  })

  it('SIGTERM to a worker mid-job finishes the job, then the worker exits 0', async () => {
    // A worker of its own on database 1, and one job (every run in it), so the job is in its hands.
    const url = `${server!.url}/1`
    const worker = await startWorker(url, '--verbose')
    try {
      const runs = [...MONTE_CARLO.slice(0, -4), '--runs', '1500', '--seed', '7']
      const submitted = cli(...runs, '--runs-per-job', '1500', '--redis', url)
      await worker.waitFor(/started/)
      worker.child.kill('SIGTERM')
      expect(await worker.exited).toBe(0)
      const log = worker.stderr()
      expect(log.indexOf('stopping')).toBeGreaterThan(log.indexOf('started'))
      expect(log.indexOf('completed')).toBeGreaterThan(log.indexOf('stopping'))
      const queued = await submitted
      expect(queued.code).toBe(0)
      expect(queued.stdout).toBe((await cli(...runs, '--workers', '1')).stdout)
    } finally {
      await worker.kill()
    }
  }, 180_000)

  it('Ctrl+C cancels the experiment: exit 130, one line, nothing written, its jobs and keys removed', async () => {
    // Database 2 has no worker: the jobs wait on the queue until the submitter is interrupted.
    const url = `${server!.url}/2`
    const out = join(mkdtempSync(join(tmpdir(), 'stockflow-queue-')), 'f.csv')
    const submitter = stockflowChild(...MONTE_CARLO, '--runs-per-job', '5', '--redis', url, '--out', out)
    try {
      while ((await experimentKeys(server!, 2)).length === 0) {
        if (submitter.child.exitCode !== null) throw new Error(`the submitter exited: ${submitter.stderr()}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      submitter.child.kill('SIGINT')
      expect(await submitter.exited).toBe(130)
      expect(submitter.stderr()).toMatch(/^stockflow: cancelled montecarlo: [^\n]*\n$/)
      expect(existsSync(out)).toBe(false)
      expect(await experimentKeys(server!, 2)).toEqual([])
    } finally {
      await submitter.kill()
    }
  }, 180_000)

  it('a wrong URL is one line naming the server, exit 1', async () => {
    for (const args of [
      [...MONTE_CARLO, '--redis', 'redis://127.0.0.1:1'],
      ['worker', '--redis', 'redis://127.0.0.1:1'],
    ]) {
      const r = await cli(...args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr).toMatch(/^stockflow: [^\n]*redis:\/\/127\.0\.0\.1:1[^\n]*\n$/)
    }
  })

  it('a wrong password is one line naming the server (the password masked), exit 1', async () => {
    const guarded = await startRedis({ password: 's3cr@t' })
    try {
      const url = `redis://:wrong-one@127.0.0.1:${guarded.port}`
      for (const args of [
        [...MONTE_CARLO, '--redis', url],
        ['worker', '--redis', url],
      ]) {
        const r = await cli(...args)
        expect(r.code, args.join(' ')).toBe(1)
        expect(r.stderr).toMatch(new RegExp(`^stockflow: [^\\n]*127\\.0\\.0\\.1:${guarded.port}[^\\n]*\\n$`))
        expect(r.stderr).not.toContain('wrong-one')
      }
    } finally {
      await guarded.stop()
    }
  })
})

describe('--redis flags', () => {
  it('--redis with --workers is one line', async () => {
    const r = await cli(...MONTE_CARLO, '--redis', 'redis://127.0.0.1:1', '--workers', '2')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^stockflow: --workers and --redis exclude each other[^\n]*\n$/)
  })

  it('--runs-per-job needs --redis and a whole number', async () => {
    const alone = await cli(...MONTE_CARLO, '--runs-per-job', '5', '--workers', '1')
    expect(alone.stderr).toMatch(/^stockflow: --runs-per-job applies only with --redis[^\n]*\n$/)
    const bad = await cli(...MONTE_CARLO, '--runs-per-job', '0', '--redis', 'redis://127.0.0.1:1')
    expect(bad.stderr).toBe('stockflow: --runs-per-job must be at least 1, got 0\n')
  })

  it('worker needs a server and a whole number of threads', async () => {
    const saved = process.env.STOCKFLOW_REDIS
    delete process.env.STOCKFLOW_REDIS
    try {
      const none = await cli('worker')
      expect([none.code, none.stderr]).toEqual([
        1,
        expect.stringMatching(/^stockflow: worker needs --redis URL[^\n]*\n$/),
      ])
    } finally {
      if (saved !== undefined) process.env.STOCKFLOW_REDIS = saved
    }
    const bad = await cli('worker', '--redis', 'redis://127.0.0.1:1', '--threads', 'two')
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^stockflow: --threads [^\n]*\n$/)])
  })
})
