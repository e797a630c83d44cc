import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { corpusPath, corpusRoot } from './corpus.js'
import { corpusProblems } from './corpus-report.js'
import type { VitestReport } from './corpus-report.js'

const scratchRoot = join(__dirname, '../.scratch')
mkdirSync(scratchRoot, { recursive: true })
const scratch = mkdtempSync(join(scratchRoot, 'corpus-'))
mkdirSync(join(scratch, 'test-models/samples'), { recursive: true })
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the corpus helper', () => {
  it('gives nothing when STOCKFLOW_CORPUS is unset or empty, so the tests skip', () => {
    expect(corpusRoot({})).toBeUndefined()
    expect(corpusPath('test-models', 'samples', { STOCKFLOW_CORPUS: '' })).toBeUndefined()
  })

  it('gives the absolute path of a folder inside the corpus', () => {
    expect(corpusPath('test-models', 'samples', { STOCKFLOW_CORPUS: scratch })).toBe(
      join(scratch, 'test-models/samples'),
    )
  })

  it('throws, naming the variable and the missing folder, when it is set and the folder is missing', () => {
    expect(() => corpusPath('world3', '', { STOCKFLOW_CORPUS: scratch })).toThrow(
      /^STOCKFLOW_CORPUS=.*corpus-\w+ has no world3: point it at a folder holding test-models\//,
    )
    expect(() => corpusRoot({ STOCKFLOW_CORPUS: join(scratch, 'nowhere') })).toThrow(
      /^STOCKFLOW_CORPUS=.*nowhere is not a folder/,
    )
  })
})

describe('the CI check that corpus tests ran', () => {
  const sources: Record<string, string> = {
    'a.test.ts': "import { corpusPath } from '../support/corpus.js'",
    'b.test.ts': "import { x } from './other.js'",
  }
  const report = (...files: VitestReport['testResults']): VitestReport => ({ testResults: files })
  const check = (...reports: VitestReport[]) => corpusProblems(reports, (f) => sources[f]!).problems

  it('passes when a corpus test ran, whatever else skipped', () => {
    const ok = report({
      name: 'a.test.ts',
      status: 'passed',
      assertionResults: [
        { fullName: 'XMILE import against the SDXorg corpus teacup', status: 'passed' },
        { fullName: 'valid XMILE 1.0 (needs the schema)', status: 'skipped' },
      ],
    })
    expect(check(ok)).toEqual([])
    expect(corpusProblems([ok], (f) => sources[f]!).ran).toBe(1)
  })

  it('names skipped corpus tests and corpus files that did not load', () => {
    const bad = report(
      { name: 'a.test.ts', status: 'passed', assertionResults: [{ fullName: 'the corpus teacup', status: 'skipped' }] },
      {
        name: 'a.test.ts',
        status: 'failed',
        message: 'STOCKFLOW_CORPUS=/x has no world3\nstack',
        assertionResults: [],
      },
      { name: 'b.test.ts', status: 'passed', assertionResults: [{ fullName: 'corpus elsewhere', status: 'skipped' }] },
    )
    expect(check(bad)).toEqual([
      'a.test.ts: "the corpus teacup" skipped',
      'a.test.ts: did not load: STOCKFLOW_CORPUS=/x has no world3',
    ])
  })

  it('fails when no corpus test ran at all', () => {
    expect(check(report(), report())).toEqual(['no corpus test ran'])
  })
})
