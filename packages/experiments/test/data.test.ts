import { StockflowError, eq, flow, model, param, stock } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { readSeriesCsv } from '../src/data.js'

const plain = (t: ReturnType<typeof readSeriesCsv>) =>
  t.series.map((s) => ({ name: s.name, times: [...s.times], values: [...s.values] }))

/** The message a CSV text fails with. */
function failure(text: string, file = 'observed.csv'): string {
  try {
    readSeriesCsv(text, file)
  } catch (e) {
    expect(e).toBeInstanceOf(StockflowError)
    return (e as Error).message
  }
  throw new Error('expected the CSV to be refused')
}

describe('readSeriesCsv', () => {
  it('reads a time column and one series per other column, skipping missing cells', () => {
    const table = readSeriesCsv('time,Revenue,Customers\n0,1.5,10\n1,,12\n2,2.5e1,NA\n3,-4,NaN\n', 'obs.csv')
    expect(table.file).toBe('obs.csv')
    expect(plain(table)).toEqual([
      { name: 'Revenue', times: [0, 2, 3], values: [1.5, 25, -4] },
      { name: 'Customers', times: [0, 1], values: [10, 12] },
    ])
    expect(table.series[0]!.times).toBeInstanceOf(Float64Array)
  })

  it('finds the time column by name in any place and case, else takes the first', () => {
    expect(plain(readSeriesCsv('Sales,TIME\n5,2000\n6,2001'))).toEqual([
      { name: 'Sales', times: [2000, 2001], values: [5, 6] },
    ])
    expect(plain(readSeriesCsv('year,Sales\n2000,5\n2001,6'))).toEqual([
      { name: 'Sales', times: [2000, 2001], values: [5, 6] },
    ])
  })

  it('follows RFC 4180: quoted names with commas, quotes and line breaks; CRLF; a BOM', () => {
    const text = '\uFEFFtime,"Sales, net","He said ""hi""","two\r\nlines"\r\n0,"1",2,3\r\n1,4,5,6\r\n'
    expect(plain(readSeriesCsv(text)).map((s) => s.name)).toEqual(['Sales, net', 'He said "hi"', 'two\r\nlines'])
    expect(plain(readSeriesCsv(text))[0]).toEqual({ name: 'Sales, net', times: [0, 1], values: [1, 4] })
  })

  it('reads an unquoted element list in a header name as one column', () => {
    const text = 'time,Pop[north,young],"Pop[south,old]",Pop[east ,  old]\n0,1,2,3\n1,4,5,6\n'
    expect(plain(readSeriesCsv(text, 'obs.csv'))).toEqual([
      { name: 'Pop[north,young]', times: [0, 1], values: [1, 4] },
      { name: 'Pop[south,old]', times: [0, 1], values: [2, 5] },
      { name: 'Pop[east ,  old]', times: [0, 1], values: [3, 6] },
    ])
    // A `[` never closed splits at the commas as before, and a cell count that then differs hints at quoting.
    expect(plain(readSeriesCsv('time,Pop[north,young\n0,1,2\n')).map((s) => s.name)).toEqual(['Pop[north', 'young'])
    expect(failure('time,Pop[north,young\n0,1\n')).toBe(
      'observed.csv: line 2: 2 cells, but the header has 3 columns; quote a header name that holds commas, e.g. "Pop[north,young]"',
    )
  })

  it('reads what `stockflow run` writes, and its tab-separated form', () => {
    const room = stock('Room, "Main"', { initial: 1 })
    const r = param('r', 0.1)
    const growth = flow('growth', { to: room, rate: eq`${r} * ${room}` })
    const m = model('growth', { time: { start: 0, stop: 2, dt: 0.5 }, elements: [room, r, growth] })
    const run = simulate(m)
    const table = readSeriesCsv(run.toCSV(), 'run.csv')
    expect(table.series.map((s) => s.name)).toEqual(['Room, "Main"', 'r', 'growth'])
    expect([...table.series[0]!.values]).toEqual([...run.get('Room, "Main"')])
    expect([...table.series[0]!.times]).toEqual([...run.times])
    expect(plain(readSeriesCsv(run.toCSV({ delimiter: '\t' }), 'run.tsv'))).toEqual(plain(table))
  })

  it('names file, line and column in its errors', () => {
    expect(failure('time,Revenue\n0,1\n1,2\n2,abc\n')).toBe(
      'observed.csv: line 4, column "Revenue": "abc" is not a number',
    )
    expect(failure('')).toBe(
      'observed.csv: the file is empty; expected a header "time,<series>,..." and a row per time',
    )
    expect(failure('  \r\n')).toMatch(/^observed.csv: the file is empty/)
    expect(failure('Region,Revenue\nNorth,1\n')).toBe(
      'observed.csv: no "time" column, and the first column "Region" is not a time (line 2, column "Region": "North" is not a number); head the time column "time"',
    )
    expect(failure('time,Revenue\n0,1\n2,2\n1,3\n')).toBe(
      'observed.csv: line 4, column "time": time 1 is not after 2 (line 3); times must increase',
    )
    expect(failure('time,Revenue\n0,1\n0,2\n')).toMatch(/line 3, column "time": time 0 is not after 0/)
    expect(failure('time,Revenue\n0,1\n,2\n')).toBe('observed.csv: line 3, column "time": the time is missing')
    expect(failure('time,Revenue\n0,1\n1,2,3\n')).toBe('observed.csv: line 3: 3 cells, but the header has 2 columns')
    expect(failure('time,Revenue\n0,0x10\n')).toMatch(/"0x10" is not a number/)
    expect(failure('time,Revenue\n0,1e999\n')).toMatch(/line 2, column "Revenue": 1e999 is not a finite number/)
    expect(failure('time,Revenue\n0,"1\n')).toBe('observed.csv: line 2: a quoted cell is never closed')
    expect(failure('time,Revenue\n0,1"2"\n')).toMatch(/^observed.csv: line 2: a quote inside an unquoted cell/)
    expect(failure('time,Revenue\n')).toBe('observed.csv: no rows of data after the header')
    expect(failure('time\n0\n')).toMatch(/only the column "time"/)
    expect(failure('time,A,a\n0,1,2\n')).toBe('observed.csv: line 1: columns 2 and 3 are both "a"; rename one')
    expect(failure('scenario,time,A\nS0,0,1\nS1,0,2\n')).toMatch(/a "scenario" column \(from --scenario all\)/)
    // Line numbers count the lines inside quoted cells.
    expect(failure('time,"Rev\nenue"\n0,1\n1,x\n')).toBe(
      'observed.csv: line 4, column "Rev\nenue": "x" is not a number',
    )
  })

  it('leaves the file name out when it has none', () => {
    expect(() => readSeriesCsv('time,A\n0,z')).toThrow(/^line 2, column "A": "z" is not a number$/)
  })
})
