import { cyclicComponents, stronglyConnected } from './scc.js'
import { rotateToSmallest } from './sils.js'

/**
 * Loops that carry the most weight, without listing every loop: the strongest-path search of
 * Eberlein & Schoenberg ("Finding the Loops that Matter", 2020). At each row, from each stock, a
 * depth-first search follows links in order of decreasing |link score| and drops a path when it
 * reaches a variable more weakly than an earlier path did; every return to the start is a loop.
 * `score(u, v, row)` is the link score of u → v; `starts` are the nodes to search from.
 */
export function strongestLoops(
  adj: readonly (readonly number[])[],
  score: (from: number, to: number, row: number) => number,
  rows: number,
  starts: readonly number[],
  budget = 200_000,
): Int32Array[] {
  const n = adj.length
  const comp = stronglyConnected(adj)
  const cyclic = cyclicComponents(adj, comp)
  const found = new Map<string, Int32Array>()
  const best = new Float64Array(n)
  const onPath = new Uint8Array(n)
  for (let row = 0; row < rows; row++) {
    const weight = (u: number, v: number) => {
      const s = Math.abs(score(u, v, row))
      return Number.isNaN(s) ? 0 : s
    }
    const ordered = adj.map((next, u) =>
      next
        .filter((v) => comp[v] === comp[u])
        .map((v) => ({ v, w: weight(u, v) }))
        .filter((e) => e.w > 0)
        .sort((a, b) => b.w - a.w || a.v - b.v),
    )
    for (const s of starts) {
      if (!cyclic.has(comp[s]!)) continue
      best.fill(0)
      const path = [s]
      onPath[s] = 1
      let steps = 0
      const visit = (u: number, strength: number): void => {
        for (const { v, w } of ordered[u]!) {
          if (++steps > budget) return
          const next = strength * w
          if (v === s) {
            const loop = rotateToSmallest(Int32Array.from(path))
            found.set(loop.join(','), loop)
            continue
          }
          if (onPath[v] || next <= best[v]!) continue
          best[v] = next
          onPath[v] = 1
          path.push(v)
          visit(v, next)
          path.pop()
          onPath[v] = 0
        }
      }
      visit(s, 1)
      onPath[s] = 0
    }
  }
  return [...found.values()]
}
