import { ARRAY_BUILTINS, RANGE_HELPERS } from './array-builtins.js'
import type { RangeReduction } from './array-reductions.js'
import type { IR } from './ir.js'
import { add, fn, mul, sub } from './ir-build.js'
import { asmLiteral } from './literals.js'

/**
 * The solver's side of every builtin without state, by the canonical names of the model package's
 * BUILTINS (its catalogue for modelers: aliases, arity, kind; stateful builtins are expanded by
 * stateful.ts). One entry per builtin says how generated JavaScript and the asm.js module write a
 * call, and gives the function the generated JavaScript and the interpreter (builtinValue) both call
 * beside its asm.js twin, with the same formulas: the two stepping loops give the same values
 * (tested to the bit). codegen.ts, asm.ts, lower.ts and builtin-value.ts all read this table.
 */

/**
 * Clock values an implementation takes before its arguments. `input` is the time as inputs that jump
 * (STEP, PULSE) see it: the time, except that the adaptive method evaluates them just before a jump
 * at the end of each piece it integrates. `step` is the time of the step being taken, the same through
 * all the stages of a Runge-Kutta step (the adaptive method: the last whole step its input time
 * reached): Vensim's test inputs change only from one step to the next, whatever the method.
 */
export type ClockRole = 'time' | 'input' | 'step' | 'dt' | 'start' | 'stop'

/** A parameter; one with a default may be left out, and every target fills the default in. */
export interface Param {
  readonly name: string
  readonly default?: number
  /** Accepted and unused (the seed of a random function: runs draw from their own seeded generator). */
  readonly ignored?: boolean
}

/** Code for a call from its arguments' code: clock values first, then the arguments, defaults filled in. */
export type Writer = (a: readonly string[]) => string

type Fn = (...a: number[]) => number

/** One builtin as the solver implements it. */
export interface SolverBuiltin {
  /** The model's canonical name, or an internal function lowering makes (`clip`). */
  readonly name: string
  readonly params: readonly Param[]
  readonly clock: readonly ClockRole[]
  /** The interpreted implementation: clock values, then arguments, defaults filled in (NaN: random). */
  readonly value: Fn
  /** How generated JavaScript writes a call (absent: lowering replaces it). */
  readonly js?: Writer
  /** Absent: the asm.js module cannot write it, and a model calling it steps with the JavaScript loop. */
  readonly asm?: Writer
  /** Functions the generated JavaScript receives under these names (as parameters, so calls inline). */
  readonly jsHelpers?: Readonly<Record<string, Fn>>
  /** Functions declared in the asm.js module: the formulas of jsHelpers, in asm.js. */
  readonly asmHelpers?: string
  /** Functions the asm.js module imports from JavaScript: they are not in asm.js's Math. */
  readonly asmImports?: Readonly<Record<string, Fn>>
  /** Lowering replaces the call (IF_THEN_ELSE by a condition, random functions by draws of the run). */
  readonly lower?: (args: readonly IR[], draw: (dist: 'uniform' | 'normal') => IR) => IR
  /** Its value moves with time (a call of values fixed for the run is otherwise computed once). */
  readonly varies?: boolean
  /**
   * Statements of `breaks()` pushing the times where the value jumps (the adaptive method restarts
   * there), from its arguments' code where fixed for the run (undefined where not, or left out).
   * Pulses are expanded by the run's BreakSeries `B` (breakpoints.ts, bounded), told the breakpoint `k`.
   */
  readonly breaks?: (fixed: readonly (string | undefined)[], given: number, k: number) => string[]
  /** Made by lowering only, not a model builtin. */
  readonly internal?: boolean
  /** Takes any number of arguments after `params` (the array builtins' flat forms). */
  readonly variadic?: boolean
}

/** Parameters from `a, b = 0, seed?` (a default, or `?` for an ignored one). */
function params(text: string): Param[] {
  if (!text) return []
  return text.split(', ').map((p) => {
    const [name, value] = p.split(' = ') as [string, string | undefined]
    if (name.endsWith('?')) return { name: name.slice(0, -1), ignored: true }
    return value === undefined ? { name } : { name, default: Number(value) }
  })
}

const call =
  (f: string): Writer =>
  (a) =>
    `${f}(${a.join(', ')})`
const asmCall =
  (f: string): Writer =>
  (a) =>
    `(+${f}(${a.join(', ')}))`

