/**
 * One experiment on the queue, from its submitter's side: the model stored once, a job per batch of
 * rows, results read as they complete, lost or over-stalled jobs resubmitted, a heartbeat while it
 * runs, and every key of the experiment removed at the end (done, failed or cancelled).
 */
import { createHash, randomBytes } from 'node:crypto'
import { modelToJSON, StockflowError } from '@stockflow/model'
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Progress } from './executor.js'
import type { Batch, ExperimentPlan } from './plan.js'
import { decodeResult, encodeJob } from './queue-codec.js'
import type { JobData } from './queue-codec.js'
import type { QueueEvent } from './queue-events.js'
import { aliveKey, bullJobKey, cancelKey, jobId, modelKey, resultKey } from './queue-keys.js'

/** The heartbeat key lives this long and is refreshed three times within it: a vanished submitter's jobs are skipped. */
export const HEARTBEAT_SECONDS = 30
const HEARTBEAT_EVERY_MS = 10_000
/** How often outstanding jobs are checked (lost in a restart, failed while events were missed). */
const POLL_MS = 1000
/** How long a cancel waits for the jobs workers hold to notice it, before leaving them to expire. */
const CANCEL_WAIT_MS = 10_000
/** BullMQ's reason for a job that stalled more than `maxStalledCount` times: not the model's fault. */
const STALLED = /stalled more than allowable limit/

export interface ExperimentContext {
  readonly queue: Queue
  readonly client: Redis
  readonly name: string
  readonly ttl: number
  readonly onEvent: (event: QueueEvent) => void
  /** The server's run_id, new on every start: a change means a restart lost the server's keys. */
  runId(): Promise<string>
}

interface Outstanding {
  readonly first: number
  readonly count: number
}

export class QueueExperiment {
  readonly id = `x${randomBytes(8).toString('hex')}`
  private readonly json: string
  private readonly hash: string
  private readonly outstanding = new Map<string, Outstanding>()
  private readonly ids: string[] = []
  private readonly resubmitted = new Set<string>()
  private readonly busy = new Set<string>()
  private readonly progress = new Map<string, number>()
  private readonly batches: Batch[] = []
  private reported = 0
  private finished = false
  private timers: NodeJS.Timeout[] = []
  private polling = false
  private lastRunId = ''
  private settle!: { resolve: (b: Batch[]) => void; reject: (e: unknown) => void }
  readonly done: Promise<Batch[]>

