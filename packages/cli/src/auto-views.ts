import { layoutToView, renderStockFlow } from '@stockflow/diagram'
import type { Model } from '@stockflow/model'

/**
 * The model with a stock-and-flow view: its own views when it has any, else one laid out automatically,
 * so that a tool that draws what the file places (Stella) does not open it blank.
 */
export function withAutoViews(model: Model): Model {
  if (model.views?.length) return model
  const layout = renderStockFlow(model).layout
  if (layout.nodes.length === 0) return model
  return { ...model, views: [layoutToView(layout, model.name)] }
}
