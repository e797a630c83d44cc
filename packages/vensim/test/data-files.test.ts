import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { isStockflowError } from '@stockflow/model'
import {
  DataFileError,
  type DataSource,
  directFunctionKind,
  memoryDataSource,
  readDirectConstants,
  readDirectConstantsBlock,
  readDirectData,
  readDirectDataBlock,
  readDirectLookups,
  readDirectLookupsBlock,
  readDirectSubscript,
} from '@stockflow/vensim'
import { buildXlsx } from './fixtures/xlsx.js'

const fixture = (name: string): Uint8Array => readFileSync(join(__dirname, 'fixtures/data', name))

/** The message of the DataFileError `f` throws. */
function failure(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError)
    expect(isStockflowError(err)).toBe(true)
    const message = (err as Error).message
    expect(message).not.toContain('\n')
    return message
  }
  throw new Error('expected a DataFileError')
}

describe('GET DIRECT DATA from CSV', () => {
  const across = memoryDataSource({
    'across.csv': strToU8('Time,0,1,2,4\nlevel,10,11,,14\nrate, 1.5 ,x,"3",-4e0\n'),
  })

  it('reads times across (a row number) from the first cell on, leaving out missing values', () => {
    const args = { file: 'across.csv', tab: ',', timeRowOrCol: '1', cell: 'B2' }
    expect(readDirectData(across, args)).toEqual({ times: [0, 1, 4], values: [10, 11, 14] })
    expect(readDirectData(across, { ...args, cell: 'B3' })).toEqual({ times: [0, 2, 4], values: [1.5, 3, -4] })
  })

  it('reads a vector of series, one row below the other, each with its own points', () => {
    const args = { file: 'across.csv', tab: ',', timeRowOrCol: '1', cell: 'B2' }
    expect(readDirectDataBlock(across, args, 2)).toEqual([
      { times: [0, 1, 4], values: [10, 11, 14] },
      { times: [0, 2, 4], values: [1.5, 3, -4] },
    ])
  })

  it('reads times down (a column letter), a delimiter other than the extension says, CRLF, and sorts by time', () => {
    const source = memoryDataSource({ 'series-down.csv': fixture('series-down.csv') })
    const args = { file: 'series-down.csv', tab: ';', timeRowOrCol: 'A', cell: 'B2' }
    // The row without a time (7.0) and the values "" and "n/a" are missing values.
    expect(readDirectData(source, args)).toEqual({ times: [1900, 1950, 2000, 2020], values: [1.6, 2.5, 6.1, 7.8] })
    expect(readDirectDataBlock(source, args, 2)[1]).toEqual({ times: [1900, 2000], values: [0.05, 0.13] })
    const unsorted = memoryDataSource({ 'u.csv': strToU8('t,v\n3,30\n1,10\n2,20\n') })
    expect(readDirectData(unsorted, { file: 'u.csv', tab: ',', timeRowOrCol: 'a', cell: 'b2' })).toEqual({
      times: [1, 2, 3],
      values: [10, 20, 30],
    })
  })

  it('takes a tab for files other than .csv, and backslash-t as a tab', () => {
    const source = memoryDataSource({ 'table-across.tab': fixture('table-across.tab') })
    const args = { file: 'table-across.tab', tab: 'Sheet1', timeRowOrCol: '1', cell: 'B2' }
    expect(readDirectLookups(source, args)).toEqual({ x: [0, 0.5, 1, 2], y: [1, 0.8, 0.5, 0] })
    expect(readDirectLookups(source, { ...args, tab: '\\t' })).toEqual({ x: [0, 0.5, 1, 2], y: [1, 0.8, 0.5, 0] })
  })

  it('reads quoted fields, with delimiters and quotes inside', () => {
    const source = memoryDataSource({ 'q.csv': strToU8('"a, ""b""",1\n"2",3\n') })
    expect(readDirectConstantsBlock(source, { file: 'q.csv', tab: ',', cell: 'A2' }, 1, 2)).toEqual([[2, 3]])
    expect(failure(() => readDirectConstants(source, { file: 'q.csv', tab: ',', cell: 'A1' }))).toBe(
      '"q.csv": cell A1 holds "a, "b"", not a number: put the constant\'s value there',
    )
  })

  it('reads Windows-1252 text and a UTF-8 byte-order mark', () => {
    const source = memoryDataSource({
      // "Année,1" and "0,5" in Windows-1252: é is the lone byte 0xE9, not UTF-8.
      'l.csv': new Uint8Array([0x41, 0x6e, 0x6e, 0xe9, 0x65, 0x2c, 0x31, 0x0a, 0x30, 0x2c, 0x35, 0x0a]),
      'b.csv': new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8('7,8\n')]),
    })
    expect(readDirectLookups(source, { file: 'l.csv', tab: ',', timeRowOrCol: 'A', cell: 'B2' })).toEqual({
      x: [0],
      y: [5],
    })
    expect(readDirectConstants(source, { file: 'b.csv', tab: ',', cell: 'A1' })).toBe(7)
  })
})

