import { describe, expect, it } from 'vitest'
import {
  invertMatrix,
  rank,
  vectorElmMap,
  vectorRank,
  vectorReorder,
  vectorSelect,
  vectorSortOrder,
  whole,
} from '../src/array-vectors.js'

type Fn = (...a: number[]) => number

/** Every element of an array result: the flat call at positions 1..n, the other arguments as given. */
const each = (f: Fn, n: number, ...rest: number[]) => Array.from({ length: n }, (_, i) => f(i + 1, ...rest))
/** The flat layout of one array: its count, then its values. */
const arr = (xs: readonly number[]) => [xs.length, ...xs]

/*
 * Numbers below marked "corpus" are Vensim's own output for the SDXorg test models (vector_order,
 * vector_select, invert_matrix), their inputs read off the .mdl files by hand.
 */

describe('VECTOR SORT ORDER, VECTOR RANK, VECTOR REORDER', () => {
  // corpus vector_order: revenue[company1..5] at times 0, 1, 2, and Vensim's columns for them.
  const revenue = [
    [-25, 18, 27, -2, 2],
    [60, 5, -15, 100, 26],
    [43, -82, -75, 67, -53],
  ]
  const sortOrder = [
    [0, 3, 4, 1, 2],
    [2, 1, 4, 0, 3],
    [1, 2, 4, 0, 3],
  ]
  const sortOrderDown = [
    [2, 1, 4, 3, 0],
    [3, 0, 4, 1, 2],
    [3, 0, 4, 2, 1],
  ]
  const ranks = [
    [1, 4, 5, 2, 3],
    [4, 2, 1, 5, 3],
    [4, 1, 2, 5, 3],
  ]
  const ranksDown = [
    [5, 2, 1, 4, 3],
    [2, 4, 5, 1, 3],
    [2, 5, 4, 1, 3],
  ]

  it('give Vensim’s 0-based sort order, ascending for direction > 0 and descending otherwise (corpus)', () => {
    revenue.forEach((r, t) => {
      expect(each(vectorSortOrder, 5, 1, ...arr(r))).toEqual(sortOrder[t])
      expect(each(vectorSortOrder, 5, 0, ...arr(r))).toEqual(sortOrderDown[t])
      expect(each(vectorSortOrder, 5, -1, ...arr(r))).toEqual(sortOrderDown[t])
    })
  })

  it('give Vensim’s 1-based ranks (corpus)', () => {
    revenue.forEach((r, t) => {
      expect(each(vectorRank, 5, 1, ...arr(r))).toEqual(ranks[t])
      expect(each(vectorRank, 5, 0, ...arr(r))).toEqual(ranksDown[t])
    })
    // Vensim's help: 5000, 3000, 8000 rank 2, 1, 3.
    expect(each(vectorRank, 3, 1, ...arr([5000, 3000, 8000]))).toEqual([2, 1, 3])
  })

  it('reorder by a sort order into the sorted values (corpus)', () => {
    const sorted = each(vectorReorder, 5, ...arr(revenue[0]!), ...arr(sortOrder[0]!))
    expect(sorted).toEqual([-25, -2, 2, 18, 27])
    expect(each(vectorReorder, 5, ...arr(revenue[0]!), ...arr(sortOrderDown[0]!))).toEqual([27, 18, 2, -2, -25])
  })

  it('break ties by position in both directions, ranks contiguous', () => {
    const tied = [3, 1, 3, 1, 2]
    expect(each(vectorSortOrder, 5, 1, ...arr(tied))).toEqual([1, 3, 4, 0, 2])
    expect(each(vectorSortOrder, 5, 0, ...arr(tied))).toEqual([0, 2, 4, 1, 3])
    expect(each(vectorRank, 5, 1, ...arr(tied))).toEqual([4, 1, 5, 2, 3])
    expect(each(vectorRank, 5, 0, ...arr(tied))).toEqual([1, 4, 2, 5, 3])
  })

  it('answer NaN for NaN inputs, positions outside and a malformed call', () => {
    expect(each(vectorSortOrder, 3, 1, ...arr([1, NaN, 0]))).toEqual([NaN, NaN, NaN])
    expect(each(vectorRank, 2, NaN, ...arr([1, 2]))).toEqual([NaN, NaN])
    expect(vectorSortOrder(4, 1, ...arr([1, 2, 3]))).toBeNaN()
    expect(vectorSortOrder(0, 1, ...arr([1, 2, 3]))).toBeNaN()
    expect(vectorSortOrder(1, 1, 3, 1, 2)).toBeNaN()
    expect(vectorReorder(1, ...arr([1, 2]), ...arr([2, 0]))).toBeNaN()
    expect(vectorReorder(2, ...arr([1, 2]), ...arr([2, -0]))).toBe(1)
    expect(vectorReorder(3, ...arr([1, 2]), ...arr([0, 1]))).toBeNaN()
  })

  it('one element: its own order and rank', () => {
    expect(vectorSortOrder(1, 1, ...arr([7]))).toBe(0)
    expect(vectorRank(1, 0, ...arr([7]))).toBe(1)
  })

  it('recompute when the inputs change between calls (the cached result is for one set of inputs)', () => {
    expect(vectorSortOrder(1, 1, ...arr([3, 1, 2]))).toBe(1)
    expect(vectorSortOrder(1, 1, ...arr([1, 3, 2]))).toBe(0)
    expect(vectorSortOrder(1, 0, ...arr([1, 3, 2]))).toBe(1)
    expect(vectorSortOrder(1, 0, ...arr([1, 3, 2, 4]))).toBe(3)
  })
})

