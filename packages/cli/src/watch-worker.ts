import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { StockflowError } from '@stockflow/model'
import { ownPackagesHook } from './own-packages-hook.js'
import { moduleUrl } from './module-url.js'

/** A module that has not answered in this long is stopped (an endless loop in the model file). */
export const FRESH_IMPORT_TIMEOUT_MS = 120_000

/** What the worker posts back. */
export type WorkerAnswer =
  | { readonly ok: true; readonly exported: unknown; readonly files: readonly string[] }
  | { readonly ok: false; readonly error: ErrorData; readonly files: readonly string[] }

/** An error as the worker could describe it across threads. */
export interface ErrorData {
  readonly name?: string
  readonly message: string
  readonly stack?: string
  readonly code?: string
  readonly errors?: unknown
}

// The worker's program (CommonJS, as `eval` workers run). First the fallback `load.ts` installs in this
// thread (see `own-packages.ts`): `@stockflow/*` the model's folder lacks resolve from the CLI's installation,
// for `import` (the resolve hook) and `require` (a `.ts` model in a folder without `"type": "module"` runs as
// CommonJS, and its `require` of `.ts` files needs tsx's CommonJS loader). Then it registers tsx's loader
// under a namespace and imports `@stockflow/model` as the model would while it waits; the model, imported
// later through the same namespace, finds those modules loaded and pays only for its own. Every file loaded
// for the model is noted; the default export is posted (plain data).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Module = require('node:module')
const { pathToFileURL } = require('node:url')
const { isAbsolute } = require('node:path')
const own = Module.createRequire(workerData.parentURL)
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  try { return resolveFilename.call(this, request, ...rest) } catch (err) {
    if (!err || err.code !== 'MODULE_NOT_FOUND' || !String(request).startsWith('@stockflow/')) throw err
    return own.resolve(request)
  }
}
let files = []
const job = (async () => {
  const tsx = await import(workerData.tsx)
  require(workerData.tsxRequire).register()
  if (workerData.hook.endsWith('.ts')) tsx.register()
  Module.register(workerData.hook, { data: { parentURL: workerData.parentURL } })
  const api = tsx.register({ namespace: 'stockflow-model', onImport: (url) => files.push(url) })
  try { await api.import('@stockflow/model', workerData.url) } catch {}
  return api
})()
parentPort.once('message', async ({ url }) => {
  let api
  const required = new Set(Object.keys(require.cache))
  const withRequired = () => [...files, ...Object.keys(require.cache).filter((f) => !required.has(f) && isAbsolute(f))
    .map((f) => pathToFileURL(f.replace(/[?#].*$/, '')).href)]
  try {
    api = await job
    files = []
    const mod = await api.import(url, url)
    let exported = mod.default
    if (exported && typeof exported === 'object' && 'default' in exported && !('elements' in exported))
      exported = exported.default
    parentPort.postMessage({ ok: true, exported, files: withRequired() })
  } catch (err) {
    const e = err && typeof err === 'object' ? err : { message: String(err) }
    let errors
    try { errors = JSON.parse(JSON.stringify(e.errors ?? null)) ?? undefined } catch {}
    parentPort.postMessage({ ok: false, files: withRequired(),
      error: { name: e.name, message: String(e.message), stack: e.stack, code: e.code, errors } })
  }
})
`

/**
 * Imports a model module in a worker thread that ends with the import, so its modules (and tsx's
 * loader) are dropped with it and memory stays flat over any number of reloads. One worker is kept
 * ready (`prepare`) with stockflow's packages already imported, so a reload pays only for the model's
 * own modules; at most that one waits. `close` ends it and any import under way (a model that never
 * finishes loading), so nothing holds the process.
 */
export class ModuleLoader {
  private ready: { readonly file: string; readonly worker: Worker } | undefined
  private readonly running = new Set<Worker>()
  private closed = false

  /** Starts a worker for `file` to wait in (a no-op when one is ready for it, or after `close`). */
  prepare(file: string): void {
    if (this.closed || this.ready?.file === file) return
    void this.ready?.worker.terminate()
    this.ready = { file, worker: spawn(file) }
  }

  /** Imports `file` in the ready worker (or a new one), then ends that worker. */
  async import(file: string, name: string): Promise<WorkerAnswer> {
    const waiting = this.ready?.file === file && !exited.has(this.ready.worker) ? this.ready.worker : undefined
    const worker = waiting ?? spawn(file)
    if (this.ready && this.ready.worker !== worker) void this.ready.worker.terminate()
    this.ready = undefined
    this.running.add(worker)
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      return await new Promise<WorkerAnswer>((done, fail) => {
        timer = setTimeout(
          () => fail(new StockflowError(`${name}: the model did not load within ${FRESH_IMPORT_TIMEOUT_MS / 1000} s`)),
          FRESH_IMPORT_TIMEOUT_MS,
        )
        // The timer alone must not keep the process alive: Ctrl+C during a hung load ends at once.
        timer.unref()
        worker.once('message', (message: WorkerAnswer) => done(message))
        worker.once('error', (err) => fail(err))
        worker.once('exit', (code) =>
          fail(new Error(this.closed ? 'the load was stopped' : `the worker stopped (exit code ${code})`)),
        )
        worker.postMessage({ url: pathToFileURL(file).href })
      })
    } finally {
      clearTimeout(timer)
      this.running.delete(worker)
      await worker.terminate()
    }
  }

  /** Whether an import is under way. */
  get busy(): boolean {
    return this.running.size > 0
  }

  /** Ends the waiting worker and any import under way (it fails); later imports still work, each in a worker of its own. */
  async close(): Promise<void> {
    this.closed = true
    const workers = [...this.running, ...(this.ready ? [this.ready.worker] : [])]
    this.ready = undefined
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

/** Workers that ended on their own while waiting (they cannot be used). */
const exited = new WeakSet<Worker>()

function spawn(file: string): Worker {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { tsx: tsxApi(), tsxRequire: tsxRequireApi(), url: pathToFileURL(file).href, ...ownPackagesHook() },
    execArgv: workerConditions(),
    stdout: false,
    stderr: false,
  })
  // A waiting worker must not keep the process alive, nor its failure go unheard before it is used.
  worker.unref()
  worker.on('error', () => undefined)
  worker.once('exit', () => exited.add(worker))
  return worker
}

/** tsx's ESM API (`register`), as a URL the worker can import. */
export function tsxApi(): string {
  const cjs = createRequire(moduleUrl(import.meta.url)).resolve('tsx/esm/api')
  const esm = cjs.replace(/\.cjs$/, '.mjs')
  return pathToFileURL(existsSync(esm) ? esm : cjs).href
}

/** tsx's CommonJS API (`register`), as a path the worker can require. */
function tsxRequireApi(): string {
  return createRequire(moduleUrl(import.meta.url)).resolve('tsx/cjs/api')
}

/**
 * The `--conditions` this process resolves packages with, for the worker; when stockflow itself runs
 * from its TypeScript sources (a checkout), the model's `@stockflow/*` imports resolve to them as well.
 */
export function workerConditions(): string[] {
  const args = process.execArgv
  const conditions = args.flatMap((arg, i) => {
    const m = /^(?:--conditions|-C)(?:=(.+))?$/.exec(arg)
    if (!m) return []
    const value = m[1] ?? args[i + 1]
    return value === undefined ? [] : [value]
  })
  if (moduleUrl(import.meta.url).endsWith('.ts')) conditions.push('@stockflow/source')
  return [...new Set(conditions)].map((c) => `--conditions=${c}`)
}
