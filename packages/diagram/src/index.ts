/** @stockflow/diagram: pure renderers from plain data to SVG strings (browser, Node, tests). */
export type {
  ChartLayout,
  CldLayout,
  CldLinkInput,
  CldLinkLayout,
  CldNodeLayout,
  CldOptions,
  CloudLayout,
  ConnectorLayout,
  DominanceData,
  DominanceOptions,
  LinkSign,
  LoopInfo,
  LoopMarkerLayout,
  PanelLayout,
  PercentileBands,
  PipeLayout,
  Point,
  Rendered,
  SeriesSet,
  StockFlowLayout,
  StockFlowNodeLayout,
  StockFlowOptions,
  TrajectoryBands,
  TrajectoryData,
  TrajectoryOptions,
  TrajectoryVariable,
} from './types.js'
export { renderCld } from './cld.js'
export { renderStockFlow } from './stock-flow.js'
export { renderTrajectories } from './trajectories.js'
export { renderDominance } from './dominance.js'
export { linkKey } from './cld-graph.js'
export {
  renderTree,
  renderLoopCircle,
  type FocusLinkLayout,
  type FocusNodeLayout,
  type FocusOptions,
  type LoopCircleData,
  type LoopCircleLayout,
  type TreeData,
  type TreeLayout,
  type TreeNodeInput,
} from './focus.js'
export type { ArrangedKey, LayoutFile } from './layout-file.js'
export { LAYOUT_FILE_FORMAT, isArrangedKey, layoutFile, parseLayoutFile, parseView } from './layout-file.js'
export { layoutToView } from './layout-view.js'
export { stockFlowMetrics } from './layout-metrics.js'
export type { StockFlowMetrics } from './layout-metrics.js'
export { renderSweepAt } from './sweep-chart.js'
export type { SweepAtData } from './sweep-chart.js'
export { renderSensitivity } from './sensitivity-chart.js'
export type { SensitivityChartData, SensitivityIndices } from './sensitivity-chart.js'
export { renderCalibration } from './calibration-chart.js'
export type { CalibrationChartData } from './calibration-chart.js'
export type { GridOptions } from './chart-grid.js'
export { sequentialColors } from './color-scale.js'
export { STANDALONE_FONT_FAMILY, standaloneSvg } from './standalone.js'