/** A function of Math, `asm` its name in asm.js's Math (or among the module's imports). */
function math(name: string, text: string, js: string, value: Fn, asm = js): SolverBuiltin {
  return { name, params: params(text), clock: [], value, js: call(`Math.${js}`), asm: asmCall(asm) }
}

/** A function of Math the module imports, asm.js's Math lacking it (rare in models). */
function imported(name: string, js: string, value: Fn): SolverBuiltin {
  return { ...math(name, 'x', js, value), asmImports: { [js]: value } }
}

/**
 * A function of its own: the generated JavaScript receives `value` and calls it as `as` (default: the
 * builtin's name), the module calls its asm.js twin `asmHelpers` declares under that name.
 */
function helper(
  name: string,
  text: string,
  spec: Partial<SolverBuiltin> & { readonly value: Fn; readonly asmHelpers: string; readonly as?: string },
): SolverBuiltin {
  const { as = name, ...rest } = spec
  return {
    name,
    params: params(text),
    clock: [],
    js: call(as),
    asm: asmCall(as),
    jsHelpers: { [as]: spec.value },
    ...rest,
  }
}

/** A clock value: the name each target gives it, the clock's own value to the interpreter. */
function clock(name: string, role: ClockRole): SolverBuiltin {
  const self = ([x]: readonly string[]) => x!
  return { name, params: [], clock: [role], value: (x) => x, js: self, asm: self, varies: role === 'time' }
}

/** A random function: lowered to draws from the run's generator (uniform on [0, 1), or standard normal). */
function random(name: string, text: string, lower: NonNullable<SolverBuiltin['lower']>): SolverBuiltin {
  return { name, params: params(text), clock: [], value: () => NaN, lower }
}

/** Half a nanostep: clock comparisons tolerate the rounding of start + k*dt. */
const EPS = 1e-9

/** STEP: `height` from `start` on. */
function step(t: number, dt: number, height: number, start: number): number {
  return t + EPS * dt >= start ? height : 0
}

/** XMILE PULSE: `magnitude/DT` during the step at `first`, then every `interval` (once if interval <= 0). */
function pulse(t: number, dt: number, magnitude: number, first: number, interval: number): number {
  if (t + EPS * dt < first) return 0
  const since = t - first
  const k = interval > 0 ? Math.floor(since / interval + EPS) : 0
  const offset = since - k * interval
  return offset < dt * (1 - EPS) && offset > -EPS * dt ? magnitude / dt : 0
}

/**
 * Vensim STEP(height, start): height once the step's time + DT/2 passes start, i.e. from the step
 * nearest start on (fn_step.html); XMILE's STEP switches at the first step at or after start.
 */
function vensimStep(tk: number, dt: number, height: number, start: number): number {
  return tk + dt * 0.5 > start ? height : 0
}

/**
 * Vensim PULSE(start, width): 1 while the step's time + DT/2 lies between start and start + width
 * (exclusive), so 1 from start for width; a width of 0 is one DT (vensim.com/documentation/fn_pulse.html).
 */
function vensimPulse(tk: number, dt: number, start: number, width: number): number {
  const tp = tk + dt * 0.5
  const w = width === 0 ? dt : width
  return tp > start && tp < start + w ? 1 : 0
}

/**
 * Vensim PULSE TRAIN: 1 for `width` from each pulse start (`start`, then every `interval`; once when
 * interval <= 0), none after `end`; a width under one DT lasts one DT, pulses closer than their width
 * merge. Times compare as Vensim's PULSE does, Time + DT/2 against each pulse.
 */
function pulseTrain(tk: number, dt: number, start: number, width: number, interval: number, end: number): number {
  const tp = tk + dt * 0.5
  if (!(tp > start) || tk > end + EPS * dt) return 0
  const since = tp - start
  const offset = interval > 0 ? since - Math.floor(since / interval) * interval : since
  return offset < (width > dt ? width : dt) ? 1 : 0
}

/** RAMP: 0 before `start`, then rising by `slope` per time unit, flat after `end` when given. */
function ramp(t: number, slope: number, start: number, end: number): number {
  if (t <= start) return 0
  return slope * (Math.min(t, end) - start)
}

/** XMILE MOD: the remainder with the sign of the divisor. */
function mod(a: number, b: number): number {
  return a - b * Math.floor(a / b)
}

