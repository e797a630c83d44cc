import { StockflowError } from '@stockflow/model'
import type { IR } from './ir.js'
import { add, div, fn, mul, num, slot, sub } from './ir-build.js'

/** What an expansion may add to the program while lowering one call. */
export interface ExpansionContext {
  /** A new internal stock; its equations are given afterwards with `defineStock`. */
  newStock(label: string): number
  defineStock(slot: number, init: IR, deriv: IR): void
  /** The expression as a slot, adding an internal auxiliary when it is not one already. */
  materialize(expr: IR, label: string): IR
  /** A slot computed once at the start (INIT). */
  newConstant(expr: IR, label: string): number
  /** A slot holding last step's value of `input` (PREVIOUS). */
  newMemory(input: IR, init: IR | undefined, label: string): number
  /** A slot holding `input` from `delay` time units ago (DELAY FIXED). */
  newPipeline(input: IR, delay: IR, init: IR | undefined, label: string): number
  /** A new internal auxiliary; its equation is given afterwards with `defineAuxiliary`. */
  newAuxiliary(label: string): number
  /** An internal auxiliary's equation; `initial`, when given, is its value in the initial pass instead. */
  defineAuxiliary(slot: number, expr: IR, initial?: IR): void
  /** Whether an expression keeps one value through every run: a number or a parameter. */
  isConstant(expr: IR): boolean
  /** The value an expression has at the start (the model's own start time and dt); NaN when unknown. */
  initialValue(expr: IR): number
  /** The model's own time step. */
  dt(): number
  /** The expression `build` gives, built once the whole model is lowered (when start values are known). */
  later(label: string, build: () => IR): IR
}

/**
 * Expands a stateful builtin into internal stocks and helpers, returning the expression for its value.
 * Formulas follow the Vensim/XMILE definitions: an n-th order smooth is n first-order stages of time T/n;
 * an n-th order material delay is n stages whose outflows are stage/(T/n), each starting at init*T/n.
 */
export function expandStateful(name: string, args: readonly IR[], ctx: ExpansionContext, label: string): IR {
  switch (name) {
    case 'smth1':
      return smooth(args[0]!, args[1]!, 1, args[2], ctx, label)
    case 'smth3':
      return smooth(args[0]!, args[1]!, 3, args[2], ctx, label)
    case 'smthn':
      return smooth(args[0]!, args[1]!, order(args[2]!), args[3], ctx, label)
    case 'delay1':
      return delay(args[0]!, args[1]!, 1, args[2], ctx, label)
    case 'delay3':
      return delay(args[0]!, args[1]!, 3, args[2], ctx, label)
    case 'delayn':
      return delay(args[0]!, args[1]!, order(args[2]!), args[3], ctx, label)
    case 'trend':
      return trend(args[0]!, args[1]!, args[2], ctx, label)
    case 'forcst':
      return forecast(args[0]!, args[1]!, args[2]!, args[3], ctx, label)
    case 'npv':
      return npv(args[0]!, args[1]!, args[2], args[3], ctx, label)
    case 'init':
      return slot(ctx.newConstant(args[0]!, label))
    case 'previous':
      return slot(ctx.newMemory(args[0]!, args[1], label))
    case 'delay_fixed':
      return slot(ctx.newPipeline(args[0]!, args[1]!, args[2], label))
    case 'smooth_n':
      return ctx.later(label, () => smooth(args[0]!, args[1]!, startOrder(args[3]!, ctx, label), args[2], ctx, label))
    case 'delay_n':
      return ctx.later(label, () => vensimDelayN(args[0]!, args[1]!, args[2]!, args[3]!, ctx, label))
    case 'active_initial': {
      const s = ctx.newAuxiliary(label)
      ctx.defineAuxiliary(s, args[0]!, args[1]!)
      return slot(s)
    }
    case 'sample_if_true':
      return sampleIfTrue(args[0]!, args[1]!, args[2]!, ctx, label)
    default:
      throw new Error(`internal: no expansion for ${name}`)
  }
}

function order(arg: IR): number {
  if (arg.t !== 'num' || !(arg.v >= 1)) throw new Error('internal: order must be a number >= 1 (validated earlier)')
  return Math.round(arg.v)
}

