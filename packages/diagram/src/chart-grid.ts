/**
 * The page of the experiment charts (sweep, sensitivity, calibration): a title, a legend across the top
 * and a grid of panels, laid out as the trajectories lay out theirs so the charts look alike.
 */
import type { Frame } from './axis.js'
import { legendRows } from './legend.js'
import type { LegendEntry } from './legend.js'

/** Default sizes: the trajectories' own. */
export const GRID_DEFAULTS = { width: 960, panelHeight: 220, maxColumns: 3 } as const

/** Room around each panel's plot area: value labels at the left, title and axis labels above and below. */
export const PANEL_PAD = { left: 58, right: 16, top: 40, bottom: 40 } as const
const MARGIN = 12

/** Sizes asked of a grid chart. */
export interface GridOptions {
  readonly width?: number
  readonly columns?: number
  readonly panelHeight?: number
  readonly title?: string
  /** Room for labels left of each plot area (default PANEL_PAD.left), e.g. a bar chart's input names. */
  readonly left?: number
}

/** Where the legend entries and the panels of a grid chart sit, and the chart's size. */
export interface Grid {
  readonly width: number
  readonly height: number
  readonly legendAt: readonly { x: number; y: number }[]
  /** Each panel's plot area; its title sits above it (at `y - 24`). */
  readonly frames: readonly Frame[]
  /** Room left of each plot area. */
  readonly left: number
}

/** Lays out `count` panels under a title and a legend of `entries`. */
export function gridLayout(count: number, entries: readonly LegendEntry[], o: GridOptions = {}): Grid {
  const width = o.width ?? GRID_DEFAULTS.width
  const columns = Math.max(1, Math.min(o.columns ?? GRID_DEFAULTS.maxColumns, Math.max(1, count)))
  const panelHeight = o.panelHeight ?? GRID_DEFAULTS.panelHeight
  const left = o.left ?? PANEL_PAD.left
  let top = MARGIN + (o.title ? 28 : 0)
  const legendAt = legendRows(entries, MARGIN + 4, top + 8, width - 2 * MARGIN)
  if (legendAt.length > 0) top = Math.max(...legendAt.map((p) => p.y)) + 14
  const cellWidth = (width - 2 * MARGIN) / columns
  const frames = Array.from({ length: count }, (_, k) => ({
    x: MARGIN + (k % columns) * cellWidth + left,
    y: top + Math.floor(k / columns) * panelHeight + PANEL_PAD.top,
    width: cellWidth - left - PANEL_PAD.right,
    height: panelHeight - PANEL_PAD.top - PANEL_PAD.bottom,
  }))
  const rows = Math.ceil(count / columns)
  return { width, height: top + rows * panelHeight + MARGIN, legendAt, frames, left }
}
