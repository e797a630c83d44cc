import type { IncomingMessage, ServerResponse } from 'node:http'
import { isStockflowError, modelToJSON } from '@stockflow/model'
import { typecheckRoots } from './typecheck-roots.js'
import { FolderWatcher } from './watch.js'
import { watchTargets } from './watch-files.js'
import { isModelModule } from './model-extensions.js'
import { importedBy, loadFresh, modelFile, shownName } from './watch-load.js'
import type { FreshModel } from './watch-load.js'
import { TypecheckWorker } from './watch-typecheck.js'
import { ModuleLoader } from './watch-worker.js'

/** What the page is told (`/events`): the served model's version, and why the latest save did not load. */
export interface LiveStatus {
  /** Bumped by every reload that changed the model; 0 while no version has loaded yet. */
  readonly version: number
  /** The latest save's errors, one line each (`file:line:column: message`); empty when it loaded. */
  readonly errors: readonly string[]
}

/** What `LiveModel` needs. */
export interface LiveModelOptions {
  /** Reads the model afresh (`loadFresh`, with a worker kept ready, by default; tests pass their own). */
  readonly load?: (path: string) => Promise<FreshModel>
  /**
   * The model's type errors, one line each; by default a `.ts` model is checked in a worker thread
   * (`TypecheckWorker`) and any other is not. Pass `false` to check none.
   */
  readonly typecheck?: ((path: string) => Promise<readonly string[]>) | false
  readonly debounceMs?: number
  /** Told a line for the terminal: reloaded, or the errors. */
  readonly log?: (line: string) => void
}

/** While no version has loaded, a waiting `/model.json` is sent a space this often (JSON allows them). */
const KEEP_ALIVE_MS = 15_000

/**
 * A served model that follows its files (`stockflow view --watch`): a burst of writes reloads it and,
 * at the same time, type-checks a `.ts` model. A model that loads without type errors replaces the
 * served one; one that does not keeps the last good one and says why (a version with type errors is
 * served only while there is no other). When the first load fails, nothing is served until a save
 * loads: `/model.json` waits for it. Pages listen at `/events` (server-sent events, one `status`
 * event per change and on connecting).
 */
export class LiveModel {
  private json: string | undefined
  private current: LiveStatus = { version: 0, errors: [] }
  private firstWarnings: readonly string[] = []
  private readonly clients = new Set<ServerResponse>()
  private readonly waiting = new Set<ServerResponse>()
  private readonly watcher: FolderWatcher
  private readonly load: (path: string) => Promise<FreshModel>
  private readonly loader: ModuleLoader | undefined
  private readonly checker: TypecheckWorker | undefined
  private readonly typecheck: ((path: string) => Promise<readonly string[]>) | undefined
  private readonly keepAlive: ReturnType<typeof setInterval>
  private loading: Promise<void> | undefined
  private loads = 0
  /** The local files the model read, as last known: a failed load adds the ones it reached. */
  private imported: readonly string[] = []
  private again = false
  private closed = false
  /** Bumped by every load: a type check of the first version reports only while none followed. */
  private generation = 0

  /**
   * Resolves MODEL's file (a missing file or folder is the user's mistake, thrown) and loads it once. A
   * first load that fails does not throw: the model then waits for a save that loads (`status.version` 0).
   */
  static async start(path: string, options: LiveModelOptions = {}): Promise<LiveModel> {
    const live = new LiveModel(path, modelFile(path), options)
    await live.loadFirst()
    return live
  }

  private constructor(
    private readonly path: string,
    /** The model file, absolute. */
    readonly modelPath: string,
    private readonly options: LiveModelOptions,
  ) {
    this.loader = options.load === undefined && isModelModule(modelPath) ? new ModuleLoader() : undefined
    this.load = options.load ?? ((p) => loadFresh(p, this.loader))
    if (options.typecheck) this.typecheck = options.typecheck
    else if (options.typecheck === undefined && typecheckRoots(modelPath).length > 0) {
      const checker = new TypecheckWorker()
      this.checker = checker
      this.typecheck = (p) => checker.check(p)
    }
    this.watcher = new FolderWatcher(watchTargets(modelPath), {
      onChange: () => void this.reload(),
      debounceMs: options.debounceMs,
      warn: (line) => options.log?.(line),
    })
    this.keepAlive = setInterval(() => {
      for (const res of this.waiting) res.write(' ')
    }, KEEP_ALIVE_MS)
    this.keepAlive.unref()
  }

  /** The model file as messages name it. */
  get file(): string {
    return shownName(this.modelPath)
  }

  /** The last good model, as `/model.json` serves it; undefined while no version has loaded. */
  get modelJSON(): string | undefined {
    return this.json
  }

  get status(): LiveStatus {
    return this.current
  }

  /** What the first version's importer recovered from (a `.mdl` model's warnings), one line each. */
  get warnings(): readonly string[] {
    return this.firstWarnings
  }

  /** The folders watched now. */
  get folders(): readonly string[] {
    return this.watcher.folders
  }

  /** How many loads were done (the first included). */
  get loaded(): number {
    return this.loads
  }

