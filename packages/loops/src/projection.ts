import type { VarId } from '@stockflow/model'

/** Where an element loop lands at the variable level. */
export interface Projection {
  /**
   * The canonical key of its closed walk of variables: the period's rotation that is smallest id by id,
   * joined as `loopKey` joins a loop's (for a simple cycle the two are the same key).
   */
  readonly key: string
  /** That rotation of the period. */
  readonly walk: readonly VarId[]
  /** The period visits no variable twice: a simple cycle, an elementary loop of the variable graph. */
  readonly simple: boolean
}

/**
 * The closed walk of variables an element loop projects onto: the cycle of its elements' variables,
 * reduced to its shortest repeating period (`I[n] E[e] F[e] I[e] E[n] F[n]` is `I E F` twice). When
 * that period visits a variable twice (`A[1] B[1] A[2] C[1]` is `A B A C`) the walk is no simple
 * cycle of the variable graph; it is then a variable-level loop of its own.
 */
export function project(elements: readonly VarId[], variableOf: ReadonlyMap<VarId, VarId>): Projection {
  const seq = elements.map((e) => variableOf.get(e) ?? e)
  const n = seq.length
  let p = 1
  for (; p < n; p++) {
    if (n % p) continue
    let periodic = true
    for (let i = p; i < n && periodic; i++) if (seq[i] !== seq[i - p]) periodic = false
    if (periodic) break
  }
  const walk = smallestRotation(seq.slice(0, p))
  return { key: walk.join('\u0000'), walk, simple: new Set(walk).size === walk.length }
}

/** The key of the variable-level loop an element loop projects onto (see `project`). */
export function projectionKey(elements: readonly VarId[], variableOf: ReadonlyMap<VarId, VarId>): string {
  return project(elements, variableOf).key
}

/** The rotation of `ids` that compares smallest, id by id (ids may repeat). */
export function smallestRotation<T extends string | number>(ids: readonly T[]): T[] {
  const n = ids.length
  let best = 0
  for (let s = 1; s < n; s++) {
    for (let i = 0; i < n; i++) {
      const a = ids[(s + i) % n]!
      const b = ids[(best + i) % n]!
      if (a === b) continue
      if (a < b) best = s
      break
    }
  }
  return Array.from({ length: n }, (_, i) => ids[(best + i) % n]!)
}