/** ROUND: to the nearest integer, halves away from zero. */
function round(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5)
}

/** SAFEDIV: a/b, or `otherwise` when b is zero. */
function safediv(a: number, b: number, otherwise: number): number {
  return b === 0 ? otherwise : a / b
}

/** Vensim's XIDZ (ZIDZ with x = 0): a/b, or x when |b| < 1e-6, Vensim's zero (fn_xidz.html). */
function xidz(a: number, b: number, x: number): number {
  return Math.abs(b) < 1e-6 ? x : a / b
}

/** Vensim QUANTUM: x truncated toward zero to a multiple of q; x itself when q <= 0 (fn_quantum.html). */
function quantum(x: number, q: number): number {
  return q <= 0 ? x : q * Math.trunc(x / q)
}

/**
 * Vensim GET TIME VALUE with measure 0 (units of Time): the time (relative to 0) or the start time
 * (1) plus the offset. Calendar measures and the computer clock (2) are not simulated: NaN (lowering
 * refuses them when they are written as numbers).
 */
function getTimeValue(t: number, t0: number, relative: number, offset: number, measure: number): number {
  if (measure !== 0) return NaN
  return relative === 0 ? t + offset : relative === 1 ? t0 + offset : NaN
}

/** `x` held within [lo, hi] (RANDOM_NORMAL's bounds). */
function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

