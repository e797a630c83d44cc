/** Renders a loop marker: the loop's id (R1, B2) inside a circular arrow turning the loop's way. */
import { arrowHead } from './geometry.js'
import { LOOP_COLOR } from './palette.js'
import { el, escapeXml, num, polygonPath, text } from './svg.js'
import type { LoopMarkerLayout, Point } from './types.js'

/** The circular arrow: an arc of 300° around the centre, open at the top, and its arrowhead. */
export function markerArc(m: { x: number; y: number; r: number; clockwise: boolean }): {
  d: string
  head: [Point, Point, Point]
} {
  // Angles on screen (y down): the gap sits at the top, between -120° and -60°.
  const from = m.clockwise ? -60 : -120
  const to = m.clockwise ? 240 : -420
  const at = (deg: number): Point => ({
    x: m.x + m.r * Math.cos((deg * Math.PI) / 180),
    y: m.y + m.r * Math.sin((deg * Math.PI) / 180),
  })
  const a = at(from)
  const b = at(to)
  const sweep = m.clockwise ? 1 : 0
  const d = `M${num(a.x)},${num(a.y)}A${num(m.r)},${num(m.r)} 0 1 ${sweep} ${num(b.x)},${num(b.y)}`
  // Tangent at the end of the arc, in the direction of travel.
  const rad = (to * Math.PI) / 180
  const dir = m.clockwise ? { x: -Math.sin(rad), y: Math.cos(rad) } : { x: Math.sin(rad), y: -Math.cos(rad) }
  return { d, head: arrowHead({ x: b.x + dir.x * 3, y: b.y + dir.y * 3 }, dir, 7, 7) }
}

/** One marker, `<g data-loop="id">`, with the loop's name as a tooltip. */
export function renderLoopMarker(m: LoopMarkerLayout): string {
  const color = LOOP_COLOR[m.polarity]
  const { d, head } = markerArc(m)
  const title = `${m.id} ${m.polarity}${m.name ? `: ${m.name}` : ''}`
  return el('g', { class: `loop-marker ${m.polarity}${m.highlighted ? ' highlighted' : ''}`, 'data-loop': m.id }, [
    `<title>${escapeXml(title)}</title>`,
    el('circle', { cx: m.x, cy: m.y, r: m.r + 3, fill: '#fff', 'fill-opacity': 0.85 }),
    m.highlighted ? el('circle', { cx: m.x, cy: m.y, r: m.r + 3, fill: color, 'fill-opacity': 0.15 }) : '',
    el('path', { d, fill: 'none', stroke: color, 'stroke-width': m.highlighted ? 2.6 : 1.8 }),
    el('path', { d: polygonPath(head), fill: color }),
    text(
      {
        x: m.x,
        y: m.y + 4,
        'text-anchor': 'middle',
        'font-size': m.id.length > 2 ? 10 : 11,
        'font-weight': 'bold',
        fill: color,
      },
      m.id,
    ),
  ])
}
