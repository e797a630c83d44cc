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
export function flowsOf(rate: Expr, canBeFlow: (id: string) => boolean): StockFlows {
  const inflows: string[] = []
  const outflows: string[] = []
  const rest: RateTerm[] = []
  const terms = rateTerms(rate)
  const count = new Map<string, number>()
  for (const t of terms) if (t.expr.t === 'ref') count.set(idOf(t.expr.name), (count.get(idOf(t.expr.name)) ?? 0) + 1)
  for (const t of terms) {
    const e = t.expr
    if (e.t === 'ref' && e.subscripts.length === 0 && count.get(idOf(e.name)) === 1 && canBeFlow(idOf(e.name)))
      (t.sign > 0 ? inflows : outflows).push(displayName(e.name))
    else rest.push(t)
  }
  return { inflows, outflows, rest }
}

/** The expression of a stock's own flow: its rest terms summed with their signs. */
export function restExpr(rest: readonly RateTerm[]): Expr {
  return rest
    .map((t): Expr => (t.sign > 0 ? t.expr : { t: 'unary', op: '-', arg: t.expr, pos: t.expr.pos }))
    .reduce((acc, e) => ({ t: 'binary', op: '+', left: acc, right: e, pos: acc.pos }))
}

/** The `INTEG(...)` call that is the whole right-hand side of a stock's equation, if it is one. */
export function integralOf(eq: Equation): Extract<Expr, { t: 'call' }> | undefined {
  let e = eq.expr
  while (e?.t === 'paren') e = e.arg
  return e?.t === 'call' && idOf(e.fn) === 'integ' ? e : undefined
}
