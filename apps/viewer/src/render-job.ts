import { renderCld, renderStockFlow } from '@stockflow/diagram'
import type { CldLayout, CldOptions, Rendered, StockFlowLayout, StockFlowOptions } from '@stockflow/diagram'
import { modelFromJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'

/** A diagram to draw: which renderer, with which options. */
export type DiagramJob =
  | { readonly diagram: 'cld'; readonly options: CldOptions }
  | { readonly diagram: 'stock-flow'; readonly options: StockFlowOptions }

/** What the diagram worker is asked: a job on a model (as JSON text; `modelKey` names it for the cache). */
export interface RenderRequest {
  readonly seq: number
  readonly modelKey: string
  readonly modelJSON: string
  readonly job: DiagramJob
}

/** The worker's answer: the renderer's SVG and layout, or why it failed (`message` is for people). */
export type RenderReply<L> =
  | { readonly kind: 'done'; readonly seq: number; readonly rendered: Rendered<L>; readonly ms: number }
  | { readonly kind: 'error'; readonly seq: number; readonly message: string }

/**
 * Draws diagrams of one model after another. The last model is kept parsed, and the renderers keep
 * their last layouts, so drawing the same nodes again (with signs, another loop marked) costs no layout.
 */
export class DiagramWorkshop {
  private modelKey: string | undefined
  private model: Model | undefined

  render(request: RenderRequest): RenderReply<CldLayout | StockFlowLayout> {
    const start = performance.now()
    try {
      if (request.modelKey !== this.modelKey || !this.model) {
        this.model = modelFromJSON(request.modelJSON, 'model')
        this.modelKey = request.modelKey
      }
      const { job } = request
      const rendered =
        job.diagram === 'cld' ? renderCld(this.model, job.options) : renderStockFlow(this.model, job.options)
      return { kind: 'done', seq: request.seq, rendered, ms: performance.now() - start }
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      return { kind: 'error', seq: request.seq, message }
    }
  }
}
