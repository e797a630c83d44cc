/**
 * The shortest elementary loops that visit `sequence` (node indices) in that cyclic order, other nodes
 * allowed between them: at most `limit` loops, all of the shortest length, each starting at
 * `sequence[0]`. A depth-first branch and bound, deepening the length from the sum of shortest
 * distances between consecutive nodes, so a named loop is found without listing every loop. Gives up
 * (returns none) after `budget` search steps.
 */
export function shortestLoopsThrough(
  adj: readonly (readonly number[])[],
  sequence: readonly number[],
  limit = 32,
  budget = 5_000_000,
): Int32Array[] {
  const n = adj.length
  const k = sequence.length
  if (k === 0 || new Set(sequence).size !== k) return []
  const pred: number[][] = Array.from({ length: n }, () => [])
  for (let v = 0; v < n; v++) for (const w of adj[v]!) pred[w]!.push(v)
  // distTo[j][v]: links from v to sequence[j] (reverse breadth-first search), -1 when unreachable.
  const distTo = sequence.map((t) => {
    const d = new Int32Array(n).fill(-1)
    d[t] = 0
    const queue = [t]
    for (let q = 0; q < queue.length; q++) {
      const x = queue[q]!
      for (const p of pred[x]!) {
        if (d[p] !== -1) continue
        d[p] = d[x]! + 1
        queue.push(p)
      }
    }
    return d
  })
  // tail[j]: at least this many links from sequence[j] round to the start through the later ones.
  const tail = new Int32Array(k + 1)
  for (let j = k - 1; j >= 0; j--) {
    const v = sequence[j]!
    const seg = k === 1 ? returnLength(adj, distTo[0]!, v) : distTo[(j + 1) % k]![v]!
    if (seg < 0) return []
    tail[j] = tail[j + 1]! + seg
  }
  const named = new Int32Array(n).fill(-1)
  sequence.forEach((v, j) => (named[v] = j))
  const start = sequence[0]!
  const onPath = new Uint8Array(n)
  onPath[start] = 1
  const path = [start]
  const found: Int32Array[] = []
  let steps = 0

  // `j`: index of the next named node to reach; k means back to the start.
  const search = (u: number, j: number, length: number): void => {
    for (const w of adj[u]!) {
      if (found.length >= limit || ++steps > budget) return
      const links = path.length // after the step u -> w
      if (w === start) {
        if (j === k && links === length) found.push(Int32Array.from(path))
        continue
      }
      if (onPath[w] || (named[w] >= 0 && named[w] !== j)) continue
      const next = named[w] === j ? j + 1 : j
      const toNext = distTo[next === k ? 0 : next]![w]!
      if (toNext < 0 || links + toNext + (next === k ? 0 : tail[next]!) > length) continue
      onPath[w] = 1
      path.push(w)
      search(w, next, length)
      path.pop()
      onPath[w] = 0
    }
  }
  for (let length = tail[0]!; length <= n && found.length === 0 && steps <= budget; length++) search(start, 1, length)
  return found
}

/** Links of the shortest way out of v and back (a loop through v alone). */
function returnLength(adj: readonly (readonly number[])[], distToV: Int32Array, v: number): number {
  let best = -1
  for (const w of adj[v]!) {
    const d = w === v ? 0 : distToV[w]!
    if (d >= 0 && (best < 0 || d + 1 < best)) best = d + 1
  }
  return best
}
