import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/diagram: its public names', async () => {
    expect(apiNames(await import('@stockflow/diagram'), join(__dirname, '../src/index.ts'))).toEqual({
      values: [
        'LAYOUT_FILE_FORMAT',
        'STANDALONE_FONT_FAMILY',
        'isArrangedKey',
        'layoutFile',
        'layoutToView',
        'linkKey',
        'parseLayoutFile',
        'parseView',
        'renderCalibration',
        'renderCld',
        'renderDominance',
        'renderLoopCircle',
        'renderSensitivity',
        'renderStockFlow',
        'renderSweepAt',
        'renderTrajectories',
        'renderTree',
        'sequentialColors',
        'standaloneSvg',
        'stockFlowMetrics',
      ],
      types: [
        'ArrangedKey',
        'CalibrationChartData',
        'ChartLayout',
        'CldLayout',
        'CldLinkInput',
        'CldLinkLayout',
        'CldNodeLayout',
        'CldOptions',
        'CloudLayout',
        'ConnectorLayout',
        'DominanceData',
        'DominanceOptions',
        'FocusLinkLayout',
        'FocusNodeLayout',
        'FocusOptions',
        'GridOptions',
        'LayoutFile',
        'LinkSign',
        'LoopCircleData',
        'LoopCircleLayout',
        'LoopInfo',
        'LoopMarkerLayout',
        'PanelLayout',
        'PercentileBands',
        'PipeLayout',
        'Point',
        'Rendered',
        'SensitivityChartData',
        'SensitivityIndices',
        'SeriesSet',
        'StockFlowLayout',
        'StockFlowMetrics',
        'StockFlowNodeLayout',
        'StockFlowOptions',
        'SweepAtData',
        'TrajectoryBands',
        'TrajectoryData',
        'TrajectoryOptions',
        'TrajectoryVariable',
        'TreeData',
        'TreeLayout',
        'TreeNodeInput',
      ],
    })
  })

  it('@stockflow/diagram/internal: the names sibling packages use', async () => {
    expect(apiNames(await import('@stockflow/diagram/internal'), join(__dirname, '../src/internal.ts'))).toEqual({
      values: [],
      types: [],
    })
  })
})
