import type { Dimension } from './units-algebra.js'

/**
 * What the units checker knows of a term: `unknown` when something in it has no declared units (no
 * checks, no complaints), `number` for a literal (it has no units of its own and takes the units its
 * context needs), or the `known` dimension.
 */
export type Term =
  { readonly kind: 'unknown' } | { readonly kind: 'number' } | { readonly kind: 'known'; readonly dim: Dimension }

/** What a builtin's units rule may ask of its call; each check reports its own mismatch. */
export interface CallUnits {
  /** The units of argument `i` (`unknown` when it was left out). */
  arg(i: number): Term
  has(i: number): boolean
  /** How many arguments the call has. */
  readonly count: number
  /** How many values argument `i` spans when a reduction reads it (PROD's power); undefined when not known. */
  reduced(i: number): number | undefined
  /** Arguments that must share units (MIN, MAX, IF branches); their common units. */
  same(indices: readonly number[], what: string): Term
  /** Argument `i` must have `expected` units. */
  expect(i: number, expected: Term, what: string): void
  /** Argument `i` is a duration or a point in time: the model's time unit. */
  time(i: number, what: string): void
  dimensionless(i: number, what: string): void
  condition(i: number): void
  /** The model's time unit (`unknown` when the model declares none). */
  readonly timeUnit: Term
  /** Dimensionless, as a declared `1`. */
  readonly one: Term
  multiply(a: Term, b: Term): Term
  divide(a: Term, b: Term): Term
  pow(a: Term, power: number): Term
  /** Whether a term is known to be dimensionless. */
  isDimensionless(a: Term): boolean
}

/** A literal's kind: what random draws and the 0/1 of a comparison have, like a number in the text. */
export const NUMBER: Term = { kind: 'number' }
export const UNKNOWN: Term = { kind: 'unknown' }

const keep = (c: CallUnits) => c.arg(0)
const all = (c: CallUnits): number[] => Array.from({ length: c.count }, (_, i) => i)

/** A pure function of a dimensionless quantity (EXP, LN, SIN, ...): its result is dimensionless too. */
const dimensionlessMath = (c: CallUnits): Term => {
  c.dimensionless(0, 'argument')
  if (c.has(1)) c.dimensionless(1, 'base')
  return c.arg(0).kind === 'number' ? NUMBER : c.one
}

/** A smoothing or delay: the output has the input's units; the time is a duration; the start agrees. */
const smoothing =
  (initial: number) =>
  (c: CallUnits): Term => {
    c.time(1, 'time')
    if (initial === 3) c.dimensionless(2, 'order')
    return c.has(initial) ? c.same([0, initial], 'input and initial value') : c.arg(0)
  }

/** TREND's fractional rate of change: per unit of time. */
const perTime = (c: CallUnits): Term => c.divide(NUMBER, c.timeUnit)

/**
 * The units of each builtin's result from its arguments', with the checks its arguments need. PULSE
 * is `magnitude/DT` for one step (see the solver's runtime), so its result is per unit of time and a
 * pulse into a stock adds `magnitude`; RAMP rises by `slope` per unit of time. A number given as
 * RAMP's slope or PULSE's magnitude is a rate or an amount in whatever units the context needs
 * (`RAMP(1/2, 2025, 2027)` is a 0-to-1 phase-in), so the call takes the context's units like a number.
 */
