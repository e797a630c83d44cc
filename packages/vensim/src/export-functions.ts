import type { Expr, TimeSpec } from '@stockflow/model'

// stockflow's builtins as Vensim writes them: a Vensim function of the same meaning, an expression in
// Vensim's functions that computes the same value, or a construct Vensim lacks (said in a few words).

type CallExpr = Extract<Expr, { type: 'call' }>

/** How a call is written in Vensim. */
export type VensimCall =
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  /** A name without parentheses: `Time`, `TIME STEP`. */
  | { readonly kind: 'word'; readonly text: string }
  /** An equivalent expression of other calls and operators, printed in its place. */
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'missing'; readonly why: string }

/** What translating a builtin needs besides its arguments. */
export interface FunctionEnv {
  readonly time: TimeSpec
  /** The value of an argument made only of numbers and parameters, if it is one. */
  readonly constant: (e: Expr) => number | undefined
}

const num = (value: number): Expr => ({ type: 'num', value })
const call = (fn: string, ...args: Expr[]): Expr => ({ type: 'call', fn, args })
const bin = (op: Extract<Expr, { type: 'binary' }>['op'], left: Expr, right: Expr): Expr => ({
  type: 'binary',
  op,
  left,
  right,
})
const cond = (c: Expr, a: Expr, b: Expr): Expr => ({ type: 'if', cond: c, then: a, else: b })
const same = (name: string, args: readonly Expr[]): VensimCall => ({ kind: 'call', name, args })

/** Builtins whose Vensim name is their stockflow name in capitals, with the same arguments. */
const PLAIN = new Set([
  'abs',
  'exp',
  'ln',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'integer',
  'modulo',
  'quantum',
  'xidz',
  'zidz',
  'game',
  'log',
])

/** Builtins with a Vensim name of their own and the same arguments. */
const RENAMED: Readonly<Record<string, string>> = {
  vensim_pulse: 'PULSE',
  vensim_step: 'STEP',
  pulse_train: 'PULSE TRAIN',
  get_time_value: 'GET TIME VALUE',
  smooth_n: 'SMOOTH N',
  delay_n: 'DELAY N',
  init: 'INITIAL',
  active_initial: 'ACTIVE INITIAL',
  sample_if_true: 'SAMPLE IF TRUE',
  random_normal: 'RANDOM NORMAL',
  if_then_else: 'IF THEN ELSE',
}

/** The clock as Vensim names it. */
const CLOCK: Readonly<Record<string, string>> = {
  time: 'Time',
  dt: 'TIME STEP',
  starttime: 'INITIAL TIME',
  stoptime: 'FINAL TIME',
}

/** Vensim's floor: INTEGER truncates toward zero, so a negative non-integer is one less. */
function floor(x: Expr): Expr {
  const t = call('integer', x)
  return cond(bin('<', x, t), bin('-', t, num(1)), t)
}

/** Whether `t` is a time of the run's grid (start + k*dt), so Vensim's "nearest step" is that step. */
function onGrid(t: number | undefined, time: TimeSpec): boolean {
  if (t === undefined || !Number.isFinite(t)) return false
  const k = (t - time.start) / time.dt
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k))
}

/**
 * A builtin call as Vensim writes it. Functions Vensim has under another name or argument order are
 * renamed; those it lacks but can compute (INT, MOD, ROUND, SAFEDIV, XMILE's STEP and PULSE, MEAN of
 * values) are spelled out exactly; optional arguments Vensim requires are filled with their defaults.
 */
