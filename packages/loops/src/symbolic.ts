import type { Expr, GraphicalFunction, VarId } from '@stockflow/model'
import { applyBinary, applyUnary } from '@stockflow/model/internal'
import type { CallExpr } from './builtin-roles.js'
import type { ElementEquation } from './equations.js'
import { tableMonotonicity, tableSign } from './lookup-table.js'
import { argsReading, mentions } from './mentions.js'
import { addSigns, mulSigns, negSign, signOf } from './sign.js'
import type { Sign } from './sign.js'

/** What the symbolic analysis knows about values: the sign of each variable and of the clock. */
export interface SignContext {
  /** The sign every value of a variable takes (from a run, a parameter's value or declared bounds). */
  valueSign(id: VarId): Sign
  readonly timeSign: Sign
  readonly lookups: ReadonlyMap<VarId, GraphicalFunction>
  /** A parameter's value in the run (undefined for other variables): sets the sign of `1 - Travel`. */
  constantValue?(id: VarId): number | undefined
}

/** The sign of an expression's value (`s`) and of its partial derivative with respect to one variable (`d`). */
interface Facts {
  readonly d: Sign
  readonly s: Sign
}

const CONST_UNKNOWN: Facts = { d: '0', s: '?' }
const UNKNOWN: Facts = { d: '?', s: '?' }
const constant = (s: Sign): Facts => ({ d: '0', s })
/** `d` unless some other argument also moves with the variable, in which case the effect is unknown. */
const only = (d: Sign, ...others: Facts[]): Sign => (others.every((o) => o.d === '0') ? d : '?')

/**
 * The sign of ∂expr/∂wrt wherever it is fixed by the structure: sums, products and quotients of
 * factors of known sign, monotone functions (EXP, LN, SQRT, MIN, MAX, lookups with monotone y),
 * IF whose branches agree and whose condition ignores `wrt`, and stateful builtins (SMOOTH, DELAY)
 * taken as increasing in their input (NPV too, and falling in its rate for a positive stream).
 * `?` where the sign may change.
 */
export function partialSign(expr: Expr, wrt: VarId, ctx: SignContext): Sign {
  return facts(expr, wrt, ctx).d
}

/** As `partialSign`, for a whole element: its equation with its graphical function and clamps. */
export function elementPartialSign(eq: ElementEquation, wrt: VarId, ctx: SignContext): Sign {
  const f = facts(eq.expr, wrt, ctx)
  // The limits of non-negative stocks act only at the boundary; they are left out (see README).
  return eq.graph ? mulSigns(tableMonotonicity(eq.graph), f.d) : f.d
}

// No variable has this id: the facts of an expression "with respect to nothing" are its value's sign.
const NOTHING = '\u0000'

function facts(e: Expr, x: VarId, ctx: SignContext): Facts {
  // A part that does not read x (most of a flat SUM over many elements) only brings its value's sign.
  if (e.type !== 'num' && e.type !== 'ref' && !mentions(e, x)) return constant(valueSign(e, ctx))
  return factsOf(e, x, ctx)
}

function factsOf(e: Expr, x: VarId, ctx: SignContext): Facts {
  const go = (a: Expr) => facts(a, x, ctx)
  switch (e.type) {
    case 'num':
      return constant(signOf(e.value))
    case 'ref':
      return { d: e.id === x ? '+' : '0', s: ctx.valueSign(e.id) }
    case 'unary': {
      const a = go(e.arg)
      if (e.op === '-') return { d: negSign(a.d), s: negSign(a.s) }
      if (e.op === '+') return a
      return { d: only('0', a), s: '+' }
    }
    case 'binary':
      return binary(e.op, go(e.left), go(e.right), e.left, e.right)
    case 'if':
      return conditional(e.cond, go(e.cond), go(e.then), go(e.else))
    case 'lookup': {
      const a = go(e.arg)
      const table = ctx.lookups.get(e.id)
      if (!table) return UNKNOWN
      return { d: mulSigns(tableMonotonicity(table), a.d), s: tableSign(table) }
    }
    case 'call':
      if (x !== NOTHING && INCREASING.has(e.fn)) return increasing(e, x, ctx)
      return call(e.fn, e.args.map(go), e.args, ctx)
  }
}

// Calls rising in every argument: only the arguments that read x are looked at (a flat SUM may have thousands).
const INCREASING = new Set(['sum', 'mean', 'min', 'max'])

function increasing(e: CallExpr, x: VarId, ctx: SignContext): Facts {
  let d: Sign = '0'
  for (const i of argsReading(e, x)) d = addSigns(d, facts(e.args[i]!, x, ctx).d)
  return { d, s: valueSign(e, ctx) }
}

const valueSigns = new WeakMap<SignContext, WeakMap<Expr, Sign>>()

/**
 * The sign of an expression's value, kept per node. Where the signs of its parts leave it open, an
 * expression of numbers and parameters alone (`1 - Travel`) is evaluated.
 */
