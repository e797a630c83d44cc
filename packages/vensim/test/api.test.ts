import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/vensim: its public names', async () => {
    expect(apiNames(await import('@stockflow/vensim'), join(__dirname, '../src/index.ts'))).toEqual({
      values: [
        'DataFileError',
        'MdlError',
        'VensimUnsupportedError',
        'applyChanges',
        'dataFilePath',
        'directFunctionKind',
        'exportChanges',
        'exportMdl',
        'importMdl',
        'memoryDataSource',
        'parseChanges',
        'parseMdl',
        'readDirectConstants',
        'readDirectConstantsBlock',
        'readDirectData',
        'readDirectDataBlock',
        'readDirectLookups',
        'readDirectLookupsBlock',
        'readDirectSubscript',
        'scenarioFiles',
      ],
      types: [
        'BinaryOp',
        'ChangesFile',
        'ConstantChange',
        'DataSeries',
        'DataSource',
        'Definition',
        'DirectConstantsArgs',
        'DirectDataArgs',
        'DirectFunctionKind',
        'DirectSubscriptArgs',
        'Doc',
        'Equation',
        'Expr',
        'Interpolation',
        'Lhs',
        'LookupPoints',
        'LookupTable',
        'Macro',
        'MdlFile',
        'MdlImport',
        'MdlImportOptions',
        'MdlProblem',
        'Pos',
        'RangeElement',
        'RealityCheck',
        'ScenarioFile',
        'Subscript',
        'SubscriptRange',
        'UnitRange',
        'VensimChange',
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
