import type { Aux, Expr, Flow, GraphicalFunction, Model, VarId } from '@stockflow/model'
import { parseModel } from '@stockflow/model/internal'

/**
 * The equation of a flow or auxiliary with everything the solver wraps around it: its graphical
 * function, the uniflow clamp, and for outflows of non-negative stocks the limit to what the stock holds.
 */
export interface ElementEquation {
  readonly element: Flow | Aux
  readonly expr: Expr
  readonly graph?: GraphicalFunction
  readonly nonNegative: boolean
  /** XMILE non-negative stocks: the outflow takes at most the stock/DT plus inflows less earlier outflows. */
  readonly limit?: { readonly stock: VarId; readonly inflows: readonly VarId[]; readonly before: readonly VarId[] }
}

/** The parsed model: equations of flows and auxiliaries by id, and the lookup tables by id. */
export interface ModelEquations {
  readonly equations: ReadonlyMap<VarId, ElementEquation>
  readonly lookups: ReadonlyMap<VarId, GraphicalFunction>
}

/** Parses every equation of a model (unparseable ones are left out; validation reports them). */
export function modelEquations(model: Model): ModelEquations {
  const limits = new Map<VarId, NonNullable<ElementEquation['limit']>>()
  for (const e of model.elements) {
    if (e.kind !== 'stock' || !e.nonNegative) continue
    e.outflows.forEach((f, i) => limits.set(f, { stock: e.id, inflows: e.inflows, before: e.outflows.slice(0, i) }))
  }
  const equations = new Map<VarId, ElementEquation>()
  const lookups = new Map<VarId, GraphicalFunction>()
  for (const p of parseModel(model)) {
    const e = p.element
    if (e.kind === 'lookup') lookups.set(e.id, e)
    if ((e.kind !== 'flow' && e.kind !== 'aux') || !p.equation) continue
    const limit = e.kind === 'flow' ? limits.get(e.id) : undefined
    equations.set(e.id, {
      element: e,
      expr: p.equation,
      ...(e.graph ? { graph: e.graph } : {}),
      nonNegative: e.kind === 'flow' && e.nonNegative === true,
      ...(limit ? { limit } : {}),
    })
  }
  return { equations, lookups }
}
