import type { Expr } from './ast.js'
import type { VarId } from './id.js'

type Call = Extract<Expr, { type: 'call' }>

/**
 * Stands a subtree for an id of its own (a flat call shared by many equations): the subtree's ids are
 * then that id's, collected once, instead of each equation's (N equations times N ids).
 */
export type Cut = (e: Expr) => VarId | undefined

/** Ids an expression references, visiting only the arguments of each builtin call that `argsOf` picks. */
function collect(expr: Expr, argsOf: (call: Call) => readonly (Expr | undefined)[], cut?: Cut): VarId[] {
  const out = new Set<VarId>()
  visit(expr, argsOf, out, cut)
  return [...out]
}

// A function of its own rather than a closure per call: the loop checks collect once per element.
function visit(
  e: Expr | undefined,
  argsOf: (call: Call) => readonly (Expr | undefined)[],
  out: Set<VarId>,
  cut?: Cut,
): void {
  if (!e) return
  if (cut && e.type === 'call') {
    const id = cut(e)
    if (id !== undefined) {
      out.add(id)
      return
    }
  }
  switch (e.type) {
    case 'ref':
      out.add(e.id)
      return
    case 'lookup':
      out.add(e.id)
      visit(e.arg, argsOf, out, cut)
      return
    case 'unary':
      visit(e.arg, argsOf, out, cut)
      return
    case 'binary':
      visit(e.left, argsOf, out, cut)
      visit(e.right, argsOf, out, cut)
      return
    case 'if':
      visit(e.cond, argsOf, out, cut)
      visit(e.then, argsOf, out, cut)
      visit(e.else, argsOf, out, cut)
      return
    case 'call':
      for (const a of argsOf(e)) visit(a, argsOf, out, cut)
      return
    default:
      return
  }
}

/**
 * Which arguments of a stateful builtin its value depends on *within the same step*. SMTH1's value is
 * its internal stock, so its input is not an instantaneous dependency; DELAY1 divides by its delay time,
 * TREND and FORCST use their input directly. Only these edges can form algebraic loops.
 */
const INSTANT_ARGS: Readonly<Record<string, readonly number[]>> = {
  smth1: [],
  smth3: [],
  smthn: [],
  delay1: [1],
  delay3: [1],
  delayn: [1],
  delay_fixed: [],
  trend: [0, 1],
  forcst: [0, 1, 2],
  npv: [0, 3],
  init: [],
  previous: [],
  // Vensim's: DELAY N reads last step's delay time; ACTIVE INITIAL its active value, SAMPLE IF TRUE its sample.
  smooth_n: [],
  delay_n: [],
  active_initial: [0],
  sample_if_true: [0, 1],
}

/** Arguments that only set a stateful builtin's starting value (and so carry no feedback). */
const START_ARGS: Readonly<Record<string, readonly number[]>> = {
  smth1: [2],
  smth3: [2],
  smthn: [3],
  delay1: [2],
  delay3: [2],
  delayn: [3],
  delay_fixed: [2],
  trend: [2],
  forcst: [3],
  npv: [2],
  previous: [1],
  init: [0],
  smooth_n: [2, 3],
  delay_n: [2, 3],
  active_initial: [1],
  sample_if_true: [2],
}

/**
 * What an argument of a builtin does to the call's value: `instant` acts within the step, `delayed`
 * is integrated by the builtin's internal stocks (SMOOTH, DELAY, PREVIOUS), `initial` only sets the
 * starting value. Pure functions' arguments are all instant.
 */
export type ArgRole = 'instant' | 'delayed' | 'initial'

/** The role of argument `index` of builtin `fn`. */
export function argRole(fn: string, index: number): ArgRole {
  if (START_ARGS[fn]?.includes(index)) return 'initial'
  const instant = INSTANT_ARGS[fn]
  return !instant || instant.includes(index) ? 'instant' : 'delayed'
}

/** Ids an expression needs at every step, skipping arguments that stateful builtins only integrate. */
export function instantDeps(expr: Expr, cut?: Cut): VarId[] {
  return collect(expr, instantArgs, cut)
}

const instantArgs = (c: Call) => c.args.filter((_, i) => argRole(c.fn, i) === 'instant')
const everyArg = (c: Call) => c.args

/** Every id an expression mentions anywhere. */
export function allDeps(expr: Expr, cut?: Cut): VarId[] {
  return collect(expr, everyArg, cut)
}

/**
 * Where a stateful builtin's initial value comes from: its initial-value argument when given (else its
 * input), plus arguments the start needs (a delay's time scales its stages). The index of the initial
 * argument, then the others.
 */
const INITIAL_ARGS: Readonly<Record<string, readonly [number, ...number[]]>> = {
  smth1: [2],
  smth3: [2],
  smthn: [3],
  delay1: [2, 1],
  delay3: [2, 1],
  delay_fixed: [2, 1],
  delayn: [3, 1],
  npv: [2, 0, 3],
  previous: [1],
  smooth_n: [2, 3],
  delay_n: [2, 1, 3],
  active_initial: [1],
  sample_if_true: [2],
}

/**
 * Ids an expression needs for its *initial* value. Stateful builtins start from their initial-value
 * argument when given (else their input), so `PREVIOUS(x, 0)` inside x's own equation is no loop.
 */
export function initialDeps(expr: Expr, cut?: Cut): VarId[] {
  return collect(expr, initialArgs, cut)
}

function initialArgs(c: Call): readonly (Expr | undefined)[] {
  const spec = INITIAL_ARGS[c.fn]
  if (!spec) return c.args
  const [initial, ...others] = spec
  return [c.args[initial] ?? c.args[0], ...others.map((i) => c.args[i])]
}
