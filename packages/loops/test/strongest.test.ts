import { describe, expect, it } from 'vitest'
import { spreadOver, strongestLoops } from '../src/strongest.js'

const complete = (n: number) =>
  Array.from({ length: n }, (_, v) => Array.from({ length: n }, (_, w) => w).filter((w) => w !== v))

describe('spreadOver', () => {
  it('visits every row once: the ends, then the middle, then the quarters', () => {
    expect(spreadOver(0)).toEqual([])
    expect(spreadOver(1)).toEqual([0])
    expect(spreadOver(2)).toEqual([0, 1])
    expect(spreadOver(9)).toEqual([0, 8, 4, 2, 6, 1, 3, 5, 7])
    for (const n of [3, 10, 81, 100]) expect([...spreadOver(n)].sort((a, b) => a - b)).toEqual([...Array(n).keys()])
  })
})

describe('strongestLoops', () => {
  // Link u → v scores 1 / (1 + |u - v|), except 5 → 0, which scores only at the last row (and strongly).
  const rows = 40
  const score = (u: number, v: number, row: number) =>
    u === 5 && v === 0 ? (row === rows - 1 ? 1e6 : 0) : 1 / (1 + Math.abs(u - v))
  const adj = complete(7)
  const through50 = (cs: Int32Array[]) => cs.some((c) => c.includes(5) && c[(c.indexOf(5) + 1) % c.length] === 0)

  it('returns only real circuits, each from its smallest node', () => {
    for (const c of strongestLoops(adj, score, rows, [0, 3])) {
      expect(c[0]).toBe(Math.min(...c))
      c.forEach((u, i) => expect(adj[u]).toContain(c[(i + 1) % c.length]))
    }
  })

  it('on a total budget, finds a subset, and searches the last row second', () => {
    const all = strongestLoops(adj, score, rows, [0])
    expect(through50(all)).toBe(true)
    const keys = (cs: Int32Array[]) => cs.map((c) => c.join(','))
    const few = strongestLoops(adj, score, rows, [0], 200_000, 100)
    expect(few.length).toBeGreaterThan(0)
    expect(few.length).toBeLessThan(all.length)
    expect(keys(all)).toEqual(expect.arrayContaining(keys(few)))
    // 300 steps cover about two rows: searched in order, rows 0 and 1 would never see 5 → 0.
    expect(through50(strongestLoops(adj, score, rows, [0], 200_000, 300))).toBe(true)
  })
})
