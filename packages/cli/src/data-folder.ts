import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { DataSource } from '@stockflow/vensim'

/**
 * The data files of a model on disk: paths relative to the model's folder (the importer has already
 * refused `..`, absolute paths and drive letters), read only when they resolve inside the folder, so a
 * symbolic link cannot carry a read outside it either.
 */
export function folderDataSource(folder: string): DataSource {
  const root = realpathSync(folder)
  return {
    read(path) {
      const file = join(root, ...path.split('/'))
      if (!existsSync(file) || !statSync(file).isFile()) return undefined
      const real = realpathSync(file)
      if (!real.startsWith(root + sep)) return undefined
      return readFileSync(real)
    },
  }
}