export function vensimCall(e: CallExpr, env: FunctionEnv): VensimCall {
  const a = e.args
  const n = a.length
  const clock = CLOCK[e.fn]
  if (clock !== undefined && n === 0) return { kind: 'word', text: clock }
  if (PLAIN.has(e.fn)) return same(e.fn.toUpperCase(), a)
  const renamed = RENAMED[e.fn]
  if (renamed !== undefined) return same(renamed, a)
  switch (e.fn) {
    case 'pi':
      return { kind: 'expr', expr: num(Math.PI) }
    case 'log10':
      return same('LOG', [a[0]!, num(10)])
    case 'power':
      return { kind: 'expr', expr: bin('^', a[0]!, a[1]!) }
    case 'min':
    case 'max':
      // Two values; more are compared in pairs (one is an array: see export-array-calls.ts).
      if (n === 2) return same(e.fn.toUpperCase(), a)
      return { kind: 'expr', expr: a.slice(1).reduce((acc, x) => call(e.fn, acc, x), a[0]!) }
    case 'int':
      return { kind: 'expr', expr: floor(a[0]!) }
    case 'mod':
      // XMILE's MOD takes the divisor's sign: a - b * floor(a / b), as the solver computes it.
      return { kind: 'expr', expr: bin('-', a[0]!, bin('*', a[1]!, floor(bin('/', a[0]!, a[1]!)))) }
    case 'round': {
      // Halves away from zero.
      const x = a[0]!
      const half = (v: Expr) => call('integer', bin('+', v, num(0.5)))
      return { kind: 'expr', expr: cond(bin('<', x, num(0)), { type: 'unary', op: '-', arg: half(neg(x)) }, half(x)) }
    }
    case 'safediv':
      return { kind: 'expr', expr: cond(bin('==', a[1]!, num(0)), a[2] ?? num(0), bin('/', a[0]!, a[1]!)) }
    case 'step':
      return xmileStep(a[0]!, a[1]!, env)
    case 'pulse':
      return xmilePulse(a[0]!, a[1]!, a[2], env)
    case 'ramp':
      return same('RAMP', [a[0]!, a[1]!, a[2] ?? call('stoptime')])
    case 'smth1':
      return n === 3 ? same('SMOOTHI', a) : same('SMOOTH', a)
    case 'smth3':
      return n === 3 ? same('SMOOTH3I', a) : same('SMOOTH3', a)
    case 'delay1':
      return n === 3 ? same('DELAY1I', a) : same('DELAY1', a)
    case 'delay3':
      return n === 3 ? same('DELAY3I', a) : same('DELAY3', a)
    case 'smthn':
    case 'delayn': {
      // Vensim's SMOOTH N and DELAY N fix the order at the start: the same for a constant order.
      if (env.constant(a[2]!) === undefined)
        return { kind: 'missing', why: `${e.fn.toUpperCase()} with an order that is not a constant` }
      return same(e.fn === 'smthn' ? 'SMOOTH N' : 'DELAY N', [a[0]!, a[1]!, a[3] ?? a[0]!, a[2]!])
    }
    case 'delay_fixed':
      return same('DELAY FIXED', [a[0]!, a[1]!, a[2] ?? a[0]!])
    case 'trend':
      return same('TREND', [a[0]!, a[1]!, a[2] ?? num(0)])
    case 'forcst':
      if (n === 4 && env.constant(a[3]!) !== 0)
        return { kind: 'missing', why: 'FORCST with an initial trend (Vensim’s FORECAST starts with none)' }
      return same('FORECAST', a.slice(0, 3))
    case 'npv':
      return same('NPV', [a[0]!, a[1]!, a[2] ?? num(0), a[3] ?? num(1)])
    case 'random':
      return same('RANDOM UNIFORM', [num(0), num(1), num(0)])
    case 'uniform':
      return same('RANDOM UNIFORM', [a[0]!, a[1]!, a[2] ?? num(0)])
    case 'normal':
      // Vensim's normal draws are clipped to [min, max]: bounds no double reaches.
      return same('RANDOM NORMAL', [num(-Number.MAX_VALUE), num(Number.MAX_VALUE), a[0]!, a[1]!, a[2] ?? num(0)])
    case 'previous':
      return { kind: 'missing', why: 'PREVIOUS (Vensim has no function for the value one step earlier)' }
    default:
      return { kind: 'missing', why: `the function ${e.fn.toUpperCase()} (Vensim has none like it)` }
  }
}

const neg = (x: Expr): Expr => ({ type: 'unary', op: '-', arg: x })

/**
 * XMILE's STEP switches at the first step at or after its time, Vensim's at the step nearest it: the
 * same when the time is on the grid, else the comparison written out.
 */
function xmileStep(height: Expr, start: Expr, env: FunctionEnv): VensimCall {
  if (onGrid(env.constant(start), env.time)) return same('STEP', [height, start])
  const late = bin('+', call('time'), bin('*', num(1e-9), call('dt')))
  return { kind: 'expr', expr: cond(bin('>=', late, start), height, num(0)) }
}

/**
 * XMILE's PULSE(magnitude, first, interval): magnitude/DT for one step at `first` and every `interval`
 * after. Vensim's PULSE and PULSE TRAIN with width 0 last one step from the step nearest their start:
 * the same when the start and the interval fall on the grid.
 */
function xmilePulse(magnitude: Expr, first: Expr, interval: Expr | undefined, env: FunctionEnv): VensimCall {
  const every = interval === undefined ? 0 : env.constant(interval)
  const t = env.time
  if (!onGrid(env.constant(first), t) || every === undefined || (every > 0 && !onGrid(t.start + every, t)))
    return { kind: 'missing', why: 'PULSE whose start or interval is not a constant on the TIME STEP grid' }
  const window =
    every > 0 ? call('pulse_train', first, num(0), interval!, call('stoptime')) : call('vensim_pulse', first, num(0))
  return { kind: 'expr', expr: bin('*', bin('/', magnitude, call('dt')), window) }
}
