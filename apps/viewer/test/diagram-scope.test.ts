import { describe, expect, it } from 'vitest'
import { renderStockFlow } from '@stockflow/diagram'
import { generate } from '../../../bench/models.ts'
import involution from '../../../seeds/involution/model.ts'
import sir from '../../../seeds/SIR/model.ts'
import { CLD_LIMIT, STOCK_FLOW_LIMIT, cldScope, defaultCldNodes, stockFlowScope } from '../src/diagram-scope.ts'

// A ring of 666 stocks, each draining into the next through a flow driven by an auxiliary (1,999 variables).
const large = generate('chain', 2000, 10)

describe('what the diagrams draw', () => {
  it('draws small models whole, and named loops where the model names them', () => {
    expect(defaultCldNodes(sir)).toBe('all')
    expect(defaultCldNodes(involution)).toBe('loops')
    expect(cldScope(sir, 'all')).toEqual({ nodes: 'all', params: false, count: 5, note: '' })
    expect(cldScope(involution, 'loops')).toMatchObject({ nodes: 'loops', note: '' })
    expect(cldScope(involution, 'params')).toMatchObject({ nodes: 'all', params: true, count: 227, note: '' })
    expect(stockFlowScope(involution)).toEqual({ count: 227, note: '' })
    expect(227).toBeLessThanOrEqual(STOCK_FLOW_LIMIT)
  })

  it("starts a large model's causal-loop diagram from its stocks, at most CLD_LIMIT of them, and says so", () => {
    expect(defaultCldNodes(large)).toBe('stocks')
    const scope = cldScope(large, 'stocks')
    expect(scope.nodes).toHaveLength(CLD_LIMIT)
    expect(scope.nodes.slice(0, 2)).toEqual(['s0', 's1'])
    expect(scope.note).toBe(
      "The first 400 of the model's 666 stocks (in model order), with links condensed through the others: all of them are too many to draw at once.",
    )
    // Every other choice is capped too: dagre overflows a worker's stack on a ring of 2,000 nodes.
    const all = cldScope(large, 'all')
    expect(all).toMatchObject({ params: false, count: CLD_LIMIT })
    expect(all.nodes.slice(0, 3)).toEqual(['s0', 's1', 's2'])
    expect(all.note).toMatch(/^The first 400 of the model's 1,998 variables \(in model order\)/)
    expect(cldScope(large, 'params').note).toMatch(/^The first 400 of the model's 1,999 variables and parameters/)
    expect(cldScope(large, 'stocks', 1000)).toMatchObject({
      count: 666,
      note: "The model's 666 stocks, with links condensed through the other variables: all 1,998 variables are too many to draw at once.",
    })
  })

  it('draws part of a large stock-and-flow diagram: whole stocks with their flows and what the flows read', () => {
    const scope = stockFlowScope(large)
    expect(scope.count).toBeLessThanOrEqual(STOCK_FLOW_LIMIT)
    expect(scope.count).toBeGreaterThan(STOCK_FLOW_LIMIT - 10)
    const ids = new Set(scope.nodes)
    // s0 drains through f0 (which reads a0) and is filled by f665 (which reads a665).
    for (const id of ['s0', 'f0', 'a0', 'f665', 'a665', 's1', 'f1', 'a1']) expect(ids.has(id), id).toBe(true)
    expect(scope.note).toMatch(
      /^Part of the model: \d+ of the model's 666 stocks with their flows and the variables those read \(\d+ of 1,999 variables\)\./,
    )
    const { layout } = renderStockFlow(large, { nodes: scope.nodes })
    expect(layout.nodes).toHaveLength(scope.count)
  })

  it('draws a model with a view whole, however large (its positions need no layout)', () => {
    const items = large.elements.map((e, i) => ({ id: e.id, x: (i % 40) * 60, y: Math.floor(i / 40) * 60 }))
    expect(stockFlowScope({ ...large, views: [{ items }] })).toEqual({ count: 1999, note: '' })
  })
})
