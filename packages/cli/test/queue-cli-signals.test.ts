import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisAvailable, redisKeys, startRedis } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import { startWorker, stockflowChild } from '../../../test/support/stockflow-child.js'
import { cli, root } from './support.js'

/**
 * Stopping queue commands as a user does: `pnpm stockflow ...` (the whole script chain: pnpm, its shell,
 * node) signalled as a terminal's Ctrl+C signals it, the whole process group at once, and a worker's
 * pnpm stopped by a process manager. Each test has a database of its own on one server, and no worker
 * serves the submitters' databases, so their jobs wait until the signal.
 */

const MONTE_CARLO = [
  'montecarlo',
  'seeds/SIR',
  '--vary',
  'contact infectivity=uniform(0.2,0.4)',
  '--runs',
  '60',
  '--runs-per-job',
  '5',
] as const

/** `pnpm stockflow ...` in a process group of its own, its stderr collected until every writer has closed it. */
interface PnpmRun {
  readonly child: ChildProcess
  stderr(): string
  waitFor(pattern: RegExp): Promise<void>
  /** How pnpm ended and the whole stderr, once the last process holding it is gone. */
  readonly done: Promise<{ code: number | null; signal: string | null; stderr: string }>
  /** SIGKILL to the whole group (for `finally`), waiting until it is gone. */
  kill(): Promise<void>
}

function pnpmStockflow(...args: string[]): PnpmRun {
  const child = spawn('pnpm', ['stockflow', ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, STOCKFLOW_REDIS: '' },
  })
  let err = ''
  const watchers = new Set<() => void>()
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    for (const w of watchers) w()
  })
  const exit = new Promise<[number | null, string | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  )
  const closed = new Promise<void>((resolve) => child.stderr!.once('close', () => resolve()))
  let finished = false
  const done = Promise.all([exit, closed]).then(([[code, signal]]) => {
    finished = true
    for (const w of watchers) w()
    return { code, signal, stderr: err }
  })
  return {
    child,
    stderr: () => err,
    done,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(err)) resolve()
          else if (finished)
            reject(new Error(`pnpm stockflow ${args.join(' ')} ended before printing ${pattern}:\n${err}`))
          else return
          watchers.delete(check)
        }
        watchers.add(check)
        check()
      }),
    async kill() {
      if (finished) return
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // the group is gone already
      }
      await done
    },
  }
}

/** The keys of database `db` but BullMQ's per-queue bookkeeping (meta, events, ...): an experiment's. */
async function experimentKeys(server: RedisServer, db: number): Promise<string[]> {
  const keys = await redisKeys(server.port, db)
  return keys.filter((k) => !/^bull:[^:]+:(meta|events|id|stalled-check|marker)$/.test(k)).sort()
}

