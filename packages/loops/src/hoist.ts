import { canonicalId, printExpr } from '@stockflow/model'
import type { Aux, Element, Expr, Model, VarId } from '@stockflow/model'
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
}

/**
 * Moves every SMOOTH, DELAY, TREND, INIT, PREVIOUS and random call into a new auxiliary (`Owner
 * ⟨smth1 1⟩`) that the owner's equation reads, so their values appear in a run: the solver keeps
 * internal stocks out of its outputs. The rewritten model computes the same values; random draws may
 * come in another order. A model without such calls is returned as it is.
 */
export function hoistHiddenState(model: Model, equations: ModelEquations): HoistedModel {
  const taken = new Set(model.elements.map((e) => e.id))
  const calls = new Map<VarId, Map<CallExpr, VarId>>()
  const elements: Element[] = []
  for (const e of model.elements) {
    const eq = equations.equations.get(e.id)
    if (!eq || (e.kind !== 'aux' && e.kind !== 'flow')) {
      elements.push(e)
      continue
    }
    const mine = new Map<CallExpr, VarId>()
    const added: Aux[] = []
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
          let k = added.length + 1
          let name = `${e.name} ⟨${x.fn} ${k}⟩`
          while (taken.has(canonicalId(name))) name = `${e.name} ⟨${x.fn} ${++k}⟩`
          taken.add(canonicalId(name))
          added.push({ kind: 'aux', name, id: canonicalId(name), equation: print(call) })
          mine.set(x, canonicalId(name))
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
    elements.push({ ...e, equation: print(rewritten) }, ...added)
  }
  return calls.size === 0 ? { model, calls } : { model: { ...model, elements }, calls }
}
