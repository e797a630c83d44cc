import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { DataFileError } from '@stockflow/vensim'
import type { DataSource } from '@stockflow/vensim'

/**
 * The data files of a model on disk: paths relative to the model's folder (the importer has already
 * refused `..`, absolute paths and drive letters), read only when they resolve inside the folder, so a
 * symbolic link cannot carry a read outside it either.
 */
export function folderDataSource(folder: string): DataSource {
  const root = realpathSync(folder)
  // The root of the file system already ends in a separator (`/`, `C:\`).
  const prefix = root.endsWith(sep) ? root : root + sep
  return {
    read(path) {
      const file = findFile(root, path.split('/'))
      if (file === undefined || !statSync(file).isFile()) return undefined
      const real = realpathSync(file)
      if (!real.startsWith(prefix))
        throw new DataFileError(
          `data file "${path}" leads outside the model's folder through a symbolic link: copy the file into the folder`,
          path,
        )
      return readFileSync(real)
    },
  }
}

/**
 * The file at `segments` below `root`; a segment missing as spelled matches the one entry of its folder
 * that differs only in case (models written on Windows name `data.csv` for `Data.csv`).
 */
function findFile(root: string, segments: readonly string[]): string | undefined {
  let at = root
  for (const segment of segments) {
    const exact = join(at, segment)
    if (existsSync(exact)) {
      at = exact
      continue
    }
    let entries: string[]
    try {
      entries = readdirSync(at)
    } catch {
      return undefined
    }
    const lower = segment.toLowerCase()
    const matches = entries.filter((e) => e.toLowerCase() === lower)
    if (matches.length !== 1) return undefined
    at = join(at, matches[0]!)
  }
  return existsSync(at) ? at : undefined
}
