import { describe, expect, it } from 'vitest'
import type { Expr } from '@stockflow/model'
import { flattenModel } from '@stockflow/model/internal'
import { AGE, REGION, arrayed, flatEquation, flattenIssues } from './flatten-support.js'
import type { Draft } from './flatten-support.js'

const base: Draft[] = [
  { kind: 'param', name: 'Pop', dimensions: ['Region', 'Age'], value: 1 },
  { kind: 'param', name: 'Rate', dimensions: ['Region'], value: 1 },
  { kind: 'param', name: 'W', dimensions: ['Region'], value: 1 },
]
const P = (r: string, a: string) => `"Pop[${r},${a}]"`
const R = (r: string) => `"Rate[${r}]"`

/** The flat equation of `X[at]` (or of the scalar `X`) for an equation over `dimensions`. */
const flatOf = (equation: string, dimensions: string[] = [], at = '') => {
  const m = arrayed(
    [REGION, AGE, { name: 'Coast', elements: ['north', 'east'], parent: 'Region' }],
    [...base, { kind: 'aux', name: 'X', dimensions, equation }],
  )
  expect(flattenIssues(m)).toEqual([])
  return flatEquation(m, dimensions.length ? `X[${at}]` : 'X')
}

describe('flattenModel: reductions', () => {
  it('SUM over a star, in a scalar equation: every element, row-major', () => {
    expect(flatOf('SUM(Pop[*, *])')).toBe(
      `sum(${['north', 'south', 'east'].flatMap((r) => ['young', 'old'].map((a) => P(r, a))).join(', ')})`,
    )
  })

  it('SUM over the free dimension of an arrayed equation, the bound one read at the element', () => {
    expect(flatOf('SUM(Pop[Region, *])', ['Region'], 'south')).toBe(`sum(${P('south', 'young')}, ${P('south', 'old')})`)
    // A star reduces even over a dimension the equation is arrayed by.
    expect(flatOf('Rate / SUM(Rate[*])', ['Region'], 'east')).toBe(
      `"Rate[east]" / sum(${R('north')}, ${R('south')}, ${R('east')})`,
    )
  })

  it("reduces over a bang (Vensim's Region!), a subrange's bang, and a dimension the equation is not arrayed by", () => {
    expect(flatOf('SUM(Rate[Region!])', ['Region'], 'north')).toBe(`sum(${R('north')}, ${R('south')}, ${R('east')})`)
    expect(flatOf('SUM(Rate[Coast!])')).toBe(`sum(${R('north')}, ${R('east')})`)
    expect(flatOf('SUM(Pop[Region, Age])', ['Age'], 'old')).toBe(
      `sum(${P('north', 'old')}, ${P('south', 'old')}, ${P('east', 'old')})`,
    )
  })

  it('reduces an arrayed reference written bare over its unbound dimensions', () => {
    expect(flatOf('SUM(Pop)', ['Region'], 'east')).toBe(`sum(${P('east', 'young')}, ${P('east', 'old')})`)
    expect(flatOf('SUM(Rate)')).toBe(`sum(${R('north')}, ${R('south')}, ${R('east')})`)
  })

  it('reduces any expression, zipping arguments over the same dimension', () => {
    expect(flatOf('SUM(Rate[*] * W[*])')).toBe(
      'sum("Rate[north]" * "W[north]", "Rate[south]" * "W[south]", "Rate[east]" * "W[east]")',
    )
    expect(flatOf('SUM(Rate[Region!] * Pop[Region!, young] + 1)')).toBe(
      `sum(${R('north')} * ${P('north', 'young')} + 1, ${R('south')} * ${P('south', 'young')} + 1, ${R('east')} * ${P('east', 'young')} + 1)`,
    )
  })

  it('PROD, MIN, MAX, VMIN, VMAX, MEAN and STDDEV become their flat calls', () => {
    const all = `${R('north')}, ${R('south')}, ${R('east')}`
    expect(flatOf('PROD(Rate[*])')).toBe(`prod(${all})`)
    expect(flatOf('MIN(Rate[*])')).toBe(`min(${all})`)
    expect(flatOf('VMIN(Rate[Region!])')).toBe(`min(${all})`)
    expect(flatOf('MAX(Rate[*])')).toBe(`max(${all})`)
    expect(flatOf('VMAX(Rate[Region!])')).toBe(`max(${all})`)
    expect(flatOf('MEAN(Rate[*])')).toBe(`mean(${all})`)
    expect(flatOf('STDDEV(Rate[*])')).toBe(`stddev(${all})`)
  })

  it('leaves MIN and MAX of two scalars as they are', () => {
    expect(flatOf('MIN(Rate, 1) + MAX(W[north], Rate)', ['Region'], 'south')).toBe(
      'min("Rate[south]", 1) + max("W[north]", "Rate[south]")',
    )
  })

  it('nests reductions: the inner one iterates its own stars, reading what the outer one iterates as bound', () => {
    expect(flatOf('SUM(Rate[*]) + MAX(SUM(Pop[Region!, *]), 0)')).toBe(
      `sum(${R('north')}, ${R('south')}, ${R('east')}) + max(sum(${P('north', 'young')}, ${P('north', 'old')}, ${P('south', 'young')}, ${P('south', 'old')}, ${P('east', 'young')}, ${P('east', 'old')}), 0)`,
    )
    expect(flatOf('MAX(Rate[Region!] * SUM(Pop[Region, *]))')).toBe(
      `max(${R('north')} * sum(${P('north', 'young')}, ${P('north', 'old')}), ${R('south')} * sum(${P('south', 'young')}, ${P('south', 'old')}), ${R('east')} * sum(${P('east', 'young')}, ${P('east', 'old')}))`,
    )
  })

  it('SIZE and ELMCOUNT become the number of elements', () => {
    expect(flatOf('SIZE(Pop[*, *]) + ELMCOUNT(Region) + ELMCOUNT(Coast) + SIZE(Rate)')).toBe('6 + 3 + 2 + 3')
  })
})