/** Resolves once the experiment's jobs are on database `db`. */
async function queued(server: RedisServer, db: number, run: { child: ChildProcess; stderr(): string }) {
  while ((await experimentKeys(server, db)).length === 0) {
    if (run.child.exitCode !== null) throw new Error(`the submitter exited: ${run.stderr()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe.skipIf(!redisAvailable())('stopping `pnpm stockflow` on the queue', () => {
  let server: RedisServer | undefined

  beforeAll(async () => {
    server = await startRedis()
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
  })

  it('Ctrl+C (SIGINT to the process group) cancels a submitter: its line, exit 130, no keys left', async () => {
    const run = pnpmStockflow(...MONTE_CARLO, '--redis', `${server!.url}/1`)
    try {
      await queued(server!, 1, run)
      process.kill(-run.child.pid!, 'SIGINT')
      const { signal, stderr } = await run.done
      expect(stderr).toMatch(/^stockflow: cancelled montecarlo: [^\n]*removed from the queue[^\n]*$/m)
      // pnpm waits for the command, then ends by the SIGINT it got too: the shell shows ^C, status 130.
      expect(signal).toBe('SIGINT')
      expect(await experimentKeys(server!, 1)).toEqual([])
    } finally {
      await run.kill()
    }
  }, 180_000)

  it('Ctrl+C stops an idle worker: "stopped"', async () => {
    const run = pnpmStockflow('worker', '--redis', `${server!.url}/2`, '--threads', '1')
    try {
      await run.waitFor(/serving queue/)
      process.kill(-run.child.pid!, 'SIGINT')
      const { signal, stderr } = await run.done
      expect(stderr).toMatch(/^stockflow worker: stopped$/m)
      expect(signal).toBe('SIGINT')
    } finally {
      await run.kill()
    }
  }, 180_000)

  it("SIGTERM to a worker's pnpm alone stops the worker too: no orphan left taking jobs", async () => {
    const run = pnpmStockflow('worker', '--redis', `${server!.url}/3`, '--threads', '1')
    try {
      await run.waitFor(/serving queue/)
      run.child.kill('SIGTERM')
      // pnpm ends at once; the worker notices its parent is gone, stops as on SIGTERM and closes stderr.
      const { stderr } = await run.done
      expect(stderr).toMatch(/^stockflow worker: stopped$/m)
      // What is left of the group (tsx's esbuild service) goes as the worker exits.
      for (let i = 0; i < 100 && groupPids(run.child.pid!).length > 0; i++) await new Promise((r) => setTimeout(r, 100))
      expect(groupPids(run.child.pid!)).toEqual([])
    } finally {
      await run.kill()
    }
  }, 180_000)

  it('a worker signalled twice at once (a Ctrl+C relayed by a wrapper) stops cleanly, exit 0', async () => {
    const worker = await startWorker(`${server!.url}/5`)
    try {
      worker.child.kill('SIGINT')
      worker.child.kill('SIGINT')
      expect(await worker.exited).toBe(0)
      expect(worker.stderr()).toMatch(/^stockflow worker: stopped$/m)
    } finally {
      await worker.kill()
    }
  }, 180_000)

  it('a submitter signalled twice at once cancels cleanly, exit 130, no keys left', async () => {
    const submitter = stockflowChild(...MONTE_CARLO, '--redis', `${server!.url}/6`)
    try {
      await queued(server!, 6, submitter)
      submitter.child.kill('SIGINT')
      submitter.child.kill('SIGINT')
      expect(await submitter.exited).toBe(130)
      expect(submitter.stderr()).toMatch(/^stockflow: cancelled montecarlo: [^\n]*removed from the queue[^\n]*\n$/)
      expect(await experimentKeys(server!, 6)).toEqual([])
    } finally {
      await submitter.kill()
    }
  }, 180_000)

  it('a wrong URL is reported before the model loads', async () => {
    // The model does not exist: the server's line comes first, so the probe ran before any loading.
    const r = await cli(
      ...MONTE_CARLO.map((a) => (a === 'seeds/SIR' ? 'no-such-model.json' : a)),
      '--redis',
      'redis://127.0.0.1:1',
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^stockflow: [^\n]*redis:\/\/127\.0\.0\.1:1[^\n]*\n$/)
  })

  it('a submitter no worker serves says so on stderr (not a TTY), then Ctrl+C cancels it', async () => {
    const url = `${server!.url}/4`
    const submitter = stockflowChild(...MONTE_CARLO, '--redis', url)
    try {
      await submitter.waitFor(/no worker has taken a job/)
      expect(submitter.stderr()).toMatch(
        new RegExp(
          `^stockflow: montecarlo: no worker has taken a job from queue stockflow-[^ ]+ at ${url.replace(/[/.]/g, '\\$&')} for \\d+ s: start \`stockflow worker --redis URL\` \\(the same URL, database included\\)$`,
          'm',
        ),
      )
      submitter.child.kill('SIGINT')
      expect(await submitter.exited).toBe(130)
      expect(await experimentKeys(server!, 4)).toEqual([])
    } finally {
      await submitter.kill()
    }
  }, 180_000)
})

/** The process ids in process group `pgid`. */
function groupPids(pgid: number): number[] {
  const r = spawnSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' })
  return r.stdout.split('\n').filter(Boolean).map(Number)
}
