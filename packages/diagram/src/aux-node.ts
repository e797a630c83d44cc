/** Renders an auxiliary (a circle) or a parameter (a smaller, shaded circle), named below. */
import { escapeXml } from './svg.js'
import { el } from './svg.js'
import { labelLines } from './stock.js'
import { AUX_R, PARAM_R } from './stock-flow-geometry.js'
import { SF_FONT_SIZE, SF_LABEL_WIDTH } from './stock-flow-layout.js'
import { wrapLabel } from './text.js'
import type { StockFlowNodeLayout } from './types.js'

/** `<g data-node="id" class="node aux|param">`. */
export function renderAuxNode(n: StockFlowNodeLayout): string {
  const r = n.kind === 'param' ? PARAM_R : AUX_R
  return el('g', { class: `node ${n.kind}`, 'data-node': n.id }, [
    `<title>${escapeXml(n.name)}</title>`,
    el('circle', {
      cx: n.x,
      cy: n.y,
      r,
      fill: n.kind === 'param' ? '#e8ecf0' : '#fff',
      stroke: '#44546a',
      'stroke-width': 1.3,
    }),
    ...labelLines(wrapLabel(n.name, SF_FONT_SIZE, SF_LABEL_WIDTH), n.x, n.y + r + 12),
  ])
}
