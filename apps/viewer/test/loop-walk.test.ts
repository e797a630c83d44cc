// A closed walk of an arrayed model's variables (a loop through Pop twice): the analysis hands its
// revisits to the viewer, which says so in the loop list and the loop view, counting distinct variables.
import { describe, expect, it } from 'vitest'
import { POPULATION } from '../../../packages/loops/test/arrayed-models.ts'
import { analyze } from '../src/analysis.ts'
import type { AnalysisMessage, LoopsResult } from '../src/analysis.ts'
import { loopChoices } from '../src/focus-parts.ts'
import { distinctVariables, throughAgain } from '../src/loop-walk.ts'

function loopsOf(model: unknown): LoopsResult {
  const got: AnalysisMessage[] = []
  analyze({ seq: 1, modelJSON: JSON.stringify(model), set: {} }, (m) => got.push(m))
  const loops = got.find((m): m is LoopsResult => m.kind === 'loops')
  if (!loops) throw new Error(`no loops: ${JSON.stringify(got)}`)
  return loops
}

describe('a loop through a variable more than once', () => {
  const loops = loopsOf(POPULATION)
  const walk = loops.loops.find((l) => l.revisits)!

  it('keeps the variables the walk passes again, and only on walks', () => {
    expect(walk).toBeDefined()
    expect(walk.revisits).toEqual(['pop'])
    expect(loops.loops.filter((l) => l !== walk && l.revisits)).toEqual([])
    expect(throughAgain(walk)).toBe('through Pop twice')
    expect(loops.loops.filter((l) => !l.revisits).map(throughAgain)).toEqual(
      loops.loops.filter((l) => !l.revisits).map(() => undefined),
    )
  })

  it("counts distinct variables in the focus view's loop choices", () => {
    expect(walk.variables.length).toBe(4)
    expect(distinctVariables(walk)).toBe(3)
    expect(loopChoices(loops).find((c) => c.value === walk.id)!.text).toMatch(new RegExp(`^${walk.id} \\(3\\): `))
  })

  it('says three passes as such', () => {
    const thrice = { variables: ['a', 'b', 'a', 'c', 'a', 'd'], names: ['A', 'B', 'A', 'C', 'A', 'D'], revisits: ['a'] }
    expect(throughAgain(thrice)).toBe('through A 3 times')
  })
})