function smooth(input: IR, time: IR, n: number, init: IR | undefined, ctx: ExpansionContext, label: string): IR {
  const x = ctx.materialize(input, `${label}:input`)
  const stageTime =
    n === 1 ? ctx.materialize(time, `${label}:time`) : ctx.materialize(div(time, num(n)), `${label}:stage time`)
  const stages = Array.from({ length: n }, (_, j) => ctx.newStock(`${label}:stage ${j + 1}`))
  stages.forEach((s, j) => {
    const upstream = j === 0 ? x : slot(stages[j - 1]!)
    ctx.defineStock(s, init ?? x, div(sub(upstream, slot(s)), stageTime))
  })
  return slot(stages[n - 1]!)
}

function delay(input: IR, time: IR, n: number, init: IR | undefined, ctx: ExpansionContext, label: string): IR {
  const x = ctx.materialize(input, `${label}:input`)
  const stageTime =
    n === 1 ? ctx.materialize(time, `${label}:time`) : ctx.materialize(div(time, num(n)), `${label}:stage time`)
  const stages = Array.from({ length: n }, (_, j) => ctx.newStock(`${label}:stage ${j + 1}`))
  const outflow = (j: number) => div(slot(stages[j]!), stageTime)
  stages.forEach((s, j) => {
    const inflow = j === 0 ? x : outflow(j - 1)
    ctx.defineStock(s, mul(init ?? x, stageTime), sub(inflow, outflow(j)))
  })
  return ctx.materialize(outflow(n - 1), `${label}:output`)
}

/**
 * The average TREND and FORCST follow: a first-order smooth of the input starting at input/(1 +
 * initial trend*time), so that the trend starts at its initial value.
 */
function average(x: IR, t: IR, initTrend: IR | undefined, ctx: ExpansionContext, label: string): IR {
  const s = ctx.newStock(`${label}:average`)
  ctx.defineStock(s, div(x, add(num(1), mul(initTrend ?? num(0), t))), div(sub(x, slot(s)), t))
  return slot(s)
}

/**
 * TREND = ZIDZ(input - average, time * |average|), as Vensim defines it (fn_trend.html): 0 where the
 * average is within 1e-6 of zero.
 */
function trend(input: IR, time: IR, initTrend: IR | undefined, ctx: ExpansionContext, label: string): IR {
  const x = ctx.materialize(input, `${label}:input`)
  const t = ctx.materialize(time, `${label}:time`)
  const avg = average(x, t, initTrend, ctx, label)
  return fn('zidz', sub(x, avg), mul(t, fn('abs', avg)))
}

/**
 * FORCST (Vensim's FORECAST) = input * (1 + ZIDZ(input - average, time * average) * horizon): unlike
 * TREND, the average is not taken absolute (fn_forecast.html; Stella's FORCST alike).
 */
function forecast(
  input: IR,
  time: IR,
  horizon: IR,
  initTrend: IR | undefined,
  ctx: ExpansionContext,
  label: string,
): IR {
  const x = ctx.materialize(input, `${label}:input`)
  const t = ctx.materialize(time, `${label}:time`)
  const avg = average(x, t, initTrend, ctx, label)
  return mul(x, add(num(1), mul(fn('zidz', sub(x, avg), mul(t, avg)), horizon)))
}

/**
 * NPV as Vensim defines it (vensim.com/documentation/fn_npv.html; XMILE's standard library has none,
 * and xmutil carries Vensim's calls over unchanged): a discount factor `df = INTEG(-df * rate / (1 +
 * rate * DT), 1)`, exactly (1 + rate*DT)^-k after k Euler steps; an accumulation `INTEG(stream * df,
 * initial)`; the value `(accumulation + stream * DT * df) * factor`, so this step's stream counts too.
 * `initial` and `factor` default to 0 and 1, the values Vensim calls usual.
 */
function npv(
  stream: IR,
  rate: IR,
  initial: IR | undefined,
  factor: IR | undefined,
  ctx: ExpansionContext,
  label: string,
): IR {
  const x = ctx.materialize(stream, `${label}:stream`)
  const r = ctx.materialize(rate, `${label}:rate`)
  const df = ctx.newStock(`${label}:discount factor`)
  const sum = ctx.newStock(`${label}:accumulated`)
  // A derivative reads slots only (the adaptive method's has no DT in scope): the discounting is an auxiliary.
  const shrink: IR = { t: 'un', op: '-', a: div(mul(slot(df), r), add(num(1), mul(r, fn('dt')))) }
  ctx.defineStock(df, num(1), ctx.materialize(shrink, `${label}:discounting`))
  ctx.defineStock(sum, initial ?? num(0), mul(x, slot(df)))
  const value = add(slot(sum), mul(mul(x, fn('dt')), slot(df)))
  return factor ? mul(value, factor) : value
}

