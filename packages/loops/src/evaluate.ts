import type { Expr, GraphicalFunction, VarId } from '@stockflow/model'
import { applyBinary, applyUnary } from '@stockflow/model/internal'
import { builtinValue, readGraph } from '@stockflow/solver/internal'
import { hasHiddenState } from './builtin-roles.js'
import type { CallExpr } from './builtin-roles.js'
import type { ElementEquation, ModelEquations } from './equations.js'
import { evaluateLimit } from './flow-limits.js'
import { argsReading, mentions } from './mentions.js'

/** The state of a run at one point: variable values, values of stateful calls, and the clock. */
export interface Point {
  value(id: VarId): number
  /** The value the stateful or random call `node` of `owner`'s equation had at this point. */
  call(owner: VarId, node: CallExpr): number
  /** The discount factor an NPV call `node` of `owner`'s equation had at this point. */
  discount(owner: VarId, node: CallExpr): number
  readonly time: number
  readonly dt: number
  readonly start: number
  readonly stop: number
}

/** One variable read at another value than the point's (a perturbation, or its next value). */
export interface Change {
  readonly id: VarId
  readonly value: number
}

/**
 * Values of an equation's parts at one point. Filled by an evaluation without a change, it lets the
 * evaluations with a change at that point recompute only the parts the changed variable reaches:
 * link scores take one per link into an equation, and a flat SUM may have thousands of arguments.
 */
export type Memo = Map<Expr, number>

// Calls whose change is the sum of their arguments' (MEAN's divided by their number).
const LINEAR = new Set(['sum', 'mean'])

/**
 * Evaluates `owner`'s expression at a point, reading `change.id` at `change.value`. Stateful calls
 * read their value at the point; when their input changes they pass the change through at once
 * (the perfect-mixing approximation of Loops That Matter for delays, see README). Without a change,
 * `memo` records the value of every part; with one, it supplies the parts the change does not reach,
 * and a SUM or MEAN moves by its changed arguments' moves.
 */
export function evaluate(
  owner: VarId,
  expr: Expr,
  at: Point,
  lookups: ReadonlyMap<VarId, GraphicalFunction>,
  change?: Change,
  memo?: Memo,
): number {
  const recording = memo !== undefined && change === undefined
  const reuse = change !== undefined ? memo : undefined
  const ev = (e: Expr, ch: Change | undefined): number => {
    if (reuse && ch && e.type !== 'num') {
      if (!mentions(e, ch.id)) {
        const v = reuse.get(e)
        if (v !== undefined) return v
      } else if (e.type === 'call' && LINEAR.has(e.fn)) {
        const v = linearMove(e, ch, reuse)
        if (v !== undefined) return v
      }
    }
    const v = compute(e, ch)
    // A number or a variable is read as fast as it is looked up.
    if (recording && e.type !== 'num' && e.type !== 'ref') memo.set(e, v)
    return v
  }
  const linearMove = (e: CallExpr, ch: Change, known: Memo): number | undefined => {
    const before = known.get(e)
    if (before === undefined) return undefined
    let move = 0
    for (const i of argsReading(e, ch.id)) {
      const arg = e.args[i]!
      move += ev(arg, ch) - (known.get(arg) ?? ev(arg, undefined))
    }
    return before + (e.fn === 'mean' ? move / e.args.length : move)
  }
  const compute = (e: Expr, ch: Change | undefined): number => {
    switch (e.type) {
      case 'num':
        return e.value
      case 'ref':
        return ch && e.id === ch.id ? ch.value : at.value(e.id)
      case 'unary':
        return applyUnary(e.op, ev(e.arg, ch))
      case 'binary':
        return applyBinary(e.op, ev(e.left, ch), ev(e.right, ch))
      case 'if':
        return ev(e.cond, ch) !== 0 ? ev(e.then, ch) : ev(e.else, ch)
      case 'lookup': {
        const table = lookups.get(e.id)
        return table ? readGraph(table, ev(e.arg, ch)) : NaN
      }
      case 'call': {
        if (hasHiddenState(e)) {
          const h = at.call(owner, e)
          if (!ch || !mentions(e, ch.id)) return h
          const base = (i: number) => (e.args[i] ? ev(e.args[i], undefined) : NaN)
          const moved = (i: number) => (e.args[i] ? ev(e.args[i], ch) : NaN)
          if (e.fn === 'npv') return h + npvChange(h, base, moved, at, at.discount(owner, e))
          return h + passThrough(e.fn, h, base, moved)
        }
        const a = e.args.map((x) => ev(x, ch))
        return builtinValue(e.fn, a, { time: at.time, dt: at.dt, start: at.start, stop: at.stop })
      }
    }
  }
  return ev(expr, change)
}

