/**
 * The pieces every chart of panels (trajectories, sweep, sensitivity, calibration) draws alike: a
 * panel's title, its entry in the layout, and the finished document with its layout.
 */
import type { Frame } from './axis.js'
import { INK } from './palette.js'
import { round2, svgDocument, text } from './svg.js'
import type { ChartLayout, PanelLayout, Rendered } from './types.js'

/** A panel's bold title at (x, y), left-aligned above its plot area. */
export function panelTitle(x: number, y: number, title: string): string {
  return text({ class: 'panel-title', x, y, 'font-size': 12, 'font-weight': 'bold', fill: INK }, title)
}

/** What a panel's layout says besides its plot area: its units and an arrayed variable's elements. */
export interface PanelExtras {
  readonly units?: string
  readonly elements?: readonly string[]
}

/** The layout entry of a panel drawing `variable` in `frame` over the domains. */
export function panelLayout(
  variable: string,
  frame: Frame,
  xDomain: readonly number[],
  yDomain: readonly number[],
  extras: PanelExtras = {},
): PanelLayout {
  return {
    variable,
    ...(extras.units !== undefined ? { units: extras.units } : {}),
    ...(extras.elements !== undefined ? { elements: extras.elements } : {}),
    x: round2(frame.x),
    y: round2(frame.y),
    width: round2(frame.width),
    height: round2(frame.height),
    xDomain: [xDomain[0]!, xDomain[1]!],
    yDomain: [yDomain[0]!, yDomain[1]!],
  }
}

/** The chart's document of `body` and its layout; the legend lists each entry's label and colour. */
export function renderedChart(
  page: { readonly width: number; readonly height: number; readonly className: string; readonly title?: string },
  body: readonly string[],
  panels: readonly PanelLayout[],
  legend: readonly { readonly label: string; readonly color: string }[],
): Rendered<ChartLayout> {
  const { width, height, className, title } = page
  return {
    svg: svgDocument({ width, height, className, title }, body),
    layout: { width, height: round2(height), panels, legend: legend.map(({ label, color }) => ({ label, color })) },
  }
}
