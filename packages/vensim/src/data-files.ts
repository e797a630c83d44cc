import { type Area, parseArea } from './data-cells.js'
import { decodeText, delimiterFor, parseDelimited } from './data-csv.js'
import { DataFileError } from './data-errors.js'
import type { Grid } from './data-grid.js'
import { dataFilePath } from './data-paths.js'
import { isLegacyWorkbook, readXlsx, type Workbook } from './data-xlsx.js'

/**
 * Where a model's data files come from. The CLI reads them from disk beside the model, the viewer from
 * the files dropped with it, tests from memory (`memoryDataSource`).
 */
export interface DataSource {
  /**
   * A file's bytes by its path relative to the model's folder, segments joined with `/` (already checked
   * to stay inside the folder); undefined when there is no such file.
   */
  read(path: string): Uint8Array | undefined
  /**
   * What Vensim's indirect file names stand for (`'?data'` → `'data.xlsx'`), which Vensim keeps in its
   * Model>Settings>XLS Files; without an entry, a `?name` is an error saying to write the file's name.
   */
  readonly tags?: Readonly<Record<string, string>>
}

/** `GET DIRECT CONSTANTS('file', 'tab', 'cell')` and `GET XLS CONSTANTS`, arguments as written. */
export interface DirectConstantsArgs {
  /** The file, relative to the model's folder, or a `?tag`. */
  readonly file: string
  /** A workbook's tab; for a text file, its delimiter (`','`, `'\t'`). */
  readonly tab: string
  /** The first cell (`B2`) or a defined name; a trailing `*` reads the block transposed. */
  readonly cell: string
}

/**
 * `GET DIRECT DATA('file', 'tab', 'time row or col', 'cell')`, `GET DIRECT LOOKUPS` (where the third
 * argument holds the x values) and their `GET XLS` twins, arguments as written.
 */
export interface DirectDataArgs extends DirectConstantsArgs {
  /** A row number (`'1'`: times run across), a column letter (`'A'`: times run down), or a defined name. */
  readonly timeRowOrCol: string
}

/** Files held in memory, by path relative to the model's folder (`\` or `/`, any case when not exact). */
export function memoryDataSource(
  files: Readonly<Record<string, Uint8Array>> | ReadonlyMap<string, Uint8Array>,
  tags?: Readonly<Record<string, string>>,
): DataSource {
  const byPath = new Map<string, Uint8Array>()
  const byLower = new Map<string, Uint8Array>()
  const entries: Iterable<[string, Uint8Array]> = files instanceof Map ? files : Object.entries(files)
  for (const [name, bytes] of entries) {
    const path = name
      .split(/[\\/]+/)
      .filter((s: string) => s !== '' && s !== '.')
      .join('/')
    byPath.set(path, bytes)
    byLower.set(path.toLowerCase(), bytes)
  }
  // Models written on Windows often spell a file's name in another case than the file has.
  const read = (path: string): Uint8Array | undefined => byPath.get(path) ?? byLower.get(path.toLowerCase())
  return tags === undefined ? { read } : { read, tags }
}

/** One tab of a workbook, or a text file: the grid a call reads and how messages name it. */
export interface DataTable {
  readonly grid: Grid
  /** `"data.csv"` or `tab "Sheet1" of "inputs.xlsx"`. */
  readonly label: string
  /** The file as the model names it. */
  readonly file: string
  /**
   * A cell (`B2`), a range (`B2:D9`) or, in a workbook, a defined name, as an area and the grid and
   * label of the tab holding it (a name may point into another tab); undefined for anything else.
   */
  locate(ref: string): { readonly grid: Grid; readonly area: Area; readonly label: string } | undefined
  /** Whether `ref` is a defined name here (a name can look like column letters: `abc`). */
  isName(ref: string): boolean
}

type Opened =
  { readonly kind: 'workbook'; readonly workbook: Workbook } | { readonly kind: 'text'; readonly text: string }

// Parsed files per source, so forty calls into one workbook unpack it once; a new source (the viewer's
// next drop) starts afresh.
const cache = new WeakMap<DataSource, Map<string, Opened>>()

