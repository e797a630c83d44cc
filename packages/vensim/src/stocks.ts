import type { Equation, Expr } from './ast.js'
import { displayName, idOf } from './names.js'

/** One signed term of a stock's rate: `+ births`, `- deaths`, `- (a * b)`. */
export interface RateTerm {
  readonly expr: Expr
  readonly sign: 1 | -1
}

/** The rate of `INTEG(rate, initial)` as its signed terms, through parentheses and unary signs. */
export function rateTerms(rate: Expr): RateTerm[] {
  const terms: RateTerm[] = []
  const go = (e: Expr, sign: 1 | -1) => {
    if (e.t === 'paren') go(e.arg, sign)
    else if (e.t === 'binary' && (e.op === '+' || e.op === '-')) {
      go(e.left, sign)
      go(e.right, e.op === '-' ? (-sign as 1 | -1) : sign)
    } else if (e.t === 'unary' && (e.op === '-' || e.op === '+')) go(e.arg, e.op === '-' ? (-sign as 1 | -1) : sign)
    else terms.push({ expr: e, sign })
  }
  go(rate, 1)
  return terms
}

/** A stock's flows: variables it adds or subtracts as a whole, and the rest of its rate. */
export interface StockFlows {
  readonly inflows: readonly string[]
  readonly outflows: readonly string[]
  /** Terms that are not a plain variable (`- a * b`), kept as one flow of the stock's own. */
  readonly rest: readonly RateTerm[]
}

/**
 * Vensim writes a stock as `INTEG(rate, initial)` without saying which variables are flows. As the
 * modeler draws it (and as Vensim's own XMILE export reads it), a variable the rate adds or subtracts
 * whole is a flow, unless it is a stock, a lookup or a variable whose own equation is an integral;
 * a variable named twice in one rate stays in the rest, where the sum keeps it counted right.
 */
export function flowsOf(
  rate: Expr,
  canBeFlow: (id: string) => boolean,
  matches: (ref: Extract<Expr, { t: 'ref' }>) => boolean = (ref) => ref.subscripts.length === 0,
): StockFlows {
  const inflows: string[] = []
  const outflows: string[] = []
  const rest: RateTerm[] = []
  const terms = rateTerms(rate)
  const count = new Map<string, number>()
  for (const t of terms) if (t.expr.t === 'ref') count.set(idOf(t.expr.name), (count.get(idOf(t.expr.name)) ?? 0) + 1)
  for (const t of terms) {
    const e = t.expr
    if (e.t === 'ref' && matches(e) && count.get(idOf(e.name)) === 1 && canBeFlow(idOf(e.name)))
      (t.sign > 0 ? inflows : outflows).push(displayName(e.name))
    else rest.push(t)
  }
  return { inflows, outflows, rest }
}

/** An arrayed stock's flows: those of every equation's rate, and each equation's rest. */
export interface ArrayedStockFlows extends StockFlows {
  /** The rest of each equation's rate (by its index), the terms that are not flows of every equation. */
  readonly rests: readonly (readonly RateTerm[])[]
}

/**
 * The flows of an arrayed stock defined by several `INTEG` equations (per element, `:EXCEPT:`): a
 * variable is a flow of the stock when every equation adds it (or every one subtracts it) as a flow,
 * element for element; elsewhere it stays in that equation's rest, which the stock's own flow sums.
 */
export function arrayedFlowsOf(
  rates: readonly Expr[],
  canBeFlow: (id: string) => boolean,
  matches: (ref: Extract<Expr, { t: 'ref' }>, equation: number) => boolean,
): ArrayedStockFlows {
  const each = rates.map((rate, k) => flowsOf(rate, canBeFlow, (ref) => matches(ref, k)))
  const common = (pick: (f: StockFlows) => readonly string[]) =>
    pick(each[0]!).filter((name) => each.every((f) => pick(f).some((n) => idOf(n) === idOf(name))))
  const inflows = common((f) => f.inflows)
  const outflows = common((f) => f.outflows)
  const kept = new Set([...inflows, ...outflows].map(idOf))
  const rests = rates.map((rate) =>
    rateTerms(rate).filter(
      (t) => !(t.expr.t === 'ref' && kept.has(idOf(t.expr.name)) && termIsFlow(t, inflows, outflows)),
    ),
  )
  return { inflows, outflows, rest: rests.flat(), rests }
}

/** Whether a term is one of the flows, with the flow's sign. */
function termIsFlow(t: RateTerm, inflows: readonly string[], outflows: readonly string[]): boolean {
  if (t.expr.t !== 'ref') return false
  const id = idOf(t.expr.name)
  return (t.sign > 0 ? inflows : outflows).some((n) => idOf(n) === id)
}

/** The expression of a stock's own flow: its rest terms summed with their signs. */
export function restExpr(rest: readonly RateTerm[]): Expr {
  const [first, ...others] = rest
  const start: Expr = first!.sign > 0 ? first!.expr : { t: 'unary', op: '-', arg: first!.expr, pos: first!.expr.pos }
  return others.reduce<Expr>(
    (acc, t) => ({ t: 'binary', op: t.sign > 0 ? '+' : '-', left: acc, right: t.expr, pos: acc.pos }),
    start,
  )
}

/** The `INTEG(...)` call that is the whole right-hand side of a stock's equation, if it is one. */
export function integralOf(eq: Equation): Extract<Expr, { t: 'call' }> | undefined {
  let e = eq.expr
  while (e?.t === 'paren') e = e.arg
  return e?.t === 'call' && idOf(e.fn) === 'integ' ? e : undefined
}
