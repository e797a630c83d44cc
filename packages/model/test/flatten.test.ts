import { describe, expect, it } from 'vitest'
import { StockflowError, canonicalId, flatten, validate } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { flattenModel, validateParsed } from '@stockflow/model/internal'
import { AGE, REGION, arrayed, flatEquation, flatEquations, flattenIssues } from './flatten-support.js'

describe('flattenModel: elements', () => {
  it('gives each arrayed variable one element per combination, row-major, named and id-ed as the contract says', () => {
    const m = arrayed([REGION, AGE], [{ kind: 'param', name: 'Birth Rate', dimensions: ['Region', 'Age'], value: 2 }])
    const { flat, parsed, issues } = flattenModel(m)
    expect(issues).toEqual([])
    expect(flat.elements.map((e) => [e.name, e.id])).toEqual([
      ['Birth Rate[north,young]', 'birth_rate[north,young]'],
      ['Birth Rate[north,old]', 'birth_rate[north,old]'],
      ['Birth Rate[south,young]', 'birth_rate[south,young]'],
      ['Birth Rate[south,old]', 'birth_rate[south,old]'],
      ['Birth Rate[east,young]', 'birth_rate[east,young]'],
      ['Birth Rate[east,old]', 'birth_rate[east,old]'],
    ])
    expect(parsed.map((p) => p.element)).toEqual(flat.elements)
    expect(flat.dimensions).toBeUndefined()
    expect(flat.elements[0]).toEqual({
      kind: 'param',
      name: 'Birth Rate[north,young]',
      id: 'birth_rate[north,young]',
      value: 2,
    })
  })

  it('leaves a model without arrays alone: the same object, parsed as before', () => {
    const m: Model = {
      name: 'plain',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [{ kind: 'aux', name: 'A', id: 'a', equation: '1 + 2' }],
    }
    const { flat, parsed, issues } = validateParsed(m)
    expect(flat).toBe(m)
    expect(issues).toEqual([])
    expect(parsed[0]).toMatchObject({ element: m.elements[0], equation: { type: 'binary', op: '+' } })
  })

  it('copies units, doc, min, max and nonNegative to every element', () => {
    const m = arrayed(
      [REGION],
      [
        {
          kind: 'stock',
          name: 'S',
          dimensions: ['Region'],
          initial: '1',
          inflows: [],
          outflows: [],
          units: 'people',
          doc: 'd',
          min: 0,
          max: 9,
          nonNegative: true,
        },
      ],
    )
    expect(flattenModel(m).flat.elements[1]).toEqual({
      kind: 'stock',
      name: 'S[south]',
      id: 's[south]',
      units: 'people',
      doc: 'd',
      min: 0,
      max: 9,
      nonNegative: true,
      initial: '1',
      inflows: [],
      outflows: [],
    })
  })

  it('keeps scalar variables that read no arrays exactly as written', () => {
    const m = arrayed([REGION], [{ kind: 'aux', name: 'A', equation: 'TIME*2  +1' }])
    expect(flattenModel(m).flat.elements[0]).toEqual({ kind: 'aux', name: 'A', id: 'a', equation: 'TIME*2  +1' })
  })

  it('prints names quoted, so the flat model is an ordinary model that validates and reads back the same', () => {
    const m = arrayed(
      [{ name: 'City', elements: ['New York', 'Paris'] }],
      [
        { kind: 'param', name: 'pop A', dimensions: ['City'], value: 1 },
        { kind: 'aux', name: 'Twice', dimensions: ['City'], equation: '"pop A"[City] * 2' },
        { kind: 'aux', name: 'NY', equation: '"pop A"["New York"]' },
      ],
    )
    const flat = flatten(m)
    expect(flatEquations(m)).toMatchObject({ 'Twice[New York]': '"pop A[New York]" * 2', NY: '"pop A[New York]"' })
    expect(flat.elements.find((e) => e.name === 'NY')).toMatchObject({ equation: '"pop A[New York]"' })
    expect(validate(flat)).toEqual([])
  })
})

