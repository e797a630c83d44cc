import { canonicalId, printExpr } from '@stockflow/model'
import type { Aux, Element, Expr, Flow, Model, Stock, VarId } from '@stockflow/model'
import { hasHiddenState } from './builtin-roles.js'
import type { CallExpr } from './builtin-roles.js'
import type { ModelEquations } from './equations.js'

// Fully parenthesised, as hoisted equations have always been written (only the solver reads them).
const print = (e: Expr) => printExpr(e, { parens: 'all' })

/** A model whose stateful and random calls each sit in an auxiliary of their own, so a run records them. */
export interface HoistedModel {
  readonly model: Model
  /** For each owner element, the auxiliary that holds each of its stateful or random calls. */
  readonly calls: ReadonlyMap<VarId, ReadonlyMap<CallExpr, VarId>>
  /** For each owner element, the stock that holds the discount factor of each of its NPV calls. */
  readonly discounts: ReadonlyMap<VarId, ReadonlyMap<CallExpr, VarId>>
}

/**
 * Moves every SMOOTH, DELAY, TREND, INIT, PREVIOUS, NPV and random call into a new auxiliary (`Owner
 * ⟨smth1 1⟩`) that the owner's equation reads, so their values appear in a run: the solver keeps
 * internal stocks out of its outputs. An NPV call's discount factor gets a stock of its own too. The
 * rewritten model computes the same values; random draws may come in another order, and adaptive
 * steps may differ with an NPV (its discount factor is integrated twice). A model without such calls
 * is returned as it is.
 */
export function hoistHiddenState(model: Model, equations: ModelEquations): HoistedModel {
  const taken = new Set(model.elements.map((e) => e.id))
  const calls = new Map<VarId, Map<CallExpr, VarId>>()
  const discounts = new Map<VarId, Map<CallExpr, VarId>>()
  const elements: Element[] = []
  const fresh = (wanted: string): string => {
    let k = 1
    let name = wanted
    while (taken.has(canonicalId(name))) name = `${wanted} ${++k}`
    taken.add(canonicalId(name))
    return name
  }
  for (const e of model.elements) {
    const eq = equations.equations.get(e.id)
    if (!eq || (e.kind !== 'aux' && e.kind !== 'flow')) {
      elements.push(e)
      continue
    }
    const mine = new Map<CallExpr, VarId>()
    const myDiscounts = new Map<CallExpr, VarId>()
    const added: (Aux | Stock | Flow)[] = []
    const hoist = (x: Expr): Expr => {
      switch (x.type) {
        case 'unary':
          return { ...x, arg: hoist(x.arg) }
        case 'binary':
          return { ...x, left: hoist(x.left), right: hoist(x.right) }
        case 'if':
          return { ...x, cond: hoist(x.cond), then: hoist(x.then), else: hoist(x.else) }
        case 'lookup':
          return { ...x, arg: hoist(x.arg) }
        case 'call': {
          const call: CallExpr = { ...x, args: x.args.map(hoist) }
          if (!hasHiddenState(x)) return call
          let k = mine.size + 1
          let name = `${e.name} ⟨${x.fn} ${k}⟩`
          while (taken.has(canonicalId(name))) name = `${e.name} ⟨${x.fn} ${++k}⟩`
          taken.add(canonicalId(name))
          added.push({ kind: 'aux', name, id: canonicalId(name), equation: print(call) })
          mine.set(x, canonicalId(name))
          if (x.fn === 'npv') {
            const [stock, flow] = discountFactor(fresh(`${name} discount factor`), fresh(`${name} discounting`), call)
            added.push(stock, flow)
            myDiscounts.set(x, stock.id)
          }
          return { type: 'ref', name, id: canonicalId(name) }
        }
        default:
          return x
      }
    }
    const rewritten = hoist(eq.expr)
    if (added.length === 0) {
      elements.push(e)
      continue
    }
    calls.set(e.id, mine)
    if (myDiscounts.size) discounts.set(e.id, myDiscounts)
    elements.push({ ...e, equation: print(rewritten) }, ...added)
  }
  return calls.size === 0 ? { model, calls, discounts } : { model: { ...model, elements }, calls, discounts }
}

/**
 * The discount factor of an NPV call as a stock: the solver's `df = INTEG(-df * rate / (1 + rate *
 * DT), 1)` (see its stateful.ts), integrated by the same method, so it takes the same values.
 */
function discountFactor(stockName: string, flowName: string, call: CallExpr): [Stock, Flow] {
  const rate = print(call.args[1]!)
  const df = canonicalId(stockName)
  const stock: Stock = {
    kind: 'stock',
    name: stockName,
    id: df,
    initial: '1',
    inflows: [],
    outflows: [canonicalId(flowName)],
  }
  const equation = `${print({ type: 'ref', name: stockName, id: df })} * ${rate} / (1 + ${rate} * DT)`
  return [stock, { kind: 'flow', name: flowName, id: canonicalId(flowName), equation }]
}