describe('flattenModel: other array functions, laid out as array-functions.ts says', () => {
  it('RANK: the scalar, then the size and the values', () => {
    expect(flatOf('RANK(Rate[*], 2)')).toBe(`rank(2, 3, ${R('north')}, ${R('south')}, ${R('east')})`)
  })

  it('VECTOR SELECT: the scalars, then each array as its size and values', () => {
    expect(flatOf('VECTOR_SELECT(W[Region!], Rate[Region!], 0, 0, 1)')).toBe(
      `vector_select(0, 0, 1, 3, "W[north]", "W[south]", "W[east]", 3, ${R('north')}, ${R('south')}, ${R('east')})`,
    )
  })

  it('VECTOR ELM MAP: the offset, then the 0-based position of the element named, the size and the values along its dimension', () => {
    expect(flatOf('VECTOR_ELM_MAP(Rate[Region], -1)', ['Region'], 'east')).toBe(
      `vector_elm_map(-1, 2, 3, ${R('north')}, ${R('south')}, ${R('east')})`,
    )
    expect(flatOf('VECTOR_ELM_MAP(Pop[south, young], 1)')).toBe(
      `vector_elm_map(1, 0, 2, ${P('south', 'young')}, ${P('south', 'old')})`,
    )
  })

  it('VECTOR SORT ORDER and VECTOR RANK: the position of the element computed, the scalar, the last dimension of the array', () => {
    expect(flatOf('VECTOR_SORT_ORDER(Rate[Region], 1)', ['Region'], 'south')).toBe(
      `vector_sort_order(2, 1, 3, ${R('north')}, ${R('south')}, ${R('east')})`,
    )
    expect(flatOf('VECTOR_RANK(Pop[Region, Age], 0)', ['Region', 'Age'], 'east,old')).toBe(
      `vector_rank(2, 0, 2, ${P('east', 'young')}, ${P('east', 'old')})`,
    )
  })

  it('VECTOR REORDER: two arrays over the last dimension', () => {
    expect(flatOf('VECTOR_REORDER(Rate, W)', ['Region'], 'north')).toBe(
      `vector_reorder(1, 3, ${R('north')}, ${R('south')}, ${R('east')}, 3, "W[north]", "W[south]", "W[east]")`,
    )
  })

  it('INVERT MATRIX spans two dimensions: the position in the matrix, row-major', () => {
    const m = arrayed(
      [{ ...AGE, aliases: ['Age2'] }],
      [
        { kind: 'param', name: 'M', dimensions: ['Age', 'Age2'], value: 1 },
        { kind: 'aux', name: 'Inv', dimensions: ['Age', 'Age2'], equation: 'INVERT_MATRIX(M[Age, Age2], 2)' },
      ],
    )
    expect(flattenIssues(m)).toEqual([])
    expect(flatEquation(m, 'Inv[old,young]')).toBe(
      'invert_matrix(3, 2, 4, "M[young,young]", "M[young,old]", "M[old,young]", "M[old,old]")',
    )
  })

  it('ALLOCATE AVAILABLE: requests over one dimension, the profile over two', () => {
    const m = arrayed(
      [REGION, { name: 'Prof', elements: ['ptype', 'ppriority', 'pwidth', 'pextra'] }],
      [
        { kind: 'param', name: 'Req', dimensions: ['Region'], value: 1 },
        { kind: 'param', name: 'Profile', dimensions: ['Region', 'Prof'], value: 1 },
        { kind: 'aux', name: 'Got', dimensions: ['Region'], equation: 'ALLOCATE_AVAILABLE(Req, Profile, 10)' },
      ],
    )
    expect(flattenIssues(m)).toEqual([])
    const profile = ['north', 'south', 'east'].flatMap((r) =>
      ['ptype', 'ppriority', 'pwidth', 'pextra'].map((p) => `"Profile[${r},${p}]"`),
    )
    expect(flatEquation(m, 'Got[south]')).toBe(
      `allocate_available(2, 10, 3, "Req[north]", "Req[south]", "Req[east]", 12, ${profile.join(', ')})`,
    )
  })

  it('keeps an array function already in its flat form', () => {
    expect(flatOf('rank(1, 2, 3, 4)')).toBe('rank(1, 2, 3, 4)')
  })
})

describe('flattenModel: array calls that read no element of the one computed', () => {
  it('are made once per equation, every element sharing the same flat call', () => {
    const m = arrayed(
      [REGION, AGE],
      [
        ...base,
        { kind: 'aux', name: 'Share', dimensions: ['Region'], equation: 'Rate / SUM(Rate[*]) + SUM(Pop[Region, *])' },
      ],
    )
    const { parsed } = flattenModel(m)
    const sums = parsed
      .filter((p) => p.element.name.startsWith('Share['))
      .map((p) => p.equation as Extract<Expr, { type: 'binary' }>)
      .map((e) => [(e.left as Extract<Expr, { type: 'binary' }>).right, e.right])
    expect(sums).toHaveLength(3)
    expect(sums[1]![0]).toBe(sums[0]![0])
    expect(sums[2]![0]).toBe(sums[0]![0])
    // A sum that reads the element's own Region is made for each element.
    expect(sums[1]![1]).not.toBe(sums[0]![1])
    expect(sums[1]![1]).toMatchObject({ fn: 'sum', args: [{ id: 'pop[south,young]' }, { id: 'pop[south,old]' }] })
  })
})