describe('RANK', () => {
  it('is the 1-based position of the k-th smallest (Stella’s example: RANK({6, 2, 8, 5}, 2) = 4)', () => {
    expect(rank(2, ...arr([6, 2, 8, 5]))).toBe(4)
    expect([1, 2, 3, 4].map((k) => rank(k, ...arr([6, 2, 8, 5])))).toEqual([2, 4, 1, 3])
  })

  it('takes ties in order, and is NaN for k outside 1..n or NaN values', () => {
    expect([1, 2, 3].map((k) => rank(k, ...arr([5, 1, 5])))).toEqual([2, 1, 3])
    expect(rank(0, ...arr([1, 2]))).toBeNaN()
    expect(rank(3, ...arr([1, 2]))).toBeNaN()
    expect(rank(1, ...arr([1, NaN]))).toBeNaN()
    // A k off a whole number by rounding noise is that number.
    expect(rank(2.0000000000001, ...arr([6, 2, 8, 5]))).toBe(4)
  })
})

describe('VECTOR ELM MAP', () => {
  it('reads the element `offset` places from the one named (Vensim’s help examples)', () => {
    const var1 = [10, 20, 30]
    // var2[sub] = VECTOR ELM MAP(var1[s1], sub - 1) is var1 itself.
    expect([0, 1, 2].map((k) => vectorElmMap(k, 0, ...arr(var1)))).toEqual(var1)
    // Aging chain: VECTOR ELM MAP(outflow[stage], -1) is the previous stage's.
    expect(vectorElmMap(-1, 2, ...arr(var1))).toBe(20)
    // task skill[task] = 0, 1, 1 picks avg labor skill[brawn or brain].
    expect([0, 1, 1].map((s) => vectorElmMap(s, 0, ...arr([0.4, 0.9])))).toEqual([0.4, 0.9, 0.9])
  })

  it('is NaN outside the array, and truncates a fractional offset', () => {
    expect(vectorElmMap(-1, 0, ...arr([1, 2]))).toBeNaN()
    expect(vectorElmMap(2, 0, ...arr([1, 2]))).toBeNaN()
    expect(vectorElmMap(1.7, 0, ...arr([1, 2, 3]))).toBe(2)
    expect(vectorElmMap(NaN, 0, ...arr([1, 2]))).toBeNaN()
    expect(whole(2.9999999999)).toBe(3)
    expect(whole(-1.5)).toBe(-1)
  })
})

