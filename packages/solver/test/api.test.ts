import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/solver: its public names', async () => {
    expect(apiNames(await import('@stockflow/solver'), join(__dirname, '../src/index.ts'))).toEqual({
      values: [
        'Point',
        'Run',
        'TABLEAUX',
        'Trajectory',
        'VERSION',
        'check',
        'checkEach',
        'compile',
        'defineChecks',
        'euler',
        'prepareRun',
        'rk2',
        'rk4',
        'runChecks',
        'runsToCSV',
        'simulate',
      ],
      types: [
        'ArraySeries',
        'Check',
        'CheckContext',
        'CheckDimension',
        'CheckResult',
        'CheckSuite',
        'CompiledModel',
        'ElementResult',
        'ElementSeries',
        'ElementsOf',
        'OnNonFinite',
        'PrepareOptions',
        'PreparedRun',
        'PreparedRunOptions',
        'RunMeta',
        'ScenarioRun',
        'Series',
        'SimulateOptions',
        'Tableau',
        'Tolerance',
        'VariableInfo',
        'Verdict',
      ],
    })
  })

  it('@stockflow/solver/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/solver/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: [
        'arraysAmong',
        'arraysOf',
        'builtinValue',
        'checkOverrides',
        'csvChunks',
        'csvQuote',
        'evaluateIR',
        'expandNames',
        'isCompiled',
        'limitNonNegativeStocks',
        'meaningOf',
        'nameMeaning',
        'readGraph',
        'saveTimes',
      ],
      types: [
        'ArrayElement',
        'ArrayVariable',
        'Clock',
        'IR',
        'IREnvironment',
        'LimitContext',
        'ModelFunctions',
        'NameMeaning',
        'Program',
        'Slot',
        'SlotKind',
        'StepLoop',
        'Table',
      ],
    })
  })
})