/** In table order: the asm.js module declares its helpers, and imports its functions, in this order. */
export const BUILTIN_TABLE: readonly SolverBuiltin[] = [
  clock('time', 'time'),
  clock('dt', 'dt'),
  clock('starttime', 'start'),
  clock('stoptime', 'stop'),
  { name: 'pi', params: [], clock: [], value: () => Math.PI, js: () => 'Math.PI', asm: () => asmLiteral(Math.PI) },

  helper('step', 'height, start', {
    clock: ['input', 'dt'],
    value: step,
    asmHelpers: `function step(t, dt, height, start) {
t = +t; dt = +dt; height = +height; start = +start;
return +(t + 1.0e-9 * dt >= start ? height : 0.0);
}`,
    varies: true,
    breaks: ([, start]) => (start ? [`b.push(${start});`] : []),
  }),
  helper('pulse', 'magnitude, first, interval = 0', {
    clock: ['input', 'dt'],
    value: pulse,
    asmHelpers: `function pulse(t, dt, magnitude, first, interval) {
t = +t; dt = +dt; magnitude = +magnitude; first = +first; interval = +interval;
var since = 0.0, k = 0.0, offset = 0.0;
if (t + 1.0e-9 * dt < first) return 0.0;
since = t - first;
k = interval > 0.0 ? +floor(since / interval + 1.0e-9) : 0.0;
offset = since - k * interval;
return +((offset < dt * (1.0 - 1.0e-9)) & (offset > -1.0e-9 * dt) ? magnitude / dt : 0.0);
}`,
    varies: true,
    // Each pulse starts and ends a step; left out, the interval is 0 (one pulse).
    breaks: ([, first, interval], given, k) =>
      first && (given < 3 || interval) ? [`B.every(b, ${k}, ${first}, ${interval ?? '0'}, dt, t1);`] : [],
  }),
  helper('pulse_train', 'start, width, interval, end', {
    clock: ['step', 'dt'],
    as: 'pulseTrain',
    value: pulseTrain,
    asmHelpers: `function pulseTrain(at, dt, start, width, interval, end) {
at = +at; dt = +dt; start = +start; width = +width; interval = +interval; end = +end;
var tp = 0.0, since = 0.0, offset = 0.0;
tp = at + dt * 0.5;
if ((!(tp > start)) | (at > end + 1.0e-9 * dt)) return 0.0;
since = tp - start;
offset = interval > 0.0 ? since - +floor(since / interval) * interval : since;
return +(offset < (width > dt ? width : dt) ? 1.0 : 0.0);
}`,
    varies: true,
    breaks: (a, _given, k) =>
      a.every((x) => x) ? [`B.train(b, ${k}, ${a[0]}, ${a[1]}, ${a[2]}, ${a[3]}, t0, dt, t1);`] : [],
  }),
  helper('vensim_step', 'height, start', {
    clock: ['step', 'dt'],
    as: 'vensimStep',
    value: vensimStep,
    asmHelpers: `function vensimStep(at, dt, height, start) {
at = +at; dt = +dt; height = +height; start = +start;
return +(at + dt * 0.5 > start ? height : 0.0);
}`,
    varies: true,
    // A step is a window that never closes.
    breaks: ([, start], _given, k) => (start ? [`B.window(b, ${k}, ${start}, Infinity, t0, dt);`] : []),
  }),
  helper('vensim_pulse', 'start, width', {
    clock: ['step', 'dt'],
    as: 'vensimPulse',
    value: vensimPulse,
    asmHelpers: `function vensimPulse(at, dt, start, width) {
at = +at; dt = +dt; start = +start; width = +width;
var tp = 0.0, w = 0.0;
tp = at + dt * 0.5;
w = width == 0.0 ? dt : width;
return +((tp > start) & (tp < start + w) ? 1.0 : 0.0);
}`,
    varies: true,
    breaks: ([start, width], _given, k) => (start && width ? [`B.window(b, ${k}, ${start}, ${width}, t0, dt);`] : []),
  }),
  // A ramp is continuous (its slope jumps, not its value): it reads the time itself.
  helper('ramp', `slope, start, end = Infinity`, {
    clock: ['time'],
    value: ramp,
    asmHelpers: `function ramp(t, slope, start, end) {
t = +t; slope = +slope; start = +start; end = +end;
if (t <= start) return 0.0;
return +(slope * (+min(t, end) - start));
}`,
    varies: true,
    breaks: ([, start, end]) =>
      [start && `b.push(${start});`, end && `b.push(${end});`].filter((x): x is string => !!x),
  }),

  ...ARRAY_BUILTINS,
  math('abs', 'x', 'abs', Math.abs),
  math('exp', 'x', 'exp', Math.exp),
  math('ln', 'x', 'log', Math.log),
  imported('log10', 'log10', Math.log10),
  {
    name: 'log',
    params: params('x, base'),
    clock: [],
    value: (x, b) => Math.log(x) / Math.log(b),
    js: ([x, b]) => `(Math.log(${x}) / Math.log(${b}))`,
    asm: ([x, b]) => `(+log(${x}) / +log(${b}))`,
  },
  math('sqrt', 'x', 'sqrt', Math.sqrt),
  math('sin', 'x', 'sin', Math.sin),
  math('cos', 'x', 'cos', Math.cos),
  math('tan', 'x', 'tan', Math.tan),
  math('arcsin', 'x', 'asin', Math.asin),
  math('arccos', 'x', 'acos', Math.acos),
  math('arctan', 'x', 'atan', Math.atan),
  imported('sinh', 'sinh', Math.sinh),
  imported('cosh', 'cosh', Math.cosh),
  imported('tanh', 'tanh', Math.tanh),
  math('int', 'x', 'floor', Math.floor),
  helper('mod', 'a, b', {
    value: mod,
    asmHelpers: `function mod(a, b) {
a = +a; b = +b;
return +(a - b * +floor(a / b));
}`,
  }),
  {
    name: 'modulo',
    params: params('a, b'),
    clock: [],
    value: (a, b) => a % b,
    js: ([a, b]) => `(${a} % ${b})`,
    asm: ([a, b]) => `(${a} % ${b})`,
  },
  helper('round', 'x', {
    value: round,
    asmHelpers: `function round(x) {
x = +x;
return +(x < 0.0 ? -+floor(-x + 0.5) : +floor(x + 0.5));
}`,
  }),
  // asm.js's Math has no trunc: the module declares one.
  {
    ...math('integer', 'x', 'trunc', Math.trunc),
    asmHelpers: `function trunc(x) {
x = +x;
return +(x < 0.0 ? +ceil(x) : +floor(x));
}`,
  },
  helper('safediv', 'a, b, otherwise = 0', {
    value: safediv,
    asmHelpers: `function safediv(a, b, otherwise) {
a = +a; b = +b; otherwise = +otherwise;
return +(b == 0.0 ? otherwise : a / b);
}`,
  }),
  helper('xidz', 'a, b, x', {
    value: xidz,
    asmHelpers: `function xidz(a, b, x) {
a = +a; b = +b; x = +x;
return +(+abs(b) < 1.0e-6 ? x : a / b);
}`,
  }),
  // ZIDZ is XIDZ with 0: one function serves both.
  {
    name: 'zidz',
    params: params('a, b'),
    clock: [],
    value: (a, b) => xidz(a, b, 0),
    js: ([a, b]) => `xidz(${a}, ${b}, 0)`,
    asm: ([a, b]) => `(+xidz(${a}, ${b}, 0.0))`,
  },
  helper('quantum', 'x, q', {
    value: quantum,
    asmHelpers: `function quantum(x, q) {
x = +x; q = +q;
var r = 0.0;
if (q <= 0.0) return +x;
r = x / q;
return +(q * (r < 0.0 ? +ceil(r) : +floor(r)));
}`,
  }),
  {
    name: 'power',
    params: params('x, y'),
    clock: [],
    value: Math.pow,
    js: ([x, y]) => `Math.pow(${x}, ${y})`,
    asm: ([x, y]) => `(+pow(${x}, ${y}))`,
  },
  { name: 'game', params: params('x'), clock: [], value: (x) => x, js: ([x]) => `(${x})`, asm: ([x]) => `(+(${x}))` },
  helper('get_time_value', 'relative, offset, measure', {
    clock: ['time', 'start'],
    as: 'getTimeValue',
    value: getTimeValue,
    asmHelpers: `function getTimeValue(t, t0, relative, offset, measure) {
t = +t; t0 = +t0; relative = +relative; offset = +offset; measure = +measure;
if (measure != 0.0) return +nan;
if (relative == 0.0) return +(t + offset);
if (relative == 1.0) return +(t0 + offset);
return +nan;
}`,
    varies: true,
  }),
  helper('clip', 'x, lo, hi', {
    value: clip,
    asmHelpers: `function clip(x, lo, hi) {
x = +x; lo = +lo; hi = +hi;
return +(x < lo ? lo : x > hi ? hi : x);
}`,
    internal: true,
  }),
  {
    name: 'if_then_else',
    params: params('cond, then, else'),
    clock: [],
    value: (c, a, b) => (c !== 0 ? a : b),
    lower: ([c, a, b]) => ({ t: 'if', c: c!, a: a!, b: b! }),
  },

  random('random', '', (_, draw) => draw('uniform')),
  random('uniform', 'min, max, seed?', ([lo, hi], draw) => add(lo!, mul(sub(hi!, lo!), draw('uniform')))),
  random('normal', 'mean, sd, seed?', ([mean, sd], draw) => add(mean!, mul(sd!, draw('normal')))),
  // A normal draw clipped to [min, max].
  random('random_normal', 'min, max, mean, sd, seed?', ([lo, hi, mean, sd], draw) =>
    fn('clip', add(mean!, mul(sd!, draw('normal'))), lo!, hi!),
  ),
]

