import { canonicalId } from '@stockflow/model'
import type { DominanceData } from '@stockflow/diagram'
import type { DominanceResult, ScoredLoop } from './analysis.ts'

/** Loops the chart plots by strength; the named ones are plotted besides, the rest summed as "other loops". */
export const STRONGEST = 8

/** Grey of the summed "other loops" bands. */
const OTHER_COLOR = { reinforcing: '#c9b8b6', balancing: '#b6c2cc' } as const

/**
 * A found loop's label: its id, then the named loops it matches (`B2 = B6 Debt brake`); a named loop's
 * name that only restates its id is not repeated (`R1 = Contagion`).
 */
export function loopLabel(loop: Pick<ScoredLoop, 'id' | 'named'>): string {
  if (!loop.named.length) return loop.id
  const parts = loop.named.map((n) => {
    if (n.id === loop.id) return n.name
    return canonicalId(n.name) === canonicalId(n.id) ? `= ${n.name}` : `= ${n.id} ${n.name}`
  })
  return `${loop.id} ${parts.join(', ')}`
}

/** Mean |relative score| over the save times where it is defined. */
export function strength(scores: ArrayLike<number>): number {
  let sum = 0
  let n = 0
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!
    if (Number.isFinite(x)) {
      sum += Math.abs(x)
      n++
    }
  }
  return n ? sum / n : 0
}

/** What the dominance chart plots: its loops (strongest first), and how many were summed as "other". */
export interface DominanceChart {
  readonly data: DominanceData['loops']
  /** Loops summed into the "other loops" bands. */
  readonly others: number
  /** Loops plotted on their own. */
  readonly plotted: number
}

/**
 * The loops the chart plots: the `strongest` by mean |relative score| and every loop a named loop
 * matches, strongest first, then the rest summed by polarity as "other reinforcing/balancing loops"
 * (their shares add up, so the bands still stack to the whole).
 */
export function dominanceChart(d: Pick<DominanceResult, 'loops' | 'times'>, strongest = STRONGEST): DominanceChart {
  const order = d.loops.map((loop, j) => ({ loop, j, s: strength(loop.scores) })).sort((a, b) => b.s - a.s || a.j - b.j)
  const shown = order.filter((o, rank) => rank < strongest || o.loop.named.length > 0)
  const rest = order.filter((o, rank) => !(rank < strongest || o.loop.named.length > 0))
  const data: DominanceData['loops'][number][] = shown.map(({ loop }) => ({
    id: loop.id,
    label: loopLabel(loop),
    polarity: loop.polarity,
    scores: loop.scores,
  }))
  for (const polarity of ['reinforcing', 'balancing'] as const) {
    const these = rest.filter((o) => o.loop.polarity === polarity)
    if (!these.length) continue
    const sum = new Float64Array(d.times.length)
    for (const { loop } of these) {
      for (let i = 0; i < sum.length; i++) {
        const x = loop.scores[i]!
        if (Number.isFinite(x)) sum[i] = sum[i]! + Math.abs(x)
      }
    }
    const sign = polarity === 'reinforcing' ? 1 : -1
    data.push({
      id: `other-${polarity}`,
      label: `${these.length} other ${polarity} loop${these.length === 1 ? '' : 's'}`,
      polarity,
      scores: sum.map((x) => sign * x),
      color: OTHER_COLOR[polarity],
    })
  }
  return { data, others: rest.length, plotted: shown.length }
}
