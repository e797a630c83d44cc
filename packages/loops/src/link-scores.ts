import type { Model, VarId } from '@stockflow/model'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import type { ModelEquations } from './equations.js'
import { evaluateElement } from './evaluate.js'
import type { Memo, Point } from './evaluate.js'
import type { Trace } from './trace.js'

/**
 * Link scores of Loops That Matter (Schoenberg, Davidsen & Eberlein, System Dynamics Review 36(2),
 * 2020; flow-to-stock form as corrected by Schoenberg, Hayward & Eberlein, SDR 39(2), 2023) at each
 * row of a run, over the interval from the row before:
 *
 * - equation link x → z: the part of z's change due to x alone (z's equation re-evaluated with x at
 *   its new value and every other input at its old one), as a fraction of z's whole change, signed
 *   by whether that part moves with x or against it; 0 when x or z does not change;
 * - flow → stock: the change in the flow over the change in the stock's net flow, + for inflows and
 *   − for outflows; 0 when the flow does not change.
 *
 * Stateful calls (SMOOTH, DELAY) pass a change in their input on at once (perfect mixing). Row 0 is NaN.
 */
export function linkScores(
  model: Model,
  graph: CausalGraph,
  equations: ModelEquations,
  trace: Trace,
  links: readonly CausalLink[] = graph.links,
): Map<CausalLink, Float64Array> {
  const n = trace.times.length
  const stocks = new Map(model.elements.flatMap((e) => (e.kind === 'stock' ? [[e.id, e] as const] : [])))
  const netChange = new Map<VarId, Float64Array>()
  const netOf = (stock: VarId): Float64Array => {
    let d = netChange.get(stock)
    if (d) return d
    const s = stocks.get(stock)!
    const net = new Float64Array(n)
    for (const f of s.inflows) addInto(net, trace.series(f), 1)
    for (const f of s.outflows) addInto(net, trace.series(f), -1)
    d = new Float64Array(n).fill(NaN)
    for (let k = 1; k < n; k++) d[k] = net[k]! - net[k - 1]!
    netChange.set(stock, d)
    return d
  }
  const out = new Map<CausalLink, Float64Array>()
  // Equation links by the variable whose equation they enter: at each row the equation is evaluated
  // once as it was, and once per link with that link's input moved, reusing the parts it does not reach.
  const byTarget = new Map<VarId, CausalLink[]>()
  for (const link of links) {
    const scores = new Float64Array(n).fill(NaN)
    out.set(link, scores)
    const x = trace.series(link.from)
    const z = trace.series(link.to)
    if (!x || !z) continue
    if (link.kind !== 'equation') {
      const dNet = netOf(link.to)
      const sign = link.kind === 'inflow' ? 1 : -1
      for (let k = 1; k < n; k++) {
        const dFlow = x[k]! - x[k - 1]!
        scores[k] = dFlow === 0 ? 0 : dNet[k] === 0 ? NaN : sign * Math.abs(dFlow / dNet[k]!)
      }
      continue
    }
    if (!equations.equations.has(link.to)) continue
    let group = byTarget.get(link.to)
    if (!group) byTarget.set(link.to, (group = []))
    group.push(link)
  }
  const memo: Memo = new Map()
  for (const [to, group] of byTarget) {
    const eq = equations.equations.get(to)!
    const z = trace.series(to)!
    const inputs = group.map((l) => trace.series(l.from)!)
    const scores = group.map((l) => out.get(l)!)
    for (let k = 1; k < n; k++) {
      const dz = z[k]! - z[k - 1]!
      let base: number | undefined
      let at: Point | undefined
      group.forEach((link, j) => {
        const x = inputs[j]!
        const dx = x[k]! - x[k - 1]!
        if (dx === 0 || dz === 0) {
          scores[j]![k] = 0
          return
        }
        if (at === undefined || base === undefined) {
          at = trace.point(k - 1)
          memo.clear()
          base = evaluateElement(eq, at, equations, undefined, memo)
        }
        const partial = evaluateElement(eq, at, equations, { id: link.from, value: x[k]! }, memo) - base
        scores[j]![k] = Math.abs(partial / dz) * Math.sign(partial / dx)
      })
    }
  }
  return out
}

function addInto(target: Float64Array, values: Float64Array | undefined, sign: number): void {
  if (!values) return
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + sign * values[i]!
}
