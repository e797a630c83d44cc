import { describe, expect, it } from 'vitest'
import {
  StockflowError,
  at,
  aux,
  bang,
  dimension,
  eq,
  flatten,
  flow,
  lookup,
  model,
  modelFromJSON,
  modelToJSON,
  param,
  parseEquation,
  stock,
  subrange,
  validate,
} from '@stockflow/model'
import type { Dimension, Element } from '@stockflow/model'
import { callDsl } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'
import regionalSir from '../../../seeds/regional-sir/model.js'

const time = { start: 0, stop: 2, dt: 1 }
const Region = dimension('Region', ['north', 'south', 'east'])
const Age = dimension('Age', ['young', 'old'])
const Coast = subrange('Coast', Region, ['north', 'south'])

/** Calls a DSL function as plain JavaScript would: no type checks. */
const loose = <F extends (...args: never[]) => unknown>(f: F) => f as unknown as (...args: unknown[]) => unknown

describe('dimension() and subrange()', () => {
  it('return plain Dimension data', () => {
    expect(Region).toEqual({ name: 'Region', elements: ['north', 'south', 'east'] })
    expect(Coast).toEqual({ name: 'Coast', elements: ['north', 'south'], parent: 'Region' })
    expect(dimension('Cohort', 3)).toEqual({ name: 'Cohort', elements: ['1', '2', '3'] })
    const place = dimension('Place', ['a', 'b'], {
      aliases: ['Site'],
      mappings: [{ to: 'Region', elements: ['north', 'east'] }],
    })
    expect(place).toEqual({
      name: 'Place',
      elements: ['a', 'b'],
      aliases: ['Site'],
      mappings: [{ to: 'Region', elements: ['north', 'east'] }],
    })
    expect(JSON.parse(JSON.stringify(place))).toEqual(place)
  })

  it('refuse from plain JavaScript what the types refuse, and what they cannot see', () => {
    const dim = loose(dimension)
    expect(() => dim('Region', ['north', 'south', 'north'])).toThrow(StockflowError)
    expect(() => dim('Region', ['north', 'south', 'North'])).toThrow(
      /dimension "Region" lists the element "North" twice/,
    )
    expect(() => dim('Region', [])).toThrow(/dimension "Region" has no elements/)
    expect(() => dim('Cohort', 0)).toThrow(/size 0; give a whole number/)
    expect(() => dim('Cohort', 2.5)).toThrow(/size 2.5/)
    expect(() => dim('', ['a'])).toThrow(/no name/)
    expect(() => dim('R', ['a', 3])).toThrow(/has the element 3/)
    expect(() => loose(subrange)('Inland', Region, ['east', 'west'])).toThrow(
      /subrange "Inland": "west" is not an element of "Region" \(north, south, east\)/,
    )
    expect(() => subrange('Twice', Region, ['north', 'north'])).toThrow(/lists the element "north" twice/)
  })
})

describe('at() and eq', () => {
  const infected = stock('Infected', { dimensions: [Region], initial: 1 })
  const m = aux('Contact Matrix', { dimensions: [Region, Age], equation: 1 })

  it('write subscripts after the quoted name', () => {
    expect(eq`${infected}`).toBe('"Infected"')
    expect(eq`${at(infected, Region)}`).toBe('"Infected"[Region]')
    expect(eq`${at(infected, 'north')}`).toBe('"Infected"[north]')
    expect(eq`SUM(${at(infected, '*')})`).toBe('SUM("Infected"[*])')
    expect(eq`${at(infected, Coast)}`).toBe('"Infected"[Coast]')
    expect(eq`${at(m, Region, '*')}`).toBe('"Contact Matrix"[Region, *]')
    expect(eq`SUM(${at(m, bang(Region), 'old')})`).toBe('SUM("Contact Matrix"[Region!, old])')
    expect(eq`${Region} * 2`).toBe('Region * 2')
  })

  it('quotes element and dimension names that would not read back as themselves', () => {
    const City = dimension('Big City', ['New York', '2', 'and', 'ok_1'])
    const rent = param('Rent', 1, { dimensions: [City] })
    expect(eq`${at(rent, 'New York')} + ${at(rent, '2')} + ${at(rent, 'and')} + ${at(rent, 'ok_1')}`).toBe(
      '"Rent"["New York"] + "Rent"["2"] + "Rent"["and"] + "Rent"[ok_1]',
    )
    expect(eq`${at(rent, City)} + ${at(rent, bang(City))}`).toBe('"Rent"["Big City"] + "Rent"["Big City"!]')
  })

  it('writes equations the parser reads back with the same subscripts', () => {
    const City = dimension('Big City', ['New York', '2'])
    const rent = param('Rent', 1, { dimensions: [City] })
    expect(parseEquation(eq`${at(rent, 'New York')}`)).toMatchObject({
      type: 'ref',
      id: 'rent',
      subs: [{ kind: 'name', name: 'New York' }],
    })
    expect(parseEquation(eq`${at(rent, '2')}`)).toMatchObject({ subs: [{ kind: 'name', name: '2' }] })
    expect(parseEquation(eq`SUM(${at(m, bang(Region), '*')})`)).toMatchObject({
      type: 'call',
      args: [{ type: 'ref', id: 'contact_matrix', subs: [{ kind: 'bang', name: 'Region' }, { kind: 'star' }] }],
    })
    expect(parseEquation(eq`${at(rent, bang(City))}`)).toMatchObject({ subs: [{ kind: 'bang', name: 'Big City' }] })
  })

  it('calls an arrayed lookup at an element', () => {
    const effect = lookup(
      'Effect',
      [
        [0, 0],
        [1, 1],
      ],
      { dimensions: [Region] },
    )
    const text = eq`${at(effect, 'north')}(0.5)`
    expect(parseEquation(text)).toMatchObject({ type: 'lookup', id: 'effect', subs: [{ kind: 'name', name: 'north' }] })
  })

  it('refuses from plain JavaScript a wrong count, a scalar, a bad subscript', () => {
    const at_ = loose(at)
    expect(() => at_(m, Region)).toThrow(
      /at\("Contact Matrix", \.\.\.\): 1 subscript for 2 dimensions \(Region, Age\); give one per dimension/,
    )
    expect(() => at_(param('Scalar', 1), 'north')).toThrow(/"Scalar" has no dimensions; read it without at\(\)/)
    expect(() => at_(infected, 3)).toThrow(/subscript 1 is 3/)
  })
})

