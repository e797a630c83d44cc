import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { StockflowError } from '@stockflow/model'

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

// The worker's program (CommonJS, as `eval` workers run). It registers tsx's loader under a namespace and
// imports `@stockflow/model` as the model would (resolved from the model's folder) while it waits; the
// model, imported later through the same namespace, then finds those modules loaded and pays only for
// its own. Every file loaded for the model is noted; the default export is posted (plain data).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
let files = []
const job = (async () => {
  const { register } = await import(workerData.tsx)
  const api = register({ namespace: 'stockflow-model', onImport: (url) => files.push(url) })
  try { await api.import('@stockflow/model', workerData.url) } catch {}
  return api
})()
parentPort.once('message', async ({ url }) => {
  let api
  try {
    api = await job
    files = []
    const mod = await api.import(url, url)
    let exported = mod.default
    if (exported && typeof exported === 'object' && 'default' in exported && !('elements' in exported))
      exported = exported.default
    parentPort.postMessage({ ok: true, exported, files })
  } catch (err) {
    const e = err && typeof err === 'object' ? err : { message: String(err) }
    let errors
    try { errors = JSON.parse(JSON.stringify(e.errors ?? null)) ?? undefined } catch {}
    parentPort.postMessage({ ok: false, files,
      error: { name: e.name, message: String(e.message), stack: e.stack, code: e.code, errors } })
  }
})
`

/**
 * Imports a model module in a worker thread that ends with the import, so its modules (and tsx's
 * loader) are dropped with it and memory stays flat over any number of reloads. One worker is kept
 * ready (`prepare`) with stockflow's packages already imported, so a reload pays only for the model's
 * own modules; at most that one waits, and `close` ends it.
 */
export class ModuleLoader {
  private ready: { readonly file: string; readonly worker: Worker } | undefined
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
    try {
      return await new Promise<WorkerAnswer>((done, fail) => {
        const timer = setTimeout(
          () => fail(new StockflowError(`${name}: the model did not load within ${FRESH_IMPORT_TIMEOUT_MS / 1000} s`)),
          FRESH_IMPORT_TIMEOUT_MS,
        )
        worker.once('message', (message: WorkerAnswer) => {
          clearTimeout(timer)
          done(message)
        })
        worker.once('error', (err) => {
          clearTimeout(timer)
          fail(err)
        })
        worker.once('exit', (code) => {
          clearTimeout(timer)
          fail(new Error(`the worker stopped (exit code ${code})`))
        })
        worker.postMessage({ url: pathToFileURL(file).href })
      })
    } finally {
      await worker.terminate()
    }
  }

  /** Ends the waiting worker; later imports still work, each in a worker of its own. */
  close(): void {
    this.closed = true
    void this.ready?.worker.terminate()
    this.ready = undefined
  }
}

/** Workers that ended on their own while waiting (they cannot be used). */
const exited = new WeakSet<Worker>()

function spawn(file: string): Worker {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { tsx: tsxApi(), url: pathToFileURL(file).href },
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
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  const esm = cjs.replace(/\.cjs$/, '.mjs')
  return pathToFileURL(existsSync(esm) ? esm : cjs).href
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
  if (import.meta.url.endsWith('.ts')) conditions.push('@stockflow/source')
  return [...new Set(conditions)].map((c) => `--conditions=${c}`)
}
