import { StockflowError } from '@stockflow/model'
import type { Expr, Subscript } from '@stockflow/model'
import { findBuiltin } from '@stockflow/model/internal'

// Equations in XMILE syntax. Not the model package's printExpr with a dialect option: XMILE spells
// operators and conditionals differently, ranks = and <> apart from < and >, and is parenthesised for
// other vendors' readers rather than to be exactly the inverse of one parser.

/** A number as XMILE text (no -0); a StockflowError when it is not finite. */
export function xmileNumber(v: number): string {
  if (!Number.isFinite(v)) throw new StockflowError(`${v} cannot be written in XMILE`)
  return Object.is(v, -0) ? '0' : String(v)
}

/** XMILE words that cannot be bare names. */
const KEYWORDS = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'mod'])

/**
 * A display name as an XMILE identifier: spaces as underscores when the result is letters, digits
 * and underscores (any script) and no keyword or function name; otherwise double-quoted.
 */
export function xmileName(name: string): string {
  const underscored = name.trim().replace(/\s+/g, '_')
  const bare =
    /^[\p{L}_][\p{L}\p{M}\p{N}_]*$/u.test(underscored) &&
    !KEYWORDS.has(underscored.toLowerCase()) &&
    findBuiltin(underscored) === undefined
  return bare ? underscored : `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Builtins whose XMILE name is not their stockflow name uppercased. */
const XMILE_FUNCTIONS: Readonly<Record<string, string>> = { delay_fixed: 'DELAY' }

/**
 * Vensim's builtins that XMILE writes with its own operators, exactly: POWER as `^`, GAME as its
 * argument, XIDZ and ZIDZ as the conditional they are (SAFEDIV tests b = 0, they |b| < 1e-6). Other
 * Vensim builtins keep their names (INTEGER, QUANTUM, DELAY_N, ...), which stockflow reads back.
 */
function standardForm(e: Extract<Expr, { type: 'call' }>): Expr | undefined {
  const [a, b, x] = e.args
  switch (e.fn) {
    case 'power':
      return e.args.length === 2 ? { type: 'binary', op: '^', left: a!, right: b! } : undefined
    case 'game':
      return e.args.length === 1 ? a : undefined
    case 'xidz':
    case 'zidz': {
      if (e.args.length !== (e.fn === 'xidz' ? 3 : 2)) return undefined
      const small: Expr = { type: 'binary', op: '<', left: { type: 'call', fn: 'abs', args: [b!] }, right: num(1e-6) }
      return { type: 'if', cond: small, then: x ?? num(0), else: { type: 'binary', op: '/', left: a!, right: b! } }
    }
    default:
      return undefined
  }
}

const num = (value: number): Expr => ({ type: 'num', value })

/**
 * Subscripts in XMILE syntax: element and dimension names as identifiers, positions as numbers, `*`,
 * and a bang (`Region!`: every element even where the equation is over Region) as XMILE's `*:Region`.
 */
export function xmileSubscripts(subs: readonly Subscript[] | undefined): string {
  if (!subs) return ''
  const one = (s: Subscript) =>
    s.kind === 'name'
      ? xmileName(s.name)
      : s.kind === 'bang'
        ? `*:${xmileName(s.name)}`
        : s.kind === 'star'
          ? '*'
          : String(s.position)
  return `[${subs.map(one).join(', ')}]`
}

// XMILE precedence, loosest first: IF, OR, AND, = <>, < <= > >=, + -, * / MOD, unary, ^.
const Level = { If: 1, Or: 2, And: 3, Equal: 4, Compare: 5, Add: 6, Multiply: 7, Unary: 8, Power: 9, Atom: 10 }

const BINARY: Readonly<Record<string, { text: string; level: number }>> = {
  or: { text: 'OR', level: Level.Or },
  and: { text: 'AND', level: Level.And },
  '==': { text: '=', level: Level.Equal },
  '!=': { text: '<>', level: Level.Equal },
  '<': { text: '<', level: Level.Compare },
  '<=': { text: '<=', level: Level.Compare },
  '>': { text: '>', level: Level.Compare },
  '>=': { text: '>=', level: Level.Compare },
  '+': { text: '+', level: Level.Add },
  '-': { text: '-', level: Level.Add },
  '*': { text: '*', level: Level.Multiply },
  '/': { text: '/', level: Level.Multiply },
  '%': { text: 'MOD', level: Level.Multiply },
  '^': { text: '^', level: Level.Power },
}

function level(e: Expr): number {
  switch (e.type) {
    case 'if':
      return Level.If
    case 'binary':
      return BINARY[e.op]!.level
    case 'unary':
      return Level.Unary
    case 'call': {
      if (e.fn === 'if_then_else' && e.args.length === 3) return Level.If
      if (e.fn === 'mod' && e.args.length === 2) return Level.Multiply
      const standard = standardForm(e)
      return standard ? level(standard) : Level.Atom
    }
    default:
      return Level.Atom
  }
}

/**
 * Prints an equation AST in XMILE syntax; `name(id, raw)` gives a reference's XMILE text. Operands
 * are parenthesised wherever XMILE could group differently: unary operands and both sides of `^`
 * unless atomic, same-level right operands, comparison operands that compare, and a conditional
 * anywhere but the top.
 */
export function printXmile(expr: Expr, name: (id: string, raw: string) => string): string {
  const wrap = (e: Expr, parens: boolean) => (parens ? `(${p(e)})` : p(e))
  const binary = (op: { text: string; level: number }, left: Expr, right: Expr): string => {
    const l = op.level
    if (l === Level.Power) return `${wrap(left, level(left) < Level.Atom)} ^ ${wrap(right, level(right) < Level.Atom)}`
    // Comparisons never chain, and AND/OR keep their operands' parentheses for readers that rank
    // them differently (Vensim's :AND:): any such operand at comparison level or below is wrapped.
    const compares = (x: Expr) => level(x) === Level.Equal || level(x) === Level.Compare
    const compare = l === Level.Equal || l === Level.Compare
    const logical = l === Level.And || l === Level.Or
    const lp = level(left) < l || (compare && compares(left)) || (logical && level(left) <= Level.Compare)
    const rp = level(right) <= l || (compare && compares(right)) || (logical && level(right) <= Level.Compare)
    return `${wrap(left, lp)} ${op.text} ${wrap(right, rp)}`
  }
  const conditional = (c: Expr, a: Expr, b: Expr) =>
    `IF ${wrap(c, level(c) === Level.If)} THEN ${wrap(a, level(a) === Level.If)} ELSE ${wrap(b, level(b) === Level.If)}`
  const p = (e: Expr): string => {
    switch (e.type) {
      case 'num':
        return xmileNumber(e.value)
      case 'ref':
        return name(e.id, e.name) + xmileSubscripts(e.subs)
      case 'lookup':
        return `${name(e.id, e.name)}${xmileSubscripts(e.subs)}(${p(e.arg)})`
      case 'unary':
        return (e.op === 'not' ? 'NOT ' : e.op) + wrap(e.arg, level(e.arg) < Level.Atom)
      case 'binary':
        return binary(BINARY[e.op]!, e.left, e.right)
      case 'if':
        return conditional(e.cond, e.then, e.else)
      case 'call': {
        const standard = standardForm(e)
        if (standard) return p(standard)
        if (e.fn === 'if_then_else' && e.args.length === 3) return conditional(e.args[0]!, e.args[1]!, e.args[2]!)
        if (e.fn === 'mod' && e.args.length === 2) return binary(BINARY['%']!, e.args[0]!, e.args[1]!)
        const fn = XMILE_FUNCTIONS[e.fn] ?? e.fn.toUpperCase()
        if (findBuiltin(e.fn)?.kind === 'clock' && e.args.length === 0) return fn
        return `${fn}(${e.args.map((a) => wrap(a, level(a) === Level.If)).join(', ')})`
      }
    }
  }
  return p(expr)
}
