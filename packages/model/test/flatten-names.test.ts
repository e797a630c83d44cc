import { describe, expect, it } from 'vitest'
import { REGION, arrayed, errorLines } from './flatten-support.js'

// A flat element is named `u[a,b]`: an element named with a comma would read as two subscripts.
describe('flattenModel: element names that would read as subscripts', () => {
  it('refuses an element named with a comma, in one line', () => {
    const m = arrayed(
      [REGION, { name: 'Pair', elements: ['x,y'] }],
      [{ kind: 'aux', name: 'v', dimensions: ['Region'], equation: 'Region' }],
    )
    expect(errorLines(m)).toEqual([
      'bad-dimension: Pair: element "x,y" of dimension "Pair" has a bracket or comma, which element names cannot hold (rename the element)',
    ])
  })
})