/**
 * How much a stateful call's value moves when its arguments move from `base` to `moved`, treating
 * its response as immediate: delays and smooths pass their input's change on whole, and a longer
 * delay time holds the output further from the input, as a first-order delay would.
 */
function passThrough(fn: string, h: number, base: (i: number) => number, moved: (i: number) => number): number {
  const d = (i: number) => moved(i) - base(i)
  switch (fn) {
    case 'smth1':
    case 'smth3':
    case 'smthn':
    case 'smooth_n':
    case 'delay1':
    case 'delay3':
    case 'delayn':
    case 'delay_n':
    case 'delay_fixed': {
      const input = base(0)
      const time = base(1)
      const dTime = d(1)
      return d(0) - (dTime !== 0 && time !== 0 ? ((input - h) * dTime) / time : 0)
    }
    case 'previous':
    case 'active_initial':
      return d(0)
    case 'sample_if_true':
      // While sampling, the value is the input; held values do not move with it.
      return base(0) !== 0 ? d(1) : 0
    case 'trend': {
      // TREND = (input - average) / (average * time), so average = input / (1 + TREND * time).
      const input = base(0)
      const time = base(1)
      const perInput = input !== 0 && time !== 0 ? (1 + h * time) / (input * time) : 0
      return d(0) * perInput - (time !== 0 ? (h * d(1)) / time : 0)
    }
    case 'forcst': {
      const input = base(0)
      return input !== 0 ? (d(0) * h) / input : 0
    }
    case 'uniform':
      return (d(0) + d(1)) / 2
    case 'normal':
      return d(0)
    case 'random_normal':
      return d(2)
    default:
      return 0
  }
}

/**
 * How much an NPV call's value h moves (the solver's NPV: `(accumulated + stream·DT·df)·factor`, df
 * the discount factor): this step's stream counts at once, discounted by df, and the factor scales
 * the whole. The rate acts through df, a stock; its change is read as if the rate had always had the
 * moved value, df·((1 + r·DT)/(1 + r'·DT))^k after k steps, on this step's term only.
 */
function npvChange(
  h: number,
  base: (i: number) => number,
  moved: (i: number) => number,
  at: Point,
  df: number,
): number {
  const given = !Number.isNaN(base(3))
  const factor = given ? base(3) : 1
  const term = at.dt * df * factor
  const steps = Math.round((at.time - at.start) / at.dt)
  const discounting = ((1 + base(1) * at.dt) / (1 + moved(1) * at.dt)) ** steps - 1
  // h / factor is the value before the factor (taken as 0 when the factor is 0: it cannot be told).
  const scaled = given && factor !== 0 ? (h / factor) * (moved(3) - base(3)) : 0
  return (moved(0) - base(0)) * term + base(0) * term * discounting + scaled
}

/** A flow's or auxiliary's value before any limit: its equation, graphical function and uniflow clamp. */
function unlimitedValue(
  eq: ElementEquation,
  at: Point,
  lookups: ReadonlyMap<VarId, GraphicalFunction>,
  change?: Change,
  memo?: Memo,
): number {
  let v = evaluate(eq.element.id, eq.expr, at, lookups, change, memo)
  if (eq.graph) v = readGraph(eq.graph, v)
  return eq.nonNegative ? Math.max(0, v) : v
}

/**
 * A flow's or auxiliary's value at a point as the solver computes it: its equation, then its
 * graphical function, the uniflow clamp and, for flows of non-negative stocks, the stock's limit.
 * Another flow the limit reads is taken at its value at the point (`change` moving it as much).
 * `memo` as for `evaluate`, for the element's own equation.
 */
export function evaluateElement(
  eq: ElementEquation,
  at: Point,
  equations: ModelEquations,
  change?: Change,
  memo?: Memo,
): number {
  const own = unlimitedValue(eq, at, equations.lookups, change, memo)
  if (!eq.limit) return own
  const read = (id: VarId) => (change && change.id === id ? change.value : at.value(id))
  const unlimited = (id: VarId) => {
    if (id === eq.element.id) return own
    const other = equations.equations.get(id)
    const value = other ? unlimitedValue(other, at, equations.lookups) : NaN
    return change && change.id === id ? value + change.value - at.value(id) : value
  }
  return evaluateLimit(eq.limit, read, unlimited, at)
}
