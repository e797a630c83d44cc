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

export { smoothedModel } from '../../../test/support/models.js'

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
