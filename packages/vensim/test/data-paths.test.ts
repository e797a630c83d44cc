import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { DataFileError, dataFilePath, memoryDataSource, readDirectConstants } from '@stockflow/vensim'

const outside = (path: string): string =>
  `data file "${path}" is outside the model's folder: data files must sit in the model's folder or below`

describe('data file paths: inside the model folder only', () => {
  it('keeps relative paths, with / for \\ and without . or empty segments', () => {
    expect(dataFilePath('data.csv')).toBe('data.csv')
    expect(dataFilePath(' inputs\\tab data.xlsx ')).toBe('inputs/tab data.xlsx')
    expect(dataFilePath('./a//b/./c.csv')).toBe('a/b/c.csv')
    expect(dataFilePath('..data/x..csv')).toBe('..data/x..csv')
  })

  it.each([
    '../data.csv',
    'a/../../data.csv',
    'a/..',
    '..\\data.csv',
    '/etc/passwd',
    '\\Windows\\win.ini',
    '\\\\server\\share\\data.csv',
    '//server/share/data.csv',
    'C:\\data\\in.xlsx',
    'c:data.csv',
    'file:///etc/passwd',
    'https://example.com/data.csv',
    'data.csv:stream',
    'a/.. /b.csv',
    'a/.../b.csv',
    'data\u0000.csv',
    '.',
  ])('refuses %j with one line naming it', (path) => {
    let error: unknown
    try {
      dataFilePath(path)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(DataFileError)
    expect((error as DataFileError).message).toBe(outside(path))
    expect((error as DataFileError).file).toBe(path)
  })

  it('refuses before reading anything: the source is never asked', () => {
    const asked: string[] = []
    const source = { read: (p: string) => (asked.push(p), strToU8('1')) }
    expect(() => readDirectConstants(source, { file: '../../secret.csv', tab: ',', cell: 'A1' })).toThrow(
      outside('../../secret.csv'),
    )
    // A ?tag that stands for a path outside the folder is refused the same way.
    const tagged = { ...memoryDataSource({}), read: source.read, tags: { '?x': '/etc/passwd' } }
    expect(() => readDirectConstants(tagged, { file: '?x', tab: ',', cell: 'A1' })).toThrow(outside('/etc/passwd'))
    expect(asked).toEqual([])
  })

  it('an empty file name', () => {
    expect(() => dataFilePath('  ')).toThrow('a data file call names no file: give the file name')
  })
})
