import type { Expr as ModelExpr, LookupMode, Subscript as ModelSubscript } from '@stockflow/model'
import { BUILTINS } from '@stockflow/model'
import { closestName, findArrayFunction, findBuiltin } from '@stockflow/model/internal'
import type { Expr, LookupTable, Pos, Subscript } from './ast.js'
import { VensimUnsupportedError } from './errors.js'
import { idOf } from './names.js'

/** What translating a call needs from the rest of the import. */
export interface CallContext {
  /** Translates an argument. */
  readonly expr: (e: Expr) => ModelExpr
  /** The display name of the lookup element a written name denotes, if it denotes one. */
  readonly lookupOf: (name: string) => string | undefined
  /** A lookup element reading `table`'s points with another mode (LOOKUP FORWARD, ...): its display name. */
  readonly lookupVariant: (table: string, mode: LookupMode) => string
  /** A lookup element holding a table written inline in a call: its display name. */
  readonly inlineLookup: (table: LookupTable) => string
  /** The value at the start of an argument made only of numbers, constants and inputs of Time, if it is one. */
  readonly constant: (e: Expr) => number | undefined
  /** Records a problem at `pos`; the translation goes on so every problem of the file is reported. */
  readonly problem: (pos: Pos, message: string) => void
  /** Subscripts as the model's (names as their ranges spell them), or undefined after a problem. */
  readonly subscripts: (subscripts: readonly Subscript[]) => readonly ModelSubscript[] | undefined
}

type CallExpr = Extract<Expr, { t: 'call' }>

/** Vensim functions over arrays, as the model's array functions name them (`vmin` is the model's `min`). */
const ARRAY_FUNCTIONS = new Set(
  [
    'sum',
    'prod',
    'vmin',
    'vmax',
    'elmcount',
    'vector select',
    'vector elm map',
    'vector sort order',
    'vector rank',
    'vector reorder',
    'invert matrix',
    'allocate available',
    'allocate by priority',
  ].map(idOf),
)

/** Vensim functions over arrays that stockflow does not have. */
const MISSING_ARRAY_FUNCTIONS = new Set(['vector lookup'].map(idOf))

/** Vensim names that denote a different stockflow builtin than the catalogue's alias of the same name. */
const RENAMED: ReadonlyMap<string, string> = new Map([
  // Vensim's PULSE(start, width) is a window, not XMILE's PULSE(magnitude, first, interval).
  ['pulse', 'vensim_pulse'],
  // Vensim's STEP starts at the step nearest its time, not at the first step at or after it.
  ['step', 'vensim_step'],
])

const LOOKUP_MODES: ReadonlyMap<string, LookupMode> = new Map([
  ['lookup_extrapolate', 'extrapolate'],
  ['lookup_forward', 'forward'],
  ['lookup_backward', 'discrete'],
])

const zero: ModelExpr = { type: 'num', value: 0 }

/** The function names a call may use, as Vensim spells them (`DELAY FIXED`), for suggestions. */
const KNOWN_NAMES: readonly string[] = [
  ...BUILTINS.flatMap((b) => [b.name, ...b.aliases]),
  'if_then_else',
  'with_lookup',
  'integ',
  ...LOOKUP_MODES.keys(),
].map((n) => n.replace(/_/g, ' ').toUpperCase())

