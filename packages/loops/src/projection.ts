import type { VarId } from '@stockflow/model'
import { loopKey } from './loop-builder.js'

/**
 * The key (see `loopKey`) of the variable-level loop an element loop projects onto: the cycle of its
 * elements' variables, reduced to its shortest repeating period (`I[n] E[e] F[e] I[e] E[n] F[n]` is
 * `I E F` twice). Undefined when that period visits a variable twice: the element loop winds through
 * two variable loops (`A[1] B[1] A[2] C[1]`) and stands for neither.
 */
export function projectionKey(elements: readonly VarId[], variableOf: ReadonlyMap<VarId, VarId>): string | undefined {
  const seq = elements.map((e) => variableOf.get(e) ?? e)
  const n = seq.length
  for (let p = 1; p <= n; p++) {
    if (n % p) continue
    let periodic = true
    for (let i = p; i < n && periodic; i++) if (seq[i] !== seq[i - p]) periodic = false
    if (!periodic) continue
    const period = seq.slice(0, p)
    return new Set(period).size === p ? loopKey(period) : undefined
  }
  return undefined
}
