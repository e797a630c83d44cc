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
    case 'forcst': {
      const input = ctx.materialize(args[0]!, `${label}:input`)
      return mul(input, add(num(1), mul(trend(input, args[1]!, args[3], ctx, label), args[2]!)))
    }
    case 'npv':
      return npv(args[0]!, args[1]!, args[2], args[3], ctx, label)
    case 'init':
      return slot(ctx.newConstant(args[0]!, label))
    case 'previous':
      return slot(ctx.newMemory(args[0]!, args[1], label))
    case 'delay_fixed':
      return slot(ctx.newPipeline(args[0]!, args[1]!, args[2], label))
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

/** TREND = (input - average) / (averaging time * |average|), the average a smooth starting at input/(1 + init*time). */
function trend(input: IR, time: IR, initTrend: IR | undefined, ctx: ExpansionContext, label: string): IR {
  const x = ctx.materialize(input, `${label}:input`)
  const t = ctx.materialize(time, `${label}:time`)
  const average = ctx.newStock(`${label}:average`)
  const init = div(x, add(num(1), mul(initTrend ?? num(0), t)))
  ctx.defineStock(average, init, div(sub(x, slot(average)), t))
  return fn('safediv', sub(x, slot(average)), mul(t, fn('abs', slot(average))), num(0))
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
