import { describe, expect, it } from 'vitest'
import { formatIssue, validate } from '@stockflow/model'
import { AGE, REGION, arrayed, errorLines } from './flatten-support.js'
import type { Draft } from './flatten-support.js'

const pop: Draft = { kind: 'param', name: 'Pop', dimensions: ['Region', 'Age'], value: 1 }
const rate: Draft = { kind: 'param', name: 'Rate', dimensions: ['Region'], value: 1 }
const coast = { name: 'Coast', elements: ['north', 'east'], parent: 'Region' }

/** The error lines of a model with Pop[Region, Age], Rate[Region] and one more variable. */
const errorsOf = (x: Draft, dims = [REGION, AGE, coast]) => errorLines(arrayed(dims, [pop, rate, x]))

describe('validate: arrays, one line per problem', () => {
  it('an unknown dimension, in a variable or a dimension list', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', dimensions: ['Regoin'], equation: '1' })).toEqual([
      'unknown-dimension: X: "Regoin" is not a dimension of the model (did you mean "Region"?)',
    ])
  })

  it('only the root error for a variable whose dimensions are wrong, none of what follows from it', () => {
    const x: Draft = {
      kind: 'aux',
      name: 'X',
      dimensions: ['Regoin', 'Age'],
      equation: 'Pop[Region, Age] * Rate',
      perElement: [{ subscripts: ['north', 'young'], equation: 'Rate[Region]' }],
    }
    expect(errorsOf(x)).toEqual([
      'unknown-dimension: X: "Regoin" is not a dimension of the model (did you mean "Region"?)',
    ])
  })

  it('only the mapping error when an equation reads across a bad mapping, either way', () => {
    const zone = { name: 'Zone', elements: ['z1', 'z2'], mappings: [{ to: 'Region' }] }
    const lines = errorLines(
      arrayed(
        [REGION, zone],
        [
          { kind: 'param', name: 'Zw', dimensions: ['Zone'], value: 1 },
          { kind: 'aux', name: 'Y', dimensions: ['Region'], equation: 'Zw[Zone]' },
          { kind: 'aux', name: 'W', dimensions: ['Zone'], equation: 'Y[Region]' },
        ],
      ),
    )
    expect(lines).toEqual([
      'bad-mapping: Zone: "Zone" (2 elements) maps by position to "Region" (3) (give both the same number of elements or list what each element maps to)',
    ])
  })

  it('an unknown subscript, with a did-you-mean', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'Rate[nort]' })).toEqual([
      'unknown-subscript: X: "nort" is neither an element of Region nor a dimension (did you mean "north"?)',
    ])
  })

  it('the wrong number of subscripts', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', dimensions: ['Region'], equation: 'Pop[Region]' })).toEqual([
      'subscript-count: X: "Pop" has 2 dimensions (Region, Age) but is read with 1 subscript (write Pop[Region, Age])',
    ])
  })

  it('an element of another dimension, a position past the end, an element outside a subrange', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'Rate[young]' })).toEqual([
      'bad-subscript: X: "young" belongs to Age, but that place of "Rate" is Region (use an element of Region, or map Age to Region)',
    ])
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'Rate[4]' })).toEqual([
      'bad-subscript: X: position 4 is past the end of Region, which has 3 elements (positions of Region run from 1 to 3)',
    ])
    const c: Draft = { kind: 'param', name: 'C', dimensions: ['Coast'], value: 1 }
    expect(errorLines(arrayed([REGION, AGE, coast], [c, { kind: 'aux', name: 'X', equation: 'C[south]' }]))).toEqual([
      'bad-subscript: X: element "south" is not in Coast, a dimension of "C" (use an element of Coast (north, east))',
    ])
    expect(
      errorLines(arrayed([REGION, AGE, coast], [c, { kind: 'aux', name: 'X', dimensions: ['Region'], equation: 'C' }])),
    ).toEqual([
      'bad-subscript: X: element "south" is not in Coast, a dimension of "C" (use an element of Coast (north, east))',
    ])
    // A subrange read over its parent holds only for the subrange's elements (it used to read Rate[south]).
    expect(
      errorLines(
        arrayed(
          [REGION, AGE, coast],
          [rate, { kind: 'aux', name: 'X', dimensions: ['Region'], equation: 'Rate[Coast]' }],
        ),
      ),
    ).toEqual(['bad-subscript: X: element "south" is not in Coast (use an element of Coast (north, east))'])
  })

  it('subscripts on a variable that is not arrayed, or on a dimension', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'K[north]' }).slice(0, 1)).toEqual([
      'unknown-reference: X: "K" is not an element of this model (check the spelling or add the element)',
    ])
    const k: Draft = { kind: 'param', name: 'K', value: 1 }
    expect(errorLines(arrayed([REGION], [k, { kind: 'aux', name: 'X', equation: 'K[north] + Region[1]' }]))).toEqual([
      'not-arrayed: X: "K" is not arrayed, so it takes no subscripts (write K without [...] or give it dimensions)',
      'not-arrayed: X: "Region" is a dimension; it has no elements to subscript (write Region alone for the element\'s position)',
    ])
    // Without dimensions in the model, the scalar checks catch it too.
    const scalar = {
      name: 's',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [
        { kind: 'param', name: 'K', id: 'k', value: 1 },
        { kind: 'aux', name: 'X', id: 'x', equation: 'K[north]' },
      ],
    } as const
    expect(validate(scalar).map((i) => i.code)).toEqual(['not-arrayed'])
  })

  it('a dimension left free outside a reduction', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'Rate[Region]' })).toEqual([
      'unbound-dimension: X: Region in Rate is not a dimension of the element being computed (name one element, or reduce it: SUM(Rate[Region!]))',
    ])
    expect(errorsOf({ kind: 'aux', name: 'X', dimensions: ['Age'], equation: 'Pop * 2' })).toEqual([
      'unbound-dimension: X: Region in Pop is not a dimension of the element being computed (Age) (name one element, or reduce it: SUM(Pop[Region!]))',
    ])
  })

  it('elements left undefined, and elements defined twice', () => {
    expect(
      errorsOf({
        kind: 'aux',
        name: 'X',
        dimensions: ['Region'],
        equation: '',
        perElement: [{ subscripts: ['north'], equation: '1' }],
      }),
    ).toEqual([
      'element-undefined: X: 2 elements of "X" have no equation: X[south], X[east] (give the variable an equation for all elements, or a per-element equation for each)',
    ])
    expect(
      errorsOf({
        kind: 'aux',
        name: 'X',
        dimensions: ['Region'],
        equation: '0',
        perElement: [
          { subscripts: ['Coast'], equation: '1' },
          { subscripts: ['east'], equation: '2' },
        ],
      }),
    ).toEqual([
      'element-defined-twice: X[east]: "X[east]" already has an equation (give each element one equation: narrow a subrange or remove one)',
    ])
  })

  it('per-element subscripts that do not fit the variable', () => {
    expect(
      errorsOf({
        kind: 'aux',
        name: 'X',
        dimensions: ['Region'],
        equation: '0',
        perElement: [{ subscripts: ['north', 'young'], equation: '1' }],
      }),
    ).toEqual([
      'subscript-count: X[north,young]: the per-element equation has 2 subscripts, but "X" has 1 dimension (write one element, subrange or dimension per dimension: X[Region])',
    ])
    expect(
      errorsOf({
        kind: 'aux',
        name: 'X',
        dimensions: ['Region'],
        equation: '0',
        perElement: [{ subscripts: ['young'], equation: '1' }],
      }),
    ).toEqual([
      'bad-subscript: X[young]: "young" is not an element or subrange of Region (use an element of Region (north, south, east) or a subrange of it)',
    ])
  })

  it('dimensions that do not fit: no elements, a repeat, an unknown parent, a subrange element outside its parent', () => {
    const lines = errorLines(
      arrayed(
        [
          { name: 'Empty', elements: [] },
          { name: 'Twice', elements: ['a', 'A'] },
          { name: 'Orphan', elements: ['x'], parent: 'Regoin' },
          { name: 'Stray', elements: ['north', 'west'], parent: 'Region' },
          REGION,
        ],
        [],
      ),
    )
    expect(lines).toEqual([
      'bad-dimension: Empty: dimension "Empty" has no elements (list its elements or give it a size)',
      'bad-dimension: Twice: element "A" is listed twice in "Twice" (remove the repeat)',
      'bad-dimension: Orphan: the parent "Regoin" of subrange "Orphan" is not a dimension (did you mean "Region"?)',
      'bad-dimension: Stray: element "west" of subrange "Stray" is not an element of "Region" (add it to "Region" or remove it from the subrange)',
    ])
  })

  it('mappings that do not fit', () => {
    const lines = errorLines(
      arrayed(
        [
          REGION,
          { name: 'Two', elements: ['a', 'b'], mappings: [{ to: 'Region' }] },
          {
            name: 'Three',
            elements: ['x', 'y', 'z'],
            mappings: [{ to: 'Region', elements: ['north', 'west', 'east'] }, { to: 'Nowhere' }],
          },
          { name: 'One', elements: ['o1', 'o2'], mappings: [{ to: 'Region', elements: ['north'] }] },
        ],
        [],
      ),
    )
    expect(lines).toEqual([
      'bad-mapping: Two: "Two" (2 elements) maps by position to "Region" (3) (give both the same number of elements or list what each element maps to)',
      'bad-mapping: Three: the mapping of "Three" names "west", which is not an element or subrange of "Region" (use an element of "Region")',
      'bad-mapping: Three: "Three" maps to "Nowhere", which is not a dimension (define it or fix the name)',
      'bad-mapping: One: the mapping of "One" to "Region" lists 1 targets for 2 elements (list one element or subrange of the target per element)',
    ])
  })

  it('a mapping that gives no element for the element computed', () => {
    const odd = { name: 'Small', elements: ['s1', 's2'], mappings: [{ to: 'Region', elements: ['north', 'south'] }] }
    const s: Draft = { kind: 'param', name: 'S', dimensions: ['Small'], value: 1 }
    expect(
      errorLines(arrayed([REGION, odd], [s, { kind: 'aux', name: 'X', dimensions: ['Region'], equation: 'S[Small]' }])),
    ).toEqual([
      'bad-mapping: X: the mapping between Region and Small gives no element of Small for "east" (map each element to exactly one)',
    ])
  })

  it('a flow arrayed over a dimension its stock lacks', () => {
    const lines = errorLines(
      arrayed(
        [REGION, AGE],
        [
          { kind: 'stock', name: 'S', dimensions: ['Region'], initial: '0', inflows: ['F'], outflows: [] },
          { kind: 'flow', name: 'F', dimensions: ['Region', 'Age'], equation: '1' },
          { kind: 'stock', name: 'T', initial: '0', inflows: [], outflows: ['G'] },
          { kind: 'flow', name: 'G', dimensions: ['Region'], equation: '1' },
        ],
      ),
    )
    expect(lines).toEqual([
      'array-flow: S: "F" is arrayed over Age, which "S" is not (array the stock over Age too, or sum the flow in a flow of its own)',
      'array-flow: T: "G" is arrayed over Region, which "T" is not (array the stock like the flow, or give it a flow that sums this one: SUM(G[*]))',
    ])
  })

  it('an array function that cannot be laid out', () => {
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'VECTOR_SORT_ORDER(Rate[*], 1)' })).toEqual([
      'array-function: X: VECTOR_SORT_ORDER gives one value per element, so its equation must be arrayed by at least 1 dimension (VECTOR SORT ORDER(a[d], direction): the positions of the elements in sorted order)',
    ])
    expect(errorsOf({ kind: 'aux', name: 'X', equation: 'VECTOR_ELM_MAP(3, 1)' })).toEqual([
      'array-function: X: the first argument of VECTOR_ELM_MAP must name an element of an arrayed variable (VECTOR ELM MAP(a[d start], offset): the element `offset` places after `start`)',
    ])
  })

  it('reports a problem of an apply-to-all equation once, with its place in the text, not once per element', () => {
    const m = arrayed(
      [REGION, AGE],
      [pop, { kind: 'aux', name: 'X', dimensions: ['Region'], equation: 'SUM(Pop[Region, *]) + Popp' }],
    )
    const issues = validate(m)
    expect(issues.map((i) => formatIssue(i))).toEqual([
      'error [unknown-reference] "X" equation at 23: "Popp" is not an element of this model (did you mean "Pop"?)',
    ])
  })

  it('reports the flat model’s own problems (loops, unused) once per equation too', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'aux', name: 'A', dimensions: ['Region'], equation: 'B + 1' },
        { kind: 'aux', name: 'B', dimensions: ['Region'], equation: 'A * 2' },
        { kind: 'param', name: 'Unused', dimensions: ['Region'], value: 1 },
      ],
    )
    expect(validate(m).map((i) => `${i.code} ${i.element}`)).toEqual([
      'algebraic-loop A[north]',
      'unused Unused[north]',
    ])
  })

  it('an element named like another variable', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'param', name: 'Pop', dimensions: ['Region'], value: 1 },
        { kind: 'aux', name: 'pop[north]', equation: 'Pop[south]' },
      ],
    )
    expect(errorLines(m)).toEqual([
      'duplicate-name: pop[north]: "pop[north]" has the same id as "Pop[north]" (an element of an arrayed variable is named like another variable; rename one)',
    ])
  })

  it('reports equations that do not parse once, at their place', () => {
    const m = arrayed(
      [REGION],
      [
        {
          kind: 'aux',
          name: 'X',
          dimensions: ['Region'],
          equation: '1 +',
          perElement: [{ subscripts: ['north'], equation: 'a b' }],
        },
      ],
    )
    expect(validate(m).map((i) => `${i.code} ${i.element}`)).toEqual(['syntax X', 'implicit-multiplication X[north]'])
  })

  it('an empty equation of a scalar in an arrayed model is an error, as without arrays (lowering crashed)', () => {
    const m = arrayed([REGION], [{ kind: 'aux', name: 'Blank', equation: '' }])
    expect(errorLines(m)).toEqual(['empty-equation: Blank: the equation is empty (write a number or a formula)'])
  })
})
