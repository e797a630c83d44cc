/** Renders a flow: its pipe (a double line with an arrowhead into the sink), valve and name. */
import { arrowHead, sub } from './geometry.js'
import { el, escapeXml, num, polygonPath } from './svg.js'
import { labelLines } from './stock.js'
import { SF_FONT_SIZE, SF_LABEL_WIDTH, VALVE_R, valveShape } from './stock-flow-geometry.js'
import { wrapLabel } from './text.js'
import type { PipeLayout, Point, StockFlowNodeLayout } from './types.js'

const PIPE = '#1f3a5f'

/** Path data of an open polyline. */
function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join('')
}

/** The segment of the pipe the valve sits on, for the valve's orientation. */
function valveDirection(pipe: PipeLayout): Point {
  const pts = pipe.points
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!
    const b = pts[i]!
    if (b.x === pipe.valve.x && b.y === pipe.valve.y) return sub(b, a)
    if (a.x === pipe.valve.x && a.y === pipe.valve.y) return sub(b, a)
  }
  return sub(pts[pts.length - 1]!, pts[0]!)
}

/** `<g data-node="flow-id" class="node flow">` with the pipe, the valve and the label. */
export function renderPipe(pipe: PipeLayout, flow: StockFlowNodeLayout): string {
  const pts = pipe.points
  const tip = pts[pts.length - 1]!
  const head = arrowHead(tip, sub(tip, pts[pts.length - 2]!), 11, 13)
  // Stop the pipe's outline where the arrowhead begins so the head reads as one shape.
  const d = polyline([...pts.slice(0, -1), { x: (head[1].x + head[2].x) / 2, y: (head[1].y + head[2].y) / 2 }])
  const v = valveShape(pipe.valve, valveDirection(pipe))
  return el('g', { class: 'node flow', 'data-node': flow.id, 'data-from': pipe.from, 'data-to': pipe.to }, [
    `<title>${escapeXml(flow.name)}</title>`,
    el('path', { class: 'pipe', d, fill: 'none', stroke: PIPE, 'stroke-width': 6, 'stroke-linejoin': 'round' }),
    el('path', { class: 'pipe-inner', d, fill: 'none', stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round' }),
    el('path', { class: 'pipe-head', d: polygonPath(head), fill: PIPE }),
    el('path', {
      class: 'valve',
      d: polygonPath(v.left) + polygonPath(v.right),
      fill: '#fff',
      stroke: PIPE,
      'stroke-width': 1.3,
      'stroke-linejoin': 'round',
    }),
    el('path', {
      class: 'valve-stem',
      d: `M${num(v.stem[0].x)},${num(v.stem[0].y)}L${num(v.stem[1].x)},${num(v.stem[1].y)}`,
      stroke: PIPE,
      'stroke-width': 2,
    }),
    ...labelLines(wrapLabel(flow.name, SF_FONT_SIZE, SF_LABEL_WIDTH), pipe.valve.x, pipe.valve.y + VALVE_R + 14),
  ])
}
