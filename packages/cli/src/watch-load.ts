import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatIssue, isStockflowError, modelFromData, StockflowError, validate } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import { importMdl } from '@stockflow/vensim'
import type { DataSource } from '@stockflow/vensim'
import { folderDataSource } from './data-folder.js'
import { loadModel } from './load.js'
import type { LoadedModel } from './load.js'
import { loadFailure } from './load-error.js'
import { isModelFile, isModelModule, MODEL_FORMATS_HELP } from './model-extensions.js'
import { isInside } from './watch-files.js'
import { ModuleLoader } from './watch-worker.js'
import type { ErrorData } from './watch-worker.js'
import { moduleDir } from './module-url.js'

/** A model read afresh from disk, with the local files it was made from (absolute). */
export interface FreshModel extends LoadedModel {
  /** The model file itself, absolute. */
  readonly path: string
  /** Files the model read besides itself: a module's local imports, a `.mdl` model's data files. */
  readonly imported: readonly string[]
}

/**
 * A load that failed, with the local files it had read by then: a broken import elsewhere is watched
 * too, so saving its fix reloads the model.
 */
export class FreshLoadError extends StockflowError {
  constructor(
    message: string,
    /** Absolute, as `FreshModel.imported`. */
    readonly imported: readonly string[],
  ) {
    super(message)
  }
}

/** The files a failed load had read (none when it was not a `FreshLoadError`). */
export function importedBy(err: unknown): readonly string[] {
  return err instanceof FreshLoadError ? err.imported : []
}

/**
 * Reads MODEL as `loadModel` does, never from a cache: a `.ts`/`.js` module is imported in a worker
 * thread that ends with the import, so its modules (and tsx's loader) are dropped with it and memory
 * stays flat over any number of reloads (an ESM module, once imported, stays for the thread's life).
 * `loader` may hold a worker made ready beforehand (`ModuleLoader.prepare`). Validation and compile
 * errors are thrown too, one line each (`file: error [code] ...`).
 */
export async function loadFresh(path: string, loader = new ModuleLoader()): Promise<FreshModel> {
  const file = modelFile(path)
  const name = shownName(file)
  const ext = extname(file).toLowerCase()
  let loaded: LoadedModel
  let imported: readonly string[] = []
  if (isModelModule(file)) {
    const result = await importInWorker(file, name, loader)
    imported = result.imported
    loaded = { model: result.model, file: name }
  } else if (ext === '.mdl') {
    const read: string[] = []
    const data = recording(folderDataSource(dirname(file)), dirname(file), read)
    try {
      const { model, warnings } = importMdl(readFileSync(file), name, { data })
      loaded = { model, file: name, warnings }
    } catch (err) {
      throw isStockflowError(err) ? new FreshLoadError(err.message, read) : err
    }
    imported = read
  } else {
    loaded = await loadModel(file)
  }
  const errors = modelErrors(loaded.model, loaded.file)
  if (errors.length) throw new FreshLoadError(errors.join('\n'), imported)
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

/**
 * MODEL as a file: a folder stands for its `model.ts` (`.js`, `.json`), as `loadModel` reads it; a file
 * of a format no command reads is the user's mistake, as it is for `loadModel`.
 */
export function modelFile(path: string): string {
  const file = resolve(path)
  if (!existsSync(file)) throw new StockflowError(`${path}: no such file or folder`)
  if (!statSync(file).isDirectory()) {
    if (!isModelFile(file)) {
      throw new StockflowError(`${shownName(file)}: unknown model format "${extname(file)}"; ${MODEL_FORMATS_HELP}`)
    }
    return file
  }
  const found = ['model.ts', 'model.js', 'model.json'].map((f) => join(file, f)).find((c) => existsSync(c))
  if (!found) throw new StockflowError(`${path}: the folder holds no model.ts, model.js or model.json`)
  return found
}

/** A file as messages name it: relative to the working folder when inside it. */
export function shownName(file: string): string {
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

async function importInWorker(
  file: string,
  name: string,
  loader: ModuleLoader,
): Promise<{ model: Model; imported: string[] }> {
  const answer = await loader.import(file, name)
  const imported = localFiles(answer.files, dirname(file))
  if (!answer.ok) {
    const { line, column, text } = loadFailure(revive(answer.error), file)
    const where = line !== undefined ? `${name}:${line}:${column}` : name
    throw new FreshLoadError(`${where}: could not load the model: ${text}`, imported)
  }
  const exported = answer.exported
  if (!exported || typeof exported !== 'object' || !('elements' in exported)) {
    throw new FreshLoadError(
      `${name}: the default export is not a model; end the file with \`export default model(...)\``,
      imported,
    )
  }
  try {
    return { model: modelFromData(exported, name), imported }
  } catch (err) {
    throw isStockflowError(err) ? new FreshLoadError(err.message, imported) : err
  }
}

/**
 * The loaded files that are the user's: on disk, outside `node_modules`, and in the model's folder or
 * outside stockflow's own packages (a checkout resolves `@stockflow/*` to `packages/*` sources).
 */
function localFiles(urls: readonly string[], modelFolder: string): string[] {
  const cliRoot = resolve(moduleDir(import.meta.url), '..')
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