export const UNIT_RULES: Readonly<Record<string, (c: CallUnits) => Term>> = {
  time: (c) => c.timeUnit,
  dt: (c) => c.timeUnit,
  starttime: (c) => c.timeUnit,
  stoptime: (c) => c.timeUnit,
  pi: () => NUMBER,

  // The flat calls of reductions (`sum(a, b, c)`, as flattening writes them); the arrayed ones are in units-arrays.ts.
  sum: (c) => c.same(all(c), 'arguments'),
  mean: (c) => c.same(all(c), 'arguments'),
  stddev: (c) => c.same(all(c), 'arguments'),
  prod: (c) => all(c).reduce<Term>((product, i) => c.multiply(product, c.arg(i)), NUMBER),
  min: (c) => c.same([0, 1], 'arguments'),
  max: (c) => c.same([0, 1], 'arguments'),
  abs: keep,
  int: keep,
  integer: keep,
  round: keep,
  mod: (c) => c.same([0, 1], 'operands'),
  modulo: (c) => c.same([0, 1], 'operands'),
  sqrt: (c) => c.pow(c.arg(0), 0.5),
  exp: dimensionlessMath,
  ln: dimensionlessMath,
  log10: dimensionlessMath,
  log: dimensionlessMath,
  sin: dimensionlessMath,
  cos: dimensionlessMath,
  tan: dimensionlessMath,
  arcsin: dimensionlessMath,
  arccos: dimensionlessMath,
  arctan: dimensionlessMath,
  sinh: dimensionlessMath,
  cosh: dimensionlessMath,
  tanh: dimensionlessMath,
  safediv: (c) => {
    const quotient = c.divide(c.arg(0), c.arg(1))
    if (c.has(2)) c.expect(2, quotient, 'fallback value')
    return quotient
  },
  xidz: (c) => {
    const quotient = c.divide(c.arg(0), c.arg(1))
    c.expect(2, quotient, 'fallback value')
    return quotient
  },
  zidz: (c) => c.divide(c.arg(0), c.arg(1)),
  quantum: (c) => c.same([0, 1], 'value and quantum'),
  // Like `^` with an exponent that may vary: a base with units gives units the checker cannot know.
  power: (c) => {
    c.dimensionless(1, 'exponent')
    return c.arg(0).kind === 'number' ? NUMBER : UNKNOWN
  },
  game: keep,
  if_then_else: (c) => {
    c.condition(0)
    return c.same([1, 2], 'branches')
  },

  step: (c) => {
    c.time(1, 'start time')
    return c.arg(0)
  },
  vensim_step: (c) => {
    c.time(1, 'start time')
    return c.arg(0)
  },
  pulse: (c) => {
    c.time(1, 'first time')
    if (c.has(2)) c.time(2, 'interval')
    return c.arg(0).kind === 'number' ? NUMBER : c.divide(c.arg(0), c.timeUnit)
  },
  pulse_train: (c) => {
    for (const [i, what] of ['start', 'width', 'interval', 'end'].entries()) c.time(i, what)
    return NUMBER
  },
  vensim_pulse: (c) => {
    c.time(0, 'start')
    c.time(1, 'width')
    return NUMBER
  },
  get_time_value: (c) => {
    c.dimensionless(0, 'relative to')
    c.time(1, 'offset')
    c.dimensionless(2, 'measure')
    return c.timeUnit
  },
  ramp: (c) => {
    c.time(1, 'start time')
    if (c.has(2)) c.time(2, 'end time')
    return c.arg(0).kind === 'number' ? NUMBER : c.multiply(c.arg(0), c.timeUnit)
  },

  smth1: smoothing(2),
  smth3: smoothing(2),
  delay1: smoothing(2),
  delay3: smoothing(2),
  delay_fixed: smoothing(2),
  smthn: smoothing(3),
  delayn: smoothing(3),
  trend: (c) => {
    c.time(1, 'averaging time')
    if (c.has(2)) c.expect(2, perTime(c), 'initial trend')
    return perTime(c)
  },
  forcst: (c) => {
    c.time(1, 'averaging time')
    c.time(2, 'horizon')
    if (c.has(3)) c.expect(3, perTime(c), 'initial trend')
    return c.arg(0)
  },
  // Vensim: NPV(units, 1/time, units*time, dimensionless) -> units*time: the stream is a rate, accumulated.
  npv: (c) => {
    c.expect(1, perTime(c), 'discount rate')
    if (c.has(3)) c.dimensionless(3, 'factor')
    const value = c.arg(0).kind === 'number' ? NUMBER : c.multiply(c.arg(0), c.timeUnit)
    if (!c.has(2)) return value
    c.expect(2, value, 'initial value')
    return value.kind === 'number' ? c.arg(2) : value
  },
  init: keep,
  previous: (c) => (c.has(1) ? c.same([0, 1], 'value and initial value') : c.arg(0)),
  // Vensim's argument order: (input, time, initial, order).
  smooth_n: (c) => {
    c.time(1, 'time')
    c.dimensionless(3, 'order')
    return c.same([0, 2], 'input and initial value')
  },
  delay_n: (c) => {
    c.time(1, 'time')
    c.dimensionless(3, 'order')
    return c.same([0, 2], 'input and initial value')
  },
  active_initial: (c) => c.same([0, 1], 'active and initial values'),
  sample_if_true: (c) => {
    c.condition(0)
    return c.same([1, 2], 'input and initial value')
  },

  random: () => NUMBER,
  uniform: (c) => c.same([0, 1], 'bounds'),
  normal: (c) => c.same([0, 1], 'mean and standard deviation'),
  random_normal: (c) => c.same([0, 1, 2, 3], 'bounds, mean and standard deviation'),
}
