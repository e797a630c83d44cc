/** The lifecycle event pnpm (or npm) sets for the checkout's `stockflow` script. */
const SCRIPT = 'stockflow'

/**
 * Under `pnpm stockflow`, a SIGTERM to pnpm's pid (a process manager stopping it) ends pnpm and its
 * shell but is not passed on, so a worker would run on as an orphan still taking jobs. When the
 * parent that started us is gone, this process stops as on SIGTERM (a worker finishes its jobs in hand).
 */
export function stopWithScriptParent(): void {
  if (process.env.npm_lifecycle_event !== SCRIPT) return
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    process.kill(process.pid, 'SIGTERM')
  }, 1000)
  // Never what keeps the process alive.
  timer.unref()
}