/** Translates a call of a builtin or a lookup into the stockflow tree, in Vensim's semantics. */
export function translateCall(e: CallExpr, ctx: CallContext): ModelExpr {
  const id = idOf(e.fn)
  const shown = e.fn.replace(/\s+/g, ' ').toUpperCase()
  const fail = (message: string): ModelExpr => {
    ctx.problem(e.pos, message)
    return zero
  }
  if (e.outputs !== undefined) return fail(`${shown} is not a macro of this file, so it cannot have outputs after ":"`)
  const table = ctx.lookupOf(e.fn)
  if (table !== undefined) {
    if (e.args.length !== 1) return fail(`the lookup "${table}" takes one argument, got ${e.args.length}`)
    const subs = e.subscripts && e.subscripts.length > 0 ? ctx.subscripts(e.subscripts) : undefined
    if (e.subscripts && e.subscripts.length > 0 && subs === undefined) return zero
    return { type: 'lookup', name: table, id: idOf(table), arg: ctx.expr(e.args[0]!), ...(subs ? { subs } : {}) }
  }
  if (e.subscripts && e.subscripts.length > 0)
    return fail(`"${e.fn.trim()}" is no lookup of this file, so it cannot be called with subscripts`)
  if (ARRAY_FUNCTIONS.has(id)) return arrayCall(e, id, shown, ctx, fail)
  if (MISSING_ARRAY_FUNCTIONS.has(id))
    throw new VensimUnsupportedError(`unsupported: ${shown} (a function over arrays stockflow does not have)`, 'arrays')
  const mode = LOOKUP_MODES.get(id)
  if (mode !== undefined) return lookupWithMode(e, mode, shown, ctx, fail)
  switch (id) {
    case 'if_then_else': {
      if (e.args.length !== 3) return fail(`IF THEN ELSE takes 3 arguments, got ${e.args.length}`)
      const [cond, then, otherwise] = e.args.map(ctx.expr)
      return { type: 'if', cond: cond!, then: then!, else: otherwise! }
    }
    case 'power':
      if (e.args.length !== 2) return fail(`POWER takes 2 arguments, got ${e.args.length}`)
      return { type: 'binary', op: '^', left: ctx.expr(e.args[0]!), right: ctx.expr(e.args[1]!) }
    case 'with_lookup':
      return withLookup(e, ctx, fail)
    case 'integ':
      return fail('INTEG must be the whole equation of a stock, as in "Stock = INTEG(inflow - outflow, initial)"')
  }
  const spec = findBuiltin(RENAMED.get(id) ?? id)
  if (!spec) {
    // Short names are all near each other (FOO is two letters from LOG): suggest only for longer ones.
    const close = id.length >= 5 ? closestName(id, KNOWN_NAMES) : undefined
    const hint = close === undefined ? "check its spelling against Vensim's function list" : `did you mean ${close}?`
    return fail(`unknown function ${shown}; ${hint}`)
  }
  if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
    const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`
    return fail(`${shown} takes ${want} argument${spec.maxArgs === 1 ? '' : 's'}, got ${e.args.length}`)
  }
  return { type: 'call', fn: spec.name, args: e.args.map(ctx.expr) }
}

/**
 * A function over arrays (SUM, VMIN, VECTOR SELECT, ...): the model's array function with the arguments
 * as written, subscripts and bangs included; the model's flattening reads which elements each spans.
 */
function arrayCall(
  e: CallExpr,
  id: string,
  shown: string,
  ctx: CallContext,
  fail: (message: string) => ModelExpr,
): ModelExpr {
  const spec = findArrayFunction(id)!
  const max = spec.params.length
  if (e.args.length < spec.minArgs || e.args.length > max) {
    const want = spec.minArgs === max ? `${max}` : `${spec.minArgs} to ${max}`
    return fail(`${shown} takes ${want} argument${max === 1 ? '' : 's'}, got ${e.args.length}`)
  }
  return { type: 'call', fn: id, args: e.args.map(ctx.expr) }
}

/** `LOOKUP FORWARD(table, x)` and its kin: the table read with another mode, through a variant element. */
function lookupWithMode(
  e: CallExpr,
  mode: LookupMode,
  shown: string,
  ctx: CallContext,
  fail: (message: string) => ModelExpr,
): ModelExpr {
  const [source, x] = e.args
  if (e.args.length !== 2 || source === undefined || x === undefined)
    return fail(`${shown} takes a lookup and a value, got ${e.args.length} arguments`)
  const table =
    source.t === 'ref' ? ctx.lookupOf(source.name) : source.t === 'table' ? ctx.inlineLookup(source.table) : undefined
  if (table === undefined) return fail(`the first argument of ${shown} must name a lookup`)
  const variant = ctx.lookupVariant(table, mode)
  const subs = source.t === 'ref' && source.subscripts.length > 0 ? ctx.subscripts(source.subscripts) : undefined
  return { type: 'lookup', name: variant, id: idOf(variant), arg: ctx.expr(x), ...(subs ? { subs } : {}) }
}

/** `WITH LOOKUP(x, table)` inside a larger expression: the table becomes a lookup element of its own. */
function withLookup(e: CallExpr, ctx: CallContext, fail: (message: string) => ModelExpr): ModelExpr {
  const [x, table] = e.args
  if (e.args.length !== 2 || x === undefined || table?.t !== 'table')
    return fail('WITH LOOKUP takes a value and a table, as in WITH LOOKUP(x, ((0,0),(1,1)))')
  const name = ctx.inlineLookup(table.table)
  return { type: 'lookup', name, id: idOf(name), arg: ctx.expr(x) }
}
