import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateParsed } from '@stockflow/model/internal'
import { corpusPath } from '../../../test/support/corpus.js'
import type { DataSource } from '../src/index.js'
import { importMdl, MdlError } from '../src/index.js'
import { mdlFiles } from './parse-helpers.js'

const COPIES = [corpusPath('test-models'), corpusPath('test-models-simlin')]

/** The files beside a model, read from disk. */
function folder(dir: string): DataSource {
  const files = new Set(readdirSync(dir))
  return { read: (path) => (files.has(path) ? readFileSync(join(dir, path)) : undefined) }
}

/** Why the import refuses some models: where their data is kept, never their arrays. */
const REFUSALS: readonly RegExp[] = [
  /data file "[^"]*\.xls" is a legacy Excel \.xls workbook/,
  /a data variable with no equation: Vensim fills it from a \.vdf run/,
  /data file "data\.csv" is not in the model's folder/,
]

/** Flattening problems that are the model package's to fix (none known). */
const FLATTEN_KNOWN: readonly RegExp[] = []

describe.skipIf(COPIES[0] === undefined)('importMdl on the corpus', () => {
  it('reads every .mdl of both copies, arrays included, into a model whose arrays flatten with no error', () => {
    const refused: string[] = []
    let arrayed = 0
    for (const copy of COPIES) {
      for (const file of mdlFiles(copy!)) {
        const shown = relative(copy!, file)
        let model
        try {
          model = importMdl(readFileSync(file), shown, { data: folder(dirname(file)) }).model
        } catch (err) {
          if (!(err instanceof MdlError)) throw err
          refused.push(...err.message.split('\n').filter((line) => !REFUSALS.some((why) => why.test(line))))
          continue
        }
        if (!model.dimensions?.length) continue
        arrayed++
        const errors = validateParsed(model)
          .issues.filter((i) => i.severity === 'error')
          .map((i) => `${shown}: ${i.message}`)
        expect(errors.filter((e) => !FLATTEN_KNOWN.some((known) => known.test(e)))).toEqual([])
      }
    }
    expect(refused).toEqual([])
    expect(arrayed).toBeGreaterThanOrEqual(148)
  })
})
