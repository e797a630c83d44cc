import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/experiments: its public names', async () => {
    expect(apiNames(await import('@stockflow/experiments'), join(__dirname, '../src/index.ts'))).toEqual({
      values: [
        'BAND_PERCENTILES',
        'Ensemble',
        'calibrate',
        'calibrateWith',
        'describe',
        'expandFactors',
        'inProcess',
        'lognormal',
        'monteCarlo',
        'morrisDesign',
        'morrisIndices',
        'morrisRows',
        'normal',
        'parseAt',
        'parseVary',
        'percentileOfSorted',
        'permutation',
        'quantile',
        'readSeriesCsv',
        'runBatch',
        'runPlan',
        'saltelliDesign',
        'saltelliRows',
        'scenarios',
        'sensitivity',
        'sensitivityEach',
        'serveBatches',
        'sobolIndices',
        'sortedFinite',
        'splitPlan',
        'summarize',
        'support',
        'sweep',
        'toValues',
        'triangular',
        'uniform',
        'uniformDesign',
        'uniformStream',
        'webWorkerPool',
      ],
      types: [
        'At',
        'Bands',
        'Batch',
        'BatchTask',
        'CalibrateOptions',
        'Calibration',
        'DataSeries',
        'Distribution',
        'ExecuteOptions',
        'Executor',
        'ExperimentPlan',
        'FitRange',
        'FittedParameter',
        'MonteCarloOptions',
        'MorrisIndices',
        'Progress',
        'ReplyMessage',
        'RunFailure',
        'RunSettings',
        'Sampling',
        'Sensitivity',
        'SensitivityEachOptions',
        'SensitivityOptions',
        'SensitivityResult',
        'SeriesFit',
        'SeriesTable',
        'SobolIndices',
        'SobolOptions',
        'SweepOptions',
        'TaskMessage',
        'Vary',
        'WebWorkerPool',
        'WorkerLike',
        'WorkerScope',
      ],
    })
  })

  it('@stockflow/experiments/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/experiments/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: [],
      types: [],
    })
  })

  it('@stockflow/experiments/queue: the queue executor and worker (Node)', async () => {
    expect(apiNames(await import('@stockflow/experiments/queue'), join(__dirname, '../src/queue.ts'))).toEqual({
      values: ['connectQueue', 'maskUrl', 'queueName', 'serveQueue'],
      types: [
        'QueueConnection',
        'QueueEvent',
        'QueueExecutor',
        'QueueExecutorOptions',
        'QueueWorker',
        'QueueWorkerOptions',
        'WorkerEvent',
      ],
    })
  })
})
