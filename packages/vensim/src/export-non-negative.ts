import { canonicalId, StockflowError } from '@stockflow/model'
import type { Element, Expr, Model, Stock } from '@stockflow/model'

// Vensim has neither uniflows nor non-negative stocks. Both are written into the flows' equations, as
// the solver computes them: a uniflow is MAX(0, its equation); each outflow of a non-negative stock, in
// order, takes at most what the stock holds this step, MIN(outflow, MAX(0, stock/TIME STEP + inflows
// - the outflows before it)). Read back, the flows compute the same values and no flag is set.

/** Wraps one equation of a flow (of the part of an arrayed flow whose left-hand side is `subs`). */
export type FlowLimit = (equation: Expr, subs: readonly string[] | undefined) => Expr

const num = (value: number): Expr => ({ type: 'num', value })
const fn = (name: string, ...args: Expr[]): Expr => ({ type: 'call', fn: name, args })
const bin = (op: '+' | '-' | '/', left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right })

/**
 * The limits of the model's flows, by flow id: a uniflow's clamp, then the limit of each non-negative
 * stock it drains. A non-negative stock whose inflows may turn negative (the solver then limits them
 * too, trading with other stocks) is a StockflowError: Vensim could not reproduce that.
 * `constant(e)` is an element's value when its equation is a number.
 */
export function flowLimits(model: Model, constant: (e: Element) => number | undefined): Map<string, FlowLimit> {
  const byId = new Map(model.elements.map((e) => [e.id, e]))
  const limits = new Map<string, FlowLimit>()
  for (const e of model.elements)
    if (e.kind === 'flow' && e.nonNegative) limits.set(e.id, (eq) => fn('max', num(0), eq))
  const stocks = model.elements.filter((e): e is Stock => e.kind === 'stock' && e.nonNegative === true)
  const trades = tradingInflows(stocks)
  for (const s of stocks) {
    const fail = (why: string): never => {
      throw new StockflowError(
        `model "${model.name}": stock "${s.name}" is non-negative, which Vensim cannot say; its outflows are written limited to what it holds, but ${why}`,
      )
    }
    const ids = (list: readonly string[]) => list.map(canonicalId)
    for (const id of [...ids(s.inflows), ...ids(s.outflows)]) {
      const f = byId.get(id)
      if (!f) fail(`its flow "${id}" is no element of the model`)
      if (!sameDimensions(s, f!))
        fail(
          `its flow "${f!.name}" is not arrayed over the same dimensions, so the limit cannot be written per element`,
        )
    }
    for (const id of ids(s.inflows)) {
      const f = byId.get(id)!
      const value = constant(f)
      const computed = f.kind === 'flow' || (f.kind === 'aux' && value === undefined)
      if (computed && !(f.kind === 'flow' && f.nonNegative) && !(value !== undefined && value >= 0))
        fail(`its inflow "${f.name}" may turn negative and drain it (make the inflow a uniflow)`)
    }
    const ref = (id: string, subs: readonly string[] | undefined): Expr => ({
      type: 'ref',
      name: byId.get(id)!.name,
      id,
      ...(subs ? { subs: subs.map((name) => ({ kind: 'name' as const, name })) } : {}),
    })
    const inflows = ids(s.inflows).filter((f) => !trades(s.id, f))
    const before: string[] = []
    for (const id of ids(s.outflows)) {
      const f = byId.get(id)!
      // A parameter (or an auxiliary that is a number) keeps its value, as in the solver.
      if (f.kind !== 'flow' && (f.kind !== 'aux' || constant(f) !== undefined)) continue
      const earlier = [...before]
      const available = (subs: readonly string[] | undefined): Expr => {
        let sum: Expr = bin('/', ref(s.id, subs), fn('dt'))
        for (const i of inflows) sum = bin('+', sum, ref(i, subs))
        for (const o of earlier) sum = bin('-', sum, ref(o, subs))
        return sum
      }
      const inner = limits.get(id)
      limits.set(id, (eq, subs) => fn('min', inner ? inner(eq, subs) : eq, fn('max', num(0), available(subs))))
      before.push(id)
    }
  }
  return limits
}

/** Whether a flow is arrayed over exactly the stock's dimensions (or neither is arrayed). */
function sameDimensions(s: Stock, f: Element): boolean {
  const a = (s.dimensions ?? []).map(canonicalId)
  const b = (f.dimensions ?? []).map(canonicalId)
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/**
 * The solver's trading inflows: an inflow of a stock that is the limited outflow of a stock whose own
 * limit reads this one (through the outflows feeding it). Such an inflow is not counted as available.
 */
function tradingInflows(stocks: readonly Stock[]): (stock: string, flow: string) => boolean {
  const outOf = new Map<string, string>()
  for (const s of stocks) for (const f of s.outflows) outOf.set(canonicalId(f), s.id)
  const feeders = new Map(stocks.map((s) => [s.id, s.inflows.flatMap((f) => outOf.get(canonicalId(f)) ?? [])] as const))
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>()
    const stack = [...(feeders.get(from) ?? [])]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (seen.has(x)) continue
      seen.add(x)
      stack.push(...(feeders.get(x) ?? []))
    }
    return seen
  }
  return (stock, flow) => {
    const source = outOf.get(flow)
    return source !== undefined && (source === stock || reach(source).has(stock))
  }
}
