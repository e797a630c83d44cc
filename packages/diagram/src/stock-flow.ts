/** The stock-and-flow diagram: layout and the per-element renderers put together. */
import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { renderAlias } from './alias-node.js'
import { renderAuxNode } from './aux-node.js'
import { renderCloud } from './cloud.js'
import { renderConnector } from './connector.js'
import { renderPipe } from './pipe.js'
import { renderStock } from './stock.js'
import { layoutStockFlow } from './stock-flow-layout.js'
import { el, svgDocument } from './svg.js'
import type { Rendered, StockFlowLayout, StockFlowOptions } from './types.js'

/**
 * Renders a model's stock-and-flow diagram to an SVG string: stocks, pipes with valves and clouds,
 * auxiliaries, parameters and connectors, at the author's positions when the model has a view (with
 * its aliases in grey angle brackets, its clouds and its connectors as drawn).
 */
export function renderStockFlow(model: Model, options: StockFlowOptions = {}): Rendered<StockFlowLayout> {
  const layout = layoutStockFlow(model, options)
  const own = layout.nodes.filter((n) => !n.alias)
  const byId = new Map(own.map((n) => [n.id, n]))
  const aliases = layout.nodes.filter((n) => n.alias)
  const sizes = arraySizes(model)
  const body = [
    el('g', { class: 'connectors' }, layout.connectors.map(renderConnector)),
    el('g', { class: 'clouds' }, layout.clouds.map(renderCloud)),
    el(
      'g',
      { class: 'flows' },
      layout.pipes.map((p) => renderPipe(p, byId.get(p.flow)!)),
    ),
    el(
      'g',
      { class: 'stocks' },
      own.filter((n) => n.kind === 'stock').map((n) => renderStock(n, sizes.get(n.id))),
    ),
    el(
      'g',
      { class: 'variables' },
      own.filter((n) => n.kind === 'aux' || n.kind === 'param' || n.kind === 'lookup').map(renderAuxNode),
    ),
    // Only a view has aliases: a drawing without them stays as it was.
    ...(aliases.length > 0 ? [el('g', { class: 'aliases' }, aliases.map(renderAlias))] : []),
  ]
  const svg = svgDocument(
    {
      width: layout.width,
      height: layout.height,
      outerWidth: options.width,
      outerHeight: options.height,
      className: 'stockflow-sfd',
      title: options.title,
    },
    body,
  )
  return { svg, layout }
}

/** How many elements each arrayed variable of a model has, by id (its dimensions' sizes multiplied). */
function arraySizes(model: Model): Map<string, number> {
  const sizes = new Map<string, number>()
  if (!model.dimensions?.length) return sizes
  const dims = new Map<string, number>()
  for (const d of model.dimensions)
    for (const name of [d.name, ...(d.aliases ?? [])]) dims.set(canonicalId(name), d.elements.length)
  for (const e of model.elements) {
    if (!e.dimensions?.length) continue
    sizes.set(
      e.id,
      e.dimensions.reduce((n, d) => n * (dims.get(canonicalId(d)) ?? 1), 1),
    )
  }
  return sizes
}
