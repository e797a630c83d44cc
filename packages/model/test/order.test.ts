import { describe, expect, it } from 'vitest'
import type { Ordering } from '../src/order.js'
import { orderByDependencies } from '../src/order.js'

const graph = (deps: Record<string, string[]>) => (n: string) => deps[n] ?? []

/** The order, failing the test when there is a cycle. */
const orderOf = <T>(result: Ordering<T>): T[] => {
  if (!result.ok) throw new Error(`unexpected cycles ${JSON.stringify(result.cycles)}`)
  return result.order
}

const cyclesOf = <T>(result: Ordering<T>): T[][] => {
  if (result.ok) throw new Error(`expected cycles, got order ${JSON.stringify(result.order)}`)
  return result.cycles
}

describe('orderByDependencies', () => {
  it('puts every node after the nodes it depends on', () => {
    const deps = { profit: ['revenue', 'cost'], revenue: ['price', 'sales'], cost: ['sales'], sales: ['price'] }
    const nodes = ['profit', 'revenue', 'cost', 'sales', 'price']
    const order = orderOf(orderByDependencies(nodes, graph(deps)))
    expect([...order].sort()).toEqual([...nodes].sort())
    for (const [node, ds] of Object.entries(deps)) {
      for (const d of ds) expect(order.indexOf(d), `${d} before ${node}`).toBeLessThan(order.indexOf(node))
    }
  })

  it('keeps independent nodes in input order and is deterministic', () => {
    expect(orderOf(orderByDependencies(['c', 'a', 'b'], () => []))).toEqual(['c', 'a', 'b'])
    const deps = graph({ d: ['b', 'c'], b: ['a'], c: ['a'] })
    const first = orderOf(orderByDependencies(['d', 'c', 'b', 'a', 'e'], deps))
    for (let i = 0; i < 5; i++) expect(orderOf(orderByDependencies(['d', 'c', 'b', 'a', 'e'], deps))).toEqual(first)
    expect(first).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('ignores dependencies outside the nodes', () => {
    expect(orderOf(orderByDependencies(['b', 'a'], graph({ b: ['a', 'stock'], a: ['time'] })))).toEqual(['a', 'b'])
  })

  it('reports every cycle, each as a path from its earliest node back to itself', () => {
    const deps = graph({ a: ['b'], b: ['a'], c: ['c'], d: ['a'], x: ['z'], y: ['x'], z: ['y'] })
    const cycles = cyclesOf(orderByDependencies(['d', 'a', 'b', 'c', 'x', 'y', 'z'], deps))
    expect(cycles).toEqual([
      ['a', 'b', 'a'],
      ['c', 'c'],
      ['x', 'z', 'y', 'x'],
    ])
  })

  it('orders a chain of 100,000 nodes without overflowing the stack', () => {
    const n = 100_000
    const nodes = Array.from({ length: n }, (_, i) => i)
    // Each node depends on the next, so a recursive search would go 100,000 calls deep.
    const order = orderOf(orderByDependencies(nodes, (i) => (i + 1 < n ? [i + 1] : [])))
    expect(order).toHaveLength(n)
    expect(order[0]).toBe(n - 1)
    expect(order[n - 1]).toBe(0)
  })

  it('reports a cycle of 100,000 nodes without overflowing the stack', () => {
    const n = 100_000
    const nodes = Array.from({ length: n }, (_, i) => i)
    const cycles = cyclesOf(orderByDependencies(nodes, (i) => [(i + 1) % n]))
    expect(cycles).toHaveLength(1)
    expect(cycles[0]).toHaveLength(n + 1)
    expect(cycles[0]!.slice(0, 3)).toEqual([0, 1, 2])
    expect(cycles[0]![n]).toBe(0)
  })
})
