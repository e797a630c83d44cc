import type { VarId } from '@stockflow/model'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import type { LinkPolarity, Polarity } from './polarity.js'
import type { Trace } from './trace.js'

/** One link of a loop with its polarity. */
export interface LoopLink {
  readonly from: VarId
  readonly to: VarId
  readonly polarity: Polarity
  readonly delayed: boolean
  readonly kind: CausalLink['kind']
}

/** A loop before it has its R/B id; `id` is its canonical key (variable ids from the smallest). */
export interface Draft {
  readonly id: string
  /** Node indices in display order. */
  readonly circuit: Int32Array
  /** Ids rotated to start at the smallest id: the sort key. */
  readonly sortKey: readonly VarId[]
  readonly variables: readonly VarId[]
  readonly links: readonly LoopLink[]
  readonly polarity: 'reinforcing' | 'balancing'
  readonly mixed: boolean
  readonly changes: readonly number[]
  /** A mixed loop whose sign no save time tells (no run, or its links never all have a sign at once). */
  readonly undecided: boolean
}

/** The canonical key of a loop given by its ids in causal order: the ids from the smallest, joined. */
export function loopKey(ids: readonly VarId[]): string {
  let k = 0
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[k]!) k = i
  return Array.from({ length: ids.length }, (_, i) => ids[(k + i) % ids.length]!).join('\u0000')
}

/** Turns circuits of node indices into loops with links, polarity and a canonical key. */
export class LoopBuilder {
  private readonly stocks: Uint8Array

  constructor(
    private readonly graph: CausalGraph,
    private readonly polarities: ReadonlyMap<CausalLink, LinkPolarity>,
    private readonly trace: Trace | undefined,
  ) {
    this.stocks = Uint8Array.from(graph.nodes, (n) => (n.kind === 'stock' ? 1 : 0))
  }

  draft(circuit: Int32Array): Draft {
    const n = circuit.length
    // Shown from the loop's first stock in model order (its first node when it has no stock).
    let start = 0
    let best = Infinity
    for (let i = 0; i < n; i++) {
      const v = circuit[i]!
      const rank = (this.stocks[v] ? 0 : this.graph.nodes.length) + v
      if (rank < best) {
        best = rank
        start = i
      }
    }
    const variables = Array.from({ length: n }, (_, i) => this.graph.nodes[circuit[(start + i) % n]!]!.id)
    const causal = variables.map((from, i) => this.graph.link(from, variables[(i + 1) % n]!)!)
    const links: LoopLink[] = causal.map((l) => ({
      from: l.from,
      to: l.to,
      polarity: this.polarities.get(l)!.polarity,
      delayed: l.delayed,
      kind: l.kind,
    }))
    let k = 0
    for (let i = 1; i < n; i++) if (variables[i]! < variables[k]!) k = i
    const sortKey = Array.from({ length: n }, (_, i) => variables[(k + i) % n]!)
    const mixed = links.some((l) => l.polarity === 'mixed')
    const { polarity, changes, undecided } = mixed
      ? this.mixedPolarity(causal)
      : {
          polarity: links.filter((l) => l.polarity === '-').length % 2 ? 'balancing' : 'reinforcing',
          changes: [],
          undecided: false,
        }
    return {
      id: sortKey.join('\u0000'),
      circuit: Int32Array.from(variables, (v) => this.graph.indexOf(v)),
      sortKey,
      variables,
      links,
      polarity: polarity as Draft['polarity'],
      mixed,
      changes,
      undecided,
    }
  }

  /** The loop's sign at each save point (product of link signs); its polarity is the one most points show. */
  private mixedPolarity(links: readonly CausalLink[]): {
    polarity: Draft['polarity']
    changes: number[]
    undecided: boolean
  } {
    const times = this.trace?.times
    if (!times) {
      // No run to read the signs from: the links of known sign decide.
      const negative = links.filter((l) => this.polarities.get(l)!.polarity === '-').length
      return { polarity: negative % 2 ? 'balancing' : 'reinforcing', changes: [], undecided: true }
    }
    let reinforcing = 0
    let balancing = 0
    let last = 0
    const changes: number[] = []
    for (let i = 0; i < times.length; i++) {
      let sign = 1
      for (const l of links) {
        const p = this.polarities.get(l)!
        const s = p.signs ? p.signs[i]! : p.polarity === '-' ? -1 : 1
        sign *= s
        if (sign === 0) break
      }
      if (sign === 0) continue
      if (sign > 0) reinforcing++
      else balancing++
      if (last !== 0 && sign !== last) changes.push(times[i]!)
      last = sign
    }
    const undecided = reinforcing + balancing === 0
    return { polarity: balancing > reinforcing ? 'balancing' : 'reinforcing', changes, undecided }
  }
}

export function sortDrafts(drafts: Draft[]): Draft[] {
  return drafts.sort((a, b) => {
    if (a.sortKey.length !== b.sortKey.length) return a.sortKey.length - b.sortKey.length
    for (let i = 0; i < a.sortKey.length; i++) {
      const x = a.sortKey[i]!
      const y = b.sortKey[i]!
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  })
}

export function assignIds(sorted: readonly Draft[]): Map<string, string> {
  const ids = new Map<string, string>()
  let r = 0
  let b = 0
  for (const d of sorted) ids.set(d.id, d.polarity === 'reinforcing' ? `R${++r}` : `B${++b}`)
  return ids
}
