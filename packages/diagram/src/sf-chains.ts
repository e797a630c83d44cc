/**
 * Pipe chains for the packed stock-and-flow layout: stocks joined by flows, in reading order. Each chain
 * is one row of stocks (wrapped later when long): consecutive stocks share a valve between them, the
 * other stock-to-stock flows are drawn below the row ("skips"), and flows to or from a cloud sit at the
 * row's ends or above and below their stock ("stubs").
 */

/** A flow's drawn ends: undefined is a cloud (the stock is not drawn, or there is none). */
export interface FlowEnds {
  readonly from?: string
  readonly to?: string
}

/** A stock-to-stock flow not between neighbours of the row, or a flow from a stock to itself. */
export interface Skip {
  readonly flow: string
  readonly from: string
  readonly to: string
}

/** A flow between a stock and a cloud, drawn off its stock. */
export interface Stub {
  readonly flow: string
  readonly stock: string
  /** Into the stock (from a cloud) or out of it (to a cloud). */
  readonly into: boolean
}

/** One chain: its stocks in row order and how each of its flows is drawn. */
export interface Chain {
  readonly stocks: string[]
  /** links[i]: the flow drawn between stocks[i] and stocks[i + 1], if any. */
  readonly links: (string | undefined)[]
  /** A cloud inflow drawn left of the first stock, a cloud outflow right of the last. */
  readonly head?: string
  readonly tail?: string
  readonly skips: Skip[]
  readonly stubs: Stub[]
  /** A flow with clouds at both ends (its chain has no stocks). */
  readonly lone?: string
}

/**
 * The chains of `stocks` and `flows` (ids in model order; `ends` for every flow), in the model order of
 * their first element. A chain's stocks run depth first along outflows from the stocks nothing flows into.
 */
export function pipeChains(
  stocks: readonly string[],
  flows: readonly string[],
  ends: ReadonlyMap<string, FlowEnds>,
): Chain[] {
  const parent = new Map(stocks.map((s) => [s, s]))
  const find = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r)!
    parent.set(k, r)
    return r
  }
  const order = new Map(stocks.map((s, i) => [s, i]))
  for (const f of flows) {
    const { from, to } = ends.get(f) ?? {}
    if (from === undefined || to === undefined) continue
    const a = find(from)
    const b = find(to)
    if (a !== b) parent.set(order.get(a)! < order.get(b)! ? b : a, order.get(a)! < order.get(b)! ? a : b)
  }
  const members = new Map<string, string[]>()
  for (const s of stocks) {
    const r = find(s)
    if (!members.has(r)) members.set(r, [])
    members.get(r)!.push(s)
  }
  const outs = new Map<string, string[]>(stocks.map((s) => [s, []]))
  const hasIn = new Set<string>()
  for (const f of flows) {
    const { from, to } = ends.get(f) ?? {}
    if (from === undefined || to === undefined || from === to) continue
    outs.get(from)!.push(to)
    hasIn.add(to)
  }
  const chains: Chain[] = []
  const flowsOf = new Map<string, string[]>()
  for (const f of flows) {
    const { from, to } = ends.get(f) ?? {}
    const at = from ?? to
    if (at === undefined) continue
    const r = find(at)
    if (!flowsOf.has(r)) flowsOf.set(r, [])
    flowsOf.get(r)!.push(f)
  }
  const firstFlow = new Map<string, number>()
  flows.forEach((f, i) => {
    const { from, to } = ends.get(f) ?? {}
    if (from === undefined && to === undefined) firstFlow.set(f, i)
  })
  for (const [root, group] of members) {
    const seq = depthFirst(group, outs, hasIn)
    chains.push(arrange(seq, flowsOf.get(root) ?? [], ends))
  }
  // Flows with clouds at both ends come after the stocks' chains, in model order.
  for (const f of firstFlow.keys()) chains.push({ stocks: [], links: [], skips: [], stubs: [], lone: f })
  return chains
}

/** Stocks of one chain in row order: depth first along outflows, from the stocks with no inflow first. */
function depthFirst(group: readonly string[], outs: ReadonlyMap<string, string[]>, hasIn: ReadonlySet<string>) {
  const seen = new Set<string>()
  const seq: string[] = []
  const visit = (start: string) => {
    const stack = [start]
    while (stack.length) {
      const s = stack.pop()!
      if (seen.has(s)) continue
      seen.add(s)
      seq.push(s)
      const next = outs.get(s)!.filter((t) => !seen.has(t))
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!)
    }
  }
  for (const s of group) if (!hasIn.has(s)) visit(s)
  for (const s of group) visit(s)
  return seq
}

/** Decides where each flow of a chain is drawn, given the stocks' row order. */
function arrange(seq: readonly string[], flows: readonly string[], ends: ReadonlyMap<string, FlowEnds>): Chain {
  const pos = new Map(seq.map((s, i) => [s, i]))
  const links: (string | undefined)[] = seq.slice(1).map(() => undefined)
  const skips: Skip[] = []
  const stubs: Stub[] = []
  let head: string | undefined
  let tail: string | undefined
  for (const f of flows) {
    const { from, to } = ends.get(f) ?? {}
    if (from !== undefined && to !== undefined) {
      const i = pos.get(from)!
      const j = pos.get(to)!
      const k = Math.min(i, j)
      if (Math.abs(i - j) === 1 && links[k] === undefined) links[k] = f
      else skips.push({ flow: f, from, to })
    } else if (to !== undefined) {
      if (head === undefined && pos.get(to) === 0) head = f
      else stubs.push({ flow: f, stock: to, into: true })
    } else if (from !== undefined) {
      if (tail === undefined && pos.get(from) === seq.length - 1 && !(seq.length === 1 && head === f)) tail = f
      else stubs.push({ flow: f, stock: from, into: false })
    }
  }
  return { stocks: [...seq], links, ...(head ? { head } : {}), ...(tail ? { tail } : {}), skips, stubs }
}
