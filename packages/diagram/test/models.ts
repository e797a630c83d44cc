/** Small models for the diagram tests. */
import { eq, flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'

export { smoothedModel } from '../../../test/support/models.js'

/** Names that need escaping in SVG: `<`, `&` and quotes. */
export function awkwardModel(): Model {
  const a = stock('Cash <& "reserves"', { initial: 10 })
  const rate = param("Rate 'r' & co", 0.1)
  const inflow = flow('Interest > 0', { to: a, rate: eq`${a} * ${rate}` })
  return model('awkward <model>', { time: { start: 0, stop: 10, dt: 1 }, elements: [a, rate, inflow] })
}
