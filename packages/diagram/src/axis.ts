/** Renders chart axes and grids from d3 linear scales: ticks, labels, and the units as an axis label. */
import type { ScaleLinear } from 'd3-scale'
import { GRID, INK, MUTED } from './palette.js'
import { el, text } from './svg.js'
import { textWidth } from './text.js'

const TICK_FONT = 10
/** Space between the value labels and the frame. */
const TICK_GAP = 5

/** `1.5k`, `12M`, `3B`, `−2T`: a large tick value short enough for a narrow margin (3 significant digits). */
export function compactNumber(x: number): string {
  const a = Math.abs(x)
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ]
  const sign = x < 0 ? '\u2212' : ''
  for (const [size, suffix] of units) {
    if (a >= size) return `${sign}${Number((a / size).toPrecision(3))}${suffix}`
  }
  return `${sign}${Number(a.toPrecision(3))}`
}

/**
 * The left axis's tick labels: with thousands separators (`1,000,000`), or, when the widest would not
 * fit in `room` units left of the frame, in the compact form (`1M`) rather than cut off.
 */
export function valueTickLabels(scale: ScaleLinear<number, number>, ticks: number, room: number): string[] {
  const values = scale.ticks(ticks)
  const full = values.map(scale.tickFormat(ticks, ',f')).map((t) => t.replace('-', '\u2212'))
  const widest = Math.max(0, ...full.map((t) => textWidth(t, TICK_FONT)))
  if (widest <= room) return full
  return values.map(compactNumber)
}

/** A plot area: its top-left corner and size. */
export interface Frame {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** The bottom axis of a frame: tick marks and labels, and `label` (e.g. `time (year) →`) at the right. */
export function renderAxisBottom(scale: ScaleLinear<number, number>, f: Frame, label?: string, ticks = 6): string {
  // No thousands separators on the time axis: years read 2030, not 2,030.
  const format = scale.tickFormat(ticks, '~f')
  const bottom = f.y + f.height
  const parts = [el('path', { d: `M${f.x},${bottom}H${f.x + f.width}`, stroke: INK, 'stroke-width': 1 })]
  for (const t of scale.ticks(ticks)) {
    const x = scale(t)
    parts.push(el('path', { d: `M${x},${bottom}v4`, stroke: INK, 'stroke-width': 1 }))
    parts.push(text({ x, y: bottom + 15, 'text-anchor': 'middle', 'font-size': 10, fill: INK }, format(t)))
  }
  if (label) {
    parts.push(text({ x: f.x + f.width, y: bottom + 29, 'text-anchor': 'end', 'font-size': 10, fill: MUTED }, label))
  }
  return el('g', { class: 'axis axis-x' }, parts)
}

/** The left axis with horizontal grid lines across the frame, and `label` (e.g. `↑ people`) above it. */
export function renderAxisLeft(scale: ScaleLinear<number, number>, f: Frame, label?: string, ticks = 5): string {
  const labels = valueTickLabels(scale, ticks, f.x - TICK_GAP - 2)
  const parts: string[] = []
  for (const [i, t] of scale.ticks(ticks).entries()) {
    const y = scale(t)
    parts.push(el('path', { d: `M${f.x},${y}H${f.x + f.width}`, stroke: GRID, 'stroke-width': 1 }))
    parts.push(
      text({ x: f.x - TICK_GAP, y: y + 3.5, 'text-anchor': 'end', 'font-size': TICK_FONT, fill: INK }, labels[i]!),
    )
  }
  parts.push(el('path', { d: `M${f.x},${f.y}V${f.y + f.height}`, stroke: INK, 'stroke-width': 1 }))
  if (label) parts.push(text({ x: f.x - 5, y: f.y - 7, 'text-anchor': 'start', 'font-size': 10, fill: MUTED }, label))
  return el('g', { class: 'axis axis-y' }, parts)
}
