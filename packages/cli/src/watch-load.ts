import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { formatIssue, isStockflowError, modelFromData, StockflowError, validate } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import { importMdl } from '@stockflow/vensim'
import type { DataSource } from '@stockflow/vensim'
import { folderDataSource } from './data-folder.js'
import { loadModel } from './load.js'
import type { LoadedModel } from './load.js'
import { loadFailure } from './load-error.js'
import { isInside } from './watch-files.js'

/** A model read afresh from disk, with the local files it was made from (absolute). */
export interface FreshModel extends LoadedModel {
  /** The model file itself, absolute. */
  readonly path: string
  /** Files the model read besides itself: a module's local imports, a `.mdl` model's data files. */
  readonly imported: readonly string[]
}

/** A module that has not answered in this long is stopped (an endless loop in the model file). */
export const FRESH_IMPORT_TIMEOUT_MS = 120_000

const MODULES = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']

/**
 * Reads MODEL as `loadModel` does, never from a cache: a `.ts`/`.js` module is imported in a worker
 * thread that ends with the import, so its modules (and tsx's loader) are dropped with it and memory
 * stays flat over any number of reloads (an ESM module, once imported, stays for the thread's life).
 * Validation and compile errors are thrown too, one line each (`file: error [code] ...`).
 */
export async function loadFresh(path: string): Promise<FreshModel> {
  const file = modelFile(path)
  const name = shownName(file)
  const ext = extname(file).toLowerCase()
  let loaded: LoadedModel
  let imported: readonly string[] = []
  if (MODULES.includes(ext)) {
    const result = await importInWorker(file, name)
    imported = result.imported
    loaded = { model: result.model, file: name }
  } else if (ext === '.mdl') {
    const read: string[] = []
    const data = recording(folderDataSource(dirname(file)), dirname(file), read)
    const { model, warnings } = importMdl(readFileSync(file), name, { data })
    loaded = { model, file: name, warnings }
    imported = read
  } else {
    loaded = await loadModel(file)
  }
  const errors = modelErrors(loaded.model, loaded.file)
  if (errors.length) throw new StockflowError(errors.join('\n'))
  return { ...loaded, path: file, imported }
}

/** What keeps a model from running, one line each: validation errors, else the compiler's. */
export function modelErrors(model: Model, file: string): string[] {
  const errors = validate(model).filter((i) => i.severity === 'error')
  if (errors.length) return errors.map((i) => formatIssue(i, file))
  try {
    compile(model)
  } catch (err) {
    if (!isStockflowError(err)) throw err
    return err.message.split('\n').map((line) => `${file}: ${line.trim()}`)
  }
  return []
}

/** MODEL as a file: a folder stands for its `model.ts` (`.js`, `.json`), as `loadModel` reads it. */
function modelFile(path: string): string {
  const file = resolve(path)
  if (!existsSync(file)) throw new StockflowError(`${path}: no such file or folder`)
  if (!statSync(file).isDirectory()) return file
  const found = ['model.ts', 'model.js', 'model.json'].map((f) => join(file, f)).find((c) => existsSync(c))
  if (!found) throw new StockflowError(`${path}: the folder holds no model.ts, model.js or model.json`)
  return found
}

function shownName(file: string): string {
  const shown = relative(process.cwd(), file)
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : file
}

/** A data source that notes the files it read (absolute). */
function recording(source: DataSource, folder: string, read: string[]): DataSource {
  return {
    read(path) {
      const bytes = source.read(path)
      if (bytes !== undefined) read.push(join(folder, ...path.split('/')))
      return bytes
    },
  }
}

/** What the worker posts back. */
type WorkerAnswer =
  | { readonly ok: true; readonly exported: unknown; readonly files: readonly string[] }
  | { readonly ok: false; readonly error: ErrorData; readonly files: readonly string[] }

interface ErrorData {
  readonly name?: string
  readonly message: string
  readonly stack?: string
  readonly code?: string
  readonly errors?: unknown
}

// The worker's program (CommonJS, as `eval` workers run): import the model through tsx's scoped
// loader, note every file it loaded, and post the default export (plain data: a model is JSON-like).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
;(async () => {
  const files = []
  try {
    const { tsImport } = await import(workerData.tsx)
    const mod = await tsImport(workerData.url, { parentURL: workerData.url, onImport: (url) => files.push(url) })
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
})()
`

async function importInWorker(file: string, name: string): Promise<{ model: Model; imported: string[] }> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { tsx: tsxApi(), url: pathToFileURL(file).href },
    execArgv: workerConditions(),
    stdout: false,
    stderr: false,
  })
  let answer: WorkerAnswer
  try {
    answer = await new Promise<WorkerAnswer>((done, fail) => {
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
    })
  } finally {
    await worker.terminate()
  }
  const imported = localFiles(answer.files, dirname(file))
  if (!answer.ok) {
    const { line, column, text } = loadFailure(revive(answer.error), file)
    const where = line !== undefined ? `${name}:${line}:${column}` : name
    throw new StockflowError(`${where}: could not load the model: ${text}`)
  }
  const exported = answer.exported
  if (!exported || typeof exported !== 'object' || !('elements' in exported)) {
    throw new StockflowError(
      `${name}: the default export is not a model; end the file with \`export default model(...)\``,
    )
  }
  return { model: modelFromData(exported, name), imported }
}

/**
 * The loaded files that are the user's: on disk, outside `node_modules`, and in the model's folder or
 * outside stockflow's own packages (a checkout resolves `@stockflow/*` to `packages/*` sources).
 */
function localFiles(urls: readonly string[], modelFolder: string): string[] {
  const cliRoot = resolve(import.meta.dirname, '..')
  const ours = basename(dirname(cliRoot)) === 'packages' ? dirname(cliRoot) : cliRoot
  return urls.flatMap((url) => {
    if (!url.startsWith('file:')) return []
    const path = fileURLToPath(url.replace(/[?#].*$/, ''))
    if (path.split(sep).includes('node_modules')) return []
    return isInside(path, modelFolder) || !isInside(path, ours) ? [path] : []
  })
}

/** An error as the worker described it, rebuilt enough for `loadFailure` (its class, stack and esbuild list). */
function revive(data: ErrorData): Error {
  const Kind = { SyntaxError, ReferenceError, TypeError, RangeError }[data.name ?? ''] ?? Error
  const err: Error & { code?: string; errors?: unknown } = new Kind(data.message)
  if (data.stack !== undefined) err.stack = data.stack
  if (data.code !== undefined) err.code = data.code
  if (data.errors !== undefined) err.errors = data.errors
  return err
}

/** tsx's ESM API (`tsImport`), as a URL the worker can import. */
function tsxApi(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  const esm = cjs.replace(/\.cjs$/, '.mjs')
  return pathToFileURL(existsSync(esm) ? esm : cjs).href
}

/**
 * The `--conditions` this process resolves packages with, for the worker; when stockflow itself runs
 * from its TypeScript sources (a checkout), the model's `@stockflow/*` imports resolve to them as well.
 */
function workerConditions(): string[] {
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
