import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { isModelModule } from './model-extensions.js'

/** Extensions of a `.ts` model's own folder that may be part of it (modules and the data they read). */
const MODULE_FILES = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json']

/**
 * Whether a file name is never a reason to reload: the viewer's own arrangement (`*.layout.json`,
 * written by the server's arrange endpoint) and editors' temporary and backup files.
 */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase()
  return (
    lower.endsWith('.layout.json') ||
    /\.sw[a-p]x?$/.test(lower) || // vim swap files (.swp, .swo, .swx)
    lower.endsWith('~') || // backups (emacs, vim's `backupext`)
    name.startsWith('.#') || // emacs lock files
    (name.startsWith('#') && name.endsWith('#')) || // emacs auto-saves
    lower.endsWith('.tmp') ||
    /\.tmp\.\d+(\.\d+)?$/.test(lower) || // atomic writes of VS Code and others (`model.ts.tmp.123`)
    name === '4913' // vim's probe whether it may write the folder
  )
}

/** What the watcher looks at: folders, and which names in each count. */
export interface WatchTargets {
  /** Absolute folders, each watched without its subfolders. */
  readonly folders: readonly string[]
  /** Whether an absolute file path is part of the model. */
  readonly counts: (file: string) => boolean
}

/**
 * The files a served model is made of. A `.ts`/`.js` model: its folder's modules and JSON files, plus
 * the local files it imported (`imported`, absolute; none below `node_modules`). A `.mdl` model: the file
 * and the data files it read. Any other model: the file alone.
 */
export function watchTargets(modelFile: string, imported: readonly string[] = []): WatchTargets {
  const file = resolve(modelFile)
  const folder = dirname(file)
  const extra = new Set(imported.map((f) => resolve(f)).filter((f) => !f.split(sep).includes('node_modules')))
  extra.delete(file)
  const folders = [...new Set([folder, ...[...extra].map((f) => dirname(f))])]
  const isModule = isModelModule(file)
  return {
    folders,
    counts: (path) => {
      const abs = resolve(path)
      if (isIgnoredName(basename(abs))) return false
      if (abs === file || extra.has(abs)) return true
      return isModule && dirname(abs) === folder && MODULE_FILES.includes(extname(abs).toLowerCase())
    },
  }
}

/** Whether `file` lies inside `folder` (or is it). */
export function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}