describe('flattenModel: references', () => {
  const base = [
    { kind: 'param', name: 'Pop', dimensions: ['Region', 'Age'], value: 1 },
    { kind: 'param', name: 'Rate', dimensions: ['Region'], value: 1 },
  ]
  const eqOf = (equation: string, dimensions: string[] = ['Region', 'Age'], name = 'X[south,old]') =>
    flatEquation(arrayed([REGION, AGE], [...base, { kind: 'aux', name: 'X', dimensions, equation }]), name)

  it('reads a bound dimension as the element being computed', () => {
    expect(eqOf('Pop[Region, Age] * Rate[Region]')).toBe('"Pop[south,old]" * "Rate[south]"')
  })

  it('reads a fixed element, a position and a mix', () => {
    expect(eqOf('Pop[north, young]')).toBe('"Pop[north,young]"')
    expect(eqOf('Pop[3, Age]')).toBe('"Pop[east,old]"')
    expect(eqOf('Rate[2] + Pop[Region, 1]')).toBe('"Rate[south]" + "Pop[south,young]"')
  })

  it('implies the subscripts of an arrayed reference written bare from the bound dimensions (up-dimensioning)', () => {
    expect(eqOf('Pop * Rate')).toBe('"Pop[south,old]" * "Rate[south]"')
    expect(eqOf('Rate', ['Region', 'Age'])).toBe('"Rate[south]"')
  })

  it('transposes by binding names, written or implied', () => {
    expect(eqOf('Pop[Region, Age]', ['Age', 'Region'], 'X[old,south]')).toBe('"Pop[south,old]"')
    expect(eqOf('Pop', ['Age', 'Region'], 'X[young,east]')).toBe('"Pop[east,young]"')
  })

  it('reads a dimension name as a value: the 1-based position of the current element', () => {
    expect(eqOf('Region * 10 + Age')).toBe('2 * 10 + 2')
  })

  it('folds what the substitution decided: a condition keeps only the branch taken', () => {
    const m = arrayed(
      [AGE],
      [
        { kind: 'aux', name: 'Pop', equation: '10' },
        { kind: 'aux', name: 'Aging', dimensions: ['Age'], equation: 'Age == 1 ? Pop * 0.05 : Aging[young]' },
        { kind: 'aux', name: 'Gap', dimensions: ['Age'], equation: 'ABS(Age - 3) + (Age != 2) + Age * 7 - -Age' },
        { kind: 'aux', name: 'Both', dimensions: ['Age'], equation: 'Age * Age + (Age > 1 and not (Age == 3))' },
      ],
    )
    expect(flatEquations(m)).toMatchObject({
      'Aging[young]': '"Pop" * 0.05',
      'Aging[old]': '"Aging[young]"',
      // 3 and 7 were written: kept; a sign stays.
      'Gap[young]': 'abs(1 - 3) + 1 + 1 * 7 - -1',
      'Gap[old]': 'abs(2 - 3) + 0 + 2 * 7 - -2',
      'Both[young]': '1',
      'Both[old]': '5',
    })
  })

  it('reads scalars from an arrayed equation and elements from a scalar one', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'param', name: 'K', value: 3 },
        { kind: 'aux', name: 'A', dimensions: ['Region'], equation: 'K * Region' },
        { kind: 'aux', name: 'B', equation: 'A[east] - A[1]' },
      ],
    )
    expect(flatEquations(m)).toMatchObject({ 'A[north]': '"K" * 1', B: '"A[east]" - "A[north]"' })
  })

  it('calls an arrayed lookup per element, written with subscripts or bare', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'lookup', name: 'Effect', dimensions: ['Region'], x: [0, 1], y: [0, 2] },
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Region'],
          equation: 'Effect[Region](TIME) + Effect(1) + Effect[north](2)',
        },
      ],
    )
    expect(flatEquation(m, 'A[east]')).toBe('"Effect[east]"(time) + "Effect[east]"(1) + "Effect[north]"(2)')
  })

  it('gives arrayed SMOOTH and DELAY one call per element, so each keeps its own state', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'param', name: 'In', dimensions: ['Region'], value: 1 },
        { kind: 'aux', name: 'S', dimensions: ['Region'], equation: 'SMOOTH(In, 3) + DELAY1(In[Region], 2)' },
      ],
    )
    expect(flatEquation(m, 'S[south]')).toBe('smth1("In[south]", 3) + delay1("In[south]", 2)')
  })
})

