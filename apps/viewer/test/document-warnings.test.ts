import { describe, expect, it } from 'vitest'
import { lint, modelToJSON } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import involution from '../../../seeds/involution/model.ts'
import { documentIssues } from '../src/document-warnings.ts'

describe("the model document's warnings", () => {
  it('lints the model with a run of its own values and checks its units', async () => {
    const issues = await documentIssues(modelToJSON(involution))
    expect(issues.lint).toEqual(lint(involution, simulate(compile(involution))))
    expect(issues.units).toEqual([])
  })

  it('still lints a model that does not run', async () => {
    const broken = {
      name: 'broken',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [{ kind: 'aux', name: 'A', id: 'a', equation: 'b +', units: 'x' }],
    }
    const issues = await documentIssues(JSON.stringify(broken))
    expect(Array.isArray(issues.lint)).toBe(true)
    expect(Array.isArray(issues.units)).toBe(true)
  })
})
