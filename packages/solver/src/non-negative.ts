import type { Stock, VarId } from '@stockflow/model'
import type { IR } from './ir.js'
import { add, div, fn, num, slot, slotsOf, sub } from './ir-build.js'

/**
 * What limiting the flows of non-negative stocks needs from the lowering, or from the loop analysis,
 * which builds the same limits over slots of its own to score links with what a run computed.
 */
export interface LimitContext {
  slotOf(id: VarId): number
  /** The per-step expression of each auxiliary and flow, by slot; limits rewrite flows' entries. */
  readonly aux: Map<number, IR>
  /** A slot computing `expr` at every evaluation (`expr` itself when it is a slot or a number). */
  materialize(expr: IR, label: string): IR
  /** Every expression computing `slot` reads, in the initial pass or during a step (for cycle checks). */
  inputsOf(slot: number): readonly IR[]
  /** Flows that can never be negative (uniflows). */
  neverNegative(id: VarId): boolean
  nameOf(id: VarId): string
}

const dt = (): IR => fn('dt')
/** -a, but +0 rather than -0 when a is 0 (an emptied stock's drain records as 0). */
const neg = (a: IR): IR => sub(num(0), a)

/**
 * XMILE non-negative stocks, as Stella computes them ("Flow prioritization" in Stella's help): each
 * outflow takes at most what the stock holds this step, `MIN(stock/DT + total inflow, outflow)`, the
 * outflows served in their order (XMILE 1.0, 4.2: the order of `<outflow>` tags is the priority). An
 * inflow that turns negative flows outward (XMILE 1.0, 4.2) and is limited likewise: see limitInflows.
 */
export function limitNonNegativeStocks(stocks: readonly Stock[], ctx: LimitContext): void {
  const limits = limitDependencies(stocks)
  const equations = flowValues(stocks, ctx) // for the trading inflows' bounds (see flowBounds)
  for (const s of stocks) limitOutflows(s, limits, ctx)
  const reaches = reachability(ctx)
  const bounds = flowBounds(ctx, reaches, [flowValues(stocks, ctx), equations])
  for (const s of stocks) limitInflows(s, limits, ctx, reaches, bounds)
}

/**
 * Each outflow, in the stock's order, takes at most stock/DT plus inflows less the outflows before it.
 * An inflow that is itself the limited outflow of a stock whose limit reads this one (two stocks
 * trading flows) would make the limits depend on each other: such an inflow is left out of what is
 * available, so the stock gives at most what it holds (never negative, possibly a little cautious).
 */
function limitOutflows(s: Stock, limits: LimitDependencies, ctx: LimitContext): void {
  let available = availableIn(s, limits, ctx)
  for (const id of s.outflows) {
    const f = ctx.slotOf(id)
    const expr = ctx.aux.get(f)
    if (!expr) continue // a constant outflow keeps its value (it is a parameter)
    ctx.aux.set(f, fn('min', expr, fn('max', num(0), available)))
    available = sub(available, slot(f))
  }
}

/** stock/DT plus the inflows an outflow may take from (trading inflows left out, see limitOutflows). */
function availableIn(s: Stock, limits: LimitDependencies, ctx: LimitContext): IR {
  let available: IR = div(slot(ctx.slotOf(s.id)), dt())
  for (const id of s.inflows) if (!limits.trades(s.id, id)) available = add(available, slot(ctx.slotOf(id)))
  return available
}

/**
 * An inflow that may turn negative drains the stock; it takes at most stock/DT plus what the positive
 * inflows bring, less what the inflows drained before it took, so the inflows together never take more
 * than the stock holds, and the outflows (whose limit counts every inflow) then share what is left.
 * Inflows are drained in their order, except that one computed from another comes after it. A trading
 * inflow (see limitOutflows) is not counted by the outflows, so it drains last, from what they leave.
 * What is available is kept in slots of one shape per stock (see kernels.ts). A term that would make
 * a limit read itself (an inflow computed from another, a stock whose initial value reads an inflow)
 * is left out, and an inflow read by its own stock's initial value keeps its value unlimited.
 */
