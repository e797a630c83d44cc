import { canonicalId } from './id.js'

/**
 * How a builtin is evaluated: `math` is a pure function of its arguments, `clock` reads the clock,
 * `input` is a test input of time (and a breakpoint for the adaptive method), `stateful` keeps state
 * across steps (expanded into internal stocks), `random` draws from the run's seeded generator.
 */
export type BuiltinKind = 'math' | 'clock' | 'input' | 'stateful' | 'random'

/** One builtin function: its canonical (XMILE) name, Vensim and other aliases, and arity. */
export interface BuiltinSpec {
  readonly name: string
  readonly aliases: readonly string[]
  readonly minArgs: number
  readonly maxArgs: number
  readonly kind: BuiltinKind
  readonly signature: string
}

const spec = (
  kind: BuiltinKind,
  name: string,
  minArgs: number,
  maxArgs: number,
  signature: string,
  aliases: string[] = [],
): BuiltinSpec => ({ kind, name, minArgs, maxArgs, signature, aliases })

/** Every builtin, XMILE names first with Vensim aliases; matched case-insensitively, spaces as underscores. */
export const BUILTINS: readonly BuiltinSpec[] = [
  spec('clock', 'time', 0, 0, 'TIME'),
  spec('clock', 'dt', 0, 0, 'DT', ['time_step']),
  spec('clock', 'starttime', 0, 0, 'STARTTIME', ['initial_time', 'start_time']),
  spec('clock', 'stoptime', 0, 0, 'STOPTIME', ['final_time', 'stop_time']),
  spec('clock', 'pi', 0, 0, 'PI'),

  spec('math', 'min', 1, Infinity, 'MIN(a, b, ...): the smallest argument; MIN(a[*]) the smallest element', ['vmin']),
  spec('math', 'max', 1, Infinity, 'MAX(a, b, ...): the largest argument; MAX(a[*]) the largest element', ['vmax']),
  spec('math', 'abs', 1, 1, 'ABS(x)'),
  spec('math', 'exp', 1, 1, 'EXP(x)'),
  spec('math', 'ln', 1, 1, 'LN(x)'),
  spec('math', 'log10', 1, 1, 'LOG10(x)'),
  spec('math', 'log', 2, 2, 'LOG(x, base)'),
  spec('math', 'sqrt', 1, 1, 'SQRT(x)'),
  spec('math', 'sin', 1, 1, 'SIN(x)'),
  spec('math', 'cos', 1, 1, 'COS(x)'),
  spec('math', 'tan', 1, 1, 'TAN(x)'),
  spec('math', 'arcsin', 1, 1, 'ARCSIN(x)', ['asin']),
  spec('math', 'arccos', 1, 1, 'ARCCOS(x)', ['acos']),
  spec('math', 'arctan', 1, 1, 'ARCTAN(x)', ['atan']),
  spec('math', 'sinh', 1, 1, 'SINH(x)'),
  spec('math', 'cosh', 1, 1, 'COSH(x)'),
  spec('math', 'tanh', 1, 1, 'TANH(x)'),
  spec('math', 'int', 1, 1, 'INT(x): largest integer <= x'),
  spec('math', 'integer', 1, 1, 'INTEGER(x): x truncated toward zero (Vensim)'),
  spec('math', 'mod', 2, 2, 'MOD(a, b): a - b*floor(a/b), sign of b'),
  spec('math', 'modulo', 2, 2, 'MODULO(a, b): remainder with the sign of a (Vensim)'),
  spec('math', 'round', 1, 1, 'ROUND(x)'),
  spec('math', 'safediv', 2, 3, 'SAFEDIV(a, b [, x]): a/b, or x (default 0) when b = 0'),
  spec('math', 'xidz', 3, 3, 'XIDZ(a, b, x): a/b, or x when |b| < 1e-6 (Vensim)'),
  spec('math', 'zidz', 2, 2, 'ZIDZ(a, b): a/b, or 0 when |b| < 1e-6 (Vensim)'),
  spec('math', 'quantum', 2, 2, 'QUANTUM(x, q): x truncated to a multiple of q, x itself when q <= 0 (Vensim)'),
  spec('math', 'power', 2, 2, 'POWER(x, y): x ^ y'),
  spec('math', 'game', 1, 1, 'GAME(x): x (Vensim; games are played elsewhere)'),
  spec('math', 'if_then_else', 3, 3, 'IF_THEN_ELSE(cond, a, b)', ['if']),

  // Array builtins, in their flat form (array-functions.ts says how an arrayed call becomes one).
  spec('math', 'sum', 1, Infinity, 'SUM(a[*]): the sum of the elements'),
  spec('math', 'prod', 1, Infinity, 'PROD(a[*]): the product of the elements'),
  spec('math', 'mean', 1, Infinity, 'MEAN(a[*]): the arithmetic mean of the elements'),
  spec('math', 'stddev', 1, Infinity, 'STDDEV(a[*]): the standard deviation of the elements'),
  spec('math', 'size', 1, Infinity, 'SIZE(a[*]): the number of elements', ['elmcount']),
  spec('math', 'rank', 3, Infinity, 'RANK(a[*], k): the position of the k-th smallest element'),
  spec('math', 'vector_select', 7, Infinity, 'VECTOR SELECT(selection[d!], values[d!], missing, action, error)'),
  spec('math', 'vector_elm_map', 3, Infinity, 'VECTOR ELM MAP(a[d start], offset)'),
  spec('math', 'vector_sort_order', 3, Infinity, 'VECTOR SORT ORDER(a[d], direction)'),
  spec('math', 'vector_rank', 3, Infinity, 'VECTOR RANK(a[d], direction)'),
  spec('math', 'vector_reorder', 3, Infinity, 'VECTOR REORDER(a[d], order[d])'),
  spec('math', 'invert_matrix', 3, Infinity, 'INVERT MATRIX(a[d1, d2], size)'),
  spec('math', 'allocate_available', 4, Infinity, 'ALLOCATE AVAILABLE(request[d], profile[d, p], available)'),
  spec(
    'math',
    'allocate_by_priority',
    6,
    Infinity,
    'ALLOCATE BY PRIORITY(request[d], priority[d], size, width, supply)',
  ),

  spec('input', 'step', 2, 2, 'STEP(height, start)'),
  spec('input', 'pulse', 2, 3, 'PULSE(magnitude, first [, interval]): magnitude/DT for one step'),
  spec('input', 'pulse_train', 4, 4, 'PULSE_TRAIN(start, width, interval, end): 1 during each pulse (Vensim)'),
  spec('input', 'vensim_pulse', 2, 2, 'VENSIM_PULSE(start, width): 1 from start for width (0: one DT) (Vensim)'),
  spec('input', 'vensim_step', 2, 2, 'VENSIM_STEP(height, start): height from the step nearest start on (Vensim STEP)'),
  spec('input', 'ramp', 2, 3, 'RAMP(slope, start [, end])'),
  spec(
    'input',
    'get_time_value',
    3,
    3,
    'GET_TIME_VALUE(relative to, offset, measure): TIME (0) or STARTTIME (1) plus offset, measure 0 (Vensim)',
  ),

  spec('stateful', 'smth1', 2, 3, 'SMTH1(input, time [, initial])', ['smooth', 'smoothi']),
  spec('stateful', 'smth3', 2, 3, 'SMTH3(input, time [, initial])', ['smooth3', 'smooth3i']),
  spec('stateful', 'smthn', 3, 4, 'SMTHN(input, time, n [, initial])'),
  spec('stateful', 'smooth_n', 4, 4, 'SMOOTH_N(input, time, initial, order): order fixed at the start (Vensim)'),
  spec('stateful', 'delay1', 2, 3, 'DELAY1(input, time [, initial])', ['delay1i']),
  spec('stateful', 'delay3', 2, 3, 'DELAY3(input, time [, initial])', ['delay3i']),
  spec('stateful', 'delayn', 3, 4, 'DELAYN(input, time, n [, initial])'),
  spec('stateful', 'delay_n', 4, 4, 'DELAY_N(input, time, initial, order): Vensim DELAY N, order fixed at the start'),
  spec('stateful', 'delay_fixed', 2, 3, 'DELAY_FIXED(input, time [, initial]): pipeline delay', ['delay']),
  spec('stateful', 'trend', 2, 3, 'TREND(input, averaging time [, initial trend])'),
  spec('stateful', 'forcst', 3, 4, 'FORCST(input, averaging time, horizon [, initial trend])', ['forecast']),
  spec('stateful', 'npv', 2, 4, 'NPV(stream, discount rate [, initial [, factor]]): net present value of stream'),
  spec('stateful', 'init', 1, 1, 'INIT(x): the value of x at the start', ['initial']),
  spec('stateful', 'previous', 1, 2, 'PREVIOUS(x [, initial]): the value of x one step earlier'),
  spec('stateful', 'active_initial', 2, 2, 'ACTIVE_INITIAL(active, initial): initial in the initial pass, then active'),
  spec('stateful', 'sample_if_true', 3, 3, 'SAMPLE_IF_TRUE(cond, input, initial): input while cond, else held'),

  spec('random', 'random', 0, 0, 'RANDOM(): uniform on [0, 1)'),
  spec('random', 'uniform', 2, 3, 'UNIFORM(min, max [, seed])', ['random_uniform']),
  spec('random', 'normal', 2, 3, 'NORMAL(mean, sd [, seed])'),
  spec('random', 'random_normal', 4, 5, 'RANDOM_NORMAL(min, max, mean, sd [, seed]): normal clipped to [min, max]'),
]

const byName = new Map<string, BuiltinSpec>()
for (const b of BUILTINS) for (const n of [b.name, ...b.aliases]) byName.set(n, b)

/** The builtin a name or alias denotes (any case, spaces or underscores), if any. */
export function findBuiltin(name: string): BuiltinSpec | undefined {
  return byName.get(canonicalId(name))
}

/** Names reserved for the clock; no element may take them. */
export function isReservedName(name: string): boolean {
  return findBuiltin(name)?.kind === 'clock'
}
