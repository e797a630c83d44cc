/** Renders an alias (a Vensim shadow variable): the name in angle brackets, in grey, at its place. */
import { MUTED } from './palette.js'
import { SF_FONT_SIZE, SF_LINE_HEIGHT } from './stock-flow-geometry.js'
import { aliasLabel } from './stock-flow-view.js'
import { el, escapeXml, text } from './svg.js'
import type { StockFlowNodeLayout } from './types.js'

/** `<g data-node="id" class="node alias">`: hovering or clicking it is hovering or clicking the element. */
export function renderAlias(n: StockFlowNodeLayout): string {
  const lines = aliasLabel(n.name)
  const first = n.y - ((lines.length - 1) * SF_LINE_HEIGHT) / 2 + 4
  return el('g', { class: `node alias ${n.kind}`, 'data-node': n.id, 'data-alias': n.uid }, [
    `<title>${escapeXml(n.name)}</title>`,
    ...lines.map((l, i) =>
      text(
        {
          x: n.x,
          y: first + i * SF_LINE_HEIGHT,
          'text-anchor': 'middle',
          'font-size': SF_FONT_SIZE,
          fill: MUTED,
          stroke: '#fff',
          'stroke-width': 3,
          'stroke-linejoin': 'round',
          'paint-order': 'stroke',
        },
        l,
      ),
    ),
  ])
}
