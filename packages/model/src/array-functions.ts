import { canonicalId } from './id.js'

/**
 * Builtins that read whole arrays. Arrays never reach the solver: flattening (see flatten.ts) turns an
 * arrayed model into one scalar variable per element, and each call of one of these into a call of a
 * plain builtin whose arguments are the array's elements. This table is that contract between the
 * flattening and the solver's implementations.
 *
 * The flat call's arguments, in order:
 * 1. `result: 'array'` only: the 1-based position of the element being computed within the result.
 * 2. The `scalar` arguments in the order written; an omitted optional one is its `defaults` entry.
 * 3. Each `array` argument as its element count `n` followed by its `n` values (row-major), and each
 *    `element` argument as the 0-based position of the element named, then `n` and the `n` values of
 *    the dimension that element belongs to.
 * `plain` functions skip all that: the flat call is just the values of their one array argument.
 *
 * Which elements an argument spans: for `scalar` results, the dimensions a reference leaves free (a
 * `*`, a bang `Region!`, or a dimension the equation is not arrayed by); for `array` results, the
 * last `spans[i]` dimensions of the i-th array argument (Vensim's convention), the others read at the
 * current element.
 */
export interface ArrayFunction {
  /** The flat builtin it becomes (a name in BUILTINS). */
  readonly flat: string
  /** The names written in equations (canonical ids: XMILE and Vensim spellings). */
  readonly names: readonly string[]
  /** The kind of each argument as written; trailing `scalar`s beyond `minArgs` are optional. */
  readonly params: readonly ('array' | 'scalar' | 'element')[]
  readonly minArgs: number
  /** Values of omitted optional scalars, by parameter index. */
  readonly defaults?: Readonly<Record<number, number>>
  /** `plain`: a reduction to one value whose flat call is just the values; `scalar` one value; `array` one per element. */
  readonly result: 'plain' | 'scalar' | 'array'
  /**
   * For `array` results: how many trailing dimensions each `array` argument spans, in order (INVERT
   * MATRIX: [2]; ALLOCATE AVAILABLE: [1, 2], its profile is a row of four numbers per requester).
   */
  readonly spans?: readonly number[]
  /** Evaluated while flattening, never called: SIZE and ELMCOUNT are the number of elements. */
  readonly constant?: 'count'
  readonly signature: string
}

const plain = (flat: string, names: string[], signature: string): ArrayFunction => ({
  flat,
  names,
  params: ['array'],
  minArgs: 1,
  result: 'plain',
  signature,
})

export const ARRAY_FUNCTIONS: readonly ArrayFunction[] = [
  plain('sum', ['sum'], 'SUM(a[*]): the sum of the elements'),
  plain('prod', ['prod'], 'PROD(a[*]): the product of the elements'),
  plain('min', ['min', 'vmin'], 'MIN(a[*]), VMIN(a[d!]): the smallest element'),
  plain('max', ['max', 'vmax'], 'MAX(a[*]), VMAX(a[d!]): the largest element'),
  plain('mean', ['mean'], 'MEAN(a[*]): the arithmetic mean of the elements'),
  plain('stddev', ['stddev'], 'STDDEV(a[*]): the standard deviation of the elements'),
  {
    flat: 'size',
    names: ['size', 'elmcount'],
    params: ['array'],
    minArgs: 1,
    result: 'scalar',
    constant: 'count',
    signature: 'SIZE(a[*]), ELMCOUNT(Dimension): the number of elements',
  },
  {
    flat: 'rank',
    names: ['rank'],
    params: ['array', 'scalar'],
    minArgs: 2,
    result: 'scalar',
    signature: 'RANK(a[*], k): the 1-based position of the k-th smallest element',
  },
  {
    flat: 'vector_select',
    names: ['vector_select'],
    params: ['array', 'array', 'scalar', 'scalar', 'scalar'],
    minArgs: 5,
    result: 'scalar',
    signature: 'VECTOR SELECT(selection[d!], values[d!], missing, action, error): combines the selected values',
  },
  {
    flat: 'vector_elm_map',
    names: ['vector_elm_map'],
    params: ['element', 'scalar'],
    minArgs: 2,
    result: 'scalar',
    signature: 'VECTOR ELM MAP(a[d start], offset): the element `offset` places after `start`',
  },
  {
    flat: 'vector_sort_order',
    names: ['vector_sort_order'],
    params: ['array', 'scalar'],
    minArgs: 2,
    result: 'array',
    spans: [1],
    signature: 'VECTOR SORT ORDER(a[d], direction): the positions of the elements in sorted order',
  },
  {
    flat: 'vector_rank',
    names: ['vector_rank'],
    params: ['array', 'scalar'],
    minArgs: 2,
    result: 'array',
    spans: [1],
    signature: 'VECTOR RANK(a[d], direction): each element’s rank',
  },
  {
    flat: 'vector_reorder',
    names: ['vector_reorder'],
    params: ['array', 'array'],
    minArgs: 2,
    result: 'array',
    spans: [1, 1],
    signature: 'VECTOR REORDER(a[d], order[d]): the elements in the given order',
  },
  {
    flat: 'invert_matrix',
    names: ['invert_matrix'],
    params: ['array', 'scalar'],
    minArgs: 2,
    result: 'array',
    spans: [2],
    signature: 'INVERT MATRIX(a[d1, d2], size): the inverse of a square matrix',
  },
  {
    flat: 'allocate_available',
    names: ['allocate_available'],
    params: ['array', 'array', 'scalar'],
    minArgs: 3,
    result: 'array',
    spans: [1, 2],
    signature: 'ALLOCATE AVAILABLE(request[d], profile[d, p], available): shares of a supply by priority profile',
  },
  {
    flat: 'allocate_by_priority',
    names: ['allocate_by_priority'],
    params: ['array', 'array', 'scalar', 'scalar', 'scalar'],
    minArgs: 5,
    result: 'array',
    spans: [1, 1],
    signature: 'ALLOCATE BY PRIORITY(request[d], priority[d], size, width, supply): shares of a supply by priority',
  },
]

const byName = new Map<string, ArrayFunction>()
for (const f of ARRAY_FUNCTIONS) for (const n of f.names) byName.set(n, f)

/** The array function a name denotes in an equation (any case, spaces or underscores), if any. */
export function findArrayFunction(name: string): ArrayFunction | undefined {
  return byName.get(canonicalId(name))
}
