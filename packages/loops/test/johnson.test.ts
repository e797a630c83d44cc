import { describe, expect, it } from 'vitest'
import { shortestLoopsThrough } from '../src/ordered-search.js'
import { shortestIndependentCircuits } from '../src/sils.js'
import { elementaryCircuits } from '../src/johnson.js'

const complete = (n: number, selfLinks = false) =>
  Array.from({ length: n }, (_, v) => Array.from({ length: n }, (_, w) => w).filter((w) => selfLinks || w !== v))
const list = (cs: readonly Int32Array[]) => cs.map((c) => Array.from(c).join(''))

describe('elementaryCircuits (Johnson)', () => {
  it('finds every elementary circuit once, each from its smallest node, in a fixed order', () => {
    // A complete digraph on n nodes has Σ C(n,k)(k−1)! circuits of length k ≥ 2: 20 for n = 4.
    const found = elementaryCircuits(complete(4))
    expect(found.truncated).toBe(false)
    expect(found.circuits).toHaveLength(20)
    expect(new Set(list(found.circuits)).size).toBe(20)
    expect(found.circuits.every((c) => c[0] === Math.min(...c))).toBe(true)
    expect(list(found.circuits)).toEqual(list(elementaryCircuits(complete(4)).circuits))
    expect(elementaryCircuits(complete(5, true)).circuits).toHaveLength(89)
  })

  it('handles self-links, acyclic parts and separate components', () => {
    const adj = [[0, 1], [2], [1], [4], [3], []]
    expect(list(elementaryCircuits(adj).circuits)).toEqual(['0', '12', '34'])
    expect(elementaryCircuits([[1], [2], []]).circuits).toEqual([])
  })

  it('stops after the cap and says there were more', () => {
    const found = elementaryCircuits(complete(6), 100)
    expect(found.truncated).toBe(true)
    expect(found.circuits).toHaveLength(100)
    expect(elementaryCircuits(complete(4), 20).truncated).toBe(false)
  })

  it('does not overflow the stack on long loops', () => {
    const n = 50_000
    const ring = Array.from({ length: n }, (_, v) => [(v + 1) % n])
    expect(elementaryCircuits(ring).circuits[0]).toHaveLength(n)
  })
})

describe('shortestIndependentCircuits (SILS)', () => {
  it('keeps geodetic loops that bring a new link, up to the cycle rank', () => {
    const sils = shortestIndependentCircuits(complete(4))
    expect(sils.rank).toBe(12 - 4 + 1)
    expect(sils.circuits.every((c) => c.length === 2 || c.length === 3)).toBe(true)
    expect(sils.circuits.length).toBeLessThanOrEqual(sils.rank)
    expect(sils.circuits.length).toBeGreaterThanOrEqual(6)
    expect(list(shortestIndependentCircuits([[0, 1], [2], [1]]).circuits)).toEqual(['0', '12'])
  })
})

describe('shortestLoopsThrough', () => {
  it('finds the shortest loops through nodes in a given cyclic order', () => {
    // 0 -> 1 -> 2 -> 0 and a detour 1 -> 3 -> 4 -> 2
    const adj = [[1], [2, 3], [0], [4], [2]]
    expect(list(shortestLoopsThrough(adj, [0, 2]))).toEqual(['012'])
    expect(list(shortestLoopsThrough(adj, [4, 0]))).toEqual(['42013'])
    expect(shortestLoopsThrough(adj, [2, 1, 0])).toEqual([]) // the wrong way round
  })
})
