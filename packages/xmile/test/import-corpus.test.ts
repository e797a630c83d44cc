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

/** Arrayed models of the corpus (the Simlin copy's, and Vensim's own exports in the SDXorg copy). */
const ARRAYED: readonly [copy: number, file: string][] = [
  [1, 'samples/arrays/a2a/a2a.stmx'],
  [1, 'samples/arrays/non-a2a/non-a2a.stmx'],
  [1, 'tests/arithmetics_exp/test_arithmetics_exp.xmile'],
  [1, 'tests/min_max_1arg/test_min_max_1arg.xmile'],
  [1, 'tests/subscript_3d_arrays_widthwise/test_subscript_3d_arrays_widthwise.xmile'],
  [1, 'tests/subscript_individually_defined_stocks/test_subscript_individually_defined_stocks.xmile'],
  [1, 'tests/subscript_mixed_assembly/test_subscript_mixed_assembly.xmile'],
  [1, 'tests/subscript_selection/subscript_selection.xmile'],
  [1, 'tests/subscript_subranges_equal/test_subscript_subrange_equal.xmile'],
  [1, 'tests/subscript_switching/subscript_switching.xmile'],
  [1, 'tests/subscript_updimensioning/test_subscript_updimensioning.xmile'],
  [1, 'tests/subscripted_trig/test_subscripted_trig.xmile'],
  [0, 'tests/arithmetics_exp/test_arithmetics_exp.xmile'],
  [0, 'tests/subscripted_trig/test_subscripted_trig.xmile'],
]

describe.skipIf(COPIES.length < FOUND.length)('arrayed XMILE models of the SDXorg corpus', () => {
  it.each(ARRAYED)('copy %i: %s imports and matches its canonical output', (copy, file) => {
    const { mismatches, compared } = compare(join(COPIES[copy]!, file))
    expect(mismatches).toEqual([])
    expect(compared).toBeGreaterThan(0)
  })
})
