/**
 * Signals that ask a long command to stop: SIGINT (Ctrl+C) and SIGTERM. A terminal's Ctrl+C reaches the
 * whole process group (pnpm, sh, node, any wrapper), and a wrapper may relay it once more, so the same
 * press can arrive twice within milliseconds: only a signal this long after the first is a second press.
 */
export const SAME_PRESS_MS = 1000

/** What to do on the first press, and on a later one (usually: stop at once). */
export interface StopHandlers {
  first(): void
  again(): void
}

/**
 * Calls `first` on the first SIGINT or SIGTERM and `again` on each one more than SAME_PRESS_MS after it;
 * one sooner is the same press and ignored. Returns the function that removes the handlers: until the
 * same press is over it only defers that, since a late copy must not kill a process that stopped cleanly.
 */
export function onStopSignals(handlers: StopHandlers, now: () => number = Date.now): () => void {
  let firstAt: number | undefined
  const onSignal = () => {
    const t = now()
    if (firstAt === undefined) {
      firstAt = t
      handlers.first()
    } else if (t - firstAt > SAME_PRESS_MS) handlers.again()
  }
  const remove = () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    const left = firstAt === undefined ? 0 : firstAt + SAME_PRESS_MS - now()
    if (left <= 0) return remove()
    // Unref'd: the wait never keeps the process alive.
    setTimeout(remove, left).unref()
  }
}