const byName = new Map(BUILTIN_TABLE.map((b) => [b.name, b]))

/** The entry of a canonical builtin name, if the solver has one. */
export function solverBuiltin(name: string): SolverBuiltin | undefined {
  return byName.get(name)
}

/** How a target names the clock values and writes numbers. */
export interface Target {
  readonly code: 'js' | 'asm'
  readonly clock: Readonly<Record<ClockRole, string>>
  readonly number: (v: number) => string
}

/** Code calling builtin `name` in a target, or undefined when the target has none for it. */
export function writeCall(target: Target, name: string, args: readonly string[]): string | undefined {
  const b = byName.get(name)
  const write = b?.[target.code]
  if (!b || !write) return undefined
  const full = b.clock.map((role) => target.clock[role])
  full.push(...args)
  for (let i = args.length; i < b.params.length; i++) {
    const d = b.params[i]!.default
    if (d === undefined) break
    full.push(target.number(d))
  }
  return write(full)
}

/** Every function generated JavaScript receives, by name, in table order; then the reductions over slot ranges. */
export const JS_HELPERS: Readonly<Record<string, Fn | RangeReduction>> = {
  ...Object.fromEntries(BUILTIN_TABLE.flatMap((b) => Object.entries(b.jsHelpers ?? {}))),
  ...RANGE_HELPERS,
}

/** The asm.js module's builtin functions, declared in table order. */
export const ASM_HELPERS = BUILTIN_TABLE.flatMap((b) => (b.asmHelpers ? [b.asmHelpers] : [])).join('\n')

/** What the asm.js module imports from JavaScript, in table order. */
export const ASM_IMPORTS: Readonly<Record<string, Fn>> = Object.fromEntries(
  BUILTIN_TABLE.flatMap((b) => Object.entries(b.asmImports ?? {})),
)