describe('arrayed variables', () => {
  it('keep their dimensions and per-element formulas as the model says them', () => {
    const rate = aux('Rate', {
      dimensions: [Region, Age],
      equation: 2,
      perElement: [
        [['north', 'young'], eq`0`],
        [[Coast, 'old'], 3],
        [[Region, Age], 4],
      ],
    })
    expect(rate).toEqual({
      kind: 'aux',
      name: 'Rate',
      id: 'rate',
      dimensions: ['Region', 'Age'],
      equation: '2',
      perElement: [
        { subscripts: ['north', 'young'], equation: '0' },
        { subscripts: ['Coast', 'old'], equation: '3' },
        { subscripts: ['Region', 'Age'], equation: '4' },
      ],
    })
    expect(aux('Share', { dimensions: [Region], equation: 1, perElement: { north: 0, east: -1 } })).toMatchObject({
      perElement: [
        { subscripts: ['north'], equation: '0' },
        { subscripts: ['east'], equation: '(-1)' },
      ],
    })
  })

  it('leave the main formula empty when per-element formulas cover it', () => {
    const s = stock('S', { dimensions: [Region], perElement: { north: 1, south: 2, east: 3 } })
    expect(s).toMatchObject({ initial: '', dimensions: ['Region'] })
    expect(flow('F', { dimensions: [Region], to: s, perElement: [[[Region], 1]] })).toMatchObject({ equation: '' })
    expect(aux('A', { dimensions: [Region], perElement: { north: 1, south: 2, east: 3 } })).toMatchObject({
      equation: '',
    })
  })

  it('write a parameter record as its most common value and the others per element', () => {
    expect(param('Pop', { north: 1000, south: 2000, east: 1000 }, { dimensions: [Region], units: 'people' })).toEqual({
      kind: 'param',
      name: 'Pop',
      id: 'pop',
      units: 'people',
      dimensions: ['Region'],
      value: 1000,
      perElement: [{ subscripts: ['south'], equation: '2000' }],
    })
    expect(param('Same', { north: 1, south: 1, east: 1 }, { dimensions: [Region] })).toEqual({
      kind: 'param',
      name: 'Same',
      id: 'same',
      dimensions: ['Region'],
      value: 1,
    })
    const table = param(
      'Table',
      { north: { young: 1, old: 2 }, south: { young: 1, old: 3 }, east: { young: 1, old: 2 } },
      { dimensions: [Region, Age] },
    )
    expect(table).toMatchObject({
      value: 1,
      perElement: [
        { subscripts: ['north', 'old'], equation: '2' },
        { subscripts: ['south', 'old'], equation: '3' },
        { subscripts: ['east', 'old'], equation: '2' },
      ],
    })
    expect(param('Per', 1, { dimensions: [Region], perElement: { east: 2 } })).toMatchObject({
      value: 1,
      perElement: [{ subscripts: ['east'], equation: '2' }],
    })
    expect(param('G', 0.1, { dimensions: [Region] })).toEqual({
      kind: 'param',
      name: 'G',
      id: 'g',
      dimensions: ['Region'],
      value: 0.1,
    })
  })

  it('give a lookup per-element points', () => {
    const l = lookup(
      'Effect',
      [
        [0, 0],
        [1, 1],
      ],
      {
        dimensions: [Region],
        perElement: {
          south: [
            [0, 1],
            [1, 0],
          ],
        },
      },
    )
    expect(l).toEqual({
      kind: 'lookup',
      name: 'Effect',
      id: 'effect',
      dimensions: ['Region'],
      x: [0, 1],
      y: [0, 1],
      perElement: [{ subscripts: ['south'], graph: { x: [0, 1], y: [1, 0] } }],
    })
  })

  it('refuse from plain JavaScript what the types refuse, naming the variable', () => {
    const aux_ = loose(aux)
    const param_ = loose(param)
    expect(() => aux_('Twice', { dimensions: [Region, Region], equation: 1 })).toThrow(
      /variable "Twice" lists dimension "Region" twice/,
    )
    expect(() => aux_('Named', { dimensions: ['Region'], equation: 1 })).toThrow(
      /variable "Named": dimension 1 is "Region"; give a dimension made by dimension\(\)/,
    )
    expect(() => aux_('West', { dimensions: [Region], equation: 1, perElement: { west: 1 } })).toThrow(
      /variable "West": "west" is not an element of "Region" \(north, south, east\)/,
    )
    expect(() => aux_('Short', { dimensions: [Region, Age], equation: 1, perElement: [[['north'], 1]] })).toThrow(
      /variable "Short": Short\[north\] has 1 subscript for 2 dimensions/,
    )
    expect(() => aux_('Record', { dimensions: [Region, Age], equation: 1, perElement: { north: 1 } })).toThrow(
      /perElement as a record needs exactly one dimension/,
    )
    expect(() => aux_('Scalar Per', { equation: 1, perElement: [[['north'], 1]] })).toThrow(
      /has perElement but no dimensions/,
    )
    expect(() => aux_('Nothing', { dimensions: [Region] })).toThrow(/variable "Nothing" has no `equation`/)
    expect(() => aux_('P8', { dimensions: [Region], perElement: { north: 1 } })).toThrow(
      /variable "P8" has no `equation` and perElement leaves out south, east; give `equation` or formulas for them/,
    )
    expect(() => loose(flow)('F', { dimensions: [Region], perElement: { south: 1 } })).toThrow(
      /variable "F" has no `rate` and perElement leaves out north, east/,
    )
    expect(() => loose(stock)('Nothing', { dimensions: [Region] })).toThrow(/has no `initial`/)
    expect(() => param_('Pop', { north: 1, south: 2 }, { dimensions: [Region] })).toThrow(
      /parameter Pop: no value for element "east" of "Region"; give every element/,
    )
    expect(() => param_('Pop', { north: 1, south: 2, east: 3, west: 4 }, { dimensions: [Region] })).toThrow(
      /"west" is not an element of "Region"/,
    )
    expect(() => param_('Pop', { north: 1, south: 'x', east: 3 }, { dimensions: [Region] })).toThrow(
      /parameter Pop\[south\]: "x" is not a finite number/,
    )
    expect(() => param_('Pop', { north: 1 })).toThrow(/parameter "Pop": .* is not a number/)
    expect(() => param_('Pop', 1, { dimensions: [Region], perElement: { north: 'x' } })).toThrow(
      /parameter Pop\[north\]: "x" is not a number/,
    )
    expect(() =>
      param_('Pop', { north: 1, south: 2, east: 3 }, { dimensions: [Region], perElement: { north: 2 } }),
    ).toThrow(/a record of values already gives every element; drop perElement/)
  })

  it('build through callDsl as plain JavaScript calls them (internal, for the .ts writer)', () => {
    const s = callDsl('stock', 'S', { dimensions: [Region], initial: 1, perElement: { north: 2 } })
    expect(s).toEqual(stock('S', { dimensions: [Region], initial: 1, perElement: { north: 2 } }))
    expect(callDsl('flow', 'F', { rate: '"S"', from: s })).toMatchObject({ kind: 'flow', equation: '"S"', from: 's' })
    expect(callDsl('param', 'P', { north: 1, south: 2, east: 1 }, { dimensions: [Region] })).toMatchObject({
      value: 1,
      perElement: [{ subscripts: ['south'], equation: '2' }],
    })
    expect(() => callDsl('aux', 'A', { dimensions: ['Region'], equation: 1 })).toThrow(
      /variable "A": dimension 1 is "Region"; give a dimension made by dimension\(\)/,
    )
  })
})