function limitInflows(
  s: Stock,
  limits: LimitDependencies,
  ctx: LimitContext,
  reaches: (expr: IR, target: number) => boolean,
  bounds: FlowBounds,
): void {
  const label = ctx.nameOf(s.id)
  const mayDrain = (id: VarId) => ctx.aux.has(ctx.slotOf(id)) && !ctx.neverNegative(id)
  const stock: IR = div(slot(ctx.slotOf(s.id)), dt())
  const direct = s.inflows.filter((id) => !limits.trades(s.id, id))
  const drains = direct.filter((id) => mayDrain(id) && !reaches(stock, ctx.slotOf(id)))
  if (drains.length) {
    const raw = new Map<VarId, IR>()
    for (const id of drains) raw.set(id, ctx.materialize(ctx.aux.get(ctx.slotOf(id))!, `${ctx.nameOf(id)}:unlimited`))
    const readsDrain = (term: IR) => drains.some((id) => reaches(term, ctx.slotOf(id)))
    // What the inflows bring when positive: their unlimited values.
    let room = stock
    for (const id of direct) {
      const term = fn('max', num(0), raw.get(id) ?? slot(ctx.slotOf(id)))
      if (!readsDrain(term)) room = add(room, term)
    }
    let available = ctx.materialize(room, `${label}:inflow room`)
    const order = drainOrder(drains, raw, ctx, reaches)
    order.forEach((id, i) => {
      const target = ctx.slotOf(id)
      if (reaches(available, target)) return
      ctx.aux.set(target, fn('max', raw.get(id)!, neg(fn('max', num(0), available))))
      if (i < order.length - 1)
        available = ctx.materialize(add(available, fn('min', num(0), slot(target))), `${label}:inflow room`)
    })
  }
  const terms: RestTerm[] = [
    ...s.inflows.filter((f) => !limits.trades(s.id, f)).map((id) => ({ id, role: 'in' as const })),
    ...s.outflows.map((id) => ({ id, role: 'out' as const })),
  ]
  for (const id of s.inflows.filter((f) => limits.trades(s.id, f) && mayDrain(f))) {
    const target = ctx.slotOf(id)
    const rest = restFor(stock, terms, target, ctx, reaches, bounds)
    if (!rest) continue
    ctx.aux.set(target, fn('max', ctx.aux.get(target)!, neg(fn('max', num(0), rest))))
    terms.push({ id, role: 'drained' })
  }
}

/** A term of what a stock has left for its trading inflows: an inflow, an outflow, or a drain before. */
interface RestTerm {
  readonly id: VarId
  readonly role: 'in' | 'out' | 'drained'
}

/**
 * stock/DT plus the inflows, less the outflows, plus what the trading inflows before took. A term
 * whose limited value reads `target` (two stocks trading flows both ways: each one's limit reads the
 * other's flows) counts at its bound from a value before the limits instead (see flowBounds), which
 * leaves the stock at least what the term itself would. Undefined when the stock itself reads `target`.
 */
function restFor(
  stock: IR,
  terms: readonly RestTerm[],
  target: number,
  ctx: LimitContext,
  reaches: (expr: IR, target: number) => boolean,
  bounds: FlowBounds,
): IR | undefined {
  if (reaches(stock, target)) return undefined
  let rest = stock
  for (const { id, role } of terms) {
    const value: IR = slot(ctx.slotOf(id))
    const term = reaches(value, target) ? bounds[role === 'out' ? 'upper' : 'lower'](id, target) : value
    if (!term) return undefined
    if (role === 'in') rest = add(rest, term)
    else if (role === 'out') rest = sub(rest, term)
    else rest = add(rest, fn('min', num(0), term))
  }
  return rest
}

/**
 * Bounds on a flow's limited value that do not read `target`, undefined when none can be had. Each
 * limit moves a flow towards zero from its value after the outflow limits (and that from its
 * equation) without crossing it, so either value, crossed with zero, bounds the limited flow.
 */