describe('GET DIRECT DATA from .xlsx', () => {
  const book = memoryDataSource({ 'book.xlsx': fixture('exceljs-book.xlsx') })

  it('reads a workbook another tool wrote: times across and down, shared strings, cached formula values', () => {
    expect(readDirectData(book, { file: 'book.xlsx', tab: 'Data', timeRowOrCol: '1', cell: 'B2' })).toEqual({
      times: [0, 1, 3, 5],
      values: [10, 11, 13, 15],
    })
    expect(readDirectDataBlock(book, { file: 'book.xlsx', tab: 'data', timeRowOrCol: 'A', cell: 'B6' }, 2)).toEqual([
      { times: [1990, 2000, 2010], values: [1.5, 2.5, 4] },
      { times: [1990, 2000, 2010], values: [7, 8, 9] },
    ])
    expect(readDirectConstants(book, { file: 'book.xlsx', tab: 'Data', cell: 'E6' })).toBe(3)
    expect(readDirectConstants(book, { file: 'book.xlsx', tab: 'Other tab', cell: '$B$2' })).toBe(7.25)
  })

  it('reads defined names: times and values as names, a named constant, a block, transposed with *', () => {
    expect(
      readDirectData(book, { file: 'book.xlsx', tab: 'Data', timeRowOrCol: 'times', cell: 'alpha_values' }),
    ).toEqual({
      times: [0, 1, 3, 5],
      values: [10, 11, 13, 15],
    })
    // A name defined for the whole workbook is found from any tab, and read where it points.
    expect(readDirectConstants(book, { file: 'book.xlsx', tab: 'Data', cell: 'RATE' })).toBe(7.25)
    expect(readDirectConstantsBlock(book, { file: 'book.xlsx', tab: 'Data', cell: 'block' }, 2, 2)).toEqual([
      [42, 43],
      [44, 45],
    ])
    expect(readDirectConstantsBlock(book, { file: 'book.xlsx', tab: 'Data', cell: 'block*' }, 2, 2)).toEqual([
      [42, 44],
      [43, 45],
    ])
    expect(readDirectConstantsBlock(book, { file: 'book.xlsx', tab: 'Data', cell: 'E8*' }, 1, 2)).toEqual([[42, 44]])
  })

  it("prefers a tab's own name to the workbook's, and reads a range given as cells", () => {
    const bytes = buildXlsx({
      sheets: [
        { name: 'One', cells: { A1: 1, B1: 2, A2: 10, B2: 20 } },
        { name: 'Two', cells: { A1: 5, A2: 6, B1: 50, B2: 60 } },
      ],
      names: [
        { name: 'Time', ref: 'One!$A$1:$B$1' },
        { name: 'time', ref: 'Two!$A$1:$A$2', local: 1 },
        { name: 'vals', ref: 'One!$A$2:$B$2' },
        { name: 'vals', ref: 'Two!$B$1:$B$2', local: 1 },
      ],
    })
    const source = memoryDataSource({ 'n.xlsx': bytes })
    expect(readDirectData(source, { file: 'n.xlsx', tab: 'One', timeRowOrCol: 'time', cell: 'vals' })).toEqual({
      times: [1, 2],
      values: [10, 20],
    })
    expect(readDirectData(source, { file: 'n.xlsx', tab: 'Two', timeRowOrCol: 'time', cell: 'vals' })).toEqual({
      times: [5, 6],
      values: [50, 60],
    })
    expect(readDirectLookups(source, { file: 'n.xlsx', tab: 'Two', timeRowOrCol: 'A1:A2', cell: 'B1' })).toEqual({
      x: [5, 6],
      y: [50, 60],
    })
  })

  it('reads inline strings, booleans, errors, prefixed elements and cells without addresses', () => {
    const rows =
      '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>label</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c><x:v>3</x:v></x:c><x:c t="str"><x:v>9</x:v></x:c></x:row>'
    const bytes = buildXlsx({
      sheets: [{ name: 'S' }],
      parts: {
        'xl/worksheets/sheet1.xml': `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData></x:worksheet>`,
      },
    })
    const source = memoryDataSource({ 'p.xlsx': bytes })
    // The time #N/A is missing; the formula string "9" reads as the number it spells.
    expect(readDirectData(source, { file: 'p.xlsx', tab: 'S', timeRowOrCol: '1', cell: 'A2' })).toEqual({
      times: [2, 4],
      values: [1, 9],
    })
  })

  it('reads the workbook once per source', () => {
    let reads = 0
    const bytes = fixture('exceljs-book.xlsx')
    const source: DataSource = { read: () => (reads++, bytes) }
    for (let k = 0; k < 5; k++) readDirectConstants(source, { file: 'book.xlsx', tab: 'Data', cell: 'E8' })
    expect(reads).toBe(1)
  })
})