describe('VECTOR SELECT', () => {
  // corpus vector_select: selection arrays and inputs over dim1 (A1..A5).
  const noZeros = [1, 0.3, -1, 0.5, 1]
  const oneNonzero = [0, 0, 0, 3, 0]
  const allZeros = [0, 0, 0, 0, 0]
  const input1 = [-0.5, -1.2, 0.3, -1, 1]
  const input1b = [0.5, 1.2, 0.3, 1, 1]
  const select = (sel: number[], xs: number[], action: number, error = 0) =>
    vectorSelect(-12345, action, error, ...arr(sel), ...arr(xs))
  const close = (got: number, want: number) => expect(got).toBeCloseTo(want, 5)

  it('weighs by the selection for actions 0-4, raises values to it for 5, ignores it for 6-10 (corpus)', () => {
    ;[-0.66, 0.027, -0.5, 1, -0.132].forEach((want, action) => close(select(noZeros, input1, action), want))
    ;[-1.4, -0.18, -1.2, 1, -0.28].forEach((want, k) => close(select(noZeros, input1, 6 + k), want))
    // value ^ selection, not the help's selection ^ value: (-1) ^ 0.3 would be NaN.
    close(select(noZeros, input1b, 5), 1.76037)
    ;[0, 1, 2, 3, 4].forEach((action) => expect(select(oneNonzero, input1, action)).toBe(-3))
    ;[6, 7, 8, 9, 10].forEach((action) => expect(select(oneNonzero, input1, action)).toBe(-1))
    expect(select(oneNonzero, input1b, 5)).toBe(1)
  })

  it('gives the missing value when nothing is selected (corpus)', () => {
    for (let action = 0; action <= 10; action++) expect(select(allZeros, input1, action)).toBe(-12345)
  })

  it('spans every pair of two bang dimensions (corpus Aout2: 5 selections × 4 values, flattened)', () => {
    const input2 = [0.5, 1.2, 0.3, -1]
    const input2b = [0.5, 1.2, 0.3, 1]
    const outer = (sel: number[], xs: number[]) => [sel.flatMap((s) => xs.map(() => s)), sel.flatMap(() => xs)] as const
    const [s, x] = outer(noZeros, input2)
    ;[1.8, -9.56594e-8, -1.2, 1.2, 0.09].forEach((want, action) =>
      expect(select([...s], [...x], action)).toBeCloseTo(want, 10),
    )
    ;[5, -0.000188957, -1, 1.2, 0.25].forEach((want, k) => expect(select([...s], [...x], 6 + k)).toBeCloseTo(want, 9))
    const [s5, x5] = outer(noZeros, input2b)
    close(select([...s5], [...x5], 5), 0.0456552)
  })

  it('one column of a selection matrix per result element (corpus Fout1, Gout1, Hout1 at time 0)', () => {
    const column = [
      [1, 1, -1, 1, 1],
      [2, 1, -1, 2, 1],
      [3, 1, 2, 3, -2],
      [4, 1, 3, 4, -3],
    ]
    ;[-2, -3.5, -7.1, -9.3].forEach((want, j) => close(select(column[j]!, input1, 0), want))
    ;[2, 1, 0.0135, 0.002025].forEach((want, j) => close(select(column[j]!, input1b, 5), want))
    close(select([0, -1, 0, 0, 0], input1b, 5), 0.833333)
    close(select([-3, 0, 0, 0, 0], input1, 0), 1.5)
    close(select([0, 0, 0, 1, -1], input1, 6), 0)
  })

  it('error actions 1-3 turn too few or too many selections into NaN', () => {
    expect(select(allZeros, input1, 0, 1)).toBeNaN()
    expect(select(allZeros, input1, 0, 2)).toBe(-12345)
    expect(select(allZeros, input1, 0, 3)).toBeNaN()
    expect(select(noZeros, input1, 0, 1)).toBeCloseTo(-0.66, 12)
    expect(select(noZeros, input1, 0, 2)).toBeNaN()
    expect(select(noZeros, input1, 0, 3)).toBeNaN()
    expect(select(oneNonzero, input1, 0, 3)).toBe(-3)
  })

  it('is NaN for an unknown action or arrays of different lengths', () => {
    expect(select(noZeros, input1, 11)).toBeNaN()
    expect(select(noZeros, input1, 1.5)).toBeNaN()
    expect(select(noZeros, input1.slice(1), 0)).toBeNaN()
  })
})

describe('INVERT MATRIX', () => {
  const invert = (m: number[], size: number) => each(invertMatrix, size * size, size, ...arr(m))
  const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 10))

  it('inverts 2 × 2 and 3 × 3 matrices, row-major (corpus)', () => {
    close(invert([4, 7, 2, 6], 2), [0.6, -0.7, -0.2, 0.4])
    close(invert([3, 3.5, 3.2, 3.6], 2), [-9, 8.75, 8, -7.5])
    close(invert([0.6, -0.7, -0.2, 0.4], 2), [4, 7, 2, 6])
    // A zero on the diagonal needs a pivot from another row.
    close(invert([3, 0, 2, 2, 0, -2, 0, 1, 1], 3), [0.2, 0.2, 0, -0.2, 0.3, 1, 0.2, -0.3, 0])
    close(invert([1, 0, 5, 2, 1, 5, 3, 4, 0], 3), [-4, 4, -1, 3, -3, 1, 1, -0.8, 0.2])
  })

  it('gives NaN for a singular matrix, a size that does not fit, and NaN entries', () => {
    expect(invert([1, 2, 2, 4], 2)).toEqual([NaN, NaN, NaN, NaN])
    expect(invertMatrix(1, 3, ...arr([1, 2, 3, 4]))).toBeNaN()
    expect(invert([1, NaN, 0, 1], 2).some(Number.isNaN)).toBe(true)
    expect(invert([5], 1)).toEqual([0.2])
  })
})
