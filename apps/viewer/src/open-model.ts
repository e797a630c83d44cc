import { StockflowError, modelFromJSON, modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { importXmile } from '@stockflow/xmile'

/** A model read from a file the user chose or dropped. */
export interface OpenedModel {
  readonly model: Model
  readonly fileName: string
  /** What the importer recovered from, one line each. */
  readonly warnings: readonly string[]
}

/** A file the viewer cannot open; `message` is for people (one or a few lines, no stack). */
export class OpenError extends Error {
  override readonly name = 'OpenError'
}

const XMILE = ['.xmile', '.stmx', '.itmx', '.xml']
/** At most this many lines of a long error list are shown. */
const MAX_LINES = 6

/**
 * Reads a `.json` model or an XMILE file as data (never as code). The format follows the extension,
 * else the first character. Throws an `OpenError` with a readable message. (`.mdl` files, read from
 * their bytes with their data files, go through `readMdlFile`.)
 */
export function readModelFile(fileName: string, text: string): OpenedModel {
  const ext = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? ''
  const start = text.trimStart()[0]
  const xmile = XMILE.includes(ext) || (ext !== '.json' && start === '<')
  if (!xmile && ext !== '.json' && start !== '{') {
    throw new OpenError(
      `${fileName}: not a model; open a .json model, an XMILE file (.xmile, .stmx, .itmx) or a Vensim .mdl file`,
    )
  }
  try {
    if (xmile) {
      const { model, warnings } = importXmile(text, fileName)
      return { model, fileName, warnings }
    }
    return { model: modelFromJSON(text, fileName), fileName, warnings: [] }
  } catch (err) {
    throw new OpenError(describeError(err, fileName))
  }
}

/** A readable message for an error while opening or compiling a model (StockflowErrors as they are). */
export function describeError(err: unknown, fileName: string): string {
  if (
    err instanceof Error &&
    (err instanceof StockflowError || err.name === 'StockflowError' || err.name === 'OpenError')
  ) {
    const lines = err.message.split('\n').map((l) => l.trim())
    const shown = lines.slice(0, MAX_LINES)
    if (lines.length > MAX_LINES) shown.push(`… and ${lines.length - MAX_LINES} more`)
    const text = shown.join('\n')
    return text.includes(fileName) ? text : `${fileName}: ${text}`
  }
  if (err instanceof SyntaxError) return `${fileName}: not valid JSON (${err.message})`
  return `${fileName}: could not be opened: ${err instanceof Error ? err.message : String(err)}`
}

const STORAGE_KEY = 'stockflow-viewer:file'

/**
 * Keeps a model opened from a file in localStorage, so a reload restores it. Returns a message when
 * the browser refuses (storage full or disabled); the model stays open either way.
 */
export function keepFileModel(opened: OpenedModel): string | undefined {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ fileName: opened.fileName, model: modelToJSON(opened.model) }))
    return undefined
  } catch {
    return `${opened.fileName} is open but could not be kept in browser storage; a reload will not restore it`
  }
}

/** The model kept by `keepFileModel`, if any and still readable. */
export function restoreFileModel(): OpenedModel | undefined {
  try {
    const text = localStorage.getItem(STORAGE_KEY)
    if (text === null) return undefined
    const kept = JSON.parse(text) as { fileName?: unknown; model?: unknown }
    if (typeof kept.fileName !== 'string' || typeof kept.model !== 'string') return undefined
    return { model: modelFromJSON(kept.model, kept.fileName), fileName: kept.fileName, warnings: [] }
  } catch {
    return undefined
  }
}
