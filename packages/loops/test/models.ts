import { aux, eq, flow, model, param, stock } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'

/** Logistic growth N' = r·N·(1 − N/K), written with the crowding factor as its own auxiliary (two loops). */
export function logisticModel(): Model {
  const population = stock('Population', { initial: 1 })
  const rate = param('Growth Rate', 0.1)
  const capacity = param('Carrying Capacity', 1000)
  const crowding = aux('Crowding', { equation: eq`1 - ${population} / ${capacity}` })
  const growth = flow('Net Growth', { to: population, rate: eq`${rate} * ${population} * ${crowding}` })
  return model('logistic', {
    time: { start: 0, stop: 150, dt: 0.25, saveper: 1 },
    elements: [population, rate, capacity, crowding, growth],
  })
}

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

/**
 * `clusters` groups of five stocks, each filled by a flow that reads all five stocks of its group:
 * 10 variables and 89 loops per group (every circuit of a complete digraph on five nodes with self-links).
 */
export function clusteredModel(clusters: number): Model {
  const elements: Element[] = []
  for (let c = 0; c < clusters; c++) {
    const stocks = Array.from({ length: 5 }, (_, i) => `S${c}_${i}`)
    stocks.forEach((s, i) => {
      const f = `F${c}_${i}`
      const others = stocks.map((x) => `0.01 * ${x}`).join(' + ')
      elements.push({
        kind: 'stock',
        name: s,
        id: s.toLowerCase(),
        initial: String(1 + i),
        inflows: [f.toLowerCase()],
        outflows: [],
      })
      elements.push({ kind: 'flow', name: f, id: f.toLowerCase(), equation: `${others} - 0.1 * ${s}` })
    })
  }
  return { name: 'clusters', time: { start: 0, stop: 1, dt: 0.25 }, elements }
}
