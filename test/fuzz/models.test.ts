import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { modelFromJSON, modelToJSON, validate } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { exportXmile, importXmile } from '@stockflow/xmile'
import { validModel } from './arbitraries.js'
import { FUZZ_TIMEOUT, fuzz, handled } from './config.js'

describe('fuzz: random valid models', () => {
  it(
    'validate without errors and simulate to a run (or a StockflowError naming a NaN or infinity)',
    () => {
      fc.assert(
        fc.property(validModel, ({ model, method }) => {
          expect(validate(model).filter((i) => i.severity === 'error')).toEqual([])
          const euler = handled(() => simulate(model))
          if (euler) {
            for (const s of euler.series) expect(s.values.length).toBe(euler.times.length)
          } else {
            // A NaN or infinity stopped it; it runs through when asked to.
            handled(() => simulate(model, { onNonFinite: 'continue' }))
          }
          // Every model, blow-ups included: the adaptive method stops at a non-finite rate or its budget.
          if (method !== 'euler') handled(() => simulate(model, { method }))
        }),
        fuzz(300),
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'survive JSON and XMILE round trips with the same Euler run',
    () => {
      fc.assert(
        fc.property(validModel, ({ model }) => {
          const run = handled(() => simulate(model, { onNonFinite: 'continue' }))
          if (!run) return
          const viaJson = simulate(modelFromJSON(modelToJSON(model)), { onNonFinite: 'continue' })
          // Through JSON, so -0 and 0 compare equal (JSON writes -0 as 0).
          expect(JSON.stringify(viaJson.toRecords())).toBe(JSON.stringify(run.toRecords()))
          const viaXmile = handled(() => importXmile(exportXmile(model)).model)
          if (viaXmile) handled(() => simulate(viaXmile, { onNonFinite: 'continue' }))
        }),
        fuzz(200),
      )
    },
    FUZZ_TIMEOUT,
  )
})
