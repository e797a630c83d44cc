/** Renders one causal-loop-diagram node: a stock as a box, any other variable as its name. */
import { FONT_SIZE, LINE_HEIGHT } from './cld-layout.js'
import { INK, LOOP_COLOR } from './palette.js'
import { el, escapeXml, text } from './svg.js'
import type { CldNodeLayout } from './types.js'

/** Text lines centred on (x, y), with a white halo so links passing behind stay legible. */
export function centredLines(lines: readonly string[], x: number, y: number, a: Record<string, string | number> = {}) {
  const top = y - (lines.length * LINE_HEIGHT) / 2
  // A baseline at 0.78 of the line height centres Latin and CJK text well enough without dominant-baseline.
  return lines.map((line, i) => text({ x, y: top + LINE_HEIGHT * (i + 0.78), 'text-anchor': 'middle', ...a }, line))
}

/** One node, `<g data-node="id">`, with a tooltip of its name and kind. */
export function renderCldNode(node: CldNodeLayout, highlightColor?: string): string {
  const classes = ['node', node.kind, node.highlighted ? 'highlighted' : ''].filter(Boolean).join(' ')
  const color = node.highlighted ? (highlightColor ?? LOOP_COLOR.reinforcing) : undefined
  const parts = [`<title>${escapeXml(`${node.name} (${node.kind})`)}</title>`]
  if (node.kind === 'stock') {
    parts.push(
      el('rect', {
        x: node.x - node.width / 2,
        y: node.y - node.height / 2,
        width: node.width,
        height: node.height,
        rx: 2,
        fill: '#fbf7ee',
        stroke: color ?? '#5c4d33',
        'stroke-width': node.highlighted ? 2.5 : 1.3,
      }),
    )
  }
  const textAttrs: Record<string, string | number> = {
    fill: color ?? INK,
    'font-size': FONT_SIZE,
    ...(node.highlighted ? { 'font-weight': 'bold' } : {}),
    ...(node.kind === 'stock'
      ? {}
      : { stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' }),
    ...(node.kind === 'param' ? { 'font-style': 'italic' } : {}),
  }
  parts.push(...centredLines(node.lines, node.x, node.y, textAttrs))
  return el('g', { class: classes, 'data-node': node.id }, parts)
}
