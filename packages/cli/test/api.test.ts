import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/cli: its public names', async () => {
    expect(apiNames(await import('@stockflow/cli'), join(__dirname, '../src/index.ts'))).toEqual({
      values: ['loadModel', 'main', 'viewCommand'],
      types: ['Io', 'LoadedModel'],
    })
  })

  it('@stockflow/cli/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/cli/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: ['formatTypeDiagnostic', 'readCanonical', 'typecheckModel', 'withinTolerance'],
      types: ['CanonicalColumn', 'CanonicalTable'],
    })
  })
})