  constructor(
    private readonly ctx: ExperimentContext,
    private readonly plan: ExperimentPlan,
    private readonly runsPerJob: number,
    private readonly onProgress?: Progress,
  ) {
    this.json = modelToJSON(plan.model)
    this.hash = createHash('sha256').update(this.json).digest('hex')
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }))
    // A rejection nobody awaits yet (the start is still adding jobs) must not crash the process.
    this.done.catch(() => {})
  }

  /** Stores the model and heartbeat, queues the jobs; the results arrive through `done`. */
  async start(): Promise<void> {
    const { plan } = this
    this.lastRunId = await this.ctx.runId()
    await this.storeKeys()
    this.timers.push(setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS))
    for (let first = 0; first < plan.runs; first += this.runsPerJob) {
      const id = jobId(this.id, first)
      this.ids.push(id)
      this.outstanding.set(id, { first, count: Math.min(this.runsPerJob, plan.runs - first) })
    }
    if (plan.runs === 0) return this.finish()
    this.ctx.onEvent({ type: 'submitted', experiment: this.id, jobs: this.ids.length, runsPerJob: this.runsPerJob })
    for (let i = 0; i < this.ids.length && !this.finished; i += 500) await this.add(this.ids.slice(i, i + 500))
    this.timers.push(setInterval(() => void this.poll(), POLL_MS))
  }

  owns(id: string): boolean {
    return this.outstanding.has(id)
  }

  onCompleted(id: string): void {
    void this.fetch(id).catch((e: unknown) => this.fail(e))
  }

  onFailed(id: string, reason: string): void {
    void this.failed(id, reason).catch((e: unknown) => this.fail(e))
  }

  onJobProgress(id: string, data: unknown): void {
    const done = (data as { done?: unknown } | null)?.done
    if (!this.outstanding.has(id) || typeof done !== 'number') return
    this.progress.set(id, Math.max(this.progress.get(id) ?? 0, Math.min(done, this.outstanding.get(id)!.count)))
    this.report()
  }

  /** Cancels: the remaining jobs removed, the experiment's keys deleted, `done` rejected with `cancelled`. */
  async cancel(): Promise<void> {
    if (this.finished) return
    this.finished = true
    this.ctx.onEvent({ type: 'cancelled', experiment: this.id })
    this.stopTimers()
    await this.ctx.client.set(cancelKey(this.id), '1', 'EX', this.ctx.ttl)
    await this.cleanUp([...this.outstanding.keys()])
    // Jobs a worker holds cannot be removed: it sees the cancel between slices and drops them.
    const deadline = Date.now() + CANCEL_WAIT_MS
    while (Date.now() < deadline && (await this.removeJobs([...this.outstanding.keys()])) > 0)
      await new Promise((r) => setTimeout(r, 200))
    await this.ctx.client.del(cancelKey(this.id))
    this.settle.reject(new StockflowError('cancelled'))
  }

  private async storeKeys(): Promise<void> {
    await this.ctx.client
      .multi()
      .set(modelKey(this.id), this.json, 'EX', this.ctx.ttl)
      .set(aliveKey(this.id), this.hash, 'EX', HEARTBEAT_SECONDS)
      .exec()
  }

  private async beat(): Promise<void> {
    if (this.finished) return
    await this.ctx.client
      .multi()
      .set(aliveKey(this.id), this.hash, 'EX', HEARTBEAT_SECONDS)
      .expire(modelKey(this.id), this.ctx.ttl)
      .exec()
      .catch(() => {})
  }

  private async add(ids: readonly string[]): Promise<void> {
    const jobs = ids.flatMap((id) => {
      const o = this.outstanding.get(id)
      if (!o) return []
      const data: JobData = encodeJob(this.plan, { experiment: this.id, hash: this.hash, ...o, ttl: this.ctx.ttl })
      return [{ name: 'batch', data, opts: jobOptions(id, this.ctx.ttl) }]
    })
    if (jobs.length) await this.ctx.queue.addBulk(jobs)
  }

  /** Reads a job's result, once: its key is deleted after. */
  private async fetch(id: string): Promise<boolean> {
    const o = this.outstanding.get(id)
    if (!o || this.finished || this.busy.has(id)) return false
    this.busy.add(id)
    try {
      const buf = await this.ctx.client.getBuffer(resultKey(id))
      if (!buf || !this.outstanding.has(id) || this.finished) return false
      const batch = decodeResult(buf)
      if (batch.first !== o.first || batch.count !== o.count)
        throw new Error(`internal: job ${id} returned runs ${batch.first}+${batch.count}`)
      this.outstanding.delete(id)
      this.progress.delete(id)
      this.batches.push(batch)
      void this.ctx.client.del(resultKey(id)).catch(() => {})
      this.report()
      if (this.outstanding.size === 0) await this.finish()
      return true
    } finally {
      this.busy.delete(id)
    }
  }

  private async failed(id: string, reason: string): Promise<void> {
    if (!this.outstanding.has(id) || this.finished) return
    if (STALLED.test(reason)) return this.resubmit([id], 'stalled')
    // A 'failed' event may be a try that will be retried; only the failed state is final.
    if ((await this.ctx.queue.getJobState(id)) !== 'failed') return
    if (await this.fetch(id)) return
    this.fail(new StockflowError(reason.split('\n')[0]!))
  }

  /** Outstanding jobs checked in one round trip: results missed, jobs lost, final failures missed. */
  private async poll(): Promise<void> {
    if (this.polling || this.finished) return
    this.polling = true
    try {
      const runId = await this.ctx.runId()
      if (runId !== this.lastRunId) {
        this.lastRunId = runId
        this.ctx.onEvent({ type: 'server-restarted', runId })
      }
      if ((await this.ctx.client.exists(modelKey(this.id), aliveKey(this.id))) < 2) await this.storeKeys()
      const ids = [...this.outstanding.keys()]
      const pipe = this.ctx.client.pipeline()
      for (const id of ids) {
        const key = bullJobKey(this.ctx.name, id)
        // The job first, its result second: a worker writes the result before BullMQ removes the job.
        pipe.exists(key).hmget(key, 'finishedOn', 'failedReason').exists(resultKey(id))
      }
      const replies = (await pipe.exec()) ?? []
      const lost: string[] = []
      for (let i = 0; i < ids.length && !this.finished; i++) {
        const id = ids[i]!
        const job = replies[3 * i]![1] as number
        const [finishedOn, reason] = replies[3 * i + 1]![1] as (string | null)[]
        const result = replies[3 * i + 2]![1] as number
        if (result) await this.fetch(id)
        else if (!job && !this.busy.has(id)) lost.push(id)
        else if (finishedOn && reason) await this.failed(id, reason)
      }
      if (lost.length) await this.resubmit(lost, 'lost')
    } catch (e) {
      this.fail(e)
    } finally {
      this.polling = false
    }
  }

  private async resubmit(ids: readonly string[], reason: 'lost' | 'stalled'): Promise<void> {
    if (this.finished) return
    if (reason === 'stalled') await this.removeJobs(ids)
    if ((await this.ctx.client.exists(modelKey(this.id), aliveKey(this.id))) < 2) await this.storeKeys()
    for (const id of ids) {
      this.resubmitted.add(id)
      this.progress.delete(id)
      this.ctx.onEvent({ type: 'resubmitted', experiment: this.id, job: id, reason })
    }
    await this.add(ids)
  }

  private report(): void {
    let done = 0
    for (const b of this.batches) done += b.count
    for (const p of this.progress.values()) done += p
    done = Math.min(done, this.plan.runs)
    if (done > this.reported) {
      this.reported = done
      this.onProgress?.(done, this.plan.runs)
    }
  }

  private async finish(): Promise<void> {
    if (this.finished) return
    this.finished = true
    this.stopTimers()
    // A resubmitted job may also have finished under its first submission: drop the copy still queued.
    await this.cleanUp([...this.resubmitted])
    this.settle.resolve(this.batches)
  }

  /** Ends the experiment with an error: its jobs and keys are removed first. */
  fail(e: unknown): void {
    if (this.finished) return
    this.finished = true
    this.stopTimers()
    const outstanding = [...this.outstanding.keys()]
    void this.cleanUp(outstanding)
      .catch(() => {})
      .finally(() => this.settle.reject(e))
  }

  /** Deletes the heartbeat first (workers then refuse to store results), then jobs and keys. */
  private async cleanUp(jobs: readonly string[]): Promise<void> {
    await this.ctx.client.del(aliveKey(this.id), modelKey(this.id))
    await this.removeJobs(jobs)
    for (let i = 0; i < this.ids.length; i += 1000)
      await this.ctx.client.del(...this.ids.slice(i, i + 1000).map(resultKey))
  }

  /** Removes jobs not held by a worker; returns how many of them are still there. */
  private async removeJobs(ids: readonly string[]): Promise<number> {
    let left = 0
    for (const id of ids) {
      await this.ctx.queue.remove(id).catch(() => 0)
      left += await this.ctx.client.exists(bullJobKey(this.ctx.name, id))
    }
    return left
  }

  private stopTimers(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }
}

/**
 * A few tries for a failure that is not the model's (a worker crashed); a model or plan mistake is an
 * UnrecoverableError in the worker and fails at once. Failed jobs stay a while so the failure can be read.
 */
function jobOptions(id: string, ttl: number) {
  return {
    jobId: id,
    attempts: 3,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: ttl },
  }
}
