/** Renders an auxiliary (a circle), a parameter (a smaller, shaded circle) or a lookup, named below. */
import { el, escapeXml, num } from './svg.js'
import { labelLines } from './stock.js'
import { AUX_R, PARAM_R, SF_FONT_SIZE, SF_LABEL_WIDTH } from './stock-flow-geometry.js'
import { wrapLabel } from './text.js'
import type { StockFlowNodeLayout } from './types.js'

/**
 * `<g data-node="id" class="node aux|param|lookup">`; a lookup (drawn where a view places one) is a
 * parameter-sized circle with a little curve in it.
 */
export function renderAuxNode(n: StockFlowNodeLayout): string {
  const r = n.kind === 'aux' ? AUX_R : PARAM_R
  const glyph =
    n.kind === 'lookup'
      ? [
          el('path', {
            d: `M${num(n.x - r * 0.6)},${num(n.y + r * 0.35)}Q${num(n.x)},${num(n.y + r * 0.35)} ${num(n.x + r * 0.6)},${num(n.y - r * 0.45)}`,
            fill: 'none',
            stroke: '#44546a',
            'stroke-width': 1,
          }),
        ]
      : []
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
    ...glyph,
    ...labelLines(wrapLabel(n.name, SF_FONT_SIZE, SF_LABEL_WIDTH), n.x, n.y + r + 12),
  ])
}
