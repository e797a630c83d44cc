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
import { runBatch } from './batch.js'
import type { Executor } from './executor.js'
import type { ExperimentPlan } from './plan.js'
import type { QueueEvent } from './queue-events.js'
import { QueueExperiment } from './queue-experiment.js'
import { queueName } from './queue-name.js'
import { bullConnection, maskUrl, probeRedis, redisClient } from './redis-connection.js'
import type { QueueConnection } from './redis-connection.js'

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

/** Probes the server first: a wrong URL, port or password is one StockflowError line naming the server (password masked). */
export async function connectQueue(options: QueueExecutorOptions): Promise<QueueExecutor> {
  await probeRedis(options)
  const name = queueName()
  const connection = bullConnection(options)
  const onEvent = options.onEvent ?? (() => {})
  const where = maskUrl(options.redis)
  const connectionError = (e: Error) => onEvent({ type: 'connection-error', message: `${where}: ${e.message}` })
  const queue = new Queue(name, { connection })
  const events = new QueueEvents(name, { connection })
  const client = redisClient(options)
  queue.on('error', connectionError)
  events.on('error', connectionError)
  client.on('error', connectionError)
  const running = new Map<string, QueueExperiment>()
  const owner = (jobId: string) => running.get(jobId.slice(0, jobId.lastIndexOf('-')))
  events.on('completed', ({ jobId }) => owner(jobId)?.onCompleted(jobId))
  events.on('failed', ({ jobId, failedReason }) => owner(jobId)?.onFailed(jobId, failedReason))
  events.on('progress', ({ jobId, data }) => owner(jobId)?.onJobProgress(jobId, data))
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()])
  const ctx = {
    queue,
    client,
    name,
    ttl: Math.max(HEARTBEAT_FLOOR, Math.floor(options.ttl ?? DEFAULT_TTL_SECONDS)),
    onEvent,
    runId: async () => /run_id:(\w+)/.exec(await client.info('server'))?.[1] ?? '',
  }
  let closed = false

  return {
    queue: name,
    async execute(plan, onProgress) {
      if (closed) throw new StockflowError('the queue executor is closed')
      if (options.signal?.aborted) throw new StockflowError('cancelled')
      const size = Math.min(Math.max(1, Math.floor(options.runsPerJob ?? defaultRunsPerJob(plan))), plan.runs || 1)
      const experiment = new QueueExperiment(ctx, plan, size, onProgress)
      running.set(experiment.id, experiment)
      const abort = () => void experiment.cancel()
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
      await Promise.allSettled([...running.values()].map((e) => e.cancel()))
      await Promise.allSettled([events.close(), queue.close()])
      client.disconnect()
    },
  }
}

/** Models compiled to time their runs: a calibration submits a plan per step, all on one model. */
const compiledModels = new WeakMap<Model, CompiledModel>()

/**
 * Runs per job by default. Two runs are timed here (which also checks the plan, so a misspelt name
 * fails before anything is queued): a job aims at 100 ms, so BullMQ's ~1 ms per job costs about 1%,
 * but an experiment is cut into at least 32 jobs, several for each of a few machines' threads, as
 * long as a job still takes 10 ms or more (below that the overhead would be a tenth of the work).
 */
export function defaultRunsPerJob(plan: ExperimentPlan): number {
  if (plan.runs === 0) return 1
  let compiled = compiledModels.get(plan.model)
  if (!compiled) compiledModels.set(plan.model, (compiled = compile(plan.model)))
  let ms = Infinity
  for (let i = 0; i < Math.min(2, plan.runs); i++) {
    const t0 = performance.now()
    runBatch(compiled, plan, i, 1)
    ms = Math.min(ms, performance.now() - t0)
  }
  const per = Math.max(ms, 1e-3)
  const spread = Math.ceil(plan.runs / 32)
  const size = Math.max(Math.ceil(10 / per), Math.min(Math.ceil(100 / per), spread))
  return Math.min(plan.runs, size)
}
