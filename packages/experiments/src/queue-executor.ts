/**
 * The queue executor: runs an experiment's batches as BullMQ jobs on Redis, for workers on any
 * machine (`serveQueue`). Batches come back as binary rows keyed by their first run, so `runPlan`
 * assembles the same ensemble, bit for bit, as in this thread.
 */
import { performance } from 'node:perf_hooks'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { Queue, QueueEvents } from 'bullmq'
import { checkPlan, runBatch } from './batch.js'
import type { Executor } from './executor.js'
import type { ExperimentPlan } from './plan.js'
import type { QueueEvent } from './queue-events.js'
import { QueueExperiment } from './queue-experiment.js'
import { queueName } from './queue-name.js'
import { before, TIMED_OUT } from './queue-jobs.js'
import { bullConnection, probeRedis, readyOrClose, redisClient } from './redis-connection.js'
import type { QueueConnection } from './redis-connection.js'
import { maskUrl } from './redis-url.js'

export interface QueueExecutorOptions extends QueueConnection {
  /** Runs per job; default chosen so a job takes at least ~100 ms and each worker gets several jobs. */
  readonly runsPerJob?: number
  /** Seconds an experiment's keys outlive a submitter that vanished (heartbeat and results expire). */
  readonly ttl?: number
  /** Aborting cancels the experiment: its remaining jobs are removed, its keys deleted, execute rejects. */
  readonly signal?: AbortSignal
  /** Resubmissions, reconnections, a server restart seen: for logs and tests. */
  readonly onEvent?: (event: QueueEvent) => void
}

/** An Executor (execute(plan, onProgress) -> Batch[]) on a queue; close() cancels what is left and disconnects. */
export interface QueueExecutor extends Executor {
  readonly queue: string
  close(): Promise<void>
}

const DEFAULT_TTL_SECONDS = 600
/** The shortest TTL taken: the heartbeat is refreshed every 10 s and the model must outlive it. */
const HEARTBEAT_FLOOR = 60

/** How long close() waits for BullMQ's clients to quit before it drops their connections. */
const CLOSE_WAIT_MS = 3000

/** Probes the server first: a wrong URL, port or password is one StockflowError line naming the server (password masked). */
export async function connectQueue(options: QueueExecutorOptions): Promise<QueueExecutor> {
  await probeRedis(options)
  const name = queueName()
  const connection = bullConnection(options)
  const onEvent = options.onEvent ?? (() => {})
  const where = maskUrl(options.redis)
  // One 'reconnected' after the errors of an outage, once our client answers again.
  let down = false
  const connectionError = (e: Error) => {
    down = true
    onEvent({ type: 'connection-error', message: `${where}: ${e.message}` })
  }
  const queue = new Queue(name, { connection })
  const events = new QueueEvents(name, { connection })
  const client = redisClient(options)
  queue.on('error', connectionError)
  events.on('error', connectionError)
  client.on('error', connectionError)
  client.on('ready', () => {
    if (down) onEvent({ type: 'reconnected' })
    down = false
  })
  const running = new Map<string, QueueExperiment>()
  const owner = (jobId: string) => running.get(jobId.slice(0, jobId.lastIndexOf('-')))
  events.on('active', ({ jobId }) => owner(jobId)?.onActive(jobId))
  events.on('stalled', ({ jobId }) => owner(jobId)?.onStalled(jobId))
  events.on('completed', ({ jobId }) => owner(jobId)?.onCompleted(jobId))
  events.on('failed', ({ jobId }) => owner(jobId)?.onFailed(jobId))
  events.on('progress', ({ jobId, data }) => owner(jobId)?.onJobProgress(jobId, data))
  const shut = async () => {
    const quit = await before(Promise.allSettled([events.close(), queue.close()]), Date.now() + CLOSE_WAIT_MS)
    // A server that went away: quitting would wait for it, so the connections are dropped instead.
    if (quit === TIMED_OUT) await Promise.allSettled([events.disconnect(), queue.disconnect()])
    client.disconnect()
  }
  await readyOrClose(where, [queue.waitUntilReady(), events.waitUntilReady()], shut)
  const ctx = {
    queue,
    client,
    name,
    ttl: Math.max(HEARTBEAT_FLOOR, Math.floor(options.ttl ?? DEFAULT_TTL_SECONDS)),
    onEvent,
    runId: async () => /run_id:(\w+)/.exec(await client.info('server'))?.[1] ?? '',
  }
  const sizes = new JobSizes()
  let closed = false

  return {
    queue: name,
    async execute(plan, onProgress) {
      if (closed) throw new StockflowError('the queue executor is closed')
      if (options.signal?.aborted) throw new StockflowError('cancelled')
      const size = sizes.runsPerJob(plan, options.runsPerJob)
      const experiment = new QueueExperiment(ctx, plan, size, onProgress)
      running.set(experiment.id, experiment)
      // cancel() never rejects; the catch is for a bug's sake, since an abort handler's rejection would crash Node.
      const abort = () => void experiment.cancel().catch(() => {})
      options.signal?.addEventListener('abort', abort, { once: true })
      try {
        await experiment.start().catch((e: unknown) => experiment.fail(e))
        return await experiment.done
      } finally {
        options.signal?.removeEventListener('abort', abort)
        running.delete(experiment.id)
      }
    },
    async close() {
      if (closed) return
      closed = true
      // The cancels under way (an abort just before) finish before the connections go.
      await Promise.allSettled([...running.values()].map((e) => e.cancel()))
      await shut()
    },
  }
}

/** A first run this slow is timed alone: a second would only add its time to the submitter's. */
const SLOW_RUN_MS = 50

/**
 * Runs per job by default, per executor. Each model is compiled once here, which checks every plan
 * cheaply (a misspelt name fails before anything is queued), and one or two of its runs are timed
 * once: a job aims at 100 ms, so BullMQ's ~1 ms per job costs about 1%, but an experiment is cut into
 * at least 32 jobs, several for each of a few machines' threads, as long as a job still takes 10 ms
 * or more (below that the overhead would be a tenth of the work).
 */
class JobSizes {
  private readonly models = new WeakMap<Model, { compiled: CompiledModel; ms?: number }>()

  runsPerJob(plan: ExperimentPlan, asked: number | undefined): number {
    let known = this.models.get(plan.model)
    if (!known) this.models.set(plan.model, (known = { compiled: compile(plan.model) }))
    checkPlan(known.compiled, plan)
    const runs = plan.runs || 1
    if (asked !== undefined) return Math.min(Math.max(1, Math.floor(asked)), runs)
    if (runs === 1) return 1
    known.ms ??= timeRuns(known.compiled, plan)
    const per = Math.max(known.ms, 1e-3)
    const spread = Math.ceil(runs / 32)
    return Math.min(runs, Math.max(Math.ceil(10 / per), Math.min(Math.ceil(100 / per), spread)))
  }
}

/** Milliseconds per run: the faster of two runs (the first pays for warming up), or one if it was slow. */
function timeRuns(compiled: CompiledModel, plan: ExperimentPlan): number {
  let ms = Infinity
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now()
    runBatch(compiled, plan, i, 1)
    ms = Math.min(ms, performance.now() - t0)
    if (ms > SLOW_RUN_MS) break
  }
  return ms
}
