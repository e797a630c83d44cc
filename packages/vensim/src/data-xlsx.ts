import { unzipSync } from 'fflate'
import { type Area, MAX_COLUMNS, MAX_ROWS, parseCell, parseSheetArea } from './data-cells.js'
import { DataFileError } from './data-errors.js'
import { Grid } from './data-grid.js'
import {
  attrOf,
  childElements,
  childrenOf,
  findElement,
  ownText,
  parseXmlNodes,
  tagOf,
  type XmlNode,
} from './data-xml.js'

/**
 * An `.xlsx` workbook read for its cell values: tabs, cached values of formulas, shared and inline
 * strings, and defined names (Excel's named cells and ranges, workbook-wide or local to one tab). Styles,
 * charts and everything else are never unpacked; each tab is unpacked when first read.
 */
export interface Workbook {
  /** The tabs, in workbook order. */
  readonly tabs: readonly string[]
  /** A tab's cells (case-insensitive, as Excel and Vensim match tab names); undefined when there is none. */
  tab(name: string): Grid | undefined
  /**
   * A defined name as seen from tab `fromTab`: that tab's own name first, then the workbook's (names are
   * case-insensitive). `unsupported` when it is defined as something else than one area (a formula,
   * several areas, `#REF!`); undefined when it is not defined.
   */
  name(name: string, fromTab: string): { readonly tab: string; readonly area: Area } | 'unsupported' | undefined
}

/** A part bigger than this once unpacked is refused: it guards against zip bombs. */
const MAX_PART_BYTES = 256 * 1024 * 1024

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]

/** Whether the bytes are a legacy binary workbook (`.xls`, an OLE compound file), whatever the file's name. */
export function isLegacyWorkbook(bytes: Uint8Array): boolean {
  return OLE_MAGIC.every((b, i) => bytes[i] === b)
}

interface DefinedName {
  readonly name: string
  /** Index of the tab the name is local to; undefined for a workbook-wide name. */
  readonly localTab: number | undefined
  readonly target: string
}

