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
  | { readonly type: 'cancelled'; readonly experiment: string }

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
