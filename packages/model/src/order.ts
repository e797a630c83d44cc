/** The result of ordering nodes by their dependencies. */
export type Ordering<T> = { readonly ok: true; readonly order: T[] } | { readonly ok: false; readonly cycles: T[][] }

/**
 * Orders `nodes` so each comes after the nodes it depends on (deps outside `nodes` are ignored).
 * Depth-first in input order, so the same input always gives the same order. On failure, returns every cycle found
 * (one per strongly connected component), each starting from its earliest node.
 */
export function orderByDependencies<T>(nodes: readonly T[], depsOf: (node: T) => readonly T[]): Ordering<T> {
  const index = new Map<T, number>()
  nodes.forEach((n, i) => index.set(n, i))
  const order = orderIndices(nodes.length, (i) =>
    depsOf(nodes[i]!)
      .map((d) => index.get(d))
      .filter((d): d is number => d !== undefined),
  )
  if (order) return { ok: true, order: Array.from(order, (i) => nodes[i]!) }
  return { ok: false, cycles: findCycles(nodes, index, depsOf) }
}

/**
 * The core of `orderByDependencies` on node numbers 0..n-1 (deps must be node numbers): the order, or
 * undefined when there is a cycle. Typed arrays and an explicit stack, for models of 100k variables.
 */
export function orderIndices(n: number, deps: (node: number) => readonly number[]): Int32Array | undefined {
  const state = new Uint8Array(n) // 0 new, 1 on the stack, 2 done
  const order = new Int32Array(n)
  const node = new Int32Array(n)
  const next = new Int32Array(n)
  const pending: (readonly number[])[] = []
  let count = 0
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue
    let top = 0
    state[root] = 1
    node[0] = root
    next[0] = 0
    pending[0] = deps(root)
    while (top >= 0) {
      const ds = pending[top]!
      if (next[top]! < ds.length) {
        const d = ds[next[top]!++]!
        if (state[d] === 1) return undefined
        if (state[d] === 0) {
          top++
          state[d] = 1
          node[top] = d
          next[top] = 0
          pending[top] = deps(d)
        }
      } else {
        state[node[top]!] = 2
        order[count++] = node[top]!
        top--
      }
    }
  }
  return order
}

/** One cycle per strongly connected component with a loop (Tarjan), as a path that returns to its start. */
function findCycles<T>(nodes: readonly T[], index: Map<T, number>, depsOf: (node: T) => readonly T[]): T[][] {
  const n = nodes.length
  const adj = nodes.map((node) =>
    depsOf(node)
      .map((d) => index.get(d))
      .filter((d): d is number => d !== undefined),
  )
  const low = new Int32Array(n).fill(-1)
  const num = new Int32Array(n).fill(-1)
  const onStack = new Uint8Array(n)
  const comp = new Int32Array(n).fill(-1)
  const sccStack: number[] = []
  let counter = 0
  let compCount = 0
  for (let root = 0; root < n; root++) {
    if (num[root] !== -1) continue
    const work: { v: number; i: number }[] = [{ v: root, i: 0 }]
    num[root] = low[root] = counter++
    sccStack.push(root)
    onStack[root] = 1
    while (work.length) {
      const frame = work[work.length - 1]!
      const { v } = frame
      if (frame.i < adj[v]!.length) {
        const w = adj[v]![frame.i++]!
        if (num[w] === -1) {
          num[w] = low[w] = counter++
          sccStack.push(w)
          onStack[w] = 1
          work.push({ v: w, i: 0 })
        } else if (onStack[w]) low[v] = Math.min(low[v]!, num[w]!)
      } else {
        work.pop()
        if (work.length) {
          const parent = work[work.length - 1]!.v
          low[parent] = Math.min(low[parent]!, low[v]!)
        }
        if (low[v] === num[v]) {
          let w: number
          do {
            w = sccStack.pop()!
            onStack[w] = 0
            comp[w] = compCount
          } while (w !== v)
          compCount++
        }
      }
    }
  }
  const members = new Map<number, number[]>()
  for (let v = 0; v < n; v++) {
    const c = comp[v]!
    if (!members.has(c)) members.set(c, [])
    members.get(c)!.push(v)
  }
  const cycles: T[][] = []
  for (const group of [...members.values()].sort((a, b) => a[0]! - b[0]!)) {
    const start = group[0]!
    const selfLoop = adj[start]!.includes(start)
    if (group.length === 1 && !selfLoop) continue
    cycles.push(pathBack(start, comp, adj).map((i) => nodes[i]!))
  }
  return cycles
}

/** A shortest path inside one component from `start` back to itself (breadth-first). */
function pathBack(start: number, comp: Int32Array, adj: number[][]): number[] {
  const prev = new Map<number, number>()
  const queue = [start]
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!
    for (const w of adj[v]!) {
      if (comp[w] !== comp[start]) continue
      if (w === start) {
        const path = [start]
        for (let u = v; u !== start; u = prev.get(u)!) path.push(u)
        path.push(start)
        return path.reverse()
      }
      if (!prev.has(w)) {
        prev.set(w, v)
        queue.push(w)
      }
    }
  }
  return [start, start]
}
