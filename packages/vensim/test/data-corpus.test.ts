import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DataFileError,
  type DataSeries,
  type DataSource,
  readDirectConstants,
  readDirectConstantsBlock,
  readDirectData,
  readDirectDataBlock,
  readDirectLookups,
} from '@stockflow/vensim'
import { corpusPath } from '../../../test/support/corpus.js'

// The SDXorg test models that read data files, checked against Vensim's own runs (output.tab): the
// points read here, interpolated as Vensim does, give the values Vensim printed.
const tests = corpusPath('test-models', 'tests')

/** A folder of the corpus as a data source, as the CLI will read a model's folder. */
function folder(name: string): DataSource {
  const dir = join(tests!, name)
  const files = new Set(readdirSync(dir))
  return { read: (path) => (files.has(path) ? readFileSync(join(dir, path)) : undefined) }
}

/** Vensim's run: each column by its header. */
function output(name: string): Map<string, number[]> {
  const [head, ...rows] = readFileSync(join(tests!, name, 'output.tab'), 'utf8')
    .trim()
    .split(/\r?\n/)
  const names = head!.split('\t')
  const columns = new Map<string, number[]>(names.map((n) => [n, []]))
  for (const row of rows) row.split('\t').forEach((v, i) => v !== '' && columns.get(names[i]!)!.push(Number(v)))
  return columns
}

type Mode = 'interpolate' | 'hold backward' | 'look forward'

/** A data variable's value at t, the way Vensim reads between and beyond its points. */
function at(series: DataSeries, t: number, mode: Mode): number {
  const { times, values } = series
  if (t <= times[0]!) return values[0]!
  if (t >= times[times.length - 1]!) return values[values.length - 1]!
  const k = times.findIndex((x) => x > t) // times[k - 1] <= t < times[k]
  if (mode === 'hold backward' || times[k - 1] === t) return values[k - 1]!
  if (mode === 'look forward') return values[k]!
  const f = (t - times[k - 1]!) / (times[k]! - times[k - 1]!)
  return values[k - 1]! + f * (values[k]! - values[k - 1]!)
}

const series = (x: readonly number[], y: readonly number[]): DataSeries => ({ times: x, values: y })

