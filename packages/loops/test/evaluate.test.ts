import { describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import { traceModel } from '../src/trace.js'
import { modelEquations } from '../src/equations.js'
import { evaluateElement } from '../src/evaluate.js'
import { smoothedModel } from './models.js'

/** The largest relative gap between re-evaluated equations and the values the solver recorded. */
function worstGap(m: Model, scenario?: string): number {
  const equations = modelEquations(m)
  const trace = traceModel(m, equations, scenario ? { scenario } : {})
  let worst = 0
  for (const [id, eq] of equations.equations) {
    const values = trace.series(id)!
    for (let i = 0; i < trace.times.length; i++) {
      const mine = evaluateElement(eq, trace.point(i), equations)
      const theirs = values[i]!
      worst = Math.max(worst, Math.abs(mine - theirs) / (1e-9 + Math.abs(theirs)))
    }
  }
  return worst
}

describe('evaluateElement', () => {
  it('recomputes every flow and auxiliary as the solver did', () => {
    expect(worstGap(sir)).toBeLessThan(1e-12)
    expect(worstGap(smoothedModel())).toBeLessThan(1e-12)
    expect(worstGap(involution, 'S0')).toBeLessThan(1e-12)
    expect(worstGap(involution, 'S5')).toBeLessThan(1e-12)
  })
})
