/**
 * Vensim `.mdl` files in the viewer. Loaded on demand (`import('./open-mdl.ts')`), so the Vensim reader
 * and its workbook unzipper stay out of the bundle until someone opens one.
 */
import { isStockflowError } from '@stockflow/model'
import { DataFileError, importMdl, memoryDataSource } from '@stockflow/vensim'
import type { DataSource } from '@stockflow/vensim'
import { OpenError, describeError } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'

/** What opening a `.mdl` file came to: the model, or the data files it reads that were not given. */
export type MdlOutcome =
  | { readonly kind: 'opened'; readonly opened: OpenedModel }
  /** `missing`: the files' paths relative to the model's folder, as the model names them (`/` between folders). */
  | { readonly kind: 'needs-data'; readonly fileName: string; readonly missing: readonly string[] }

/**
 * Reads a `.mdl` file's bytes with the data files given beside it (by file name, or by path relative to
 * the model's folder). A data file the model reads that is not among them is `needs-data`, naming it;
 * any other problem is an `OpenError`, one line per problem.
 */
export function readMdlFile(fileName: string, bytes: Uint8Array, data: ReadonlyMap<string, Uint8Array>): MdlOutcome {
  const source = recordingSource(data)
  try {
    const { model, warnings } = importMdl(bytes, fileName, { data: source })
    return { kind: 'opened', opened: { model, fileName, warnings } }
  } catch (err) {
    const missing = source.missing()
    if (missing.length > 0 && (isStockflowError(err) || err instanceof DataFileError)) {
      return { kind: 'needs-data', fileName, missing }
    }
    throw new OpenError(describeError(err, fileName))
  }
}

/** A data source over the given files that remembers which paths it was asked for in vain. */
function recordingSource(data: ReadonlyMap<string, Uint8Array>): DataSource & { missing(): string[] } {
  const exact = memoryDataSource(data)
  // A file chosen in the browser has its name only: a model reading `data/inputs.csv` gets `inputs.csv`.
  const byBase = new Map<string, Uint8Array>()
  for (const [name, bytes] of data) byBase.set(baseName(name).toLowerCase(), bytes)
  const asked = new Map<string, boolean>()
  return {
    read(path) {
      const bytes = exact.read(path) ?? byBase.get(baseName(path).toLowerCase())
      asked.set(path, asked.get(path) === true || bytes !== undefined)
      return bytes
    },
    missing() {
      const lower = new Set([...asked.keys()].map((p) => p.toLowerCase()))
      // The reader looks for `x.xlsx` before a legacy `x.xls`: the file to ask for is the one the model names.
      const twin = (p: string) => /\.xlsx$/i.test(p) && lower.has(p.slice(0, -1).toLowerCase())
      return [...asked].filter(([path, found]) => !found && !twin(path)).map(([path]) => path)
    },
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}