describe.skipIf(!tests)('data files of the SDXorg corpus', () => {
  it('corpus get_with_missing_values_xlsx: missing times and values are left out, as in Vensim', () => {
    const source = folder('get_with_missing_values_xlsx')
    const run = output('get_with_missing_values_xlsx')
    const time = run.get('Time')!
    const read = (row: string, cell: string): DataSeries =>
      readDirectData(source, { file: 'input.xlsx', tab: 'Hoja1', timeRowOrCol: row, cell })
    const cases: [string, string, string, Mode][] = [
      ['out data interp1', '1', 'C5', 'interpolate'],
      ['out data interp3', '8', 'A9', 'interpolate'],
      ['out data interp4', '10', 'A9', 'interpolate'],
      ['out data hb1', '1', 'C5', 'hold backward'],
      ['out data hb3', '8', 'A9', 'hold backward'],
      ['out data lf1', '1', 'C5', 'look forward'],
      ['out data lf4', '10', 'A9', 'look forward'],
    ]
    for (const [column, row, cell, mode] of cases) {
      const data = read(row, cell)
      expect(
        time.map((t) => at(data, t, mode)),
        column,
      ).toEqual(run.get(column))
    }
    for (const [column, row] of [
      ['out lookup3', '8'],
      ['out lookup4', '10'],
    ] as const) {
      const { x, y } = readDirectLookups(source, { file: 'input.xlsx', tab: 'Hoja1', timeRowOrCol: row, cell: 'A9' })
      expect(
        time.map((t) => at(series(x, y), t, 'interpolate')),
        column,
      ).toEqual(run.get(column))
    }
    // The arrayed rows: element B one row below A, with its own gaps.
    const [a, b] = readDirectDataBlock(source, { file: 'input.xlsx', tab: 'Hoja1', timeRowOrCol: '1', cell: 'C5' }, 2)
    expect(time.map((t) => at(a!, t, 'interpolate'))).toEqual(run.get('out data interp2[A]'))
    expect(time.map((t) => at(b!, t, 'interpolate'))).toEqual(run.get('out data interp2[B]'))
    expect(time.map((t) => at(b!, t, 'look forward'))).toEqual(run.get('out data lf2[B]'))
  })

  it('corpus get_xls_cellrange: names for times and values, workbook-wide and local to a tab', () => {
    const source = folder('get_xls_cellrange')
    const run = output('get_xls_cellrange')
    const time = run.get('Time')!
    const cases = [
      { tab: 'Global', times: 'Time1', values: 'value1', out: 'final1' },
      { tab: 'Global', times: 'Timev', values: 'valuev', out: 'finalv' },
      { tab: 'Local', times: 'Time2', values: 'value2', out: 'final2' },
    ]
    for (const c of cases) {
      const args = { file: 'inputs.xlsx', tab: c.tab, timeRowOrCol: c.times, cell: c.values }
      const data = readDirectData(source, args)
      const { x, y } = readDirectLookups(source, args)
      // value[dim] reads the same range as constants: across for a row, transposed (*) for a column.
      const across = c.values !== 'valuev'
      const constants = readDirectConstantsBlock(
        source,
        { ...args, cell: across ? c.values : `${c.values}*` },
        1,
        6,
      )[0]!
      expect(constants).toEqual('ABCDEF'.split('').map((e) => run.get(`${c.values}[${e}]`)![0]))
      // final[dim] = value[dim] + 10 * data - 100 * lookup(Time)
      const final = time.map(
        (t) => constants[0]! + 10 * at(data, t, 'interpolate') - 100 * at(series(x, y), t, 'interpolate'),
      )
      expect(final, c.out).toEqual(run.get(`${c.out}[A]`))
    }
  })

  it('corpus get_mixed_definitions: named data and constants, a vector read from a name, * on a cell', () => {
    const source = folder('get_mixed_definitions')
    const run = output('get_mixed_definitions')
    const time = run.get('Time')!
    const d1 = readDirectData(source, { file: 'input.xlsx', tab: 'Sheet2', timeRowOrCol: 'time', cell: 'data_d1' })
    expect(time.map((t) => at(d1, t, 'interpolate'))).toEqual(run.get('outdata 1[d1]'))
    const dim = readDirectDataBlock(
      source,
      { file: 'input.xlsx', tab: 'Sheet2', timeRowOrCol: 'time', cell: 'data_dim' },
      4,
    )
    expect(time.map((t) => at(dim[2]!, t, 'interpolate'))).toEqual(run.get('outdata 2[d3,a2]'))
    expect(readDirectConstants(source, { file: 'input.xlsx', tab: 'Sheet2', cell: 'var_d3' })).toBe(
      run.get('const var 1[d3]')![0],
    )
    const vector = readDirectConstantsBlock(source, { file: 'input.xlsx', tab: 'Sheet2', cell: 'var_dim*' }, 1, 4)[0]!
    expect(vector).toEqual(['d1', 'd2', 'd3', 'd4'].map((d) => run.get(`const var 2[${d},a2]`)![0]))
    const ext = readDirectConstantsBlock(source, { file: 'input.xlsx', tab: 'Sheet1', cell: 'C8*' }, 1, 2)[0]!
    expect(ext.map((v) => v * 10)).toEqual([
      run.get('Variable 10[ext const,A]')![0],
      run.get('Variable 10[ext const,B]')![0],
    ])
    const ab = readDirectDataBlock(source, { file: 'input.xlsx', tab: 'Sheet1', timeRowOrCol: '4', cell: 'C5' }, 2)
    expect(time.map((t) => Number((10 * at(ab[1]!, t, 'interpolate')).toFixed(3)))).toEqual(
      run.get('Variable 10[ext data,B]'),
    )
  })

  it('corpus partial_range_definitions: constants, data and lookups from a first cell', () => {
    const source = folder('partial_range_definitions')
    const run = output('partial_range_definitions')
    const time = run.get('Time')!
    const round6 = (v: number) => Number(v.toPrecision(6))
    expect(round6(readDirectConstants(source, { file: 'inputs.xlsx', tab: 'Sheet1', cell: 'D3' }))).toBe(
      run.get('partial constants[A]')![0],
    )
    const data = readDirectData(source, { file: 'inputs.xlsx', tab: 'Sheet1', timeRowOrCol: '1', cell: 'A3' })
    expect(time.map((t) => round6(at(data, t, 'interpolate')))).toEqual(run.get('data[A]'))
    const { x, y } = readDirectLookups(source, { file: 'inputs.xlsx', tab: 'Sheet1', timeRowOrCol: '1', cell: 'A2' })
    expect(time.map((t) => round6(at(series(x, y), t, 'interpolate')))).toEqual(run.get('partial call[A]'))
  })

  it('corpus get_data and get_constants: CSV across and down, and the .xlsx saved beside a named .xls', () => {
    const data = folder('get_data')
    const down = { times: [1, 2, 3], values: [1, 4, 7] }
    const across = { times: [1, 2, 3], values: [1, 2, 3] }
    expect(readDirectData(data, { file: 'data down.csv', tab: ',', timeRowOrCol: 'A', cell: 'B2' })).toEqual(down)
    expect(readDirectData(data, { file: 'data across.csv', tab: ',', timeRowOrCol: '1', cell: 'B2' })).toEqual(across)
    expect(readDirectData(data, { file: 'data down.xls', tab: 'தாள்', timeRowOrCol: 'A', cell: 'B2' })).toEqual(down)
    expect(readDirectData(data, { file: 'data across.xls', tab: 'தாள்', timeRowOrCol: '1', cell: 'B2' })).toEqual(across)
    const constants = folder('get_constants')
    expect(readDirectConstants(constants, { file: 'data.xls', tab: 'தாள்', cell: 'A2' })).toBe(1)
    expect(readDirectConstantsBlock(constants, { file: 'data down.csv', tab: ',', cell: 'A2' }, 3, 3)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ])
    // The model names data.csv, which the folder does not have.
    expect(() => readDirectConstants(constants, { file: 'data.csv', tab: ',', cell: 'A2' })).toThrow(DataFileError)
  })

  it('corpus legacy .xls workbooks: one line saying to save them as .xlsx or CSV', () => {
    for (const name of readdirSync(tests!).filter((d) => d.startsWith('get_'))) {
      const files = readdirSync(join(tests!, name)).filter((f) => /\.xls$/i.test(f))
      for (const file of files) {
        if (files.includes(`${file}x`)) continue
        expect(() => readDirectConstants(folder(name), { file, tab: 'Sheet1', cell: 'A1' }), `${name}/${file}`).toThrow(
          `data file "${file}" is a legacy Excel .xls workbook, which stockflow does not read: save it as .xlsx`,
        )
      }
    }
  })
})
