/** Drawing shared by the focus views: their nodes and arrows look like the causal-loop diagram's. */
import type { ElementKind } from '@stockflow/model'
import { nodeSize } from './cld-layout.js'
import { renderCldLink } from './cld-link.js'
import { renderCldNode } from './cld-node.js'
import { smoothPathData } from './geometry.js'
import { signLabelPoint } from './link-geometry.js'
import { INK, MUTED } from './palette.js'
import { el, num, text } from './svg.js'
import type { FocusLinkLayout, FocusNodeLayout } from './focus-types.js'
import type { CldNodeLayout } from './types.js'

/** The causal-loop diagram's node kinds; a lookup is drawn as a parameter. */
function cldKind(kind: ElementKind): CldNodeLayout['kind'] {
  return kind === 'lookup' ? 'param' : kind
}

/** A variable's wrapped label and box size, as in the causal-loop diagram (a repeated one in parentheses). */
export function focusNodeSize(
  name: string,
  kind: ElementKind,
  repeated = false,
): { lines: string[]; width: number; height: number } {
  return nodeSize({ id: '', name: repeated ? `(${name})` : name, kind: cldKind(kind) })
}

/**
 * One node, `<g data-node="id">` (a repeated one inside `<g class="repeated">`, greyed); `emphasis`
 * draws it bold (a tree's root); `more` adds an ellipsis on the side its hidden branches go.
 */
export function renderFocusNode(n: FocusNodeLayout, o: { emphasis?: boolean; more?: -1 | 1 } = {}): string {
  const { lines } = focusNodeSize(n.name, n.kind, n.repeated)
  const layout: CldNodeLayout = { ...n, kind: cldKind(n.kind), lines, highlighted: o.emphasis === true }
  const node = renderCldNode(layout, INK)
  const more = o.more
    ? text(
        {
          class: 'more',
          x: n.x + o.more * (n.width / 2 + 8),
          y: n.y + 4,
          'text-anchor': 'middle',
          'font-size': 12,
          fill: MUTED,
        },
        '\u2026',
      )
    : ''
  if (n.repeated) return el('g', { class: 'repeated', opacity: 0.5 }, [node, more])
  return more ? el('g', { class: 'branch' }, [node, more]) : node
}

/** One arrow with its sign by the head and its delay mark, `<g data-link="from->to">`. */
export function renderFocusLink(l: FocusLinkLayout, color?: string): string {
  const path = l.points.length > 4 ? polylinePath(l.points) : smoothPathData(l.points, num)
  return renderCldLink(
    { ...l, via: [], path, label: l.label ?? signLabelPoint(l.points), highlighted: color !== undefined },
    { color },
  )
}

/** Path data of a dense polyline (a sampled arc), numbers rounded. */
export function polylinePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join('')
}
