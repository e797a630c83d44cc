import { cyclicComponents, stronglyConnected } from './scc.js'

/** The elementary circuits of a digraph, each as node indices starting at its smallest node. */
export interface Circuits {
  readonly circuits: readonly Int32Array[]
  /** True when there were more than `maxCircuits`; `circuits` then holds the first ones found. */
  readonly truncated: boolean
}

/**
 * Every elementary circuit of a digraph (successor lists, sorted for a deterministic order) by
 * Johnson's algorithm (SIAM J. Comput. 4(1), 1975): for each start node s in turn, circuits through s
 * within the strongly connected part of the nodes >= s, with blocking so each path is tried once.
 * Stops after `maxCircuits`, reporting that there were more. Iterative, so long loops do not overflow.
 */
export function elementaryCircuits(adj: readonly (readonly number[])[], maxCircuits = Infinity): Circuits {
  const n = adj.length
  const circuits: Int32Array[] = []
  const blocked = new Uint8Array(n)
  const B: Set<number>[] = Array.from({ length: n }, () => new Set<number>())
  const inPart = new Uint8Array(n)

  const unblock = (u: number) => {
    const stack = [u]
    while (stack.length) {
      const x = stack.pop()!
      if (!blocked[x]) continue
      blocked[x] = 0
      for (const w of B[x]!) stack.push(w)
      B[x]!.clear()
    }
  }

  for (let s = 0; s < n; s++) {
    // The least node >= s on a cycle of the graph left once the nodes below s are gone.
    const comp = stronglyConnected(adj, (v) => v >= s)
    const cyclic = cyclicComponents(adj, comp)
    while (s < n && !cyclic.has(comp[s]!)) s++
    if (s >= n) break
    const mine = comp[s]!
    for (let v = s; v < n; v++) {
      inPart[v] = comp[v] === mine ? 1 : 0
      if (inPart[v]) {
        blocked[v] = 0
        B[v]!.clear()
      }
    }

    const path: number[] = [s]
    const frames: { v: number; i: number; found: boolean }[] = [{ v: s, i: 0, found: false }]
    blocked[s] = 1
    while (frames.length) {
      const frame = frames[frames.length - 1]!
      const next = adj[frame.v]!
      if (frame.i < next.length) {
        const w = next[frame.i++]!
        if (!inPart[w]) continue
        if (w === s) {
          if (circuits.length >= maxCircuits) return { circuits, truncated: true }
          circuits.push(Int32Array.from(path))
          frame.found = true
        } else if (!blocked[w]) {
          blocked[w] = 1
          path.push(w)
          frames.push({ v: w, i: 0, found: false })
        }
        continue
      }
      if (frame.found) unblock(frame.v)
      else for (const w of next) if (inPart[w]) B[w]!.add(frame.v)
      frames.pop()
      path.pop()
      if (frame.found && frames.length) frames[frames.length - 1]!.found = true
    }
    inPart.fill(0)
  }
  return { circuits, truncated: false }
}
