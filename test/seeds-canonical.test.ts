import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import sir from '../seeds/SIR/model.js'
import teacup from '../seeds/teacup/model.js'
import { readCanonical, withinTolerance } from './support/canonical.js'
import { corpusPath } from './support/corpus.js'

// The SDXorg test-models corpus, read in place (STOCKFLOW_CORPUS; never copied into the project).
const samples = corpusPath('test-models', 'samples')

const cases: [string, Model][] = [
  ['teacup', teacup],
  ['SIR', sir],
]

describe.skipIf(!samples)('seeds against the SDXorg canonical outputs', () => {
  for (const [folder, model] of cases) {
    it(`${folder} (euler) matches output.csv within PySD's tolerance`, () => {
      const table = readCanonical(join(samples!, folder, 'output.csv'))
      const run = simulate(model, { method: 'euler' })
      expect(run.times.length).toBe(table.time.length)
      let compared = 0
      for (const [id, column] of table.columns) {
        expect(run.has(id), `stockflow has no ${column.name}`).toBe(true)
        const actual = run.get(id)
        column.values.forEach((expected, i) => {
          expect(
            withinTolerance(actual[i]!, expected),
            `${column.name} at t=${table.time[i]}: ${actual[i]} vs ${expected}`,
          ).toBe(true)
          compared++
        })
      }
      expect(compared).toBeGreaterThan(table.time.length * 3)
    })
  }
})
