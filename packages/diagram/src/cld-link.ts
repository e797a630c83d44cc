/** Renders one causal link: a curved arrow, its `+`/`-` by the arrowhead and a delay mark if delayed. */
import { arrowHead } from './geometry.js'
import { delayMark, tipDirection } from './link-geometry.js'
import { LINK_COLOR, SIGN_COLOR } from './palette.js'
import { el, num, polygonPath, text } from './svg.js'
import type { CldLinkLayout } from './types.js'

/** The text shown for each sign (a real minus and plus-minus read better than `-` and `mixed`). */
export const SIGN_TEXT = { '+': '+', '-': '\u2212', mixed: '\u00b1' } as const

/** One link, `<g data-link="from->to">`; `color` overrides the stroke (highlighted loops), `dim` fades it. */
export function renderCldLink(link: CldLinkLayout, o: { color?: string; dim?: boolean } = {}): string {
  const stroke = o.color ?? LINK_COLOR
  const width = link.highlighted ? 2.6 : 1.2
  const classes = ['link', link.highlighted ? 'highlighted' : '', o.dim ? 'dimmed' : '', link.delayed ? 'delayed' : '']
  const tip = link.points[link.points.length - 1]!
  const head = arrowHead(tip, tipDirection(link.points), link.highlighted ? 11 : 9, link.highlighted ? 8 : 7)
  const parts = [
    el('path', { class: 'link-path', d: link.path, fill: 'none', stroke, 'stroke-width': width }),
    el('path', { class: 'arrowhead', d: polygonPath(head), fill: stroke }),
  ]
  if (link.delayed) {
    const d = delayMark(link.points)
      .map(([a, b]) => `M${num(a.x)},${num(a.y)}L${num(b.x)},${num(b.y)}`)
      .join('')
    parts.push(el('path', { class: 'delay-mark', d, stroke, 'stroke-width': 1.6, fill: 'none' }))
  }
  if (link.polarity) {
    parts.push(
      text(
        {
          class: 'sign',
          x: link.label.x,
          y: link.label.y + 4.5,
          'text-anchor': 'middle',
          'font-size': 14,
          'font-weight': 'bold',
          fill: SIGN_COLOR[link.polarity],
          stroke: '#fff',
          'stroke-width': 3,
          'paint-order': 'stroke',
        },
        SIGN_TEXT[link.polarity],
      ),
    )
  }
  return el(
    'g',
    {
      class: classes.filter(Boolean).join(' '),
      'data-link': `${link.from}->${link.to}`,
      'data-polarity': link.polarity,
      opacity: o.dim ? 0.3 : undefined,
    },
    parts,
  )
}
