import type { Expr } from './ast.js'
import { findArrayFunction } from './array-functions.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { NUMBER, UNKNOWN } from './units-builtins.js'
import type { CallUnits, Term } from './units-builtins.js'

type Rule = (c: CallUnits) => Term

/** A reduction to one value of the array's own units: the sum, the extremes, the mean and the spread. */
const ofArray: Rule = (c) => c.arg(0)

/** A rank or an order: dimensionless. */
const dimensionless: Rule = (c) => c.one

/** An allocation: the requests and the supply share units, and the shares given out have them. */
const allocation =
  (supply: number): Rule =>
  (c) => {
    const common = c.same([0, supply], 'requests and supply')
    return c.arg(supply).kind === 'known' ? c.arg(supply) : common
  }

/**
 * The units of the array builtins (array-functions.ts) as written in an arrayed equation, by canonical
 * name. Arguments that are codes, counts or offsets (VECTOR SELECT's action, a sort's direction, RANK's
 * k) are numbers by nature and not checked, as models pass TIME and the like there. PROD multiplies its
 * values, so the product of n values in `u` is in `u^n`, n being the elements reduced: that is what the
 * product is, and a product of dimensionless factors (growth multipliers, the usual use) stays
 * dimensionless; when n cannot be told the result is unknown.
 */
const ARRAY_UNIT_RULES: Readonly<Record<string, Rule>> = {
  sum: ofArray,
  min: ofArray,
  max: ofArray,
  mean: ofArray,
  stddev: ofArray,
  prod: (c) => {
    const a = c.arg(0)
    if (a.kind !== 'known' || c.isDimensionless(a)) return a
    const n = c.reduced(0)
    return n === undefined ? UNKNOWN : c.pow(a, n)
  },
  // A count the flattening writes in as a number: a number here too, as a dimension read as a position is.
  size: () => NUMBER,
  rank: dimensionless,
  vector_sort_order: dimensionless,
  vector_rank: dimensionless,
  vector_select: (c) => c.same([1, 2], 'values and missing value'),
  vector_elm_map: (c) => c.arg(0),
  vector_reorder: (c) => c.arg(0),
  invert_matrix: (c) => c.divide(NUMBER, c.arg(0)),
  allocate_available: allocation(2),
  allocate_by_priority: (c) => {
    c.same([1, 3], 'priority and width')
    return allocation(4)(c)
  },
}

/**
 * The units rule of an array builtin called as one (`SUM(pop[*])`, `MIN(x[Region!])`), or undefined for
 * a plain call: MIN and MAX of two values, or `sum(a, b, c)` as a flat model writes it.
 */
export function arrayUnitRule(node: Extract<Expr, { type: 'call' }>): Rule | undefined {
  const f = findArrayFunction(node.fn)
  if (!f) return undefined
  const asArray = f.result === 'plain' ? node.args.length === 1 : node.args.length <= f.params.length
  return asArray ? ARRAY_UNIT_RULES[f.flat] : undefined
}

/**
 * How many values a reduction's argument spans in an equation computed over `bound`: the product of the
 * sizes of the dimensions it leaves free (a `*`, a bang, a dimension the equation is not arrayed by
 * nor mapped to). Reductions nested in it are theirs; undefined when a name cannot be told.
 */
export function reducedCount(
  arg: Expr,
  dims: Dimensions,
  arrays: ReadonlyMap<string, readonly ResolvedDimension[]>,
  bound: readonly ResolvedDimension[],
): number | undefined {
  const free = new Map<string, number>()
  let unsure = false
  const isBound = (d: ResolvedDimension) =>
    bound.some((b) => b.root === d.root || dims.mapped(b, b.indices[0] ?? 0, d) !== undefined)
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'ref':
      case 'lookup': {
        if (e.type === 'lookup') visit(e.arg)
        const own = arrays.get(e.id)
        if (!own) {
          const d = e.type === 'ref' && !e.subs ? dims.get(e.name) : undefined
          if (d && !isBound(d)) free.set(d.id, d.indices.length)
          return
        }
        const subs = e.subs ?? own.map((d) => ({ kind: 'name' as const, name: d.name }))
        subs.forEach((s, j) => {
          const at = own[j]
          if (!at) return void (unsure = true)
          if (s.kind === 'star') free.set(at.id, at.indices.length)
          else if (s.kind === 'bang') {
            const d = dims.get(s.name)
            if (d) free.set(d.id, d.indices.length)
            else unsure = true
          } else if (s.kind === 'name') {
            const d = dims.denote(s.name, at)
            if (!d) unsure = true
            else if (d.kind === 'dimension' && !isBound(d.dim)) free.set(d.dim.id, d.dim.indices.length)
          }
        })
        return
      }
      case 'unary':
        return visit(e.arg)
      case 'binary':
        visit(e.left)
        return visit(e.right)
      case 'if':
        visit(e.cond)
        visit(e.then)
        return visit(e.else)
      case 'call':
        if (!arrayUnitRule(e)) for (const a of e.args) visit(a)
        return
      case 'num':
        return
    }
  }
  visit(arg)
  if (unsure) return undefined
  let n = 1
  for (const size of free.values()) n *= size
  return n
}
