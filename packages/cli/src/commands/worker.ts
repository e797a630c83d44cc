import type { Command } from 'commander'
import type { WorkerEvent } from '@stockflow/experiments/queue'
import { StockflowError } from '@stockflow/model'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { INTERRUPTED_EXIT } from '../interrupted.js'
import { wholeNumber } from '../experiment-flags.js'
import { REDIS_ENV, redisUrl } from '../redis-url.js'
import { onStopSignals } from '../stop-signals.js'

/** The flags of `stockflow worker`. */
export interface WorkerFlags {
  redis?: string
  threads?: string
  verbose?: boolean
}

/** The commander definition of `stockflow worker`. */
export function workerOptions(command: Command): Command {
  return command
    .description('run the jobs that sweep, montecarlo, sensitivity and calibrate put on a Redis queue with --redis')
    .option(
      '--redis <url>',
      `the server: redis://[:password@]host:port[/db], rediss:// for TLS (default $${REDIS_ENV})`,
    )
    .option('--threads <n>', 'jobs run at once, each in a thread of its own (default: one per core)')
    .option('--verbose', 'a line on stderr per job started, completed or skipped (failed jobs always get one)')
    .addHelpText(
      'after',
      [
        '',
        'A job carries its model as JSON, never code: a .ts model becomes JSON in the command that submits it,',
        'and a worker runs no code a model brings. Each model is compiled once, by a hash of its JSON. Workers',
        'of another stockflow or Node version serve a queue of their own, so a mixed fleet never mixes numbers.',
        'SIGTERM or Ctrl+C finishes the jobs in hand and exits 0; a second Ctrl+C (a second or more later) exits',
        'at once, and another worker takes its jobs after a few seconds. Run long-lived workers as the installed',
        '`stockflow` (pnpm install:cli) or signal their process group: SIGTERM to a `pnpm stockflow` pid alone',
        'ends pnpm at once; the worker notices within a second and then finishes its jobs in hand.',
      ].join('\n'),
    )
}

/** `stockflow worker --redis URL [--threads N]`: serves the queue of this version until SIGTERM or Ctrl+C. */
export async function workerCommand(
  flags: WorkerFlags,
  io: Io,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  const redis = redisUrl(flags.redis)
  if (redis === undefined)
    throw new StockflowError(
      `worker needs --redis URL (or $${REDIS_ENV}), the server the experiments use: e.g. --redis redis://127.0.0.1:6379`,
    )
  const threads = wholeNumber('--threads', flags.threads)
  if (threads !== undefined && threads < 1) throw new StockflowError(`--threads must be at least 1, got ${threads}`)
  const log = (line: string) => io.stderr(`stockflow worker: ${line}\n`)
  let lastError: string | undefined
  const { maskUrl, serveQueue } = await import('@stockflow/experiments/queue')
  const where = maskUrl(redis)
  // The handlers come first: a Ctrl+C right after the "serving" line (or while connecting) stops cleanly.
  const stop = stopRequest(options.signal)
  try {
    const worker = await serveQueue({
      redis,
      ...(threads !== undefined ? { threads } : {}),
      onEvent: (e: WorkerEvent) => {
        // Connection trouble (once per message in a row), its end and failed jobs always get a line; the rest with --verbose.
        if (e.type === 'connection-error') {
          if (e.message !== lastError) log(describeEvent(e, where))
          lastError = e.message
        } else if (e.type === 'reconnected') {
          lastError = undefined
          log(describeEvent(e, where))
        } else {
          lastError = undefined
          if (flags.verbose || e.type === 'failed') log(describeEvent(e, where))
        }
      },
    })
    log(`serving queue ${worker.queue} at ${where} with ${worker.threads} thread${worker.threads === 1 ? '' : 's'}`)
    await stop.requested
    log('stopping: finishing the jobs in hand (Ctrl+C again to stop at once)')
    await worker.close()
  } finally {
    stop.release()
  }
  log('stopped')
  return 0
}

/** `stockflow worker`, as main registers it. */
export const workerCli = cliCommand<[], WorkerFlags>('worker', workerOptions, (flags, io) => workerCommand(flags, io))

/**
 * `requested` resolves on the first SIGTERM or SIGINT (or `signal`); another, a second or more later,
 * exits at once, the jobs in hand left to the queue's stalled-job recovery. `release` removes the handlers.
 */
function stopRequest(signal?: AbortSignal): { requested: Promise<void>; release(): void } {
  let stop = () => {}
  const requested = new Promise<void>((resolve) => (stop = resolve))
  const remove = onStopSignals({ first: () => stop(), again: () => process.exit(INTERRUPTED_EXIT) })
  const onAbort = () => stop()
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted) stop()
  return {
    requested,
    release() {
      remove()
      signal?.removeEventListener('abort', onAbort)
    },
  }
}

/** One log line for a job event. */
function describeEvent(e: WorkerEvent, where: string): string {
  switch (e.type) {
    case 'started':
    case 'completed':
      return `job ${e.job} ${e.type} (runs ${e.first}-${e.first + e.count - 1})`
    case 'skipped':
      return `job ${e.job} skipped: its experiment was cancelled or its submitter is gone`
    case 'failed':
      return `job ${e.job} failed: ${e.message}`
    case 'connection-error':
      return `Redis connection: ${e.message}`
    case 'reconnected':
      return `Redis connection: reconnected to ${where}, serving again`
  }
}
