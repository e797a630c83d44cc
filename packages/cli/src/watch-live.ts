import type { IncomingMessage, ServerResponse } from 'node:http'
import { isStockflowError, modelToJSON } from '@stockflow/model'
import { FolderWatcher } from './watch.js'
import { watchTargets } from './watch-files.js'
import { loadFresh } from './watch-load.js'
import type { FreshModel } from './watch-load.js'

/** What the page is told (`/events`): the served model's version, and why the latest save did not load. */
export interface LiveStatus {
  /** Bumped by every reload that changed the model. */
  readonly version: number
  /** The latest save's errors, one line each (`file:line:column: message`); empty when it loaded. */
  readonly errors: readonly string[]
}

/** What `LiveModel` needs besides the first model. */
export interface LiveModelOptions {
  /** Reads the model afresh (`loadFresh` by default; tests pass their own). */
  readonly load?: (path: string) => Promise<FreshModel>
  readonly debounceMs?: number
  /** Told a line for the terminal: reloaded, or the errors. */
  readonly log?: (line: string) => void
}

/**
 * A served model that follows its files (`stockflow view --watch`): a burst of writes reloads it; a
 * model that loads replaces the served one, a model that does not keeps the last good one and says
 * why. Pages listen at `/events` (server-sent events, one `status` event per change and on connecting).
 */
export class LiveModel {
  private json: string
  private current: LiveStatus = { version: 1, errors: [] }
  private readonly clients = new Set<ServerResponse>()
  private readonly watcher: FolderWatcher
  private readonly load: (path: string) => Promise<FreshModel>
  private loading: Promise<void> | undefined
  private again = false
  private closed = false

  constructor(
    private readonly path: string,
    first: FreshModel,
    private readonly options: LiveModelOptions = {},
  ) {
    this.json = modelToJSON(first.model)
    this.load = options.load ?? loadFresh
    this.watcher = new FolderWatcher(watchTargets(first.path, first.imported), {
      onChange: () => void this.reload(),
      debounceMs: options.debounceMs,
      warn: (line) => options.log?.(line),
    })
  }

  /** The last good model, as `/model.json` serves it. */
  get modelJSON(): string {
    return this.json
  }

  get status(): LiveStatus {
    return this.current
  }

  /** The folders watched now. */
  get folders(): readonly string[] {
    return this.watcher.folders
  }

  /** Reads the model again (the watcher calls this); resolves once it and any reload asked for meanwhile are done. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true
      return this.loading
    }
    this.loading = (async () => {
      do {
        this.again = false
        await this.loadOnce()
      } while (this.again && !this.closed)
      this.loading = undefined
    })()
    return this.loading
  }

  /** `/events`: a server-sent event stream of `status`, the current one first. */
  handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    })
    res.write('retry: 1000\n\n')
    this.clients.add(res)
    this.send(res)
    req.on('close', () => this.clients.delete(res))
  }

  close(): void {
    this.closed = true
    this.watcher.close()
    for (const res of this.clients) res.end()
    this.clients.clear()
  }

  private async loadOnce(): Promise<void> {
    let fresh: FreshModel
    try {
      fresh = await this.load(this.path)
    } catch (err) {
      // Anything else (a crashed worker) is shown the same way: the last good model stays served.
      const errors = isStockflowError(err)
        ? err.message.split('\n').map((line) => line.trim())
        : [`${this.path}: could not reload: ${err instanceof Error ? err.message : String(err)}`]
      if (this.closed) return
      for (const line of errors) this.options.log?.(line)
      this.publish({ version: this.current.version, errors })
      return
    }
    if (this.closed) return
    this.watcher.retarget(watchTargets(fresh.path, fresh.imported))
    const json = modelToJSON(fresh.model)
    const changed = json !== this.json
    this.json = json
    this.options.log?.(`${fresh.file}: ${changed ? 'reloaded' : 'unchanged'}`)
    this.publish({ version: this.current.version + (changed ? 1 : 0), errors: [] })
  }

  private publish(status: LiveStatus): void {
    this.current = status
    for (const res of this.clients) this.send(res)
  }

  private send(res: ServerResponse): void {
    res.write(`event: status\ndata: ${JSON.stringify(this.current)}\n\n`)
  }
}
