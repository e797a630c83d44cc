import { allocateAvailable, allocateByPriority } from './allocation.js'
import { mean, prod, size, stddev, sum } from './array-reductions.js'
import {
  invertMatrix,
  rank,
  vectorElmMap,
  vectorRank,
  vectorReorder,
  vectorSelect,
  vectorSortOrder,
} from './array-vectors.js'

/**
 * The array builtins as entries of the solver's builtin table (builtin-table.ts spreads them in), in
 * their flat forms: the model package's flattening calls them with an array's elements as arguments
 * (array-functions.ts there fixes the layout), so every one takes any number of arguments. Sums,
 * products, means and MIN/MAX are written inline in both targets; the others are functions of
 * generated JavaScript, and a model calling one steps with the JavaScript loop (no asm.js twin).
 */

type Fn = (...a: number[]) => number
type Writer = (a: readonly string[]) => string

/** An entry of the builtin table, declared here by its shape so the two files import one way only. */
export interface ArrayBuiltin {
  readonly name: string
  /** The leading parameters the catalogue requires; any number may follow. */
  readonly params: readonly { readonly name: string }[]
  readonly clock: readonly []
  readonly value: Fn
  readonly js: Writer
  readonly asm?: Writer
  readonly jsHelpers?: Readonly<Record<string, Fn>>
  readonly variadic: true
}

const params = (text: string) => text.split(', ').map((name) => ({ name }))

/**
 * An argument's code as an operand of + or *: bare when it is one already (a name, a number, a call,
 * an element, a parenthesized expression), else parenthesized, as `a + b - c` would round differently.
 */
function operand(code: string): string {
  const head = /^[\w$.]*/.exec(code)![0]
  let depth = 0
  for (let i = head.length; i < code.length; i++) {
    const c = code[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (depth === 0) return `(${code})`
  }
  return code
}

/** `a op b op c`, folded left to right as the interpreted value folds. */
const chain = (a: readonly string[], op: string) => `(${a.map(operand).join(` ${op} `)})`

/** A function of generated JavaScript named `as`, without an asm.js twin. */
function helper(name: string, text: string, as: string, value: Fn): ArrayBuiltin {
  return {
    name,
    params: params(text),
    clock: [],
    value,
    js: (a) => `${as}(${a.join(', ')})`,
    jsHelpers: { [as]: value },
    variadic: true,
  }
}

export const ARRAY_BUILTINS: readonly ArrayBuiltin[] = [
  // MIN and MAX of two keep the code they always had; asm.js's Math takes any number of doubles too.
  {
    name: 'min',
    params: params('a'),
    clock: [],
    value: Math.min,
    js: (a) => `Math.min(${a.join(', ')})`,
    asm: (a) => (a.length === 1 ? `(+(${a[0]!}))` : `(+min(${a.join(', ')}))`),
    variadic: true,
  },
  {
    name: 'max',
    params: params('a'),
    clock: [],
    value: Math.max,
    js: (a) => `Math.max(${a.join(', ')})`,
    asm: (a) => (a.length === 1 ? `(+(${a[0]!}))` : `(+max(${a.join(', ')}))`),
    variadic: true,
  },
  {
    name: 'sum',
    params: params('a'),
    clock: [],
    value: sum,
    js: (a) => chain(a, '+'),
    asm: (a) => `(+${chain(a, '+')})`,
    variadic: true,
  },
  {
    name: 'prod',
    params: params('a'),
    clock: [],
    value: prod,
    js: (a) => chain(a, '*'),
    asm: (a) => `(+${chain(a, '*')})`,
    variadic: true,
  },
  {
    name: 'mean',
    params: params('a'),
    clock: [],
    value: mean,
    js: (a) => `(${chain(a, '+')} / ${a.length})`,
    asm: (a) => `(${chain(a, '+')} / ${a.length}.0)`,
    variadic: true,
  },
  // Flattening replaces SIZE by its count; a call left over is that count.
  {
    name: 'size',
    params: params('a'),
    clock: [],
    value: size,
    js: (a) => `${a.length}`,
    asm: (a) => `${a.length}.0`,
    variadic: true,
  },
  helper('stddev', 'a', 'stddev', stddev),
  helper('rank', 'k, n, x', 'rank', rank),
  helper('vector_select', 'missing, action, error, n, selection, n2, value', 'vectorSelect', vectorSelect),
  helper('vector_elm_map', 'offset, start, n', 'vectorElmMap', vectorElmMap),
  helper('vector_sort_order', 'i, direction, n', 'vectorSortOrder', vectorSortOrder),
  helper('vector_rank', 'i, direction, n', 'vectorRank', vectorRank),
  helper('vector_reorder', 'i, n, x', 'vectorReorder', vectorReorder),
  helper('invert_matrix', 'i, size, n', 'invertMatrix', invertMatrix),
  helper('allocate_available', 'i, available, n, request', 'allocateAvailable', allocateAvailable),
  helper('allocate_by_priority', 'i, size, width, supply, n, n2', 'allocateByPriority', allocateByPriority),
]

export { ASM_RANGE_HELPERS, RANGE_HELPERS } from './array-reductions.js'
