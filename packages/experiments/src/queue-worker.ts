/**
 * The queue worker: one BullMQ Worker on this thread takes jobs and renews their locks, while a pool
 * of worker threads runs the batches (a batch on this thread would block lock renewal and get its job
 * re-run elsewhere). Models arrive as JSON by hash, never as code, and stay compiled across jobs.
 */
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { isStockflowError } from '@stockflow/model'
import { UnrecoverableError, Worker } from 'bullmq'
import type { Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Batch, ExperimentPlan } from './plan.js'
import { decodeJob, encodeResult } from './queue-codec.js'
import type { JobData } from './queue-codec.js'
import type { WorkerEvent } from './queue-events.js'
import { aliveKey, cancelKey, modelKey, resultKey } from './queue-keys.js'
import { queueName } from './queue-name.js'
import { bullConnection, probeRedis, readyOrClose, redisClient } from './redis-connection.js'
import type { QueueConnection } from './redis-connection.js'
import { maskUrl } from './redis-url.js'
import { threadPool } from './thread-pool.js'
import type { ThreadPool } from './thread-pool.js'

export interface QueueWorkerOptions extends QueueConnection {
  /** Worker threads (default one per core); batches run there, never on the thread that renews job locks. */
  readonly threads?: number
  /** A job started / completed / failed / skipped (cancelled experiment); connection errors. */
  readonly onEvent?: (event: WorkerEvent) => void
}

export interface QueueWorker {
  readonly queue: string
  readonly threads: number
  /** Finishes the jobs in hand, then stops the threads and disconnects. */
  close(): Promise<void>
}

/**
 * Lock and stall settings: a killed worker's job goes back to the queue within about 3 s (BullMQ's
 * defaults take a minute), and a job may stall twice (a killed worker, a restart) before it fails; the
 * submitter then queues it again at most twice, so a batch that kills its workers ends after 9 deaths.
 */
const WORKER_SETTINGS = { lockDuration: 3000, stalledInterval: 1000, maxStalledCount: 2 } as const
/** Slices of a job run one after another, with a progress report and a cancel check between them. */
const SLICES = 4
/** A job expected to take less than this runs its first slice, then the rest in one. */
const QUICK_JOB_MS = 200
/** Model JSON texts kept by hash, so a model is fetched once for many jobs. */
const KEPT_MODELS = 4

/** Stores a result only while the experiment's heartbeat lives: a cancelled experiment gets no new keys. */
const STORE_IF_ALIVE = `if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[1])
  return 1
end
return 0`

export async function serveQueue(options: QueueWorkerOptions): Promise<QueueWorker> {
  await probeRedis(options)
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()))
  const name = queueName()
  const onEvent = options.onEvent ?? (() => {})
  const client = redisClient(options)
  const pool = threadPool(threads)
  const models = new Map<string, string>()
  const worker = new Worker(name, (job: Job) => processJob(job, { client, pool, models, onEvent }), {
    connection: bullConnection(options),
    concurrency: threads,
    ...WORKER_SETTINGS,
  })
  // One 'reconnected' after the errors of an outage, once our client (which reconnects as BullMQ's do) is ready again.
  let down = false
  const connectionError = (e: Error) => {
    down = true
    onEvent({ type: 'connection-error', message: e.message })
  }
  const ready = () => {
    if (down) onEvent({ type: 'reconnected' })
    down = false
  }
  worker.on('error', connectionError)
  client.on('error', connectionError)
  client.on('ready', ready)
  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      try {
        await worker.close()
      } finally {
        // A worker that never got ready may fail to close: the threads and our client go all the same.
        try {
          await pool.close()
        } finally {
          client.disconnect()
        }
      }
    })())
  await readyOrClose(maskUrl(options.redis), [worker.waitUntilReady()], close)
  return { queue: name, threads, close }
}

interface WorkerState {
  readonly client: Redis
  readonly pool: ThreadPool
  readonly models: Map<string, string>
  readonly onEvent: (event: WorkerEvent) => void
}

