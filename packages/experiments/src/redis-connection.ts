/**
 * The Redis server of a queue: its URL checked and shown with the password masked, the options BullMQ
 * and our own client take, and a one-shot probe that turns a wrong URL, port or password into one line.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { StockflowError } from '@stockflow/model'
import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'

export interface QueueConnection {
  /** redis:// or rediss:// URL: user and URL-encoded password, db number in the path. */
  readonly redis: string
  /** TLS options for rediss:// (e.g. a CA); NODE_EXTRA_CA_CERTS also works. */
  readonly tls?: TlsOptions
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.href.replace(/\/$/, '')
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@')
  }
}

/** Checks the URL's form: one line naming it (masked) when it is not a Redis URL. */
export function checkUrl(url: string): void {
  let u: URL | undefined
  try {
    u = new URL(url)
  } catch {
    u = undefined
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname)
    throw new StockflowError(
      `not a Redis URL: "${maskUrl(url)}": write redis://[user:password@]host[:port][/db] (rediss:// for TLS)`,
    )
  if (u.pathname.length > 1 && !/^\/\d+$/.test(u.pathname))
    throw new StockflowError(`Redis URL "${maskUrl(url)}": the path is a database number, e.g. /0`)
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
  if (/^NOAUTH/.test(text))
    return `Redis at ${where} needs a password (${text}): put it in the URL, redis://:PASSWORD@host:port`
  return `cannot reach Redis at ${where}: ${text}`
}
