/**
 * The view state goes into the URL at most every so often (browsers throttle history updates), so the
 * last change of a burst (a slider dragged) waits a moment before it is written, and a reload in that
 * moment would start from the URL without it: the reload's address is fixed before the page can write
 * it. So the URL waiting to be written is kept in sessionStorage (this tab only) meanwhile, and a reload
 * of the same address takes it from there.
 */
const KEY = 'stockflow-viewer:pending-url'

/** Notes that the query `to` waits to replace `from` (the address now). */
export function keepPendingUrl(from: string, to: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ from, to }))
  } catch {
    // No storage (disabled, or full): only a reload within the moment loses the last change.
  }
}

/** The URL was written (or the change is moot): nothing waits. */
export function dropPendingUrl(): void {
  try {
    sessionStorage.removeItem(KEY)
  } catch {
    // As above.
  }
}

/**
 * The query a reload should start from: the one that waited to replace `search` when the page was
 * left, if this load is a reload of that address; else `search` itself. Forgets what waited either way.
 */
export function takePendingUrl(search: string, reloaded: boolean): string {
  let pending: { from?: unknown; to?: unknown } = {}
  try {
    pending = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as typeof pending
    sessionStorage.removeItem(KEY)
  } catch {
    return search
  }
  return reloaded && pending.from === search && typeof pending.to === 'string' ? pending.to : search
}
