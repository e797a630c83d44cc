/** Renders a connector: a thin curved arrow from a variable to one whose equation reads it. */
import { arrowHead, sub } from './geometry.js'
import { el, num, polygonPath } from './svg.js'
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
  ])
}
