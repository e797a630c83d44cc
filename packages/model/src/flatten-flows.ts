import type { ArrayedVar, Report } from './flatten-types.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import type { Stock } from './types.js'

/** What the flows of a stock's element need of the flattening. */
interface FlowContext {
  readonly arrays: ReadonlyMap<string, ArrayedVar>
  readonly report: Report
}

/**
 * The inflows and outflows of each element of a stock (`v` undefined: a scalar stock), worked out once
 * per stock: each arrayed flow's element at the same elements of the dimensions it shares with the
 * stock (matched by name, else by family), a scalar flow as it is (broadcast). A flow arrayed over a
 * dimension the stock lacks is a problem, reported once.
 */
export function flowMatcher(
  ctx: FlowContext,
  stock: Stock,
  v: ArrayedVar | undefined,
): (indices: readonly number[]) => { inflows: VarId[]; outflows: VarId[] } {
  type Pick = (indices: readonly number[]) => VarId | undefined
  const picks = (field: 'inflows' | 'outflows'): Pick[] =>
    (stock[field] ?? []).flatMap((raw): Pick[] => {
      const id = canonicalId(raw)
      const f = ctx.arrays.get(id)
      if (!f) return [() => id]
      const place = { label: stock.name, field }
      const match = f.dims.map((d) => {
        const own = v?.dims.findIndex((s) => s.id === d.id) ?? -1
        return own >= 0 ? own : (v?.dims.findIndex((s) => s.root === d.root) ?? -1)
      })
      const missing = match.findIndex((j) => j < 0)
      if (missing >= 0) {
        ctx.report(
          place,
          'array-flow',
          `"${f.element.name}" is arrayed over ${f.dims[missing]!.name}, which "${stock.name}" is not`,
          undefined,
          v
            ? `array the stock over ${f.dims[missing]!.name} too, or sum the flow in a flow of its own`
            : `array the stock like the flow, or give it a flow that sums this one: SUM(${f.element.name}[*])`,
        )
        return []
      }
      return [
        (indices) => {
          const k = f.offset(match.map((j) => indices[j]!))
          if (k !== undefined) return f.ids[k]!
          ctx.report(
            place,
            'array-flow',
            `some elements of "${stock.name}" have no element of "${f.element.name}" to flow through`,
            undefined,
            `array the flow over the stock's dimensions (${v!.dims.map((d) => d.name).join(', ')})`,
          )
          return undefined
        },
      ]
    })
  const ins = picks('inflows')
  const outs = picks('outflows')
  const run = (list: Pick[], indices: readonly number[]) =>
    list.map((p) => p(indices)).filter((id): id is VarId => id !== undefined)
  return (indices) => ({ inflows: run(ins, indices), outflows: run(outs, indices) })
}
