import { cyclicComponents, stronglyConnected } from './scc.js'

/** A shortest independent loop set, and the size of a full basis of the cycle space. */
export interface IndependentCircuits {
  readonly circuits: readonly Int32Array[]
  /** Σ (links − nodes + 1) over the cyclic strongly connected parts: the most independent loops there can be. */
  readonly rank: number
}

/**
 * A shortest independent loop set after Oliva (System Dynamics Review 20(4), 2004): the geodetic
 * (shortest) loop through every link, taken from the shortest up, keeping each loop that uses a link
 * no kept loop uses. Each kept loop is independent of those before it; the set is a greedy
 * approximation and can fall short of `rank` on graphs where no loop brings a new link. It needs no
 * enumeration, so it works on models with too many loops to list.
 */
export function shortestIndependentCircuits(adj: readonly (readonly number[])[]): IndependentCircuits {
  const n = adj.length
  const comp = stronglyConnected(adj)
  const cyclic = cyclicComponents(adj, comp)
  let rank = 0
  const nodes = new Map<number, number>()
  const links = new Map<number, number>()
  for (let v = 0; v < n; v++) {
    const c = comp[v]!
    if (!cyclic.has(c)) continue
    nodes.set(c, (nodes.get(c) ?? 0) + 1)
    for (const w of adj[v]!) if (comp[w] === c) links.set(c, (links.get(c) ?? 0) + 1)
  }
  for (const c of cyclic) rank += links.get(c)! - nodes.get(c)! + 1

  // The geodetic loop through a link u -> v is the link and a shortest path from v back to u: one
  // breadth-first search from each v serves every link into it.
  const candidates = new Map<string, Int32Array>()
  const into: number[][] = Array.from({ length: n }, () => [])
  for (let u = 0; u < n; u++) {
    const c = comp[u]!
    if (!cyclic.has(c)) continue
    for (const v of adj[u]!) {
      if (comp[v] !== c) continue
      if (u === v) candidates.set(String(u), Int32Array.of(u))
      else into[v]!.push(u)
    }
  }
  const prev = new Int32Array(n)
  for (let v = 0; v < n; v++) {
    if (into[v]!.length === 0) continue
    searchFrom(adj, comp, v, prev)
    for (const u of into[v]!) {
      if (prev[u] === -2) continue
      const path: number[] = []
      for (let x = u; x !== -1; x = prev[x]!) path.push(x)
      path.reverse() // v, ..., u; the loop is u, v, ..., the node before u
      const loop = Int32Array.from([u, ...path.slice(0, -1)])
      const key = canonicalKey(loop)
      if (!candidates.has(key)) candidates.set(key, rotateToSmallest(loop))
    }
  }
  const sorted = [...candidates.values()].sort(compareCircuits)
  const used = new Set<string>()
  const kept: Int32Array[] = []
  for (const loop of sorted) {
    const linkKeys = Array.from(loop, (v, i) => `${v}>${loop[(i + 1) % loop.length]}`)
    if (linkKeys.every((k) => used.has(k))) continue
    for (const k of linkKeys) used.add(k)
    kept.push(loop)
  }
  return { circuits: kept, rank }
}

/** Breadth-first search from `from` within its strongly connected part: `prev` of each node reached (-1 at `from`, -2 unreached). */
function searchFrom(adj: readonly (readonly number[])[], comp: Int32Array, from: number, prev: Int32Array): void {
  prev.fill(-2)
  prev[from] = -1
  const queue = [from]
  for (let q = 0; q < queue.length; q++) {
    const x = queue[q]!
    for (const w of adj[x]!) {
      if (prev[w] !== -2 || comp[w] !== comp[from]) continue
      prev[w] = x
      queue.push(w)
    }
  }
}

/** A loop rotated to start at its smallest node. */
export function rotateToSmallest(loop: Int32Array): Int32Array {
  let k = 0
  for (let i = 1; i < loop.length; i++) if (loop[i]! < loop[k]!) k = i
  return Int32Array.from({ length: loop.length }, (_, i) => loop[(k + i) % loop.length]!)
}

function canonicalKey(loop: Int32Array): string {
  return rotateToSmallest(loop).join(',')
}

/** Shorter loops first, then by their node sequences. */
export function compareCircuits(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) return a.length - b.length
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}