/** The most stages a DELAY N or SMOOTH N may have (as SMTHN and DELAYN). */
const MAX_ORDER = 1000

/** The variable a label `<variable>:<builtin>` belongs to, for messages. */
function ownerOf(label: string): string {
  const colon = label.lastIndexOf(':')
  return colon > 0 ? label.slice(0, colon) : label
}

/** Vensim's name of a builtin of the label, for messages. */
function vensimName(label: string): string {
  return label
    .slice(label.lastIndexOf(':') + 1)
    .toUpperCase()
    .replace(/_/g, ' ')
}

/**
 * The order of Vensim's DELAY N and SMOOTH N: its value at the start, truncated (Vensim fixes the
 * number of stages then, whatever the order does later).
 */
function startOrder(arg: IR, ctx: ExpansionContext, label: string): number {
  const value = arg.t === 'num' ? arg.v : ctx.initialValue(arg)
  const order = Math.trunc(value)
  if (!(order >= 1 && order <= MAX_ORDER)) {
    throw new StockflowError(
      `${vensimName(label)} in "${ownerOf(label)}": its order is ${value} at the start; it must be from 1 to ${MAX_ORDER}`,
    )
  }
  return order
}

/**
 * Vensim's DELAY N (fn_delay_n.html): n stages of a material delay, each stage read with the delay
 * time it had when the material now leaving it entered the delay, one step per stage (stage j with
 * the delay time of j steps ago, the output with last step's), so a changing delay time reaches the
 * output stage by stage; this reproduces Vensim's runs with Euler. With a constant delay time it is
 * DELAYN. The order is reduced until the delay time at the start is at least order * DT, as Vensim
 * does. Lagged delay times are one-step memories, so a changing delay time needs a fixed-step method.
 */
function vensimDelayN(input: IR, time: IR, initial: IR, orderArg: IR, ctx: ExpansionContext, label: string): IR {
  let n = startOrder(orderArg, ctx, label)
  const start = ctx.initialValue(time)
  while (n > 1 && n * ctx.dt() > start) n--
  if (ctx.isConstant(time)) return delay(input, time, n, initial, ctx, label)
  const x = ctx.materialize(input, `${label}:input`)
  const d = ctx.materialize(time, `${label}:time`)
  // lagged[j]: the delay time j steps ago (the start's before the start).
  const lagged: IR[] = [d]
  for (let j = 1; j < Math.max(n, 2); j++) {
    lagged.push(slot(ctx.newMemory(lagged[j - 1]!, d, `${label}:time ${j} steps ago`)))
  }
  const stageTime = (j: number) =>
    n === 1 ? lagged[j]! : ctx.materialize(div(lagged[j]!, num(n)), `${label}:stage time ${j + 1}`)
  const stages = Array.from({ length: n }, (_, j) => ctx.newStock(`${label}:stage ${j + 1}`))
  const times = stages.map((_, j) => stageTime(j))
  const outflow = (j: number) => div(slot(stages[j]!), times[j]!)
  stages.forEach((s, j) => {
    const inflow = j === 0 ? x : outflow(j - 1)
    ctx.defineStock(s, mul(initial, times[0]!), sub(inflow, outflow(j)))
  })
  const last = n === 1 ? lagged[1]! : div(lagged[1]!, num(n))
  return ctx.materialize(div(slot(stages[n - 1]!), last), `${label}:output`)
}

/**
 * Vensim's SAMPLE IF TRUE (fn_sample_if_true.html): the input while the condition holds, else its
 * own value of the step before; `initial` before any sample, and in the initial pass (Vensim keeps
 * it as a level).
 */
function sampleIfTrue(cond: IR, input: IR, initial: IR, ctx: ExpansionContext, label: string): IR {
  const s = ctx.newAuxiliary(label)
  const before = ctx.newMemory(slot(s), initial, `${label}:previous`)
  ctx.defineAuxiliary(s, { t: 'if', c: cond, a: input, b: slot(before) }, initial)
  return slot(s)
}