/** Opens the tab (or text file) a call names; every problem is a DataFileError naming the file. */
export function openDataTable(source: DataSource, file: string, tab: string): DataTable {
  const { path, opened } = openFile(source, file)
  if (opened.kind === 'text') {
    const grid = textGrid(source, path, opened.text, delimiterFor(path, tab))
    const label = `"${file}"`
    return {
      grid,
      label,
      file,
      locate: (ref) => {
        const area = parseArea(ref)
        return area && { grid, area, label }
      },
      isName: () => false,
    }
  }
  const { workbook } = opened
  const tabName =
    workbook.tabs.find((t) => t === tab) ?? workbook.tabs.find((t) => t.toLowerCase() === tab.toLowerCase())
  const grid = tabName === undefined ? undefined : workbook.tab(tabName)
  if (tabName === undefined || grid === undefined) {
    const tabs = workbook.tabs.map((t) => `"${t}"`).join(', ')
    throw new DataFileError(`"${file}" has no tab "${tab}": name one of its tabs (${tabs})`, file)
  }
  const label = `tab "${tabName}" of "${file}"`
  return {
    grid,
    label,
    file,
    locate: (ref) => {
      const area = parseArea(ref)
      if (area) return { grid, area, label }
      const named = workbook.name(ref, tabName)
      if (named === 'unsupported') {
        throw new DataFileError(
          `the name "${ref}" in "${file}" is not one range of cells: define it as a range such as Sheet1!$B$2:$D$2`,
          file,
        )
      }
      if (!named) return undefined
      const namedGrid = named.tab === tabName ? grid : workbook.tab(named.tab)!
      return { grid: namedGrid, area: named.area, label: `tab "${named.tab}" of "${file}"` }
    },
    isName: (ref) => workbook.name(ref, tabName) !== undefined,
  }
}

const textGrids = new WeakMap<DataSource, Map<string, Grid>>()

function textGrid(source: DataSource, path: string, text: string, delimiter: string): Grid {
  let grids = textGrids.get(source)
  if (!grids) textGrids.set(source, (grids = new Map()))
  const key = `${delimiter}\u0000${path}`
  let grid = grids.get(key)
  if (!grid) grids.set(key, (grid = parseDelimited(text, delimiter)))
  return grid
}

function openFile(source: DataSource, file: string): { path: string; opened: Opened } {
  const named = resolveTag(source, file.trim())
  const path = dataFilePath(named)
  let files = cache.get(source)
  if (!files) cache.set(source, (files = new Map()))
  const cached = files.get(path)
  if (cached) return { path, opened: cached }

  const notFound = (): never => {
    throw new DataFileError(
      `data file "${file}" is not in the model's folder: put it there, or name the right file`,
      file,
    )
  }
  const legacy = (): never => {
    throw new DataFileError(
      `data file "${file}" is a legacy Excel .xls workbook, which stockflow does not read: save it as .xlsx ` +
        `(as "${path.replace(/\.xls$/i, '')}.xlsx" beside it, the model can stay as it is) or as CSV`,
      file,
    )
  }
  const ext = /\.[^./]*$/.exec(path)?.[0].toLowerCase() ?? ''
  let opened: Opened
  if (ext === '.xls') {
    // Saved as .xlsx beside it, a legacy workbook is read without editing the model.
    const modern = source.read(path.replace(/\.xls$/i, (ext) => `${ext}${ext === '.XLS' ? 'X' : 'x'}`))
    const bytes = modern ?? source.read(path) ?? notFound()
    // An .xlsx workbook misnamed .xls is read as what it is.
    if (!modern && (isLegacyWorkbook(bytes) || bytes[0] !== 0x50 || bytes[1] !== 0x4b)) legacy()
    opened = { kind: 'workbook', workbook: workbookOf(bytes, file, legacy) }
  } else if (ext === '.xlsb' || ext === '.ods') {
    throw new DataFileError(
      `data file "${file}" is a ${ext} workbook, which stockflow does not read: save it as .xlsx or CSV`,
      file,
    )
  } else {
    const bytes = source.read(path) ?? notFound()
    if (ext === '.xlsx' || ext === '.xlsm' || isLegacyWorkbook(bytes)) {
      opened = { kind: 'workbook', workbook: workbookOf(bytes, file, legacy) }
    } else opened = { kind: 'text', text: decodeText(bytes) }
  }
  files.set(path, opened)
  return { path, opened }
}

function workbookOf(bytes: Uint8Array, file: string, legacy: () => never): Workbook {
  if (isLegacyWorkbook(bytes)) legacy()
  return readXlsx(bytes, file)
}

function resolveTag(source: DataSource, file: string): string {
  if (!file.startsWith('?')) return file
  const tags = source.tags ?? {}
  const key = Object.keys(tags).find((k) => k.toLowerCase() === file.toLowerCase())
  if (key === undefined) {
    throw new DataFileError(
      `"${file}" names a data file through Vensim's XLS Files settings, which stockflow does not read: write the file's name in the call instead`,
      file,
    )
  }
  return tags[key]!
}
