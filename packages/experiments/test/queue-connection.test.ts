import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { startRedis, redisAvailable } from '../../../test/support/redis.js'
import type { RedisServer } from '../../../test/support/redis.js'
import { RedisConnection } from 'bullmq'
import { connectQueue, serveQueue } from '../src/queue.js'

/** TLS needs openssl for a self-signed certificate; without it only that test skips. */
const opensslAvailable = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0

describe.skipIf(!redisAvailable())('connecting to Redis', () => {
  let server: RedisServer
  let tlsServer: RedisServer | undefined
  let dir = ''
  beforeAll(async () => {
    server = await startRedis({ password: 's3cr@t' })
    // A self-signed certificate for a TLS port beside the plain one (Debian's redis-server has TLS).
    dir = mkdtempSync(join(tmpdir(), 'stockflow-tls-'))
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    if (opensslAvailable && made.status === 0) {
      const tlsPort = 20_000 + Math.floor(Math.random() * 20_000)
      tlsServer = await startRedis({
        args: [
          '--tls-port',
          String(tlsPort),
          '--tls-cert-file',
          join(dir, 'cert.pem'),
          '--tls-key-file',
          join(dir, 'key.pem'),
          '--tls-auth-clients',
          'no',
        ],
      })
      Object.assign(tlsServer, { tlsPort })
    }
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
    await tlsServer?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a refused port is one line naming the server', async () => {
    const e = await connectQueue({ redis: 'redis://:secret@127.0.0.1:1' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(StockflowError)
    expect((e as Error).message).toMatch(
      /^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1$/,
    )
    await expect(serveQueue({ redis: 'redis://127.0.0.1:1', threads: 1 })).rejects.toThrow(
      /^cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /,
    )
  })

  it('a wrong or missing password is one line, the password masked', async () => {
    const wrong = server.url.replace('s3cr%40t', 'nope')
    await expect(connectQueue({ redis: wrong })).rejects.toThrow(
      new RegExp(`^Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${server.port} refused the password \\(WRONGPASS`),
    )
    const none = `redis://127.0.0.1:${server.port}`
    await expect(connectQueue({ redis: none })).rejects.toThrow(
      new RegExp(
        `^Redis at redis://127\\.0\\.0\\.1:${server.port} needs a password: put it in the URL, redis://:PASSWORD@host:port$`,
      ),
    )
    await expect(connectQueue({ redis: 'http://127.0.0.1' })).rejects.toThrow(/^not a Redis URL: "http:\/\/127.0.0.1"/)
  })

  it('a password that breaks the URL, or one in its query, never shows in a message', async () => {
    for (const url of ['redis://:zq/xw@127.0.0.1:1', 'redis://:7/zq@127.0.0.1:1', 'redis://u:zq#xw@127.0.0.1:1']) {
      const e = (await connectQueue({ redis: url }).catch((x: unknown) => x)) as Error
      expect(e, url).toBeInstanceOf(StockflowError)
      expect(e.message, url).not.toMatch(/zq|xw|7\//)
      expect(e.message, url).toMatch(/must be URL-encoded \(e\.g\. \/ as %2F\)$/)
    }
    // ioredis takes a password from the query too: it works, and the message masks it.
    const wrong = `redis://127.0.0.1:${server.port}?password=nope`
    await expect(connectQueue({ redis: wrong })).rejects.toThrow(
      new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${server.port}\\?password=\\*\\*\\* refused the password`),
    )
    const queue = await connectQueue({ redis: `redis://127.0.0.1:${server.port}?password=s3cr%40t` })
    await queue.close()
  })

  it('a server BullMQ refuses after the probe: one line, and nothing left open', async () => {
    const min = RedisConnection.minimumVersion
    RedisConnection.minimumVersion = '99.0.0'
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length
    try {
      await expect(connectQueue({ redis: server.url })).rejects.toThrow(
        /^cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: Redis version needs to be greater or equal than 99\.0\.0/,
      )
      await expect(serveQueue({ redis: server.url, threads: 1 })).rejects.toThrow(/^cannot use Redis at /)
    } finally {
      RedisConnection.minimumVersion = min
    }
    // Sockets close a moment after disconnect().
    for (
      let i = 0;
      i < 50 && process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length > before;
      i++
    )
      await new Promise((r) => setTimeout(r, 20))
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length).toBe(before)
  })

  it('a URL-encoded password in the URL works', async () => {
    expect(server.url).toContain(':s3cr%40t@')
    const queue = await connectQueue({ redis: server.url })
    expect(queue.queue).toMatch(/^stockflow-\d+\.\d+\.\d+-node\d+$/)
    await queue.close()
  })

  it.skipIf(!opensslAvailable)('rediss:// with the server certificate as CA works; without it, one line', async () => {
    expect(tlsServer).toBeDefined()
    const port = (tlsServer as unknown as { tlsPort: number }).tlsPort
    const url = `rediss://127.0.0.1:${port}`
    const ca = readFileSync(join(dir, 'cert.pem'))
    const queue = await connectQueue({ redis: url, tls: { ca } })
    await queue.close()
    await expect(connectQueue({ redis: url })).rejects.toThrow(
      new RegExp(`^cannot reach Redis at rediss://127\\.0\\.0\\.1:${port}: .*self-signed certificate`),
    )
  })
})
