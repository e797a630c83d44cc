import { canonicalId } from '@stockflow/model'
import { findArrayFunction, findBuiltin } from '@stockflow/model/internal'
import type { ArrayFunction } from '@stockflow/model/internal'
import type { Dialect } from './dialect.js'
import type { XExpr } from './expression.js'
import { ExpressionError } from './tokenize.js'

/** What resolving calls needs to know about the model. */
export interface CallContext {
  readonly dialect: Dialect
  /** The display name of the graphical function a called name denotes, if it is one. */
  readonly lookupOf: (name: string) => string | undefined
}

/** Older Stella spellings of the array reductions. */
const STELLA_ARRAY_NAMES: Readonly<Record<string, string>> = {
  arrsum: 'sum',
  arrmean: 'mean',
  arrmax: 'max',
  arrmin: 'min',
}

/**
 * Replaces every call as written with a stockflow builtin or a lookup, in the file's dialect:
 * INT and MOD follow Vensim (truncate, sign of the dividend) in Vensim files and XMILE (floor)
 * elsewhere; LOOKUP(table, x) and table(x) read a graphical function; MEAN and MIN/MAX of more
 * than two values are spelled out. An unknown function is an ExpressionError at its offset.
 */
export function resolveCalls(expr: XExpr, ctx: CallContext): XExpr {
  const go = (e: XExpr): XExpr => {
    switch (e.t) {
      case 'unary':
        return { ...e, arg: go(e.arg) }
      case 'binary':
        if (e.op === 'mod') return { t: 'builtin', fn: modName(ctx.dialect), args: [go(e.left), go(e.right)] }
        return { ...e, left: go(e.left), right: go(e.right) }
      case 'if':
        return { ...e, cond: go(e.cond), then: go(e.then), else: go(e.else) }
      case 'builtin':
        return { ...e, args: e.args.map(go) }
      case 'lookup':
        return { ...e, arg: go(e.arg) }
      case 'call':
        return call(e, e.args.map(go), ctx)
      default:
        return e
    }
  }
  return go(expr)
}

function modName(dialect: Dialect): string {
  return dialect.vendor === 'vensim' ? 'modulo' : 'mod'
}

function call(e: XExpr & { t: 'call' }, args: XExpr[], ctx: CallContext): XExpr {
  const id = canonicalId(e.name)
  const fail = (message: string): never => {
    throw new ExpressionError(message, e.start)
  }
  const table = ctx.lookupOf(e.name)
  if (table !== undefined) {
    if (args.length !== 1) fail(`the graphical function "${table}" takes one argument, got ${args.length}`)
    return { t: 'lookup', name: table, arg: args[0]!, ...(e.subs ? { subs: e.subs } : {}) }
  }
  if (e.subs) fail(`"${e.name}" is not a graphical function, so it cannot be called with subscripts`)
  switch (id) {
    case 'lookup': {
      const [source, x] = args
      const name = source?.t === 'name' ? source.name : undefined
      const target = name === undefined ? undefined : ctx.lookupOf(name)
      // xmutil writes Vensim functions XMILE lacks as LOOKUP(function, x): LOOKUP(VMIN, a[*]), LOOKUP(TANH, x).
      if (args.length === 2 && name !== undefined && target === undefined && source?.t === 'name' && !source.subs) {
        const fn = findArrayFunction(name) ?? findBuiltin(name)
        if (fn) return call({ t: 'call', name, args: [x!], start: e.start }, [x!], ctx)
      }
      if (args.length !== 2 || target === undefined) fail('LOOKUP takes the name of a graphical function and a value')
      const subs = source?.t === 'name' ? source.subs : undefined
      return { t: 'lookup', name: target!, arg: x!, ...(subs ? { subs } : {}) }
    }
    case 'int':
      if (ctx.dialect.vendor === 'vensim') return builtin('integer', args, e)
      break
    case 'mod':
      return builtin(modName(ctx.dialect), args, e)
    case 'delayn':
    case 'smthn':
      // xmutil writes Vensim's DELAY N and SMOOTH N as DELAYN/SMTHN(input, time, order, initial); they
      // keep Vensim's meaning (order read once at the start, DELAY N's delay-time memory).
      if (ctx.dialect.vendor === 'vensim' && args.length === 4)
        return builtin(id === 'delayn' ? 'delay_n' : 'smooth_n', [args[0]!, args[1]!, args[3]!, args[2]!], e)
      break
    case 'if':
    case 'if_then_else':
      if (args.length !== 3) fail(`IF THEN ELSE takes 3 arguments, got ${args.length}`)
      return { t: 'if', cond: args[0]!, then: args[1]!, else: args[2]! }
    case 'mean': {
      if (args.length === 0) fail('MEAN needs at least one argument')
      // MEAN of one argument averages an array; of several, the values.
      if (args.length === 1) return { t: 'builtin', fn: 'mean', args }
      const sum = args.reduce((acc, a) => ({ t: 'binary', op: '+', left: acc, right: a }))
      return { t: 'binary', op: '/', left: sum, right: { t: 'num', value: args.length } }
    }
    case 'min':
    case 'max':
    case 'vmin':
    case 'vmax': {
      const fn = id.endsWith('min') ? 'min' : 'max'
      if (args.length === 0) fail(`${e.name.toUpperCase()} needs at least one argument`)
      // One argument is an array (MIN(a[*])); two or more are values, compared in pairs.
      if (args.length === 1) return { t: 'builtin', fn, args }
      return args.reduce((acc, a) => ({ t: 'builtin', fn, args: [acc, a] }))
    }
  }
  const array = findArrayFunction(STELLA_ARRAY_NAMES[id] ?? id)
  if (array) return arrayBuiltin(array, args, e)
  return builtin(id, args, e)
}

/** A call of an array function (SUM, PROD, STDDEV, SIZE, RANK, the VECTOR functions): its arguments as written. */
function arrayBuiltin(f: ArrayFunction, args: XExpr[], e: XExpr & { t: 'call' }): XExpr {
  if (args.length < f.minArgs || args.length > f.params.length) {
    const want = f.minArgs === f.params.length ? `${f.minArgs}` : `${f.minArgs} to ${f.params.length}`
    throw new ExpressionError(
      `${e.name.toUpperCase()} takes ${want} argument${f.params.length === 1 ? '' : 's'}, got ${args.length} (${f.signature})`,
      e.start,
    )
  }
  return { t: 'builtin', fn: findBuiltin(f.flat)?.name ?? f.flat, args }
}

function builtin(name: string, args: XExpr[], e: XExpr & { t: 'call' }): XExpr {
  const spec = findBuiltin(name)
  if (!spec) {
    // No XMILE builtin has a space in its name; such a call is a user-defined function (a macro).
    if (/\s/.test(e.name.trim()))
      throw new ExpressionError(`unsupported: macros (${e.name} is not defined)`, e.start, 'macros')
    throw new ExpressionError(`unknown function ${e.name.toUpperCase()}`, e.start)
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`
    throw new ExpressionError(
      `${e.name.toUpperCase()} takes ${want} argument${spec.maxArgs === 1 ? '' : 's'}, got ${args.length} (${spec.signature})`,
      e.start,
    )
  }
  return { t: 'builtin', fn: spec.name, args }
}
