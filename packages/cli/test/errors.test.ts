import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EquationError, ISSUE_CODES, isStockflowError, modelFromJSON, StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { XmileUnsupportedError } from '@stockflow/xmile'
import { runConformance } from '../src/commands/conformance.js'

describe('isStockflowError', () => {
  it('recognises StockflowError and its subclasses', () => {
    class PlanError extends StockflowError {}
    expect(isStockflowError(new StockflowError('bad'))).toBe(true)
    expect(isStockflowError(new XmileUnsupportedError('m.xmile:3: unsupported: arrays', 'arrays'))).toBe(true)
    expect(isStockflowError(new PlanError('bad plan'))).toBe(true)
  })

  it("recognises another copy's StockflowError by its name and issues", () => {
    const foreign = Object.assign(new Error('bad'), { name: 'StockflowError', issues: [] })
    expect(isStockflowError(foreign)).toBe(true)
  })

  it('refuses bugs and look-alikes', () => {
    expect(isStockflowError(new Error('bad'))).toBe(false)
    expect(isStockflowError(new TypeError('x is undefined'))).toBe(false)
    expect(isStockflowError(new EquationError('syntax', 'bad', { start: 0, end: 1 }))).toBe(false)
    expect(isStockflowError(Object.assign(new Error('bad'), { name: 'StockflowError' }))).toBe(false)
    expect(isStockflowError({ name: 'StockflowError', message: 'bad', issues: [] })).toBe(false)
    expect(isStockflowError('StockflowError')).toBe(false)
    expect(isStockflowError(undefined)).toBe(false)
  })
})

describe('ISSUE_CODES', () => {
  it('describes every code on one line', () => {
    const entries = Object.entries(ISSUE_CODES)
    expect(entries.length).toBeGreaterThan(30)
    for (const [code, description] of entries) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(description, code).toMatch(/^[^\n]{10,120}$/)
    }
  })
})

// Fixtures live inside the repository (an ignored folder), never in the system's temp dir.
const scratchRoot = join(__dirname, '.scratch')
mkdirSync(scratchRoot, { recursive: true })
const scratch = mkdtempSync(join(scratchRoot, 'skips-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('conformance skips', () => {
  it('by XmileUnsupportedError.feature, never by the words of a message', async () => {
    for (const name of ['conveyor', 'says_arrays', 'subscripted']) {
      mkdirSync(join(scratch, name))
      writeFileSync(join(scratch, name, `${name}.xmile`), '')
      writeFileSync(join(scratch, name, 'output.csv'), 'Time,x\n0,1\n')
    }
    const load = async (file: string): Promise<Model> => {
      if (file.includes('conveyor')) throw new XmileUnsupportedError('line 4: unsupported: conveyors', 'conveyors')
      if (file.includes('subscripted')) throw new XmileUnsupportedError('line 2: a subscript', 'arrays')
      if (file.includes('says_arrays')) throw new StockflowError('arrays (dimensions) are not supported yet')
      return modelFromJSON('{}', file)
    }
    const report = await runConformance(scratch, { load, floors: {} })
    expect(report.rows).toEqual([
      { file: 'conveyor/conveyor.xmile', status: 'skip', reason: 'line 4: unsupported: conveyors' },
      { file: 'says_arrays/says_arrays.xmile', status: 'fail', reason: 'arrays (dimensions) are not supported yet' },
      { file: 'subscripted/subscripted.xmile', status: 'skip', reason: 'line 2: a subscript' },
    ])
  })
})