function valueSign(e: Expr, ctx: SignContext): Sign {
  let cache = valueSigns.get(ctx)
  if (!cache) valueSigns.set(ctx, (cache = new WeakMap()))
  let s = cache.get(e)
  if (s !== undefined) return s
  s = factsOf(e, NOTHING, ctx).s
  if (s === '?' && ctx.constantValue) {
    const v = constantValue(e, ctx.constantValue)
    if (v !== undefined) s = signOf(v)
  }
  cache.set(e, s)
  return s
}

function constantValue(e: Expr, param: (id: VarId) => number | undefined): number | undefined {
  switch (e.type) {
    case 'num':
      return e.value
    case 'ref':
      return param(e.id)
    case 'unary': {
      const a = constantValue(e.arg, param)
      return a === undefined ? undefined : applyUnary(e.op, a)
    }
    case 'binary': {
      const l = constantValue(e.left, param)
      const r = l === undefined ? undefined : constantValue(e.right, param)
      return l === undefined || r === undefined ? undefined : applyBinary(e.op, l, r)
    }
    default:
      return undefined
  }
}

/**
 * IF c THEN a ELSE b is c·a + (1 − c)·b with c in {0, 1}: its change is the branches' (when they
 * agree) plus, when the condition is a comparison that moves with the variable, the jump c'·(a − b).
 */
function conditional(cond: Expr, c: Facts, a: Facts, b: Facts): Facts {
  const s = join(a.s, b.s)
  if (c.d === '0') return { d: join(a.d, b.d), s }
  const comparison = cond.type === 'binary' && ['<', '<=', '>', '>='].includes(cond.op)
  if (!comparison) return { d: '?', s }
  return { d: addSigns(join(a.d, b.d), mulSigns(c.d, addSigns(a.s, negSign(b.s)))), s }
}

/** Both branches' signs when they agree (a value that is either one or the other). */
function join(a: Sign, b: Sign): Sign {
  return a === b ? a : a === '0' ? b : b === '0' ? a : '?'
}

function binary(op: string, l: Facts, r: Facts, left: Expr, right: Expr): Facts {
  switch (op) {
    case '+':
      return { d: addSigns(l.d, r.d), s: addSigns(l.s, r.s) }
    case '-':
      return { d: addSigns(l.d, negSign(r.d)), s: addSigns(l.s, negSign(r.s)) }
    case '*':
      return { d: addSigns(mulSigns(l.d, r.s), mulSigns(l.s, r.d)), s: mulSigns(l.s, r.s) }
    case '/':
      if (r.s === '0') return UNKNOWN
      // (l/r)' = (l' r - l r') / r²: the sign of 1/r is the sign of r.
      return { d: addSigns(mulSigns(l.d, r.s), negSign(mulSigns(l.s, r.d))), s: mulSigns(l.s, r.s) }
    case '^':
      return power(l, r, left, right)
    case '<':
    case '<=':
      return { d: addSigns(negSign(l.d), r.d), s: '+' }
    case '>':
    case '>=':
      return { d: addSigns(l.d, negSign(r.d)), s: '+' }
    default:
      return { d: only('0', l, r), s: '+' }
  }
}

function power(l: Facts, r: Facts, left: Expr, right: Expr): Facts {
  const evenExponent = right.type === 'num' && Number.isInteger(right.value) && right.value % 2 === 0
  const s: Sign = l.s === '+' || l.s === '0' || evenExponent ? '+' : '?'
  if (r.d === '0') {
    // d(l^r) = r · l^(r-1) · l': l^(r-1) is nonnegative for nonnegative l or an odd integer exponent.
    const oddExponent = right.type === 'num' && Number.isInteger(right.value) && right.value % 2 !== 0
    const base: Sign = l.s === '+' || oddExponent ? '+' : right.type === 'num' && evenExponent ? l.s : '?'
    return { d: mulSigns(mulSigns(r.s, base), l.d), s }
  }
  if (l.d === '0' && left.type === 'num' && left.value > 0) {
    // d(b^r) = b^r · ln b · r'
    return { d: mulSigns(signOf(Math.log(left.value)), r.d), s: '+' }
  }
  return { d: '?', s }
}

