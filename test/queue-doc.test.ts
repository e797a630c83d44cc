import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queueName } from '@stockflow/experiments/queue'
import { cli } from '../packages/cli/test/support.js'
import { codeBlocks } from './support/readme.js'
import { redisAvailable, redisKeys, startRedis } from './support/redis.js'
import type { RedisServer } from './support/redis.js'
import { startWorker } from './support/stockflow-child.js'
import type { StockflowChild } from './support/stockflow-child.js'

/**
 * docs/queue.md as a reader follows it, on one machine: a redis-server with the guide's password, the
 * worker command it shows, its montecarlo command (fewer runs) with the same output as without the
 * server, and its two error lines. The guide's host becomes this server's 127.0.0.1 and port.
 */
const GUIDE = join(__dirname, '../docs/queue.md')
const guide = readFileSync(GUIDE, 'utf8')
const PASSWORD = 'A-LONG-SECRET'
const HOST = 'queue-host:6379'

/** The guide's `sh` command starting with `stockflow <command>` (continuation lines joined), as arguments. */
function guideCommand(command: string): string[] {
  const line = codeBlocks(guide)
    .filter((b) => b.lang === 'sh')
    .map((b) => b.code.replace(/\\\n\s*/g, ''))
    .flatMap((code) => code.split('\n'))
    .find((l) => l.startsWith(`stockflow ${command} `))
  if (!line) throw new Error(`docs/queue.md shows no \`stockflow ${command}\` command`)
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1)
}

/** The guide's example lines of output that start with `start`, the host made `host`. */
function guideLine(start: string, host: string): string {
  const line = guide.split('\n').find((l) => l.startsWith(start))
  if (!line) throw new Error(`docs/queue.md shows no line starting "${start}"`)
  return line.replaceAll(HOST, host)
}

describe.skipIf(!redisAvailable())('docs/queue.md', () => {
  let server: RedisServer | undefined
  let worker: StockflowChild | undefined
  const dir = mkdtempSync(join(tmpdir(), 'stockflow-queue-doc-'))
  const at = (url: string) => url.replaceAll(HOST, `127.0.0.1:${server!.port}`)

  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD })
    const args = guideCommand('worker')
    expect(args).toContain(`redis://:${PASSWORD}@${HOST}`)
    worker = await startWorker(at(args[args.indexOf('--redis') + 1]!), ...args.filter((a) => a !== 'worker').slice(2))
  }, 180_000)

  afterAll(async () => {
    await worker?.kill()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the worker prints the line the guide shows, the password masked', () => {
    expect(worker!.stderr()).toContain(`serving queue ${queueName()} at redis://:***@127.0.0.1:${server!.port} with`)
    expect(guide).toContain(`serving queue ${queueName()} at`)
  })

  it('the montecarlo command writes what it writes without the server, and leaves no key behind', async () => {
    const args = guideCommand('montecarlo').map((a) => (a === '100000' ? '40' : a.includes(HOST) ? at(a) : a))
    expect(args).toContain('--redis')
    const out = args.indexOf('--out') + 1
    const queued = [...args]
    queued[out] = join(dir, 'queued.csv')
    const here = args.filter((a, i) => a !== '--redis' && args[i - 1] !== '--redis')
    here[here.indexOf('--out') + 1] = join(dir, 'here.csv')
    const a = await cli(...queued)
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    expect((await cli(...here)).code).toBe(0)
    expect(readFileSync(join(dir, 'queued.csv'), 'utf8')).toBe(readFileSync(join(dir, 'here.csv'), 'utf8'))
    expect((await redisKeys(server!.port, 0, PASSWORD)).filter((k) => k.startsWith('stockflow:'))).toEqual([])
  })

  it('a wrong password and a refused port are the lines the guide shows', async () => {
    const args = guideCommand('montecarlo').map((a) => (a === '100000' ? '4' : a))
    const withUrl = (url: string) =>
      args.map((a) => (a.includes(HOST) ? url : a)).filter((a, i, all) => all[i - 1] !== '--out' && a !== '--out')
    const wrong = await cli(...withUrl(`redis://:nope@127.0.0.1:${server!.port}`))
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toBe(guideLine('stockflow: Redis at', `127.0.0.1:${server!.port}`) + '\n')
    const refused = await cli(...withUrl(`redis://:${PASSWORD}@127.0.0.1:1`))
    expect(refused.code).toBe(1)
    const shown = guideLine('stockflow: cannot reach Redis at', '127.0.0.1:1')
    expect(refused.stderr).toBe(shown.replace(/ECONNREFUSED \S+$/, 'ECONNREFUSED 127.0.0.1:1') + '\n')
  })
})