describe('flattenModel: per-element equations', () => {
  it('takes each element from the per-element equation covering it, else the apply-to-all one (like :EXCEPT:)', () => {
    const m = arrayed(
      [REGION],
      [
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Region'],
          equation: 'Region',
          perElement: [{ subscripts: ['south'], equation: '100' }],
        },
      ],
    )
    expect(flatEquations(m)).toEqual({ 'A[north]': '1', 'A[south]': '100', 'A[east]': '3' })
  })

  it('allows an empty main equation when the per-element equations cover every element', () => {
    const m = arrayed(
      [REGION, AGE],
      [
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Region', 'Age'],
          equation: '',
          perElement: [
            { subscripts: ['Region', 'young'], equation: 'Region' },
            { subscripts: ['Region', 'old'], equation: '-Region' },
          ],
        },
      ],
    )
    expect(flattenIssues(m)).toEqual([])
    expect(flatEquations(m)).toMatchObject({ 'A[east,young]': '3', 'A[east,old]': '-3' })
  })

  it("binds a subrange named in a per-element equation's subscripts, and its parent", () => {
    const coast = { name: 'Coast', elements: ['north', 'east'], parent: 'Region' }
    const m = arrayed(
      [REGION, coast],
      [
        { kind: 'param', name: 'P', dimensions: ['Region'], value: 1 },
        { kind: 'param', name: 'C', dimensions: ['Coast'], value: 1 },
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Region'],
          equation: '0',
          perElement: [{ subscripts: ['Coast'], equation: 'C[Coast] + P[Region] + Coast' }],
        },
      ],
    )
    expect(flatEquations(m)).toMatchObject({
      'A[north]': '"C[north]" + "P[north]" + 1',
      'A[south]': '0',
      // A subrange's name as a value is the position in its parent (Vensim): east is Region's third.
      'A[east]': '"C[east]" + "P[east]" + 3',
    })
  })

  it('gives parameters per-element values, lookups per-element points, auxiliaries per-element graphs', () => {
    const m = arrayed(
      [REGION],
      [
        {
          kind: 'param',
          name: 'P',
          dimensions: ['Region'],
          value: 1,
          perElement: [{ subscripts: ['east'], equation: '-2.5' }],
        },
        {
          kind: 'lookup',
          name: 'L',
          dimensions: ['Region'],
          x: [0, 1],
          y: [0, 1],
          perElement: [{ subscripts: ['north'], graph: { x: [0, 2], y: [5, 6], mode: 'discrete' } }],
        },
        {
          kind: 'aux',
          name: 'G',
          dimensions: ['Region'],
          equation: 'TIME',
          graph: { x: [0, 1], y: [1, 1] },
          perElement: [{ subscripts: ['south'], graph: { x: [0, 1], y: [2, 2] } }],
        },
      ],
    )
    const { flat } = flattenModel(m)
    const by = Object.fromEntries(flat.elements.map((e) => [e.name, e]))
    expect(by['P[east]']).toMatchObject({ value: -2.5 })
    expect(by['P[north]']).toMatchObject({ value: 1 })
    expect(by['L[north]']).toMatchObject({ x: [0, 2], y: [5, 6], mode: 'discrete' })
    expect(by['L[south]']).toMatchObject({ x: [0, 1], y: [0, 1] })
    expect(by['G[south]']).toMatchObject({ equation: 'time', graph: { y: [2, 2] } })
    expect(by['G[east]']).toMatchObject({ equation: 'time', graph: { y: [1, 1] } })
  })
})

