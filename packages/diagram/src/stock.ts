/** Renders a stock: a box with its name inside, or below it when the box is too small (view sizes). */
import { INK } from './palette.js'
import { el, escapeXml, text } from './svg.js'
import { SF_FONT_SIZE, SF_LABEL_WIDTH, SF_LINE_HEIGHT } from './stock-flow-geometry.js'
import { textWidth, wrapLabel } from './text.js'
import type { StockFlowNodeLayout } from './types.js'

/** Label lines of a node and whether they fit inside its box. */
export function stockLabel(n: StockFlowNodeLayout): { lines: string[]; inside: boolean } {
  const lines = wrapLabel(n.name, SF_FONT_SIZE, SF_LABEL_WIDTH)
  const w = Math.max(...lines.map((l) => textWidth(l, SF_FONT_SIZE)))
  return { lines, inside: w + 8 <= n.width && lines.length * SF_LINE_HEIGHT + 6 <= n.height }
}

/** Lines of text centred horizontally on x, the first baseline at y. */
export function labelLines(lines: readonly string[], x: number, y: number): string[] {
  return lines.map((l, i) =>
    text(
      {
        x,
        y: y + i * SF_LINE_HEIGHT,
        'text-anchor': 'middle',
        'font-size': SF_FONT_SIZE,
        fill: INK,
        stroke: '#fff',
        'stroke-width': 3,
        'stroke-linejoin': 'round',
        'paint-order': 'stroke',
      },
      l,
    ),
  )
}

/** Offset of each box behind an arrayed stock's (up and to the right, as a stack of cards). */
export const STACK_OFFSET = 3

/**
 * `<g data-node="id" class="node stock">`. An arrayed stock (`elements` > 1) is drawn as a stack of
 * boxes, as Stella draws arrays, and says in its title how many elements it holds.
 */
export function renderStock(n: StockFlowNodeLayout, elements = 1): string {
  const { lines, inside } = stockLabel(n)
  const firstBaseline = inside ? n.y - ((lines.length - 1) * SF_LINE_HEIGHT) / 2 + 4 : n.y + n.height / 2 + 13
  const arrayed = elements > 1
  const behind = arrayed
    ? [2, 1].map((k) =>
        el('rect', {
          class: 'stack-layer',
          x: n.x - n.width / 2 + k * STACK_OFFSET,
          y: n.y - n.height / 2 - k * STACK_OFFSET,
          width: n.width,
          height: n.height,
          fill: '#eef3f9',
          stroke: '#1f3a5f',
          'stroke-width': 1,
        }),
      )
    : []
  return el('g', { class: arrayed ? 'node stock arrayed' : 'node stock', 'data-node': n.id }, [
    `<title>${escapeXml(arrayed ? `${n.name} (${elements} elements)` : n.name)}</title>`,
    ...behind,
    el('rect', {
      x: n.x - n.width / 2,
      y: n.y - n.height / 2,
      width: n.width,
      height: n.height,
      fill: '#eef3f9',
      stroke: '#1f3a5f',
      'stroke-width': 1.5,
    }),
    ...labelLines(lines, n.x, firstBaseline),
  ])
}