  /** Whether no save waits to be read and no load is under way. */
  get idle(): boolean {
    return this.watcher.idle && this.loading === undefined
  }

  /** How many file events the watcher saw, counted or not. */
  get seen(): number {
    return this.watcher.seen
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
      // Ready for the next save: a worker with stockflow's packages imported waits for it.
      if (!this.closed) this.loader?.prepare(this.modelPath)
    })()
    return this.loading
  }

  /** `/model.json`: the last good model; while there is none, the answer waits for the first save that loads. */
  handleModel(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    if (this.json !== undefined) return void res.end(this.json)
    this.waiting.add(res)
    req.on('close', () => this.waiting.delete(res))
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

  /** Stops watching and ends the workers, a load under way too (a model that never finishes loading). */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.keepAlive)
    this.watcher.close()
    const stopped = this.loader?.close()
    this.checker?.close()
    for (const res of [...this.clients, ...this.waiting]) res.end()
    this.clients.clear()
    this.waiting.clear()
    await stopped
    await this.loading
  }

  /**
   * The first version: loaded without waiting for its type check (the compiler's first run is the slow
   * one), whose errors are shown once it is done unless a save came first.
   */
  private async loadFirst(): Promise<void> {
    const generation = ++this.generation
    const typed = this.typecheck ? settle(this.typecheck(this.path)) : undefined
    const loaded = await settle(this.load(this.path))
    if (this.closed) return
    if (loaded.ok) this.firstWarnings = loaded.value.warnings ?? []
    this.apply(loaded, [])
    this.loader?.prepare(this.modelPath)
    void typed?.then((types) => {
      if (this.closed || this.generation !== generation) return
      const lines = this.typeLines(types)
      if (lines.length === 0) return
      for (const line of lines) this.options.log?.(line)
      this.publish({ version: this.current.version, errors: combined(lines, this.current.errors) })
    })
  }

  private async loadOnce(): Promise<void> {
    ++this.generation
    // Both at once: the module is imported in its worker while the compiler checks in another.
    const [loaded, types] = await Promise.all([
      settle(this.load(this.path)),
      this.typecheck ? settle(this.typecheck(this.path)) : undefined,
    ])
    if (this.closed) return
    this.apply(loaded, types ? this.typeLines(types) : [])
  }

  /** Serves a load's model (or keeps the last good one) and tells the pages. */
  private apply(loaded: Settled<FreshModel>, typeErrors: readonly string[]): void {
    this.loads++
    if (!loaded.ok) {
      const err = loaded.error
      // Files the failed load reached are watched too (with those of the last good one): their fix reloads.
      const reached = importedBy(err).filter((f) => !this.imported.includes(f))
      if (reached.length > 0) {
        this.imported = [...this.imported, ...reached]
        this.watcher.retarget(watchTargets(this.modelPath, this.imported))
      }
      // Anything else (a crashed worker) is shown the same way: the last good model stays served.
      const errors = isStockflowError(err)
        ? err.message.split('\n').map((line) => line.trim())
        : [`${this.file}: could not reload: ${err instanceof Error ? err.message : String(err)}`]
      const lines = combined(typeErrors, errors)
      for (const line of lines) this.options.log?.(line)
      this.publish({ version: this.current.version, errors: lines })
      return
    }
    const fresh = loaded.value
    this.imported = fresh.imported
    this.watcher.retarget(watchTargets(fresh.path, fresh.imported))
    if (typeErrors.length > 0 && this.json !== undefined) {
      for (const line of typeErrors) this.options.log?.(line)
      this.publish({ version: this.current.version, errors: typeErrors })
      return
    }
    const json = modelToJSON(fresh.model)
    const changed = json !== this.json
    this.json = json
    this.options.log?.(`${fresh.file}: ${changed ? 'reloaded' : 'unchanged'}`)
    for (const line of typeErrors) this.options.log?.(line)
    this.publish({ version: this.current.version + (changed ? 1 : 0), errors: typeErrors })
    for (const res of this.waiting) res.end(json)
    this.waiting.clear()
  }

  /** A type check's errors; a checker that failed is told to the terminal and counts as none. */
  private typeLines(types: Settled<readonly string[]>): readonly string[] {
    if (types.ok) return types.value
    this.options.log?.(`${this.file}: ${types.error instanceof Error ? types.error.message : String(types.error)}`)
    return []
  }

  private publish(status: LiveStatus): void {
    this.current = status
    for (const res of this.clients) this.send(res)
  }

  private send(res: ServerResponse): void {
    res.write(`event: status\ndata: ${JSON.stringify(this.current)}\n\n`)
  }
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  )
}

/**
 * Type errors, then the load's errors at places the type errors do not already name: a syntax error
 * is reported by both, and the compiler's line says more (it gives did-you-means).
 */
export function combined(typeErrors: readonly string[], loadErrors: readonly string[]): string[] {
  const where = (line: string) => /^(.+?:\d+:\d+):/.exec(line)?.[1]
  const named = new Set(typeErrors.map(where).filter((w) => w !== undefined))
  return [...typeErrors, ...loadErrors.filter((line) => !named.has(where(line) ?? '') && !typeErrors.includes(line))]
}
