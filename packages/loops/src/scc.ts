/**
 * Strongly connected components of a digraph given as successor lists (Tarjan's algorithm, without
 * recursion so deep graphs do not overflow the stack). `include` limits the graph to some nodes.
 * Returns the component number of every node (-1 when excluded).
 */
export function stronglyConnected(adj: readonly (readonly number[])[], include?: (v: number) => boolean): Int32Array {
  const n = adj.length
  const comp = new Int32Array(n).fill(-1)
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack: number[] = []
  const work: { v: number; i: number }[] = []
  let counter = 0
  let components = 0
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || (include && !include(root))) continue
    work.push({ v: root, i: 0 })
    index[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length) {
      const frame = work[work.length - 1]!
      const v = frame.v
      const next = adj[v]!
      if (frame.i < next.length) {
        const w = next[frame.i++]!
        if (include && !include(w)) continue
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = 1
          work.push({ v: w, i: 0 })
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!)
        continue
      }
      work.pop()
      if (work.length) {
        const parent = work[work.length - 1]!.v
        low[parent] = Math.min(low[parent]!, low[v]!)
      }
      if (low[v] === index[v]) {
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = 0
          comp[w] = components
        } while (w !== v)
        components++
      }
    }
  }
  return comp
}

/** Whether a component is cyclic: more than one node, or one node with a link to itself. */
export function cyclicComponents(adj: readonly (readonly number[])[], comp: Int32Array): Set<number> {
  const size = new Map<number, number>()
  for (const c of comp) if (c >= 0) size.set(c, (size.get(c) ?? 0) + 1)
  const cyclic = new Set<number>()
  for (let v = 0; v < adj.length; v++) {
    const c = comp[v]!
    if (c < 0) continue
    if (size.get(c)! > 1 || adj[v]!.includes(v)) cyclic.add(c)
  }
  return cyclic
}