interface FlowBounds {
  lower(id: VarId, target: number): IR | undefined
  upper(id: VarId, target: number): IR | undefined
}

/** Bounds from the flows' values before limits, tightest first (each materialized once, when used). */
function flowBounds(
  ctx: LimitContext,
  reaches: (expr: IR, target: number) => boolean,
  before: readonly ReadonlyMap<VarId, IR>[],
): FlowBounds {
  const made = new Map<IR, IR>()
  const valueBefore = (id: VarId, target: number): IR | undefined => {
    for (const values of before) {
      const expr = values.get(id)
      if (!expr || reaches(expr, target)) continue
      let value = made.get(expr)
      if (!value) made.set(expr, (value = ctx.materialize(expr, `${ctx.nameOf(id)}:unlimited`)))
      return value
    }
    return undefined
  }
  const bound = (limit: 'min' | 'max') => (id: VarId, target: number) => {
    const value = valueBefore(id, target)
    return value && fn(limit, num(0), value)
  }
  return { lower: bound('min'), upper: bound('max') }
}

/** The current per-step expression of every flow of the stocks (flows without one are parameters). */
function flowValues(stocks: readonly Stock[], ctx: LimitContext): Map<VarId, IR> {
  const values = new Map<VarId, IR>()
  for (const s of stocks)
    for (const id of [...s.inflows, ...s.outflows]) {
      const expr = ctx.aux.get(ctx.slotOf(id))
      if (expr) values.set(id, expr)
    }
  return values
}

/** The inflows in their order, but each after every inflow its unlimited value reads. */
function drainOrder(
  ids: readonly VarId[],
  raw: ReadonlyMap<VarId, IR>,
  ctx: LimitContext,
  reaches: (expr: IR, target: number) => boolean,
): VarId[] {
  const left = [...ids]
  const order: VarId[] = []
  while (left.length) {
    const ready = left.findIndex((id) => !left.some((o) => o !== id && reaches(raw.get(id)!, ctx.slotOf(o))))
    order.push(...left.splice(ready < 0 ? 0 : ready, 1))
  }
  return order
}

/** Whether computing `expr` reads slot `target`, directly or through what computes the slots it reads. */
function reachability(ctx: LimitContext): (expr: IR, target: number) => boolean {
  return (expr, target) => {
    const seen = new Set<number>()
    const stack = [...slotsOf(expr)]
    while (stack.length) {
      const s = stack.pop()!
      if (s === target) return true
      if (seen.has(s)) continue
      seen.add(s)
      for (const input of ctx.inputsOf(s)) stack.push(...slotsOf(input))
    }
    return false
  }
}

interface LimitDependencies {
  /** Whether `flow`, an inflow of `stock`, is the limited outflow of a stock whose limits read `stock`'s. */
  trades(stock: VarId, flow: VarId): boolean
}

/** Stock B's limits read A's when one of B's inflows is an outflow of A (directly or along a chain). */
function limitDependencies(stocks: readonly Stock[]): LimitDependencies {
  const outOf = new Map<string, string>()
  for (const s of stocks) for (const f of s.outflows) outOf.set(f, s.id)
  const feeders = new Map(stocks.map((s) => [s.id, s.inflows.map((f) => outOf.get(f)).filter((x) => x !== undefined)]))
  const memo = new Map<string, Set<string>>()
  const reach = (from: string): Set<string> => {
    let seen = memo.get(from)
    if (seen) return seen
    seen = new Set<string>()
    const stack = [...(feeders.get(from) ?? [])]
    while (stack.length) {
      const x = stack.pop()!
      if (seen.has(x)) continue
      seen.add(x)
      stack.push(...(feeders.get(x) ?? []))
    }
    memo.set(from, seen)
    return seen
  }
  return {
    trades: (stock, flow) => {
      const source = outOf.get(flow)
      return source !== undefined && (source === stock || reach(source).has(stock))
    },
  }
}