describe('model() with dimensions', () => {
  const infected = stock('Infected', { dimensions: [Region], initial: 1, perElement: [[[Coast], 2]] })
  const total = aux('Total', { equation: eq`SUM(${at(infected, '*')})` })

  it('lists the dimensions as plain data, which survive JSON', () => {
    const m = model('m', { time, dimensions: [Region, Coast], elements: [infected, total] })
    expect(m.dimensions).toEqual([Region, Coast])
    expect(modelFromJSON(modelToJSON(m))).toEqual(m)
    expect(validate(m)).toEqual([])
    expect(
      flatten(m).elements.map((e) => [e.name, e.kind === 'stock' ? e.initial : e.kind === 'aux' ? e.equation : '']),
    ).toEqual([
      ['Infected[north]', '2'],
      ['Infected[south]', '2'],
      ['Infected[east]', '1'],
      ['Total', expect.stringMatching(/^sum\(/)],
    ])
  })

  it('reads an array over the parent from a variable over a subrange, element by element', () => {
    const coastal = aux('Coastal', { dimensions: [Coast], equation: eq`${infected} * 10 + ${Coast}` })
    const byAge = aux('By Age', {
      dimensions: [Region, Age],
      equation: 0,
      perElement: [[[Coast, 'old'], eq`${at(infected, Coast)}`]],
    })
    const m = model('m', { time, dimensions: [Region, Coast, Age], elements: [infected, coastal, byAge] })
    expect(validate(m)).toEqual([])
    const equations = Object.fromEntries(
      flatten(m).elements.flatMap((e) => (e.kind === 'aux' ? [[e.name, e.equation]] : [])),
    )
    expect(equations).toMatchObject({
      'Coastal[north]': '"Infected[north]" * 10 + 1',
      'Coastal[south]': '"Infected[south]" * 10 + 2',
      'By Age[north,old]': '"Infected[north]"',
      'By Age[east,old]': '0',
    })
  })

  it('leaves scalar models as they were: no dimensions field', () => {
    expect(model('m', { time, elements: [param('P', 1)] })).not.toHaveProperty('dimensions')
  })

  it('refuses from plain JavaScript a missing dimension, a subrange without its parent, a dimension twice', () => {
    const model_ = loose(model)
    const elements: readonly Element[] = [infected]
    expect(() => model_('m', { time, elements })).toThrow(
      /model "m": variable "Infected" is arrayed over "Region", which is not among `dimensions`; add it/,
    )
    expect(() => model_('m', { time, dimensions: [Coast], elements: [] })).toThrow(
      /subrange "Coast" needs its parent "Region" among `dimensions`/,
    )
    const dims: readonly Dimension[] = [Region, Region]
    expect(() => model_('m', { time, dimensions: dims, elements: [] })).toThrow(/lists dimension "Region" twice/)
  })
})

describe('seeds/regional-sir', () => {
  it('validates and declares its region dimension', () => {
    expect(validate(regionalSir)).toEqual([])
    expect(regionalSir.dimensions).toEqual([{ name: 'Region', elements: ['north', 'south', 'east'] }])
  })

  it('runs: people are conserved per region, the epidemic starts in the north and reaches the others', () => {
    const run = simulate(regionalSir)
    const population = { north: 1000, south: 2000, east: 500 }
    for (const [r, n] of Object.entries(population)) {
      const sum = ['Susceptible', 'Infected', 'Recovered'].map((v) => run.get(`${v}[${r}]`))
      sum[0]!.forEach((_, i) => expect(sum[0]![i]! + sum[1]![i]! + sum[2]![i]!).toBeCloseTo(n, 6))
    }
    expect(run.get('Infected[north]')[0]).toBe(5)
    expect(run.get('Infected[south]')[0]).toBe(0)
    expect(Math.max(...run.get('Infected[south]'))).toBeGreaterThan(50)
    const total = run.get('Total Infected')
    const parts = ['north', 'south', 'east'].map((r) => run.get(`Infected[${r}]`))
    total.forEach((t, i) => expect(t).toBeCloseTo(parts[0]![i]! + parts[1]![i]! + parts[2]![i]!, 9))
  })

  it('has scenarios that set one element or a whole array', () => {
    const peak = (scenario?: string) =>
      Math.max(...simulate(regionalSir, scenario ? { scenario } : {}).get('Infected[north]'))
    expect(peak('lockdown-north')).toBeLessThan(peak())
    const distancing = simulate(regionalSir, { scenario: 'distancing' })
    expect(distancing.get('Contact Rate[east]')[0]).toBe(0.15)
    expect(distancing.get('Contact Rate[north]')[0]).toBe(0.15)
  })
})
