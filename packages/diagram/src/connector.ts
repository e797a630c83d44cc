/** Renders a connector: a thin curved arrow from a variable to one whose equation reads it. */
import { add, arrowHead, leftNormal, scale, sub, unit } from './geometry.js'
import { SIGN_COLOR } from './palette.js'
import { el, num, polygonPath, text } from './svg.js'
import type { ConnectorLayout } from './types.js'

const CONNECTOR = '#b0436e'

/** `<g class="connector" data-link="from->to">`. */
export function renderConnector(c: ConnectorLayout): string {
  const head = arrowHead(c.end, sub(c.end, c.control), 7, 6)
  return el('g', { class: 'connector', 'data-link': `${c.from}->${c.to}` }, [
    el('path', {
      d: `M${num(c.start.x)},${num(c.start.y)}Q${num(c.control.x)},${num(c.control.y)} ${num(c.end.x)},${num(c.end.y)}`,
      fill: 'none',
      stroke: CONNECTOR,
      'stroke-width': 1,
    }),
    el('path', { d: polygonPath(head), fill: CONNECTOR }),
    ...(c.polarity ? [polarityMark(c)] : []),
  ])
}

/** The author's `+`/`-`, 12 units back from the tip and 7 to its left. */
function polarityMark(c: ConnectorLayout): string {
  const back = unit(sub(c.control, c.end))
  const p = add(add(c.end, scale(back, 12)), scale(leftNormal(scale(back, -1)), 7))
  return text(
    {
      x: p.x,
      y: p.y + 4,
      'text-anchor': 'middle',
      'font-size': 11,
      'font-weight': 'bold',
      fill: SIGN_COLOR[c.polarity!],
    },
    c.polarity!,
  )
}
