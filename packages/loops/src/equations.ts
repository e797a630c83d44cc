import type { Aux, Expr, Flow, GraphicalFunction, Model, VarId } from '@stockflow/model'
import { parseModel } from '@stockflow/model/internal'
import { flowLimits } from './flow-limits.js'
import type { FlowLimit } from './flow-limits.js'

/**
 * The equation of a flow or auxiliary with everything the solver wraps around it: its graphical
 * function, the uniflow clamp, and for flows of non-negative stocks the limit to what the stock holds.
 */
export interface ElementEquation {
  readonly element: Flow | Aux
  readonly expr: Expr
  readonly graph?: GraphicalFunction
  readonly nonNegative: boolean
  /** XMILE non-negative stocks: the limit the solver puts on an outflow, or on an inflow that turns negative. */
  readonly limit?: FlowLimit
}

/** The parsed model: equations of flows and auxiliaries by id, and the lookup tables by id. */
export interface ModelEquations {
  readonly equations: ReadonlyMap<VarId, ElementEquation>
  readonly lookups: ReadonlyMap<VarId, GraphicalFunction>
}

/** Parses every equation of a model (unparseable ones are left out; validation reports them). */
export function modelEquations(model: Model): ModelEquations {
  const parsed = parseModel(model)
  const limits = flowLimits(parsed)
  const equations = new Map<VarId, ElementEquation>()
  const lookups = new Map<VarId, GraphicalFunction>()
  for (const p of parsed) {
    const e = p.element
    if (e.kind === 'lookup') lookups.set(e.id, e)
    if ((e.kind !== 'flow' && e.kind !== 'aux') || !p.equation) continue
    const limit = limits.get(e.id)
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
