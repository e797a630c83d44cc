/**
 * The Redis server of a queue: the options BullMQ and our own client take, and a one-shot probe that
 * turns a wrong URL, port or password into one line (the URL's checks and mask are in redis-url.ts).
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { StockflowError } from '@stockflow/model'
import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import { checkUrl, maskUrl } from './redis-url.js'

export interface QueueConnection {
  /** redis:// or rediss:// URL: user and URL-encoded password, db number in the path. */
  readonly redis: string
  /** TLS options for rediss:// (e.g. a CA); NODE_EXTRA_CA_CERTS also works. */
  readonly tls?: TlsOptions
}

/** Connection options for BullMQ: options rather than a client, so BullMQ sets the retries it needs. */
export function bullConnection(c: QueueConnection): { url: string; tls?: TlsOptions } {
  return { url: c.redis, ...(c.tls ? { tls: c.tls } : {}) }
}

/**
 * Our own client for the keys beside BullMQ's: it waits out a reconnection (a server restart) rather
 * than failing the command, as BullMQ's clients do.
 */
export function redisClient(c: QueueConnection, extra: RedisOptions = {}): Redis {
  const client = new Redis(c.redis, { maxRetriesPerRequest: null, ...(c.tls ? { tls: c.tls } : {}), ...extra })
  // Connection errors repeat while the server is away; they are reported elsewhere, never thrown here.
  client.on('error', () => {})
  return client
}

/** Connect timeout of the probe: a server that does not answer in this time is reported unreachable. */
const PROBE_TIMEOUT_MS = 2000

/**
 * Connects once, without retries, and pings: a refused port, a wrong or missing password or a TLS
 * mismatch becomes one StockflowError line naming the server. The error text comes from the client's
 * first 'error' event, since the rejection itself only says the connection closed.
 */
export async function probeRedis(c: QueueConnection): Promise<void> {
  checkUrl(c.redis)
  const where = maskUrl(c.redis)
  let first: Error | undefined
  const client = redisClient(c, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: PROBE_TIMEOUT_MS,
    enableOfflineQueue: false,
  })
  client.on('error', (e: Error) => (first ??= e))
  try {
    await client.connect()
    await client.ping()
  } catch (e) {
    throw new StockflowError(probeMessage(where, first ?? (e instanceof Error ? e : new Error(String(e)))))
  } finally {
    client.disconnect()
  }
}

function probeMessage(where: string, e: Error): string {
  const text = e.message.split('\n')[0]!.trim()
  if (/^WRONGPASS/.test(text)) return `Redis at ${where} refused the password (${text})`
  // Redis's own NOAUTH text talks of HELLO, which the user never sent.
  if (/^NOAUTH/.test(text)) return `Redis at ${where} needs a password: put it in the URL, redis://:PASSWORD@host:port`
  return `cannot reach Redis at ${where}: ${text}`
}

/**
 * Waits for the clients BullMQ set up after the probe; should one fail (a Redis too old for BullMQ),
 * closes them all, so nothing keeps the process alive, and says so in one line.
 */
export async function readyOrClose(
  where: string,
  ready: readonly Promise<unknown>[],
  close: () => Promise<unknown>,
): Promise<void> {
  try {
    await Promise.all(ready)
  } catch (e) {
    await close().catch(() => {})
    const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim()
    throw new StockflowError(`cannot use Redis at ${where}: ${text}`)
  }
}
