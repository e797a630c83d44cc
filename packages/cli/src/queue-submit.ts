/**
 * The queue executor behind `--redis` on the experiment commands, and the stderr lines its events
 * become. Its module (BullMQ, ioredis) loads only when asked for, so other commands start quickly.
 */
import type { QueueEvent, QueueExecutor } from '@stockflow/experiments/queue'

/** For the queue: what cancels the experiment, where its notable events go (a line each), how a cancel ended. */
export interface QueueSubmitOptions {
  readonly signal?: AbortSignal
  readonly log?: (line: string) => void
  /** Called once the experiment is cancelled: whether its jobs and keys were removed from the server. */
  readonly onCancelled?: (removed: boolean) => void
}

/** Connects to the queue at `redis` (the server is probed first: a wrong URL or password is one line). */
export async function submitQueue(
  redis: string,
  runsPerJob: number | undefined,
  { signal, log, onCancelled }: QueueSubmitOptions,
): Promise<QueueExecutor> {
  const { connectQueue, maskUrl, queueName } = await import('@stockflow/experiments/queue')
  const where = { url: maskUrl(redis), queue: queueName() }
  let lastError: string | undefined
  return connectQueue({
    redis,
    ...(runsPerJob !== undefined ? { runsPerJob } : {}),
    ...(signal !== undefined ? { signal } : {}),
    onEvent: (e: QueueEvent) => {
      if (e.type === 'cancelled') onCancelled?.(e.removed)
      // A server that is away repeats its error every second: one line per outage.
      if (e.type === 'connection-error' && e.message === lastError) return
      lastError = e.type === 'connection-error' ? e.message : undefined
      const line = submitterLine(e, where)
      if (line !== undefined) log?.(line)
    },
  })
}

/** The line a submitter prints for a queue event; none for the ordinary ones. */
function submitterLine(e: QueueEvent, where: { url: string; queue: string }): string | undefined {
  switch (e.type) {
    case 'submitted':
      // For a person watching (as the progress bar): where the jobs wait, should no worker be serving them.
      return process.stderr.isTTY
        ? `${e.jobs} job${e.jobs === 1 ? '' : 's'} of ${e.runsPerJob} runs on ${where.url}: \`stockflow worker --redis URL\` on any machine runs them`
        : undefined
    case 'idle':
      // Always, TTY or not: without a worker (or with one on another database or version) the wait is endless.
      return `no worker has taken a job from queue ${where.queue} at ${where.url} for ${Math.round(e.seconds)} s: start \`stockflow worker --redis URL\` (the same URL, database included)`
    case 'connection-error':
      return `Redis connection: ${e.message} (retrying)`
    case 'reconnected':
      return `Redis connection: reconnected to ${where.url}`
    case 'server-restarted':
      return 'the Redis server restarted: resubmitting the jobs whose results had not come back'
    case 'resubmitted':
      return e.reason === 'stalled' ? `job ${e.job} stalled too often (its workers stopped): resubmitted` : undefined
    default:
      return undefined
  }
}
