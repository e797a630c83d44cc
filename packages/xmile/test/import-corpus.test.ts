import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { readCanonical, withinTolerance } from '../../../test/support/canonical.js'
import { corpusPath } from '../../../test/support/corpus.js'
import { importXmile } from '../src/index.js'

const FOUND = [corpusPath('test-models'), corpusPath('test-models-simlin')]
const COPIES = FOUND.filter((c) => c !== undefined)
/** Vensim's control variables: output columns, but the clock, not model variables. */
const CONTROL = new Set(['initial_time', 'final_time', 'time_step', 'saveper'])

/** Imports a corpus model, simulates it and lists every value outside PySD's tolerance. */
function compare(file: string): { warnings: readonly string[]; mismatches: string[]; compared: number } {
  const { model, warnings } = importXmile(readFileSync(file, 'utf8'), file)
  const run = simulate(model)
  const output = ['output.csv', 'output.tab'].map((f) => join(dirname(file), f)).find((f) => existsSync(f))!
  const table = readCanonical(output)
  const series = new Map(run.series.map((s) => [s.id, s.values]))
  const mismatches: string[] = []
  let compared = 0
  for (const [id, column] of table.columns) {
    if (id === 'time' || CONTROL.has(id)) continue
    const values = series.get(id)
    if (!values) {
      mismatches.push(`${column.name}: not in the model`)
      continue
    }
    table.time.forEach((t, row) => {
      // Saved times are printed rounded (99.9688 for 99.96875): match within half a step.
      const i = run.times.findIndex((x) => Math.abs(x - t) <= run.meta.dt / 2)
      const expected = column.values[row]!
      if (Number.isNaN(expected)) return
      compared++
      if (i < 0 || !withinTolerance(values[i]!, expected))
        mismatches.push(`${column.name} at ${t}: ${i < 0 ? 'no row' : values[i]} != ${expected}`)
    })
  }
  return { warnings, mismatches, compared }
}

describe.skipIf(COPIES.length < FOUND.length)('XMILE import against the SDXorg corpus', () => {
  it.each(COPIES.flatMap((c) => ['samples/teacup/teacup.xmile', 'samples/SIR/SIR.xmile'].map((f) => join(c, f))))(
    '%s imports and matches its canonical output',
    (file) => {
      const { warnings, mismatches, compared } = compare(file)
      expect(mismatches).toEqual([])
      expect(compared).toBeGreaterThan(100)
      expect(warnings).toEqual([])
    },
  )

  it('reads a reciprocal dt (SIR_reciprocal-dt) and the legacy Stella format', () => {
    for (const f of ['samples/SIR/SIR_reciprocal-dt.xmile', 'samples/teacup/teacup_legacy.stmx'])
      expect(compare(join(COPIES[0]!, f)).mismatches).toEqual([])
  })

  it('flattens the hares-and-lynxes modules and matches Stella', () => {
    for (const c of COPIES) {
      for (const f of ['model.xmile', 'model.stmx'])
        expect(compare(join(c, 'samples/bpowers-hares_and_lynxes_modules', f)).mismatches).toEqual([])
    }
  })

  it('reads past the missing </flow> of non_negative_flows with warnings, and matches', () => {
    const { warnings, mismatches } = compare(join(COPIES[0]!, 'tests/non_negative_flows/test_non_negative_flows.xmile'))
    expect(mismatches).toEqual([])
    expect(warnings.some((w) => /:37: <stock name="TestStock2"> is inside <flow name="if_else3">/.test(w))).toBe(true)
  })

  it('gives Vensim files Vensim rounding (INTEGER truncates, MODULO keeps the sign of the dividend)', () => {
    const { warnings, mismatches } = compare(join(COPIES[0]!, 'tests/rounding/test_rounding.xmile'))
    expect(mismatches).toEqual([])
    expect(warnings.join('\n')).toContain('method "RK4" ignored')
  })
})
