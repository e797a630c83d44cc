/** What the queue executor and worker report, for logs and tests. */

/** From the submitter: jobs queued, batches resubmitted, a server restart seen, connection errors. */
export type QueueEvent =
  | { readonly type: 'submitted'; readonly experiment: string; readonly jobs: number; readonly runsPerJob: number }
  | {
      readonly type: 'resubmitted'
      readonly experiment: string
      readonly job: string
      /** lost: the job vanished (a server restart without persistence); stalled: too many stalls. */
      readonly reason: 'lost' | 'stalled'
    }
  | { readonly type: 'server-restarted'; readonly runId: string }
  | { readonly type: 'connection-error'; readonly message: string }
  | {
      readonly type: 'cancelled'
      readonly experiment: string
      /** false: the server did not answer in time, so the waiting jobs stay until workers take and skip them. */
      readonly removed: boolean
    }
  | {
      /** No job of the experiment started, progressed or completed for `seconds`, with work outstanding: no worker? */
      readonly type: 'idle'
      readonly experiment: string
      readonly seconds: number
    }
  /** A connection error cleared: the server answers again. */
  | { readonly type: 'reconnected' }

/** From a worker: a job started, completed, failed (a model or plan mistake) or skipped (cancelled experiment). */
export type WorkerEvent =
  | {
      readonly type: 'started' | 'completed' | 'skipped'
      readonly job: string
      readonly experiment: string
      readonly first: number
      readonly count: number
    }
  | { readonly type: 'failed'; readonly job: string; readonly message: string }
  | { readonly type: 'connection-error'; readonly message: string }
  /** A connection error cleared: the worker reaches the server again. */
  | { readonly type: 'reconnected' }