async function processJob(job: Job, state: WorkerState): Promise<{ count: number; skipped?: true }> {
  const id = job.id ?? ''
  try {
    let decoded: ReturnType<typeof decodeJob>
    try {
      decoded = decodeJob(job.data, id)
    } catch (e) {
      throw unrecoverable(e)
    }
    const { data, plan } = decoded
    const event = { job: id, experiment: data.experiment, first: data.first, count: data.count }
    const skip = () => (state.onEvent({ type: 'skipped', ...event }), { count: 0, skipped: true as const })
    if (!(await live(state.client, data.experiment))) return skip()
    state.onEvent({ type: 'started', ...event })
    const json = await modelJson(state, data)
    const parts: Batch[] = []
    let size = Math.ceil(data.count / SLICES)
    const began = performance.now()
    for (let start = 0, n = 0; start < data.count; start += n) {
      if (start > 0 && !(await live(state.client, data.experiment))) return skip()
      n = Math.min(size, data.count - start)
      const part = await state.pool.run({
        key: data.hash,
        json,
        first: data.first + start,
        count: n,
        plan: rows(plan, start, n),
      })
      if ('error' in part) throw new UnrecoverableError(part.error)
      parts.push(part)
      await job.updateProgress({ done: start + n })
      // A short job is not worth a round trip per slice: once its first slice shows it quick, the rest at once.
      if (start === 0 && (performance.now() - began) * SLICES < QUICK_JOB_MS) size = data.count
    }
    const result = encodeResult(merge(data, parts))
    const stored = await state.client.eval(
      STORE_IF_ALIVE,
      2,
      aliveKey(data.experiment),
      resultKey(id),
      data.ttl,
      result,
    )
    if (!stored) return skip()
    state.onEvent({ type: 'completed', ...event })
    return { count: data.count }
  } catch (e) {
    const error = isStockflowError(e) ? unrecoverable(e) : e
    state.onEvent({ type: 'failed', job: id, message: error instanceof Error ? error.message : String(error) })
    throw error
  }
}

/** An experiment is live while its submitter's heartbeat lasts and nobody cancelled it. */
async function live(client: Redis, experiment: string): Promise<boolean> {
  const [alive, cancelled] = await client.mget(aliveKey(experiment), cancelKey(experiment))
  return alive !== null && cancelled === null
}

/** The model's JSON by hash: from memory, else from the experiment's key, checked against the hash. */
async function modelJson(state: WorkerState, data: JobData): Promise<string> {
  let json = state.models.get(data.hash)
  if (json === undefined) {
    const text = await state.client.get(modelKey(data.experiment))
    if (text === null)
      throw new UnrecoverableError(`the model of experiment ${data.experiment} is not on the server (expired?)`)
    if (createHash('sha256').update(text).digest('hex') !== data.hash)
      throw new UnrecoverableError(
        `the model of experiment ${data.experiment} does not match its hash ${data.hash.slice(0, 12)}: it changed on the server`,
      )
    json = text
  }
  state.models.delete(data.hash)
  state.models.set(data.hash, json)
  if (state.models.size > KEPT_MODELS) state.models.delete(state.models.keys().next().value!)
  return json
}

/** Rows [start, start + n) of a job's plan, copied (a view would send the whole buffer to the thread). */
function rows(plan: Omit<ExperimentPlan, 'model'>, start: number, n: number): Omit<ExperimentPlan, 'model'> {
  const k = plan.names.length
  return {
    ...plan,
    values: plan.values.slice(start * k, (start + n) * k),
    runs: n,
    ...(plan.scenarios ? { scenarios: plan.scenarios.slice(start, start + n) } : {}),
  }
}

function merge(data: JobData, parts: readonly Batch[]): Batch {
  const values = new Float64Array(parts.reduce((s, p) => s + p.values.length, 0))
  let at = 0
  for (const p of parts) values.set(p.values, (at += p.values.length) - p.values.length)
  return {
    first: data.first,
    count: data.count,
    times: parts[0]?.times ?? new Float64Array(0),
    values,
    failures: parts.flatMap((p) => p.failures),
  }
}

function unrecoverable(e: unknown): UnrecoverableError {
  return e instanceof UnrecoverableError ? e : new UnrecoverableError(e instanceof Error ? e.message : String(e))
}
