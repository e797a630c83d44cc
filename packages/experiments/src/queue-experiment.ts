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
import { before, jobOptions, removeJobs } from './queue-jobs.js'
import { aliveKey, bullJobKey, cancelKey, jobId, modelKey, resultKey } from './queue-keys.js'

/** The heartbeat key lives this long and is refreshed three times within it: a vanished submitter's jobs are skipped. */
export const HEARTBEAT_SECONDS = 30
const HEARTBEAT_EVERY_MS = 10_000
/** How often outstanding jobs are checked (lost in a restart, failed while events were missed). */
const POLL_MS = 1000
/** How long the end of an experiment waits for the server; a cancel waits until then for jobs workers hold. */
const END_WAIT_MS = 10_000
/** BullMQ's reason for a job that stalled more than `maxStalledCount` times: not the model's fault. */
const STALLED = /stalled more than allowable limit/
/** Resubmissions of a job that failed for stalling: a batch that kills every worker must not crash-loop a fleet. */
const STALL_RESUBMITS = 2
/** No job started, progressed or completed this long with work outstanding: the submitter says so, and again later. */
const IDLE_FIRST_MS = 10_000
const IDLE_AGAIN_MS = 30_000
/** Jobs queued per addBulk. */
const ADD_CHUNK = 500

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
  private readonly stalls = new Map<string, number>()
  /** Jobs whose result or failure is being read: the event and the poll must not both act on one. */
  private readonly busy = new Set<string>()
  /** Jobs a worker is running (from the 'active' events), so a long job does not look idle. */
  private readonly held = new Set<string>()
  private readonly adding = new Set<Promise<unknown>>()
  private readonly progress = new Map<string, number>()
  private readonly batches: Batch[] = []
  /** Runs of the batches read plus runs reported done in jobs still running: kept as they change. */
  private completedRuns = 0
  private progressRuns = 0
  private reported = 0
  private finished = false
  private ending: Promise<void> | undefined
  private timers: NodeJS.Timeout[] = []
  private polling = false
  private lastRunId = ''
  private lastActivity = Date.now()
  private nextIdle = Infinity
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

  /**
   * Stores the model and heartbeat, queues the jobs; the results arrive through `done`. A cancel or a
   * failure may come at any await: after each one, nothing more is written and no timer started.
   */
  async start(): Promise<void> {
    const { plan } = this
    const runId = await this.ctx.runId()
    if (this.finished) return
    this.lastRunId = runId
    await this.storeKeys()
    if (this.finished) return
    this.timers.push(setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS))
    for (let first = 0; first < plan.runs; first += this.runsPerJob) {
      const id = jobId(this.id, first)
      this.ids.push(id)
      this.outstanding.set(id, { first, count: Math.min(this.runsPerJob, plan.runs - first) })
    }
    if (plan.runs === 0) return this.finish()
    this.ctx.onEvent({ type: 'submitted', experiment: this.id, jobs: this.ids.length, runsPerJob: this.runsPerJob })
    for (let i = 0; i < this.ids.length; i += ADD_CHUNK) {
      if (this.finished) return
      await this.add(this.ids.slice(i, i + ADD_CHUNK))
    }
    if (this.finished) return
    this.activity()
    this.timers.push(setInterval(() => (this.checkIdle(), void this.poll()), POLL_MS))
  }

  onActive(id: string): void {
    if (!this.outstanding.has(id)) return
    this.held.add(id)
    this.activity()
  }

  /** A stalled job goes back to the queue: no worker holds it now. */
  onStalled(id: string): void {
    this.held.delete(id)
  }

  onCompleted(id: string): void {
    void this.fetch(id).catch((e: unknown) => this.fail(e))
  }

  onFailed(id: string): void {
    void this.failed(id).catch((e: unknown) => this.fail(e))
  }

  onJobProgress(id: string, data: unknown): void {
    const done = (data as { done?: unknown } | null)?.done
    const o = this.outstanding.get(id)
    if (!o || typeof done !== 'number') return
    this.activity()
    const was = this.progress.get(id) ?? 0
    const now = Math.max(was, Math.min(done, o.count))
    this.progress.set(id, now)
    this.progressRuns += now - was
    this.report()
  }

  /**
   * Cancels: the remaining jobs removed, the experiment's keys deleted, `done` rejected with `cancelled`.
   * Every call returns the one ending (a close right after an abort waits for it); it never rejects.
   */
  cancel(): Promise<void> {
    if (this.finished) return this.ending ?? Promise.resolve()
    return this.end(
      (deadline) => this.removeAll(deadline),
      (removed) => {
        this.ctx.onEvent({ type: 'cancelled', experiment: this.id, removed })
        this.settle.reject(
          new StockflowError(
            removed
              ? 'cancelled'
              : `cancelled, but the server did not answer within ${END_WAIT_MS / 1000} s: the experiment's waiting jobs stay on it until workers take and skip them`,
          ),
        )
      },
    )
  }

  /** Ends the experiment with an error: its jobs and keys are removed first (as far as the server answers). */
  fail(e: unknown): Promise<void> {
    if (this.finished) return this.ending ?? Promise.resolve()
    // As a cancel: the jobs workers hold fail or are dropped too, and their hashes must not stay behind.
    return this.end(
      (deadline) => this.removeAll(deadline),
      () => this.settle.reject(e),
    )
  }

  private finish(): Promise<void> {
    if (this.finished) return this.ending ?? Promise.resolve()
    // A resubmitted job may also have finished under its first submission: drop the copy still queued.
    const copies = [...this.resubmitted]
    return this.end(
      async () => (await this.cleanUp(copies), true),
      () => this.settle.resolve(this.batches),
    )
  }

  /**
   * The one way an experiment ends: timers stopped at once, the clean-up bounded (a server that went
   * away must not hang a Ctrl+C), and `done` settled whatever the clean-up did.
   */
  private end(cleanUp: (deadline: number) => Promise<boolean>, settle: (removed: boolean) => void): Promise<void> {
    this.finished = true
    this.stopTimers()
    const giveUp = Date.now() + END_WAIT_MS
    this.ending = (async () => {
      let removed = false
      try {
        // In-flight additions first: a job added after its removal would stay.
        removed =
          (await before(
            Promise.allSettled([...this.adding]).then(() => cleanUp(giveUp - 1000)),
            giveUp,
          )) === true
      } catch {
        removed = false
      } finally {
        settle(removed)
      }
    })()
    return this.ending
  }

  /** A cancel's clean-up: the mark workers check between slices, then everything, then jobs workers held. */
  private async removeAll(deadline: number): Promise<boolean> {
    await this.ctx.client.set(cancelKey(this.id), '1', 'EX', this.ctx.ttl)
    let left = await this.cleanUp([...this.outstanding.keys()])
    // Jobs a worker holds cannot be removed: it sees the cancel between slices and drops them.
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      left = await removeJobs(this.ctx.queue, this.ctx.client, this.ctx.name, left)
    }
    await this.ctx.client.del(cancelKey(this.id))
    return true
  }

  /** Deletes the heartbeat first (workers then refuse to store results), then jobs and keys; returns the jobs left. */
  private async cleanUp(jobs: readonly string[]): Promise<string[]> {
    await this.ctx.client.del(aliveKey(this.id), modelKey(this.id))
    const left = await removeJobs(this.ctx.queue, this.ctx.client, this.ctx.name, jobs)
    const dels: Promise<number>[] = []
    for (let i = 0; i < this.ids.length; i += 1000)
      dels.push(this.ctx.client.del(...this.ids.slice(i, i + 1000).map(resultKey)))
    await Promise.all(dels)
    return left
  }

  private async storeKeys(): Promise<void> {
    await this.ctx.client
      .multi()
      .set(modelKey(this.id), this.json, 'EX', this.ctx.ttl)
      .set(aliveKey(this.id), this.hash, 'EX', HEARTBEAT_SECONDS)
      .exec()
  }

  /** Stores the model and heartbeat again when a restart lost them; false once the experiment ended. */
  private async restoreKeys(): Promise<boolean> {
    const present = await this.ctx.client.exists(modelKey(this.id), aliveKey(this.id))
    if (this.finished) return false
    if (present < 2) await this.storeKeys()
    return !this.finished
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

  /** Queues jobs (never after the end); the addition is tracked so that an ending waits for it. */
  private async add(ids: readonly string[]): Promise<void> {
    if (this.finished) return
    const jobs = ids.flatMap((id) => {
      const o = this.outstanding.get(id)
      if (!o) return []
      const data: JobData = encodeJob(this.plan, { experiment: this.id, hash: this.hash, ...o, ttl: this.ctx.ttl })
      return [{ name: 'batch', data, opts: jobOptions(id, this.ctx.ttl) }]
    })
    if (!jobs.length) return
    const adding = this.ctx.queue.addBulk(jobs)
    this.adding.add(adding)
    try {
      await adding
    } finally {
      this.adding.delete(adding)
    }
  }

  /** Reads a job's result, once: its key is deleted after. */
  private async fetch(id: string): Promise<boolean> {
    if (!this.outstanding.has(id) || this.finished || this.busy.has(id)) return false
    this.busy.add(id)
    try {
      return await this.readResult(id)
    } finally {
      this.busy.delete(id)
    }
  }

  private async readResult(id: string): Promise<boolean> {
    const o = this.outstanding.get(id)
    if (!o) return false
    const buf = await this.ctx.client.getBuffer(resultKey(id))
    if (!buf || !this.outstanding.has(id) || this.finished) return false
    const batch = decodeResult(buf)
    if (batch.first !== o.first || batch.count !== o.count)
      throw new Error(`internal: job ${id} returned runs ${batch.first}+${batch.count}`)
    this.outstanding.delete(id)
    this.held.delete(id)
    this.progressRuns -= this.progress.get(id) ?? 0
    this.progress.delete(id)
    this.completedRuns += batch.count
    this.batches.push(batch)
    this.activity()
    void this.ctx.client.del(resultKey(id)).catch(() => {})
    this.report()
    if (this.outstanding.size === 0) await this.finish()
    return true
  }

  /**
   * A job failed, as an event or the poll saw it: read from the job itself, so that one failure is
   * handled once. Stalling too often is resubmitted (a few times); any other final failure ends the experiment.
   */
  private async failed(id: string): Promise<void> {
    if (!this.outstanding.has(id) || this.finished || this.busy.has(id)) return
    this.busy.add(id)
    try {
      const [finishedOn, reason] = await this.ctx.client.hmget(
        bullJobKey(this.ctx.name, id),
        'finishedOn',
        'failedReason',
      )
      if (!finishedOn || !reason || !this.outstanding.has(id) || this.finished) return
      if (STALLED.test(reason)) {
        const stalls = (this.stalls.get(id) ?? 0) + 1
        this.stalls.set(id, stalls)
        if (stalls <= STALL_RESUBMITS) return await this.resubmit([id], 'stalled')
        const o = this.outstanding.get(id)!
        const runs = o.count === 1 ? `run ${o.first}` : `runs ${o.first}-${o.first + o.count - 1}`
        return void this.fail(
          new StockflowError(
            `${runs} stalled on every worker that took them (${stalls} rounds): the workers died running them (out of memory?)`,
          ),
        )
      }
      // A failed try that will be retried is not final; only the failed state is. Until it is taken again
      // no worker holds it, so it must not keep the idle notice quiet.
      const state = await this.ctx.queue.getJobState(id)
      if (state !== 'active') this.held.delete(id)
      if (state !== 'failed' || this.finished) return
      if (await this.readResult(id)) return
      // The whole reason: a model's errors follow its first line.
      void this.fail(new StockflowError(reason))
    } finally {
      this.busy.delete(id)
    }
  }

  /** Outstanding jobs checked in one round trip: results missed, jobs lost, final failures missed. */
  private async poll(): Promise<void> {
    if (this.polling || this.finished) return
    this.polling = true
    try {
      const runId = await this.ctx.runId()
      if (this.finished) return
      if (runId !== this.lastRunId) {
        this.lastRunId = runId
        this.ctx.onEvent({ type: 'server-restarted', runId })
      }
      if (!(await this.restoreKeys())) return
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
        // Read meanwhile by an event: the replies about it are stale.
        if (!this.outstanding.has(id)) continue
        const job = replies[3 * i]![1] as number
        const [finishedOn, reason] = replies[3 * i + 1]![1] as (string | null)[]
        const result = replies[3 * i + 2]![1] as number
        if (result) await this.fetch(id)
        else if (!job && !this.busy.has(id)) lost.push(id)
        else if (finishedOn && reason) await this.failed(id)
      }
      if (lost.length && !this.finished) await this.resubmit(lost, 'lost')
    } catch (e) {
      void this.fail(e)
    } finally {
      this.polling = false
    }
  }

  private async resubmit(ids: readonly string[], reason: 'lost' | 'stalled'): Promise<void> {
    if (this.finished) return
    // A failed job that could not be removed is tried again at the next poll, not counted as another stall
    // (re-adding its id now would add nothing: BullMQ keeps the job that holds it).
    const stuck = reason === 'stalled' ? await removeJobs(this.ctx.queue, this.ctx.client, this.ctx.name, ids) : []
    for (const id of stuck) this.stalls.set(id, (this.stalls.get(id) ?? 1) - 1)
    if (this.finished || !(await this.restoreKeys())) return
    // Only those still outstanding: a result read meanwhile needs no new job.
    const again = ids.filter((id) => this.outstanding.has(id) && !stuck.includes(id))
    for (const id of again) {
      this.resubmitted.add(id)
      this.held.delete(id)
      this.progressRuns -= this.progress.get(id) ?? 0
      this.progress.delete(id)
      this.ctx.onEvent({ type: 'resubmitted', experiment: this.id, job: id, reason })
    }
    await this.add(again)
  }

  private report(): void {
    const done = Math.min(this.completedRuns + this.progressRuns, this.plan.runs)
    if (done > this.reported) {
      this.reported = done
      this.onProgress?.(done, this.plan.runs)
    }
  }

  private activity(): void {
    this.lastActivity = Date.now()
    this.nextIdle = this.lastActivity + IDLE_FIRST_MS
  }

  /** Work outstanding, no job held and none started or done for a while: most likely no worker serves the queue. */
  private checkIdle(): void {
    const now = Date.now()
    if (this.finished || this.outstanding.size === 0 || this.held.size > 0 || now < this.nextIdle) return
    this.nextIdle = now + IDLE_AGAIN_MS
    this.ctx.onEvent({ type: 'idle', experiment: this.id, seconds: Math.round((now - this.lastActivity) / 1000) })
  }

  private stopTimers(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }
}
