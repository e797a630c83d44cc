import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/vensim: its public names', async () => {
    expect(apiNames(await import('@stockflow/vensim'), join(__dirname, '../src/index.ts'))).toEqual({
      values: ['MdlError', 'VensimUnsupportedError'],
      types: [
        'BinaryOp',
        'Definition',
        'Doc',
        'Equation',
        'Expr',
        'Interpolation',
        'Lhs',
        'LookupTable',
        'Macro',
        'MdlFile',
        'MdlProblem',
        'Pos',
        'RangeElement',
        'Subscript',
        'SubscriptRange',
        'UnitRange',
        'VensimUnsupportedFeature',
      ],
    })
  })

  it('@stockflow/vensim/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/vensim/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: ['formatProblem', 'readSketch', 'where'],
      types: ['SketchResolve', 'SketchResult'],
    })
  })
})