/** Reads an `.xlsx` (or `.xlsm`) workbook; `file` names it in errors. */
export function readXlsx(bytes: Uint8Array, file: string): Workbook {
  const fail = (why: string): never => {
    throw new DataFileError(
      `data file "${file}" is not a readable .xlsx workbook (${why}): save it again from a spreadsheet as .xlsx or CSV`,
      file,
    )
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) fail('it is not a zip archive')
  const unpack = (wanted: (name: string) => boolean): Record<string, Uint8Array> => {
    try {
      return unzipSync(bytes, {
        filter: (f) => {
          if (!wanted(f.name)) return false
          if (f.originalSize > MAX_PART_BYTES) fail(`its part ${f.name} unpacks to more than 256 MB`)
          return true
        },
      })
    } catch (err) {
      if (err instanceof DataFileError) throw err
      return fail(`the zip archive is damaged: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const xml = (parts: Record<string, Uint8Array>, path: string): XmlNode[] | undefined => {
    const part = Object.hasOwn(parts, path) ? parts[path] : undefined
    if (!part) return undefined
    try {
      return parseXmlNodes(new TextDecoder('utf-8').decode(part))
    } catch (err) {
      return fail(`its part ${path} is not XML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
    }
  }

  // The package's root relationships say where the workbook part is; nearly always xl/workbook.xml.
  const root = unpack((n) => n === '_rels/.rels')
  const rootRels = relationships(xml(root, '_rels/.rels'), '')
  const workbookPath =
    [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml'
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : ''
  const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`
  const head = unpack((n) => n === workbookPath || n === relsPath)
  const workbookXml = xml(head, workbookPath) ?? fail(`it has no workbook part ${workbookPath}`)
  const rels = relationships(xml(head, relsPath), dir)

  const workbook = findElement(workbookXml, 'workbook') ?? fail('its workbook part has no <workbook>')
  const sheets = childElements(findElement(childrenOf(workbook), 'sheets') ?? {}, 'sheet').map((s) => {
    const rel = rels.get(attrOf(s, 'id') ?? '')
    return { name: attrOf(s, 'name') ?? '', path: rel?.target, chart: rel?.type.endsWith('/chartsheet') ?? false }
  })
  const names: DefinedName[] = []
  for (const d of childElements(findElement(childrenOf(workbook), 'definedNames') ?? {}, 'definedName')) {
    const local = attrOf(d, 'localSheetId')
    names.push({
      name: (attrOf(d, 'name') ?? '').toLowerCase(),
      localTab: local === undefined ? undefined : Number(local),
      target: ownText(d).trim(),
    })
  }

  // Shared strings are only needed as text (a missing value), but a tab of labels would read wrong
  // without them, and GET DIRECT SUBSCRIPT reads labels; read them once, on the first tab read.
  let shared: string[] | undefined
  const sharedStrings = (): string[] => {
    if (shared) return shared
    const target = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target
    const parts = target ? unpack((n) => n === target) : {}
    const sst = target ? findElement(xml(parts, target) ?? [], 'sst') : undefined
    shared = sst ? childElements(sst, 'si').map(richText) : []
    return shared
  }

  const grids = new Map<number, Grid>()
  const indexOf = (name: string): number => {
    const exact = sheets.findIndex((s) => s.name === name)
    return exact >= 0 ? exact : sheets.findIndex((s) => s.name.toLowerCase() === name.toLowerCase())
  }
  return {
    tabs: sheets.map((s) => s.name),
    tab(name) {
      const index = indexOf(name)
      if (index < 0) return undefined
      const cached = grids.get(index)
      if (cached) return cached
      const sheet = sheets[index]!
      if (sheet.chart || sheet.path === undefined) {
        throw new DataFileError(
          `tab "${sheet.name}" of "${file}" holds no cells (a chart sheet?): name a tab of values`,
          file,
        )
      }
      const path = sheet.path
      const doc =
        xml(
          unpack((n) => n === path),
          path,
        ) ?? fail(`its tab "${sheet.name}" is missing (${path})`)
      const grid = readSheet(findElement(doc, 'worksheet') ?? {}, sharedStrings, (why) =>
        fail(`tab "${sheet.name}": ${why}`),
      )
      grids.set(index, grid)
      return grid
    },
    name(name, fromTab) {
      const key = name.toLowerCase()
      const tabIndex = indexOf(fromTab)
      const found =
        names.find((d) => d.name === key && d.localTab !== undefined && d.localTab === tabIndex) ??
        names.find((d) => d.name === key && d.localTab === undefined)
      if (!found) return undefined
      const target = parseSheetArea(found.target)
      if (!target) return 'unsupported'
      const index = indexOf(target.sheet)
      return index < 0 ? 'unsupported' : { tab: sheets[index]!.name, area: target.area }
    },
  }
}

/** A part's relationships by id: type and target, made a path inside the package. */
function relationships(doc: XmlNode[] | undefined, dir: string): Map<string, { type: string; target: string }> {
  const map = new Map<string, { type: string; target: string }>()
  const root = doc ? findElement(doc, 'Relationships') : undefined
  for (const r of root ? childElements(root, 'Relationship') : []) {
    const id = attrOf(r, 'Id')
    const target = attrOf(r, 'Target')
    if (id === undefined || target === undefined || attrOf(r, 'TargetMode') === 'External') continue
    map.set(id, { type: attrOf(r, 'Type') ?? '', target: packagePath(dir, target) })
  }
  return map
}

/** A relationship's target as a path from the package root (`/xl/x.xml` is absolute; `../` goes up). */
function packagePath(dir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : dir.split('/').filter((p) => p !== '')
  for (const p of target.split('/')) {
    if (p === '..') parts.pop()
    else if (p !== '' && p !== '.') parts.push(p)
  }
  return parts.join('/')
}

/** A string item: plain `<t>`, or rich-text runs `<r><t>` joined; phonetic hints (`<rPh>`) left out. */
function richText(si: XmlNode): string {
  let text = ''
  for (const child of childrenOf(si)) {
    const tag = tagOf(child)
    if (tag === 't') text += ownText(child)
    else if (tag === 'r') for (const t of childElements(child, 't')) text += ownText(t)
  }
  return text
}

/**
 * The cells of one worksheet. A cell's value is its `<v>` (for a formula, the value Excel last computed),
 * typed by its `t`: numbers, booleans as 1 and 0, shared or inline strings and formula strings as text,
 * errors (`#N/A`) as missing. Rows and cells without an `r` address follow the previous one.
 */
function readSheet(worksheet: XmlNode, strings: () => string[], fail: (why: string) => never): Grid {
  const grid = new Grid()
  const sheetData = findElement(childrenOf(worksheet), 'sheetData')
  let row = -1
  for (const r of sheetData ? childElements(sheetData, 'row') : []) {
    const rowAttr = attrOf(r, 'r')
    row = rowAttr === undefined ? row + 1 : Number(rowAttr) - 1
    if (!Number.isInteger(row) || row < 0 || row >= MAX_ROWS) fail(`row "${rowAttr}" is out of range`)
    let col = -1
    for (const c of childElements(r, 'c')) {
      const ref = attrOf(c, 'r')
      let cellRow = row
      if (ref === undefined) col++
      else {
        const cell = parseCell(ref) ?? fail(`cell address "${ref}" is not valid`)
        cellRow = cell.row
        col = cell.col
      }
      if (col >= MAX_COLUMNS) fail(`a cell of row ${row + 1} is past column XFD`)
      const value = cellValue(c, strings)
      if (value !== undefined) grid.set(cellRow, col, value)
    }
  }
  return grid
}

function cellValue(c: XmlNode, strings: () => string[]): number | string | undefined {
  const type = attrOf(c, 't') ?? 'n'
  const children = childrenOf(c)
  if (type === 'inlineStr') {
    const is = findElement(children, 'is')
    return is ? richText(is) : undefined
  }
  const v = findElement(children, 'v')
  if (!v) {
    // A formula its writer never computed: kept as its text, so an error can say what the cell holds.
    const f = findElement(children, 'f')
    return f ? `=${ownText(f)}` : undefined
  }
  const raw = ownText(v).trim()
  switch (type) {
    case 'n': {
      const n = Number(raw)
      return raw !== '' && Number.isFinite(n) ? n : undefined
    }
    case 'b':
      return raw === '1' || raw === 'true' ? 1 : 0
    case 's': {
      const index = Number(raw)
      return Number.isInteger(index) ? (strings()[index] ?? undefined) : undefined
    }
    case 'str':
      return ownText(v)
    default:
      // 'e' (an error such as #N/A) and 'd' (an ISO date) are missing values to a model.
      return undefined
  }
}