describe('flattenModel: dimensions related by subranges, aliases and mappings', () => {
  const coast = { name: 'Coast', elements: ['north', 'east'], parent: 'Region' }

  it('reads a variable over the parent with the subrange name, and one over the subrange in an equation over the parent', () => {
    const m = arrayed(
      [REGION, coast],
      [
        { kind: 'param', name: 'P', dimensions: ['Region'], value: 1 },
        { kind: 'param', name: 'C', dimensions: ['Coast'], value: 1 },
        { kind: 'aux', name: 'OnCoast', dimensions: ['Coast'], equation: 'P[Coast] + P[Region] + P' },
        {
          kind: 'aux',
          name: 'Both',
          dimensions: ['Region'],
          equation: '0',
          perElement: [{ subscripts: ['north'], equation: 'C[Region]' }],
        },
      ],
    )
    expect(flatEquations(m)).toMatchObject({
      'OnCoast[east]': '"P[east]" + "P[east]" + "P[east]"',
      'Both[north]': '"C[north]"',
    })
    expect(Object.keys(flatEquations(m))).toContain('C[east]')
    expect(Object.keys(flatEquations(m))).not.toContain('C[south]')
  })

  it('reads through an alias as through the dimension, yet keeps two names apart in one variable', () => {
    const region = { ...REGION, aliases: ['Place'] }
    const m = arrayed(
      [region],
      [
        { kind: 'param', name: 'P', dimensions: ['Region'], value: 1 },
        { kind: 'aux', name: 'Q', dimensions: ['Place'], equation: 'P' },
        { kind: 'aux', name: 'M', dimensions: ['Region', 'Place'], equation: 'P[Region] - P[Place]' },
      ],
    )
    expect(flatEquations(m)).toMatchObject({ 'Q[south]': '"P[south]"', 'M[north,east]': '"P[north]" - "P[east]"' })
  })

  it('maps positionally in either direction (Vensim ->)', () => {
    const worker = { name: 'Worker', elements: ['wclay', 'wplastic', 'wwood'], mappings: [{ to: 'Product' }] }
    const product = { name: 'Product', elements: ['clay', 'plastic', 'wood'] }
    const m = arrayed(
      [worker, product],
      [
        { kind: 'param', name: 'Work Quality', dimensions: ['Worker'], value: 1 },
        { kind: 'param', name: 'Demand', dimensions: ['Product'], value: 1 },
        { kind: 'aux', name: 'Quality', dimensions: ['Product'], equation: 'Work_Quality[Worker]' },
        { kind: 'aux', name: 'Load', dimensions: ['Worker'], equation: 'Demand[Product]' },
      ],
    )
    expect(flatEquations(m)).toMatchObject({
      'Quality[plastic]': '"Work Quality[wplastic]"',
      'Load[wwood]': '"Demand[wood]"',
    })
  })

  it('maps by listed elements and subranges: several elements of the target standing for one', () => {
    const big = { name: 'Big', elements: ['b1', 'b2', 'b3', 'b4'] }
    const odd = { name: 'Odd', elements: ['b1', 'b3'], parent: 'Big' }
    const even = { name: 'Even', elements: ['b2', 'b4'], parent: 'Big' }
    const small = { name: 'Small', elements: ['s1', 's2'], mappings: [{ to: 'Big', elements: ['Odd', 'Even'] }] }
    const m = arrayed(
      [big, odd, even, small],
      [
        { kind: 'param', name: 'S', dimensions: ['Small'], value: 1 },
        { kind: 'aux', name: 'B', dimensions: ['Big'], equation: 'S[Small]' },
      ],
    )
    expect(flatEquations(m)).toMatchObject({
      'B[b1]': '"S[s1]"',
      'B[b2]': '"S[s2]"',
      'B[b3]': '"S[s1]"',
      'B[b4]': '"S[s2]"',
    })
  })

  it('reads numeric dimensions by position or element name', () => {
    const layer = { name: 'Layer', elements: ['1', '2', '3'] }
    const m = arrayed(
      [layer],
      [
        { kind: 'param', name: 'T', dimensions: ['Layer'], value: 1 },
        { kind: 'aux', name: 'A', equation: 'T[2] + T["3"]' },
      ],
    )
    expect(flatEquation(m, 'A')).toBe('"T[2]" + "T[3]"')
  })

  it("reads a number as an element's name where the dimension has one so named, as Vensim's (3-5)", () => {
    const m = arrayed(
      [{ name: 'Layer', elements: ['3', '4', '5'] }],
      [
        { kind: 'param', name: 'T', dimensions: ['Layer'], value: 1 },
        { kind: 'aux', name: 'A', equation: 'T[4] + T[1]' },
      ],
    )
    expect(flatEquation(m, 'A')).toBe('"T[4]" + "T[3]"')
  })
})

