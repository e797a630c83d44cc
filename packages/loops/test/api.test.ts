import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/loops: its public names', async () => {
    expect(apiNames(await import('@stockflow/loops'), join(__dirname, '../src/index.ts'))).toEqual({
      values: ['analyzeLoops', 'loopDominance'],
      types: [
        'AnalyzeOptions',
        'CausalGraph',
        'CausalLink',
        'CausalNode',
        'Dominance',
        'DominantInterval',
        'LinkPolarity',
        'Loop',
        'LoopAnalysis',
        'LoopLink',
        'NamedLoopMatch',
        'Polarity',
      ],
    })
  })

  it('@stockflow/loops/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/loops/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: [],
      types: [],
    })
  })
})
