import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { modelFromData, modelFromJSON, StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { importMdl } from '@stockflow/vensim'
import { importXmile } from '@stockflow/xmile'
import { folderDataSource } from './data-folder.js'
import { loadFailure } from './load-error.js'
import { MODEL_FORMATS_HELP, MODEL_MODULE_EXTENSIONS, XMILE_EXTENSIONS } from './model-extensions.js'
import { moduleUrl } from './module-url.js'
import { resolveOwnPackagesAsFallback } from './own-packages.js'

/** A model read from disk, with the file it came from (for messages). */
export interface LoadedModel {
  readonly model: Model
  readonly file: string
  /** What an importer recovered from (XMILE: malformed XML, undeclared prefixes, ...), one line each. */
  readonly warnings?: readonly string[]
}

/** What MODEL may be, for every command's help. */
export const MODEL_ARGUMENT_HELP = 'a .ts/.js module, a .json, XMILE or Vensim .mdl model, or a folder with model.ts'

/**
 * Reads MODEL: a `.ts`/`.js` module whose default export is a model, a `.json` model, an XMILE file
 * (`.xmile`, `.stmx`, `.itmx`), a Vensim `.mdl` file or a folder holding `model.ts`. JSON, XMILE and
 * `.mdl` files are only ever read as data; TS/JS modules are programs the user chose to run.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  let file = resolve(path)
  if (!existsSync(file)) throw new StockflowError(`${path}: no such file or folder`)
  if (statSync(file).isDirectory()) {
    const candidates = ['model.ts', 'model.js', 'model.json'].map((f) => join(file, f))
    const found = candidates.find((c) => existsSync(c))
    if (!found) throw new StockflowError(`${path}: the folder holds no model.ts, model.js or model.json`)
    file = found
  }
  const ext = extname(file).toLowerCase()
  const shown = relative(process.cwd(), file)
  const name = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : file
  if (XMILE_EXTENSIONS.includes(ext)) {
    const { model, warnings } = importXmile(readFileSync(file, 'utf8'), name)
    return { model, file: name, warnings }
  }
  if (ext === '.mdl') {
    const { model, warnings } = importMdl(readFileSync(file), name, { data: folderDataSource(dirname(file)) })
    return { model, file: name, warnings }
  }
  return { model: await readModel(file, ext, name), file: name }
}

async function readModel(file: string, ext: string, name: string): Promise<Model> {
  if (ext === '.json') return modelFromJSON(readFileSync(file, 'utf8'), name)
  if (!MODEL_MODULE_EXTENSIONS.includes(ext)) {
    throw new StockflowError(`${name}: unknown model format "${ext}"; ${MODEL_FORMATS_HELP}`)
  }
  return importModel(file, name)
}

/** Imports a user's TS/JS module (a model or its checks); a failure is one line naming the file. */
export async function importModule(file: string, name: string): Promise<{ default?: unknown }> {
  try {
    return await importTypeScript(pathToFileURL(file).href)
  } catch (err) {
    const { line, column, text } = loadFailure(err, file)
    const where = line !== undefined ? `${name}:${line}:${column}` : name
    throw new StockflowError(
      `${where}: could not load ${file.endsWith('checks.ts') ? 'the checks' : 'the model'}: ${text}`,
    )
  }
}

async function importModel(file: string, name: string): Promise<Model> {
  const mod = await importModule(file, name)
  // tsImport wraps CommonJS-style default exports once more.
  let exported = mod.default
  if (exported && typeof exported === 'object' && 'default' in exported && !('elements' in exported))
    exported = (exported as { default: unknown }).default
  if (!exported || typeof exported !== 'object' || !('elements' in exported)) {
    throw new StockflowError(
      `${name}: the default export is not a model; end the file with \`export default model(...)\``,
    )
  }
  return modelFromData(exported, name)
}

/**
 * Imports a module that may be TypeScript. When this process already reads TS (run through tsx or
 * vitest), a plain import is fastest; otherwise tsx's scoped loader compiles it on the fly. Either way
 * `@stockflow/*` the model's folder lacks come from this installation.
 */
async function importTypeScript(url: string): Promise<{ default?: unknown }> {
  resolveOwnPackagesAsFallback()
  try {
    return (await import(url)) as { default?: unknown }
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err
  }
  const { tsImport } = await import('tsx/esm/api')
  return (await tsImport(url, moduleUrl(import.meta.url))) as { default?: unknown }
}
