import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/xmile: its public names', async () => {
    expect(apiNames(await import('@stockflow/xmile'), join(__dirname, '../src/index.ts'))).toEqual({
      values: ['ExpressionError', 'XmileUnsupportedError', 'exportXmile', 'importXmile', 'translateEquation'],
      types: ['TranslateOptions', 'UnsupportedFeature', 'XmileImport'],
    })
  })

  it('@stockflow/xmile/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/xmile/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: [],
      types: [],
    })
  })
})
