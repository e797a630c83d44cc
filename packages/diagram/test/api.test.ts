import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames } from '../../../test/support/api-names.js'

// The package's API, pinned: adding, removing or moving a name shows here as a diff to review.
describe('API', () => {
  it('@stockflow/diagram: its public names', async () => {
    expect(apiNames(await import('@stockflow/diagram'), join(__dirname, '../src/index.ts'))).toEqual({
      values: [
        'LAYOUT_FILE_FORMAT',
        'isArrangedKey',
        'layoutFile',
        'layoutToView',
        'linkKey',
        'parseLayoutFile',
        'parseView',
        'renderCld',
        'renderDominance',
        'renderLoopCircle',
        'renderStockFlow',
        'renderTrajectories',
        'renderTree',
        'stockFlowMetrics',
      ],
      types: [
        'ArrangedKey',
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
        'SeriesSet',
        'StockFlowLayout',
        'StockFlowMetrics',
        'StockFlowNodeLayout',
        'StockFlowOptions',
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
