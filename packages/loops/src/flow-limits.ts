import { initialDeps, instantDeps } from '@stockflow/model/internal'
import type { ParsedElement } from '@stockflow/model/internal'
import type { Stock, VarId } from '@stockflow/model'
import { evaluateIR, limitNonNegativeStocks } from '@stockflow/solver/internal'
import type { Clock, IR, IREnvironment, LimitContext } from '@stockflow/solver/internal'

/** What the slots of the limits hold: a model variable, a flow's value before its limits, or a helper. */
export interface LimitSlots {
  /** The model variable whose value (limited, for a flow) the slot holds. */
  readonly variable: ReadonlyMap<number, VarId>
  /** The flow whose value before limits (equation, graphical function, uniflow clamp) the slot holds. */
  readonly unlimited: ReadonlyMap<number, VarId>
  /** Slots the limits compute (what a stock has available), with their expressions. */
  readonly helper: ReadonlyMap<number, IR>
}

/** A flow's value as the solver computes it when non-negative stocks limit it. */
export interface FlowLimit {
  readonly expr: IR
  readonly slots: LimitSlots
}

const slot = (i: number): IR => ({ t: 'slot', i })

/**
 * The limits XMILE non-negative stocks put on their flows (outflows, and inflows that turn negative),
 * built by the solver's own code over slots of the model's variables, so that loop scores evaluate
 * what a run computed. A slot reads what the variable's equation reads within a step or at the
 * start, as the solver's slots do: the limits leave out the same terms that would read themselves.
 */
export function flowLimits(parsed: readonly ParsedElement[]): Map<VarId, FlowLimit> {
  const limited = parsed.map((p) => p.element).filter((e): e is Stock => e.kind === 'stock' && !!e.nonNegative)
  const out = new Map<VarId, FlowLimit>()
  if (!limited.length) return out
  const slotOf = new Map<VarId, number>()
  const variable = new Map<number, VarId>()
  const names = new Map<VarId, string>()
  let next = 0
  // A flow a stock names but the model lacks (validation reports it) gets a slot that reads nothing.
  const variableSlot = (id: VarId): number => {
    let s = slotOf.get(id)
    if (s === undefined) {
      slotOf.set(id, (s = next++))
      variable.set(s, id)
    }
    return s
  }
  for (const { element: e } of parsed) {
    if (e.kind === 'lookup') continue
    variableSlot(e.id)
    names.set(e.id, e.name)
  }
  const reads = new Map<number, IR>()
  const aux = new Map<number, IR>()
  const unlimited = new Map<number, VarId>()
  const uniflows = new Set<VarId>()
  for (const { element: e, equation, initial } of parsed) {
    const expr = e.kind === 'stock' ? initial : equation
    const s = slotOf.get(e.id)
    if (!expr || s === undefined) continue
    const ids = new Set([...instantDeps(expr), ...initialDeps(expr)])
    // What the slot reads, for the limits' cycle checks only (never evaluated).
    const deps: IR = {
      t: 'fn',
      fn: 'reads',
      args: [...ids].flatMap((id) => (slotOf.has(id) ? [slot(slotOf.get(id)!)] : [])),
    }
    if (e.kind !== 'flow') {
      reads.set(s, deps)
      continue
    }
    // A flow's value before limits sits in a slot of its own; the limits wrap it.
    const raw = next++
    unlimited.set(raw, e.id)
    reads.set(raw, deps)
    aux.set(s, slot(raw))
    if (e.nonNegative) uniflows.add(e.id)
  }
  const ctx: LimitContext = {
    slotOf: variableSlot,
    aux,
    materialize: (expr) => {
      if (expr.t === 'slot' || expr.t === 'num') return expr
      const s = next++
      aux.set(s, expr)
      return slot(s)
    },
    inputsOf: (s) => {
      const input = aux.get(s) ?? reads.get(s)
      return input ? [input] : []
    },
    neverNegative: (id) => uniflows.has(id),
    nameOf: (id) => names.get(id) ?? id,
  }
  limitNonNegativeStocks(limited, ctx)
  const helper = new Map([...aux].filter(([s]) => !variable.has(s)))
  const slots: LimitSlots = { variable, unlimited, helper }
  for (const [raw, id] of unlimited) {
    const expr = aux.get(slotOf.get(id)!)!
    if (expr.t !== 'slot' || expr.i !== raw) out.set(id, { expr, slots })
  }
  return out
}

/**
 * A limited flow's value: `read` gives the value of a model variable, `unlimited` a flow's value
 * before its limits. Helpers are computed once per call.
 */
export function evaluateLimit(
  limit: FlowLimit,
  read: (id: VarId) => number,
  unlimited: (flow: VarId) => number,
  clock: Clock,
): number {
  const { variable, unlimited: raw, helper } = limit.slots
  const done = new Map<number, number>()
  const valueOf = (s: number): number => {
    const id = variable.get(s)
    if (id !== undefined) return read(id)
    const flow = raw.get(s)
    if (flow !== undefined) return unlimited(flow)
    let v = done.get(s)
    if (v === undefined) done.set(s, (v = ev(helper.get(s)!)))
    return v
  }
  // Limits read no table.
  const env: IREnvironment = { slot: valueOf, table: () => NaN, clock }
  const ev = (e: IR): number => evaluateIR(e, env)
  return ev(limit.expr)
}
