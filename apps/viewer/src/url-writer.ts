/** The URL is rewritten at most this often (browsers throttle history updates). */
export const URL_DELAY = 150

/** The page's address as the URL writer sees it: `location` and `history` in the browser, a fake in tests. */
export interface AddressBar {
  /** The query now, with its `?` (`location.search`). */
  readonly search: string
  /** The fragment now, with its `#` (`location.hash`). */
  readonly hash: string
  push(url: string): void
  replace(url: string): void
  /** Notes that the query `to` waits to replace `from` (see pending-url.ts). */
  keepPending(from: string, to: string): void
  /** Nothing waits any more. */
  dropPending(): void
}

/**
 * Writes the view state into the URL: a new entry at once (`push`), else in place, at once for the
 * first change and at most every URL_DELAY ms during a burst (a slider dragged).
 */
export class UrlWriter {
  private timer: ReturnType<typeof setTimeout> | undefined
  /** When the URL was last written (`now()`). */
  private written = -Infinity

  constructor(
    private readonly bar: AddressBar,
    /** The query to write (`formatViewState` of the state then). */
    private readonly query: () => string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  write(history: 'push' | 'replace'): void {
    this.cancel()
    if (history === 'push') return this.writeNow('push')
    const wait = this.written + URL_DELAY - this.now()
    if (wait <= 0) return this.writeNow('replace')
    // The delayed write keeps the pending URL: a reload may already be under way, to the old address,
    // when the timer fires (seen in CI), and the pending URL is what carries the change across it.
    this.timer = setTimeout(() => this.writeNow('replace', true), wait)
    this.bar.keepPending(this.bar.search, this.query())
  }

  /** Another history entry (back or forward): a change still waiting belonged to the one left. */
  abandon(): void {
    this.cancel()
    this.bar.dropPending()
  }

  private cancel(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private writeNow(history: 'push' | 'replace', keepPending = false): void {
    this.cancel()
    this.written = this.now()
    if (!keepPending) this.bar.dropPending()
    const url = this.query() + this.bar.hash
    if (url === this.bar.search + this.bar.hash) return
    if (history === 'push') this.bar.push(url)
    else this.bar.replace(url)
  }
}
