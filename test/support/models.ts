import { aux, eq, flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'

/** A stock adjusted toward a target through a smoothed perception of itself (a delayed link). */
export function smoothedModel(): Model {
  const inventory = stock('Inventory', { initial: 100 })
  const target = param('Target', 200)
  const perceived = aux('Perceived Inventory', { equation: eq`SMTH1(${inventory}, 2, 50)` })
  const orders = flow('Orders', { to: inventory, rate: eq`MAX(0, (${target} - ${perceived}) / 4)` })
  const shipments = flow('Shipments', { from: inventory, rate: eq`${inventory} / 10` })
  return model('smoothed', {
    time: { start: 0, stop: 40, dt: 0.25, saveper: 1 },
    elements: [inventory, target, perceived, orders, shipments],
  })
}
