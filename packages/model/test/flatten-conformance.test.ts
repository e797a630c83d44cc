import { describe, expect, it } from 'vitest'
import { MAX_FLAT_ELEMENTS, flatten, modelFromJSON } from '@stockflow/model'
import { validateParsed } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'
import { arrayed, errorLines, flatEquations } from './flatten-support.js'

// Cases the conformance corpus found, with the corpus's expected numbers written here.
describe('flattening, as the conformance corpus reads it', () => {
  it("a subrange's name as a value is the element's position in the full range (Vensim)", () => {
    const m = arrayed(
      [
        { name: 'Dim', elements: ['A', 'ab1', 'ab2', 'B'] },
        { name: 'Sub', elements: ['ab1', 'ab2'], parent: 'Dim' },
        { name: 'Sub Copy', elements: ['ab1', 'ab2'], parent: 'Dim', aliases: ['SubAlias'] },
      ],
      [
        { kind: 'aux', name: 'dim values', dimensions: ['Dim'], equation: 'Dim' },
        { kind: 'aux', name: 'sub values', dimensions: ['Sub'], equation: 'Sub' },
        { kind: 'aux', name: 'alias values', dimensions: ['SubAlias'], equation: 'SubAlias' },
      ],
    )
    expect(flatEquations(m)).toEqual({
      'dim values[A]': '1',
      'dim values[ab1]': '2',
      'dim values[ab2]': '3',
      'dim values[B]': '4',
      'sub values[ab1]': '2',
      'sub values[ab2]': '3',
      'alias values[ab1]': '2',
      'alias values[ab2]': '3',
    })
  })

  it('a mapping between two subranges of one range wins over reading them as the same family', () => {
    const m = arrayed(
      [
        { name: 'AGE', elements: ['INFANT', 'CHILD', 'OLD'] },
        { name: 'OLDER', elements: ['CHILD', 'OLD'], parent: 'AGE' },
        { name: 'YOUNGER', elements: ['INFANT', 'CHILD'], parent: 'AGE', mappings: [{ to: 'OLDER' }] },
      ],
      [
        { kind: 'aux', name: 'a', dimensions: ['AGE'], equation: 'AGE' },
        { kind: 'aux', name: 'b', dimensions: ['OLDER'], equation: 'a[YOUNGER]' },
        { kind: 'aux', name: 'c', dimensions: ['YOUNGER'], equation: 'a[OLDER]' },
        {
          kind: 'aux',
          name: 'd',
          dimensions: ['AGE'],
          equation: '',
          perElement: [
            { subscripts: ['INFANT'], equation: '0' },
            { subscripts: ['OLDER'], equation: '10 * a[YOUNGER]' },
          ],
        },
      ],
    )
    const eq = flatEquations(m)
    // b[OLDER] = a[YOUNGER]: b[CHILD] reads a[INFANT] (1), b[OLD] reads a[CHILD] (2); c the other way.
    expect([eq['b[CHILD]'], eq['b[OLD]']]).toEqual(['"a[INFANT]"', '"a[CHILD]"'])
    expect([eq['c[INFANT]'], eq['c[CHILD]']]).toEqual(['"a[CHILD]"', '"a[OLD]"'])
    expect([eq['d[CHILD]'], eq['d[OLD]']]).toEqual(['10 * "a[INFANT]"', '10 * "a[CHILD]"'])
    const run = simulate(flatten(m))
    expect([run.get('b[CHILD]')[0], run.get('b[OLD]')[0], run.get('d[OLD]')[0]]).toEqual([1, 2, 20])
  })

  it('VECTOR SELECT pairs every combination when selection and values span different dimensions', () => {
    // sel[dim1!, dim2!] is 2 x 3, vals[dim2!] 3: both flat arrays are the 6 combinations, vals broadcast over dim1.
    const m = arrayed(
      [
        { name: 'dim1', elements: ['a', 'b'] },
        { name: 'dim2', elements: ['x', 'y', 'z'] },
      ],
      [
        {
          kind: 'param',
          name: 'sel',
          dimensions: ['dim1', 'dim2'],
          value: 0,
          perElement: [
            { subscripts: ['a', 'y'], equation: '1' },
            { subscripts: ['b', 'z'], equation: '1' },
          ],
        },
        {
          kind: 'aux',
          name: 'vals',
          dimensions: ['dim2'],
          equation: '',
          perElement: [
            { subscripts: ['x'], equation: '0.5' },
            { subscripts: ['y'], equation: '1.2' },
            { subscripts: ['z'], equation: '0.3' },
          ],
        },
        { kind: 'aux', name: 'total', equation: 'vector_select(sel[dim1!, dim2!], vals[dim2!], -12345, 0, 0)' },
        { kind: 'aux', name: 'smallest', equation: 'vector_select(sel[dim1!, dim2!], vals[dim2!], -12345, 2, 0)' },
      ],
    )
    const v = '"vals[x]", "vals[y]", "vals[z]"'
    expect(flatEquations(m)['total']).toBe(
      `vector_select(-12345, 0, 0, 6, "sel[a,x]", "sel[a,y]", "sel[a,z]", "sel[b,x]", "sel[b,y]", "sel[b,z]", 6, ${v}, ${v})`,
    )
    const run = simulate(flatten(m))
    // Selected: (a, y) reads vals[y] 1.2, (b, z) vals[z] 0.3.
    expect(run.get('total')[0]).toBeCloseTo(1.5, 12)
    expect(run.get('smallest')[0]).toBeCloseTo(0.3, 12)
  })

  it('a model that would flatten to too many elements is refused at once, naming the variable', () => {
    const big = (name: string, n: number) => ({ name, elements: Array.from({ length: n }, (_, i) => `${name}${i}`) })
    const m = arrayed(
      [big('Row', 10_000), big('Col', 10_000)],
      [
        { kind: 'param', name: 'small', dimensions: ['Row'], value: 1 },
        { kind: 'aux', name: 'grid', dimensions: ['Row', 'Col'], equation: 'small[Row]' },
      ],
    )
    expect(errorLines(m)).toEqual([
      `too-many-elements: grid: "grid" has 100,000,000 elements (Row x Col), more than the limit of 10,000,000 (use fewer or smaller dimensions (a size of that many elements is likely a typo))`,
    ])
    expect(MAX_FLAT_ELEMENTS).toBe(10_000_000)
    const json = JSON.stringify({
      name: 'huge',
      time: { start: 0, stop: 1, dt: 1 },
      dimensions: [{ name: 'N', size: 1e8 }],
      elements: [],
    })
    expect(() => modelFromJSON(json)).toThrow(/"size" 100000000 is more than the limit of 10000000 elements/)
  })

  it('the limit counts every variable together', () => {
    const m = arrayed(
      ['N', 'M'].map((name) => ({ name, elements: Array.from({ length: 2000 }, (_, i) => `${name}${i}`) })),
      ['a', 'b', 'c'].map((name) => ({ kind: 'param', name, dimensions: ['N', 'M'], value: 1 })),
    )
    expect(errorLines(m)[0]).toMatch(/^too-many-elements: c: with "c" \(4,000,000 elements\) the model has 12,000,000/)
  })

  it('no "unused" warnings from equations an array error spoiled', () => {
    const m = arrayed(
      [{ name: 'Region', elements: ['North', 'South'] }],
      [
        { kind: 'param', name: 'Growth', dimensions: ['Region'], value: 0.1 },
        { kind: 'aux', name: 'x', dimensions: ['Region'], equation: 'Growth[Regio]' },
      ],
    )
    const issues = validateParsed(m).issues
    expect(issues.map((i) => `${i.severity} ${i.code}`)).toEqual(['error unknown-subscript'])
  })

  it('a SUM every element shares is printed whole in each, and a loop through it names only variables', () => {
    const m = arrayed(
      [{ name: 'Region', elements: ['n', 's'] }],
      [
        { kind: 'aux', name: 'x', dimensions: ['Region'], equation: 'share[Region] + 1' },
        { kind: 'aux', name: 'share', dimensions: ['Region'], equation: 'x[Region] / SUM(x[*])' },
      ],
    )
    expect(flatEquations(m)['share[s]']).toBe('"x[s]" / sum("x[n]", "x[s]")')
    const loops = validateParsed(m).issues.filter((i) => i.code === 'algebraic-loop')
    expect(loops.map((i) => i.message)).toEqual(['algebraic loop: x[n] -> share[n] -> x[n]'])
  })
})
