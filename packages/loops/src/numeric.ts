import type { VarId } from '@stockflow/model'
import type { ElementEquation, ModelEquations } from './equations.js'
import { evaluateElement } from './evaluate.js'
import type { Memo } from './evaluate.js'
import type { Trace } from './trace.js'

// Relative steps tried in turn until the difference is clear of rounding (kinks such as MIN can hide small ones).
const STEPS = [1e-6, 1e-4, 1e-2]

/**
 * The sign of ∂element/∂wrt at each save point of a run (1, -1, or 0 where it has no effect or cannot
 * be told), by a central difference that holds every other input at its run value.
 */
export function numericPartialSigns(
  eq: ElementEquation,
  wrt: VarId,
  trace: Trace,
  equations: ModelEquations,
): Int8Array {
  const xs = trace.series(wrt)
  const n = trace.times.length
  const out = new Int8Array(n)
  if (!xs) return out
  let scale = 0
  for (const x of xs) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x))
  const memo: Memo = new Map()
  for (let i = 0; i < n; i++) {
    const at = trace.point(i)
    const x = xs[i]!
    if (!Number.isFinite(x)) continue
    // The parts of the equation that do not read wrt, evaluated once for the steps below.
    memo.clear()
    evaluateElement(eq, at, equations, undefined, memo)
    for (const rel of STEPS) {
      const h = rel * Math.max(Math.abs(x), 1e-3 * scale, rel === STEPS[0] ? 1e-9 : 1e-6)
      const up = evaluateElement(eq, at, equations, { id: wrt, value: x + h }, memo)
      const down = evaluateElement(eq, at, equations, { id: wrt, value: x - h }, memo)
      const diff = up - down
      if (!Number.isFinite(diff)) break
      if (Math.abs(diff) > 1e-12 * (Math.abs(up) + Math.abs(down))) {
        out[i] = diff > 0 ? 1 : -1
        break
      }
    }
  }
  return out
}

/** Times where a sign series turns from one sign to the other (points without effect are skipped). */
export function signChanges(signs: Int8Array, times: Float64Array): number[] {
  const changes: number[] = []
  let last = 0
  for (let i = 0; i < signs.length; i++) {
    const s = signs[i]!
    if (s === 0) continue
    if (last !== 0 && s !== last) changes.push(times[i]!)
    last = s
  }
  return changes
}
