/** Renders a legend: a swatch and a label per entry, laid out in rows (wrapping) or one column. */
import { INK } from './palette.js'
import { el, escapeXml, text } from './svg.js'
import { textWidth } from './text.js'

/** A legend entry. */
export interface LegendEntry {
  readonly label: string
  readonly color: string
  /** Extra `data-*` attribute value identifying the entry (run label, loop id). */
  readonly key: string
  /** Dash pattern of a line swatch (a run's lines in an arrayed variable's panel). */
  readonly dash?: string
  /** Full text shown on hover, when the label is shortened. */
  readonly title?: string
}

/** Positions of legend entries flowing left to right from (x, y), wrapping at `maxWidth`. */
export function legendRows(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
): { x: number; y: number }[] {
  let cx = x
  let cy = y
  return entries.map((e) => {
    const w = 22 + textWidth(e.label, 11) + 16
    if (cx > x && cx + w > x + maxWidth) {
      cx = x
      cy += 18
    }
    const at = { x: cx, y: cy }
    cx += w
    return at
  })
}

/** `<g class="legend">` with entries at the given positions; `swatch` is a line or a filled square. */
export function renderLegend(
  entries: readonly LegendEntry[],
  positions: readonly { x: number; y: number }[],
  swatch: 'line' | 'square',
  dataKey: string,
): string {
  return el(
    'g',
    { class: 'legend' },
    entries.map((e, i) => {
      const p = positions[i]!
      const mark =
        swatch === 'line'
          ? el('path', {
              d: `M${p.x},${p.y}h16`,
              stroke: e.color,
              'stroke-width': 2.5,
              ...(e.dash ? { 'stroke-dasharray': e.dash } : {}),
            })
          : el('rect', { x: p.x + 2, y: p.y - 6, width: 12, height: 12, fill: e.color, 'fill-opacity': 0.8 })
      return el('g', { class: 'legend-entry', [dataKey]: e.key }, [
        ...(e.title !== undefined ? [`<title>${escapeXml(e.title)}</title>`] : []),
        mark,
        text({ x: p.x + 22, y: p.y + 4, 'font-size': 11, fill: INK }, e.label),
      ])
    }),
  )
}