function call(fn: string, a: Facts[], args: readonly Expr[], ctx: SignContext): Facts {
  const [a0, a1, a2, a3] = a
  switch (fn) {
    case 'time':
      return constant(ctx.timeSign)
    case 'dt':
    case 'pi':
      return constant('+')
    case 'starttime':
    case 'stoptime':
      return CONST_UNKNOWN
    // MIN, MAX, SUM and MEAN of any number of arguments (flat calls of array reductions among them).
    case 'min':
      return { d: fold(a, 'd', addSigns), s: a.some((f) => f.s === '-') ? '-' : fold(a, 's', join) }
    case 'max':
      return { d: fold(a, 'd', addSigns), s: a.some((f) => f.s === '+') ? '+' : fold(a, 's', join) }
    case 'sum':
    case 'mean':
      return { d: fold(a, 'd', addSigns), s: fold(a, 's', addSigns) }
    case 'prod': {
      // (Π aᵢ)' = Σ aᵢ' Π_{j≠i} aⱼ
      let d: Sign = '0'
      a.forEach((f, i) => {
        if (f.d !== '0')
          d = addSigns(
            d,
            a.reduce<Sign>((p, g, j) => (j === i ? mulSigns(p, f.d) : mulSigns(p, g.s)), '+'),
          )
      })
      return { d, s: a.reduce<Sign>((p, f) => mulSigns(p, f.s), '+') }
    }
    case 'stddev':
      return { d: only('0', ...a), s: '+' }
    case 'size':
      return constant('+')
    case 'abs':
      return { d: mulSigns(a0!.s, a0!.d), s: '+' }
    case 'exp':
      return { d: a0!.d, s: '+' }
    case 'ln':
    case 'log10':
      return { d: a0!.d, s: '?' }
    case 'log': {
      const base = args[1]
      const d = base?.type === 'num' && base.value > 0 ? mulSigns(signOf(Math.log(base.value)), a0!.d) : '?'
      return { d: only(d, a1!), s: '?' }
    }
    case 'sqrt':
      return { d: a0!.d, s: '+' }
    case 'arcsin':
    case 'arctan':
    case 'int':
    case 'integer':
    case 'round':
    case 'game':
      return { d: a0!.d, s: a0!.s }
    case 'quantum':
      // Nondecreasing in x for a positive quantum (x itself for the others).
      return { d: only(a0!.d, a1!), s: a0!.s }
    case 'power':
      return power(a0!, a1!, args[0]!, args[1]!)
    case 'arccos':
      return { d: negSign(a0!.d), s: '+' }
    case 'safediv':
    case 'xidz':
    case 'zidz': {
      const q = binary('/', a0!, a1!, args[0]!, args[1]!)
      const other = a2 ?? constant('0')
      return { d: join(q.d, other.d), s: join(q.s, other.s) }
    }
    case 'if_then_else':
      return conditional(args[0]!, a0!, a1!, a2!)
    case 'step':
    case 'vensim_step':
      return { d: only(a0!.d, a1!), s: join(a0!.s, '0') }
    case 'pulse':
      return { d: only(a0!.d, ...a.slice(1)), s: join(a0!.s, '0') }
    case 'ramp':
      return { d: only(a0!.d, ...a.slice(1)), s: join(a0!.s, '0') }
    case 'pulse_train':
    case 'vensim_pulse':
      return { d: only('0', ...a), s: '+' }
    case 'get_time_value':
      return { d: only(a1!.d, a0!, a2!), s: '?' }
    // Stateful builtins: their output follows their input (initial-value arguments carry no effect).
    case 'smth1':
    case 'smth3':
    case 'delay1':
    case 'delay3':
    case 'delay_fixed':
      return { d: only(a0!.d, a1!), s: a2 ? join(a0!.s, a2.s) : a0!.s }
    case 'smthn':
    case 'delayn':
      return { d: only(a0!.d, a1!, a2!), s: a3 ? join(a0!.s, a3.s) : a0!.s }
    // Vensim's order: (input, time, initial, order); the initial value and the order only set the start.
    case 'smooth_n':
    case 'delay_n':
      return { d: only(a0!.d, a1!), s: join(a0!.s, a2!.s) }
    case 'active_initial':
      return { d: a0!.d, s: join(a0!.s, a1!.s) }
    case 'sample_if_true':
      // The input while sampling, else held: increasing in the input, unknown in the condition.
      return { d: only(a1!.d, a0!), s: join(a1!.s, a2!.s) }
    case 'previous':
      return { d: a0!.d, s: a1 ? join(a0!.s, a1.s) : a0!.s }
    case 'init':
      return constant(a0!.s)
    case 'npv':
      return npv(a0!, a1!, a2, a3)
    case 'trend':
      return { d: only(a0!.d, a1!), s: '?' }
    case 'forcst':
      return { d: only(a0!.d, a1!, a2!), s: '?' }
    case 'random':
      return constant('+')
    case 'uniform':
      return { d: addSigns(a0!.d, a1!.d), s: a0!.s === '+' && a1!.s === '+' ? '+' : '?' }
    case 'normal':
      return { d: only(a0!.d, a1!), s: '?' }
    default:
      return { d: only('0', ...a), s: '?' }
  }
}

/** The signs of the arguments' value (`s`) or derivative (`d`), combined left to right. */
function fold(a: readonly Facts[], key: keyof Facts, by: (x: Sign, y: Sign) => Sign): Sign {
  let out: Sign = a[0]?.[key] ?? '0'
  for (let i = 1; i < a.length; i++) out = by(out, a[i]![key])
  return out
}

/**
 * NPV(stream, rate, initial, factor) = (initial + Σ stream·df·DT)·factor, the discount factor df
 * falling as the rate rises: rising in the stream, and in the rate against the stream's sign (both
 * times the factor's sign); the initial value only sets a start.
 */
function npv(stream: Facts, rate: Facts, initial: Facts | undefined, factor: Facts = constant('+')): Facts {
  const sum = addSigns(initial?.s ?? '0', stream.s)
  const byStream = mulSigns(stream.d, factor.s)
  const byRate = mulSigns(negSign(rate.d), mulSigns(stream.s, factor.s))
  return { d: addSigns(addSigns(byStream, byRate), mulSigns(factor.d, sum)), s: mulSigns(sum, factor.s) }
}
