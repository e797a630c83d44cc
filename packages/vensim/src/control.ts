import type { TimeSpec } from '@stockflow/model'
import { applyBinary } from '@stockflow/model/internal'
import type { Equation, Expr, MdlProblem, Pos } from './ast.js'
import { BINARY } from './expression.js'
import { CONTROL_NAMES, idOf } from './names.js'

/** How deep constants defined by constants may chain (a cycle ends at once; see `memo`). */
const MAX_DEPTH = 64

/**
 * Values already folded, per model and per time (`undefined` too), so names shared by many constants
 * are folded once: `c2 = c1 + c1`, `c3 = c2 + c2`, ... is linear, not exponential. A name being folded
 * is VISITING: meeting it again is a cycle, which is no constant.
 */
const VISITING = Symbol('visiting')
const memo = new WeakMap<ReadonlyMap<string, Equation>, Map<string, number | undefined | typeof VISITING>>()

/**
 * The value of an expression made only of numbers, arithmetic and names of such constants (`SAVEPER =
 * TIME STEP`, `FINAL TIME = start year + horizon`), or undefined when it depends on the run. Given
 * `time`, it is the value at that time of an expression of Time, STEP, IF THEN ELSE, MIN and MAX too:
 * what Vensim reads once at the start for a delay's order.
 */
export function constantOf(
  expr: Expr,
  equations: ReadonlyMap<string, Equation>,
  time?: number,
  depth = 0,
): number | undefined {
  if (depth > MAX_DEPTH) return undefined
  const go = (e: Expr): number | undefined => {
    switch (e.t) {
      case 'num':
        return e.value
      case 'paren':
        return go(e.arg)
      case 'unary': {
        const a = go(e.arg)
        if (a === undefined) return undefined
        return e.op === '-' ? -a : e.op === '+' ? a : undefined
      }
      case 'binary': {
        const a = go(e.left)
        const b = go(e.right)
        return a === undefined || b === undefined ? undefined : applyBinary(BINARY[e.op], a, b)
      }
      case 'ref': {
        const id = idOf(e.name)
        if (time !== undefined && id === 'time') return time
        const eq = equations.get(id)
        if (eq?.kind !== 'equals' || eq.expr === undefined || e.subscripts.length > 0 || eq.lhs.subscripts.length > 0)
          return undefined
        let known = memo.get(equations)
        if (!known) memo.set(equations, (known = new Map()))
        const key = `${time ?? ''}\u0000${id}`
        const before = known.get(key)
        if (before === VISITING) return undefined
        if (known.has(key)) return before
        known.set(key, VISITING)
        const value = constantOf(eq.expr, equations, time, depth + 1)
        known.set(key, value)
        return value
      }
      case 'call':
        return time === undefined ? undefined : callAt(e, go, time)
      case 'numbers':
        return e.rows.length === 1 && e.rows[0]!.length === 1 ? e.rows[0]![0] : undefined
      default:
        return undefined
    }
  }
  return go(expr)
}

/**
 * SAVEPER on the time grid: stockflow saves at steps, so one that is no multiple of TIME STEP becomes
 * the nearest multiple (at least one step), with a warning, instead of refusing a model Vensim runs.
 */
function onGrid(saveper: number | undefined, dt: number, warn: (message: string) => void): number | undefined {
  if (saveper === undefined || !(dt > 0) || !(saveper > 0)) return saveper
  const steps = Math.max(1, Math.round(saveper / dt))
  if (Math.abs(saveper / dt - steps) <= 1e-9 * steps) return saveper
  warn(`SAVEPER ${saveper} is not a multiple of TIME STEP ${dt}; stockflow saves every ${steps * dt} (${steps} steps)`)
  return steps * dt
}

/** STEP, IF THEN ELSE, MIN and MAX at a known time, for `constantOf`. */
function callAt(
  e: Extract<Expr, { t: 'call' }>,
  go: (e: Expr) => number | undefined,
  time: number,
): number | undefined {
  const args = e.args.map(go)
  if (args.some((a) => a === undefined)) return undefined
  const [a, b, c] = args as number[]
  switch (idOf(e.fn)) {
    case 'step':
      return args.length === 2 ? (time >= b! ? a : 0) : undefined
    case 'if_then_else':
      return args.length === 3 ? (a !== 0 ? b : c) : undefined
    case 'min':
      return args.length === 2 ? Math.min(a!, b!) : undefined
    case 'max':
      return args.length === 2 ? Math.max(a!, b!) : undefined
    default:
      return undefined
  }
}

/**
 * The clock from Vensim's control variables. Each is a constant, or computed from constants (kept);
 * one that follows Time takes its value at the start, with a warning, and anything else is a problem.
 */
export function readTimeSpec(
  equations: ReadonlyMap<string, Equation>,
  problems: MdlProblem[],
  filePos: Pos,
  warn: (problem: MdlProblem) => void,
): TimeSpec {
  let start = 0
  const value = (id: string, required: boolean): number | undefined => {
    const eq = equations.get(id)
    const shown = id.replace(/_/g, ' ').toUpperCase()
    if (eq === undefined || eq.expr === undefined) {
      if (required)
        problems.push({
          pos: filePos,
          message: `the model has no ${shown}; add it to the control section, as in "${shown} = 100"`,
        })
      return undefined
    }
    const fixed = constantOf(eq.expr, equations)
    if (fixed !== undefined && Number.isFinite(fixed)) return fixed
    // Vensim lets a control variable follow Time; stockflow's clock is fixed, so it takes the value
    // at the start (Time 0 for INITIAL TIME itself) and says so.
    const atStart = constantOf(eq.expr, equations, id === 'initial_time' ? 0 : start)
    if (atStart === undefined || !Number.isFinite(atStart)) {
      problems.push({ pos: eq.pos, variable: eq.lhs.name, message: `${shown} must be a constant number` })
      return undefined
    }
    warn({
      pos: eq.pos,
      variable: eq.lhs.name,
      message: `${shown} changes with Time in Vensim; stockflow's clock is fixed, so it is ${atStart}, its value at the start`,
    })
    return atStart
  }
  start = value('initial_time', true) ?? 0
  const stop = value('final_time', true) ?? 1
  const dt = value('time_step', true) ?? 1
  // The clock's own checks, said here at the control variable's place in the file.
  const at = (id: string, message: string) => {
    const eq = equations.get(id)
    problems.push({ pos: eq?.pos ?? filePos, ...(eq ? { variable: eq.lhs.name } : {}), message })
  }
  if (!(dt > 0)) at('time_step', `TIME STEP must be more than 0, got ${dt}`)
  if (stop < start) at('final_time', `FINAL TIME ${stop} is before INITIAL TIME ${start}`)
  const saveper = onGrid(value('saveper', false), dt, (message) => {
    const eq = equations.get('saveper')!
    warn({ pos: eq.pos, variable: eq.lhs.name, message })
  })
  const unitsOf = (id: string) =>
    equations
      .get(id)
      ?.doc.units?.replace(/\s*\[.*$/, '')
      .trim()
  const units = unitsOf('time_step') || unitsOf('final_time') || unitsOf('initial_time')
  return {
    start,
    stop,
    dt,
    ...(saveper !== undefined && saveper !== dt ? { saveper } : {}),
    ...(units ? { units } : {}),
  }
}

/** Whether a defined name is one of Vensim's control variables. */
export function isControl(id: string): boolean {
  return CONTROL_NAMES.has(id)
}