describe('flattenModel: stocks and scenarios', () => {
  it('gives each stock element the matching elements of its flows, broadcasting a flow over fewer dimensions', () => {
    const m = arrayed(
      [REGION, AGE],
      [
        {
          kind: 'stock',
          name: 'Pop',
          dimensions: ['Region', 'Age'],
          initial: '1',
          inflows: ['Births', 'Migration', 'Gift'],
          outflows: ['Deaths'],
        },
        { kind: 'flow', name: 'Births', dimensions: ['Region', 'Age'], equation: '1' },
        { kind: 'flow', name: 'Deaths', dimensions: ['Age', 'Region'], equation: '1' },
        { kind: 'flow', name: 'Migration', dimensions: ['Region'], equation: '1' },
        { kind: 'flow', name: 'Gift', equation: '1' },
      ],
    )
    const { flat, issues } = flattenModel(m)
    expect(issues).toEqual([])
    expect(flat.elements.find((e) => e.name === 'Pop[east,old]')).toMatchObject({
      inflows: ['births[east,old]', 'migration[east]', 'gift'],
      outflows: ['deaths[old,east]'],
    })
  })

  it('sets every element of an arrayed variable a scenario names, or the one element it names', () => {
    const m: Model = {
      ...arrayed(
        [REGION],
        [
          { kind: 'param', name: 'Growth', dimensions: ['Region'], value: 1 },
          { kind: 'param', name: 'Other', dimensions: ['Region'], value: 1 },
          { kind: 'param', name: 'K', value: 1 },
        ],
      ),
      scenarios: [{ id: 'fast', set: { Growth: 2, 'other[south]': 3, 'Other[*]': 4, K: 5 } }],
    }
    expect(flattenModel(m).flat.scenarios).toEqual([
      {
        id: 'fast',
        set: {
          'Growth[north]': 2,
          'Growth[south]': 2,
          'Growth[east]': 2,
          'other[south]': 3,
          'Other[north]': 4,
          'Other[south]': 4,
          'Other[east]': 4,
          K: 5,
        },
      },
    ])
  })

  it('flatten() throws a StockflowError listing the problems', () => {
    const m = arrayed([REGION], [{ kind: 'aux', name: 'A', dimensions: ['Region'], equation: 'B[north]' }])
    expect(() => flatten(m)).toThrow(StockflowError)
    expect(() => flatten(m)).toThrow(
      /cannot be flattened \(1 error\):\n {2}error \[unknown-reference\] "A" equation at 1/,
    )
  })
})

describe('flattenModel: element ids', () => {
  it('are canonicalId of the element names, however the names are spelled', () => {
    const names = ['  Odd__Name ', '_lead', 'trail_', 'Mixed Case', 'a\\nb', '产能', '\\n_x', ' _ ']
    const elements = [' x ', '_y_', 'New  York', 'Z\\n1', '2', '\\n_e', 'f_\\n', ' \\n _g', 'h _ ']
    const m = arrayed(
      [
        { name: 'D', elements },
        { name: 'E', elements: ['e_', ' f'] },
      ],
      names.map((name) => ({ kind: 'param', name, dimensions: ['D', 'E'], value: 1 })),
    )
    const { flat } = flattenModel(m)
    expect(flat.elements).toHaveLength(names.length * elements.length * 2)
    for (const e of flat.elements) expect(e.id).toBe(canonicalId(e.name))
  })
})