describe('GET DIRECT LOOKUPS and CONSTANTS', () => {
  const source = memoryDataSource({ 'l.csv': strToU8('x,0,1,2\nA,0,5,7\nB,1,6,8\n') })

  it('reads lookups as data: x values and their y values', () => {
    const args = { file: 'l.csv', tab: ',', timeRowOrCol: '1', cell: 'B2' }
    expect(readDirectLookups(source, args)).toEqual({ x: [0, 1, 2], y: [0, 5, 7] })
    expect(readDirectLookupsBlock(source, args, 2)[1]).toEqual({ x: [0, 1, 2], y: [1, 6, 8] })
  })

  it('reads constants across the last subscript and down the one before it', () => {
    expect(readDirectConstantsBlock(source, { file: 'l.csv', tab: ',', cell: 'B2' }, 2, 3)).toEqual([
      [0, 5, 7],
      [1, 6, 8],
    ])
    expect(readDirectConstantsBlock(source, { file: 'l.csv', tab: ',', cell: 'B2*' }, 3, 2)).toEqual([
      [0, 1],
      [5, 6],
      [7, 8],
    ])
  })

  it('names the GET XLS twins as the same reads', () => {
    expect(directFunctionKind('GET XLS DATA')).toBe('data')
    expect(directFunctionKind('get_direct_constants')).toBe('constants')
    expect(directFunctionKind(' GET  XLS   LOOKUPS ')).toBe('lookups')
    expect(directFunctionKind('GET DIRECT SUBSCRIPT')).toBe('subscript')
    expect(directFunctionKind('GET VDF DATA')).toBeUndefined()
  })
})

describe('GET DIRECT SUBSCRIPT', () => {
  const bytes = buildXlsx({
    sheets: [{ name: 'S', cells: { B2: 'north', C2: 'south', D2: 'east', B3: 1, C3: 2, D3: 3, E4: 'far' } }],
    names: [{ name: 'regions', ref: 'S!$B$2:$C$2' }],
  })
  const source = memoryDataSource({ 'r.xlsx': bytes })
  const args = { file: 'r.xlsx', tab: 'S', firstCell: 'B2', lastCell: 'D2', prefix: '' }

  it('reads element names across, then down, between the first and last cells, with a prefix', () => {
    expect(readDirectSubscript(source, args)).toEqual(['north', 'south', 'east'])
    expect(readDirectSubscript(source, { ...args, firstCell: 'B3', lastCell: 'D3', prefix: 'Entry' })).toEqual([
      'Entry1',
      'Entry2',
      'Entry3',
    ])
    expect(readDirectSubscript(source, { ...args, lastCell: 'C3' })).toEqual(['north', 'south', '1', '2'])
  })

  it('a row or column alone bounds one direction; blank reads to the end; a name gives its range', () => {
    expect(readDirectSubscript(source, { ...args, lastCell: '2' })).toEqual(['north', 'south', 'east'])
    expect(readDirectSubscript(source, { ...args, firstCell: 'D2', lastCell: 'D' })).toEqual(['east', '3'])
    expect(readDirectSubscript(source, { ...args, firstCell: 'D3', lastCell: '' })).toEqual(['3', 'far'])
    expect(readDirectSubscript(source, { ...args, firstCell: 'regions', lastCell: '' })).toEqual(['north', 'south'])
  })

  it('no name read is an error', () => {
    expect(failure(() => readDirectSubscript(source, { ...args, firstCell: 'A5', lastCell: 'C9' }))).toBe(
      'tab "S" of "r.xlsx": no cell from "A5" to "C9" holds an element\'s name',
    )
  })
})

