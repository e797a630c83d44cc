/** The causal-loop diagram: graph, layout and the per-element renderers put together. */
import type { Model } from '@stockflow/model'
import { renderCldLink } from './cld-link.js'
import { cldGraph } from './cld-graph.js'
import { layoutCld } from './cld-layout.js'
import { renderCldNode } from './cld-node.js'
import { renderLoopMarker } from './loop-marker.js'
import { LOOP_COLOR } from './palette.js'
import { el, svgDocument } from './svg.js'
import type { CldLayout, CldOptions, Rendered } from './types.js'

/**
 * Renders a model's causal-loop diagram to an SVG string: nodes laid out by dagre, curved links with
 * their signs and delay marks, loop markers at each loop's centre, and one loop highlighted on request.
 */
export function renderCld(model: Model, options: CldOptions = {}): Rendered<CldLayout> {
  const graph = cldGraph(model, options)
  const layout = layoutCld(graph, {
    direction: options.direction,
    highlight: options.highlight,
    top: options.title ? 28 : 0,
  })
  const hi = layout.loops.find((l) => l.highlighted)
  const color = hi ? LOOP_COLOR[hi.polarity] : undefined
  // Highlighted links go last so they are drawn over the others.
  const ordered = [...layout.links.filter((l) => !l.highlighted), ...layout.links.filter((l) => l.highlighted)]
  const body = [
    el(
      'g',
      { class: 'links' },
      ordered.map((l) =>
        renderCldLink(l, { color: l.highlighted ? color : undefined, dim: hi !== undefined && !l.highlighted }),
      ),
    ),
    el(
      'g',
      { class: 'nodes' },
      layout.nodes.map((n) => renderCldNode(n, color)),
    ),
    el('g', { class: 'loops' }, layout.loops.map(renderLoopMarker)),
  ]
  const svg = svgDocument(
    {
      width: layout.width,
      height: layout.height,
      outerWidth: options.width,
      outerHeight: options.height,
      className: 'stockflow-cld',
      title: options.title,
    },
    body,
  )
  return { svg, layout }
}
