/**
 * The page of the charts of panels: a title, a legend across the top and a grid of panels. The experiment
 * charts (sweep, sensitivity, calibration) are laid out by it whole; the trajectories, whose rows may
 * hold element legends too, share its sizes and its title and legend band, so the charts look alike.
 */
import type { Frame } from './axis.js'
import { legendRows } from './legend.js'
import type { LegendEntry } from './legend.js'

/** Default sizes of a chart of panels. */
export const GRID_DEFAULTS = { width: 960, panelHeight: 220, maxColumns: 3 } as const

/** Room around each panel's plot area: value labels at the left, title and axis labels above and below. */
export const PANEL_PAD = { left: 58, right: 16, top: 40, bottom: 40 } as const
/** Room around the whole chart. */
export const MARGIN = 12

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
  const { legendAt, top } = legendBand(entries, width, o.title)
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

/** Where a chart's legend entries sit, under its title, and where the panels start below them. */
export function legendBand(
  entries: readonly LegendEntry[],
  width: number,
  title: string | undefined,
): { legendAt: { x: number; y: number }[]; top: number } {
  const below = MARGIN + (title ? 28 : 0)
  const legendAt = legendRows(entries, MARGIN + 4, below + 8, width - 2 * MARGIN)
  return { legendAt, top: legendAt.length > 0 ? Math.max(...legendAt.map((p) => p.y)) + 14 : below }
}