describe('data files: one-line errors naming the file and what to do', () => {
  const csv = memoryDataSource({ 'd.csv': strToU8('t,1,2,2\nv,1,2,3\n,,x\n') })
  const book = memoryDataSource({ 'book.xlsx': fixture('exceljs-book.xlsx') })

  it('a missing file, tab, cell or name', () => {
    expect(failure(() => readDirectConstants(csv, { file: 'e.csv', tab: ',', cell: 'A1' }))).toBe(
      `data file "e.csv" is not in the model's folder: put it there, or name the right file`,
    )
    expect(failure(() => readDirectConstants(book, { file: 'book.xlsx', tab: 'Sheet1', cell: 'A1' }))).toBe(
      '"book.xlsx" has no tab "Sheet1": name one of its tabs ("Data", "Other tab")',
    )
    expect(failure(() => readDirectConstants(book, { file: 'book.xlsx', tab: 'Data', cell: 'nope' }))).toBe(
      'tab "Data" of "book.xlsx": "nope" is neither a cell (like B2) nor a name defined there: name the constant\'s cell',
    )
    expect(failure(() => readDirectConstants(book, { file: 'book.xlsx', tab: 'Data', cell: 'D2' }))).toBe(
      'tab "Data" of "book.xlsx": cell D2 is empty: put the constant\'s value there',
    )
    expect(failure(() => readDirectData(csv, { file: 'd.csv', tab: ',', timeRowOrCol: 'time!', cell: 'B2' }))).toBe(
      '"d.csv": the time row or column "time!" is neither a row number, a column\'s letters nor a defined name',
    )
    expect(failure(() => readDirectData(csv, { file: 'd.csv', tab: ',', timeRowOrCol: '1', cell: 'value' }))).toBe(
      '"d.csv": "value" is neither a cell (like B2) nor a name defined there: name the first data cell',
    )
  })

  it('no point read, a time given twice, a name too small for the elements', () => {
    expect(failure(() => readDirectData(csv, { file: 'd.csv', tab: ',', timeRowOrCol: '1', cell: 'B3' }))).toBe(
      '"d.csv": no time in row 1 has a number beside it from B3 on: check the first cell ("B3") and the time row or column ("1")',
    )
    expect(failure(() => readDirectLookups(csv, { file: 'd.csv', tab: ',', timeRowOrCol: '1', cell: 'B2' }))).toBe(
      '"d.csv": x 2 appears twice in row 1 (C1 and D1): give each x once',
    )
    expect(
      failure(() =>
        readDirectDataBlock(book, { file: 'book.xlsx', tab: 'Data', timeRowOrCol: 'times', cell: 'alpha_values' }, 2),
      ),
    ).toBe('tab "Data" of "book.xlsx": "alpha_values" has 1 row of values, fewer than the 2 elements read')
  })

  it('legacy .xls: one line saying to save as .xlsx or CSV; an .xlsx saved beside it is read instead', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    const legacy = memoryDataSource({ 'in.xls': ole, 'renamed.xlsx': ole })
    const message = `data file "in.xls" is a legacy Excel .xls workbook, which stockflow does not read: save it as .xlsx (as "in.xlsx" beside it, the model can stay as it is) or as CSV`
    expect(failure(() => readDirectConstants(legacy, { file: 'in.xls', tab: 'Sheet1', cell: 'A1' }))).toBe(message)
    expect(failure(() => readDirectConstants(legacy, { file: 'renamed.xlsx', tab: 'Sheet1', cell: 'A1' }))).toContain(
      'is a legacy Excel .xls workbook',
    )
    const saved = memoryDataSource({ 'in.xls': ole, 'in.xlsx': fixture('exceljs-book.xlsx') })
    expect(readDirectConstants(saved, { file: 'in.xls', tab: 'Data', cell: 'E8' })).toBe(42)
  })

  it('a damaged or foreign workbook', () => {
    const source = memoryDataSource({
      'text.xlsx': strToU8('not a workbook'),
      'cut.xlsx': fixture('exceljs-book.xlsx').slice(0, 2000),
      'b.xlsb': strToU8('x'),
    })
    expect(failure(() => readDirectConstants(source, { file: 'text.xlsx', tab: 'S', cell: 'A1' }))).toBe(
      'data file "text.xlsx" is not a readable .xlsx workbook (it is not a zip archive): save it again from a spreadsheet as .xlsx or CSV',
    )
    expect(failure(() => readDirectConstants(source, { file: 'cut.xlsx', tab: 'S', cell: 'A1' }))).toMatch(
      /^data file "cut.xlsx" is not a readable .xlsx workbook \(the zip archive is damaged/,
    )
    expect(failure(() => readDirectConstants(source, { file: 'b.xlsb', tab: 'S', cell: 'A1' }))).toBe(
      'data file "b.xlsb" is a .xlsb workbook, which stockflow does not read: save it as .xlsx or CSV',
    )
  })

  it('a part that claims to unpack past 256 MB is refused before unpacking (a zip bomb)', () => {
    const bytes = buildXlsx({ sheets: [{ name: 'S', cells: { A1: 1 } }] })
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    // Each central directory entry (PK 1 2) holds the entry's unpacked size at offset 24.
    for (let k = 0; k + 46 <= bytes.length; k++) {
      if (view.getUint32(k, true) === 0x02014b50) view.setUint32(k + 24, 0xfffffff0, true)
    }
    const source = memoryDataSource({ 'bomb.xlsx': bytes })
    expect(failure(() => readDirectConstants(source, { file: 'bomb.xlsx', tab: 'S', cell: 'A1' }))).toBe(
      'data file "bomb.xlsx" is not a readable .xlsx workbook (its part _rels/.rels unpacks to more than 256 MB): save it again from a spreadsheet as .xlsx or CSV',
    )
  })

  it('a formula with no saved value says what the cell holds', () => {
    const bytes = buildXlsx({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"><f>B1*2</f></c></row>' }] })
    const source = memoryDataSource({ 'f.xlsx': bytes })
    expect(failure(() => readDirectConstants(source, { file: 'f.xlsx', tab: 'S', cell: 'A1' }))).toBe(
      `tab "S" of "f.xlsx": cell A1 holds "=B1*2", not a number: put the constant's value there`,
    )
  })

  it('a DTD in a part is refused, and names that are not one range', () => {
    const dtd = buildXlsx({
      sheets: [{ name: 'S' }],
      parts: {
        'xl/worksheets/sheet1.xml': '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>',
      },
    })
    const names = buildXlsx({
      sheets: [{ name: 'S', cells: { A1: 1 } }],
      names: [
        { name: 'f', ref: 'SUM(S!$A$1:$A$2)' },
        { name: 'gone', ref: '#REF!' },
      ],
    })
    const source = memoryDataSource({ 'dtd.xlsx': dtd, 'names.xlsx': names })
    expect(failure(() => readDirectConstants(source, { file: 'dtd.xlsx', tab: 'S', cell: 'A1' }))).toBe(
      'data file "dtd.xlsx" is not a readable .xlsx workbook (its part xl/worksheets/sheet1.xml is not XML: it declares a DTD): save it again from a spreadsheet as .xlsx or CSV',
    )
    for (const cell of ['f', 'gone']) {
      expect(failure(() => readDirectConstants(source, { file: 'names.xlsx', tab: 'S', cell }))).toBe(
        `the name "${cell}" in "names.xlsx" is not one range of cells: define it as a range such as Sheet1!$B$2:$D$2`,
      )
    }
  })

  it("?tag file names: read through the source's tags, else one line saying to write the name", () => {
    const bytes = fixture('exceljs-book.xlsx')
    const tagged = memoryDataSource({ 'book.xlsx': bytes }, { '?Data': 'book.xlsx' })
    expect(readDirectConstants(tagged, { file: '?data', tab: 'Data', cell: 'E8' })).toBe(42)
    expect(failure(() => readDirectConstants(memoryDataSource({}), { file: '?data', tab: 'Data', cell: 'E8' }))).toBe(
      `"?data" names a data file through Vensim's XLS Files settings, which stockflow does not read: write the file's name in the call instead`,
    )
  })

  it('finds files in another case and with backslashes, as Windows does', () => {
    const source = memoryDataSource({ 'Data/In.CSV': strToU8('5\n') })
    expect(readDirectConstants(source, { file: 'data\\in.csv', tab: ',', cell: 'A1' })).toBe(5)
  })
})
