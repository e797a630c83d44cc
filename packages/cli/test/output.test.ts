import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { writeWhole } from '../src/output.js'

describe('writeWhole', () => {
  it('writes text given in pieces as one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'out.csv')
    writeWhole(path, ['a,b\n', '1,2\n', '3,4\n'])
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n3,4\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('leaves the old file and no temporary file when making the pieces fails midway', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'out.csv')
    writeFileSync(path, 'old\n')
    function* pieces() {
      yield 'new,1\n'
      throw new StockflowError('run failed at time 3')
    }
    expect(() => writeWhole(path, pieces())).toThrow(/run failed at time 3/)
    expect(readFileSync(path, 'utf8')).toBe('old\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('refuses to write over an input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'model.json')
    writeFileSync(path, '{}')
    expect(() => writeWhole(path, 'x', [path])).toThrow(/refusing to overwrite an input file/)
    expect(readFileSync(path, 'utf8')).toBe('{}')
    expect(existsSync(join(dir, `.model.json.${process.pid}.tmp`))).toBe(false)
  })
})
