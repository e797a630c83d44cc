import { describe, expect, it } from 'vitest'
import { flatEquation, flattenIssues, arrayed, REGION } from './flatten-support.js'

// Functions returning an array over a subrange span the subrange's elements, not its parent's: the result's
// positions count within the subrange, so the values it reads must too.
describe('flattenModel: array results over a subrange', () => {
  const coast = { name: 'Coast', elements: ['south', 'east'], parent: 'Region' }
  const m = arrayed(
    [REGION, coast],
    [
      { kind: 'param', name: 'M', dimensions: ['Region'], value: 1 },
      { kind: 'aux', name: 'Ranks', dimensions: ['Coast'], equation: 'VECTOR_RANK(M[Coast], 1)' },
      { kind: 'aux', name: 'All', dimensions: ['Region'], equation: 'VECTOR_RANK(M[Region], 1)' },
    ],
  )

  it('reads only the subrange elements, its position counted within it', () => {
    expect(flattenIssues(m)).toEqual([])
    expect(flatEquation(m, 'Ranks[east]')).toBe('vector_rank(2, 1, 2, "M[south]", "M[east]")')
    expect(flatEquation(m, 'All[east]')).toBe('vector_rank(3, 1, 3, "M[north]", "M[south]", "M[east]")')
  })
})
