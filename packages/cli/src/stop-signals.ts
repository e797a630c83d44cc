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
 * one sooner is the same press and ignored. Returns the function that removes the handlers.
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
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
