import { afterAll, describe, expect, it } from 'vitest'
import { StockflowError, modelFromData, modelToJSON, modelToSource, validate } from '@stockflow/model'
import regionalSir from '../../../seeds/regional-sir/model.js'
import { canonical, expectSameRun, removeWritten, roundTrip, typeErrors } from './source-support.js'
import { regionalSirData } from '../../../test/support/regional-sir-data.js'

// modelToSource on arrayed models: dimensions, arrayed variables with apply-to-all and per-element
// equations, subscripted references as typed handles, all type-checked and read back.

afterAll(removeWritten)

const rsir = modelFromData(regionalSirData())

/** Every array construct the writer meets: subranges, numeric and mapped dimensions, bangs, per-element graphs. */
const arrays = modelFromData({
  name: 'arrays',
  time: { start: 0, stop: 2, dt: 1 },
  dimensions: [
    { name: 'Region', elements: ['north', 'South Coast', 'east'] },
    // Spelt unlike its parent: the DSL's types want the parent's spelling, the model keeps its own.
    { name: 'Coast', elements: ['south coast', 'EAST'], parent: 'Region' },
    { name: 'Age', elements: ['1', '2'] },
    { name: 'Place', elements: ['p1', 'p2', 'p3'], aliases: ['Spot'], mappings: [{ to: 'Region' }] },
  ],
  elements: [
    {
      kind: 'stock',
      name: 'Pop',
      dimensions: ['Region', 'Age'],
      initial: '10',
      perElement: [{ subscripts: ['north', '1'], equation: '5' }],
      inflows: ['births'],
      nonNegative: true,
    },
    { kind: 'flow', name: 'births', dimensions: ['Region', 'Age'], equation: 'Pop[Region, Age] * rate[Region]' },
    {
      kind: 'param',
      name: 'rate',
      dimensions: ['Region'],
      value: 0.1,
      perElement: [{ subscripts: ['Coast'], equation: '0.2' }],
    },
    {
      kind: 'param',
      name: 'limit',
      dimensions: ['Region', 'Age'],
      value: 1,
      perElement: [{ subscripts: ['Coast', '1'], equation: '2' }],
    },
    { kind: 'aux', name: 'total', equation: 'sum(Pop[*, *])' },
    { kind: 'aux', name: 'by age', dimensions: ['Age'], equation: 'sum(Pop[Region!, Age]) + Age' },
    {
      kind: 'lookup',
      name: 'effect',
      dimensions: ['Region'],
      x: [0, 1],
      y: [0, 1],
      perElement: [{ subscripts: ['east'], graph: { x: [0, 1], y: [1, 0] } }],
    },
    { kind: 'aux', name: 'response', dimensions: ['Region'], equation: 'effect[Region](total / 100)' },
    {
      kind: 'aux',
      name: 'shaped',
      dimensions: ['Region'],
      equation: 'time',
      graph: { x: [0, 2], y: [0, 4] },
      perElement: [{ subscripts: ['north'], equation: '2 * time', graph: { x: [0, 1], y: [3, 3], mode: 'discrete' } }],
    },
    {
      kind: 'aux',
      name: 'numbers',
      dimensions: ['Age'],
      equation: '',
      perElement: [
        { subscripts: ['1'], equation: '1' },
        { subscripts: ['2'], equation: 'numbers[1] + 1' },
      ],
    },
    {
      kind: 'aux',
      name: 'backwards',
      dimensions: ['Age'],
      equation: '',
      perElement: [
        { subscripts: ['2'], equation: '20' },
        { subscripts: ['1'], equation: '10' },
      ],
    },
    {
      kind: 'aux',
      name: 'grid',
      dimensions: ['Region', 'Age'],
      equation: 'rate[Region] * Age',
      perElement: [{ subscripts: ['Coast', '2'], equation: 'Pop[Coast, 2]' }],
    },
    { kind: 'aux', name: 'at place', dimensions: ['Place'], equation: 'rate[Place] + Spot' },
    { kind: 'aux', name: 'coastal', dimensions: ['Coast'], equation: 'rate * 2' },
  ],
})

describe('modelToSource on arrayed models', () => {
  it('regional SIR seed: the source rebuilds the same model JSON and the same run', async () => {
    const back = await roundTrip(regionalSir, 'regional-sir')
    expect(modelToJSON(back.model)).toBe(modelToJSON(regionalSir))
    expectSameRun(regionalSir, back.model)
    expect(back.source).not.toMatch(/eq`[^`]*"/)
    expect(back.source).toContain(
      "import { at, aux, dimension, eq, flow, model, param, stock } from '@stockflow/model'",
    )
    expect(back.source).toContain("const Region = dimension('Region', ['north', 'south', 'east'])")
    expect(back.source).toContain("param('Population', { north: 1000, south: 2000, east: 500 }, {")
    expect(back.source).toContain('perElement: { north: 5 },')
    expect(back.source).toContain("SUM(${at(infected, '*')})")
    expect(back.source).toContain('  dimensions: [Region],\n  elements: [')
    expect(typeErrors([back.file])).toEqual([])
  })

  it('a JSON regional SIR: subscripts as at(), a partly given parameter with perElement', async () => {
    expect(validate(rsir).filter((i) => i.severity === 'error')).toEqual([])
    const back = await roundTrip(rsir, 'rsir')
    expect(canonical(back.model)).toBe(canonical(rsir))
    expect(back.model.elements[0]).toEqual(rsir.elements[0])
    expectSameRun(rsir, back.model)
    expect(back.source).toContain(
      "param('Population', 1000, { dimensions: [Region], perElement: { south: 2000 }, units: 'people' })",
    )
    expect(back.source).toContain('initial: eq`${at(population, Region)} - 1`')
    expect(back.source).toContain(
      'rate: eq`${at(contactRate, Region)}*${at(susceptible, Region)}*${at(exposure, Region)}`',
    )
    expect(back.source).not.toMatch(/eq`[^`]*"/)
    expect(typeErrors([back.file])).toEqual([])
  })

  it('writes subranges, numeric dimensions, bangs, per-element tuples and lookups, and overrides the rest', async () => {
    expect(validate(arrays).filter((i) => i.severity === 'error')).toEqual([])
    const back = await roundTrip(arrays, 'arrays')
    expect(canonical(back.model)).toBe(canonical(arrays))
    expectSameRun(arrays, back.model)
    const s = back.source
    expect(s).toContain('import { at, aux, bang, dimension, eq, flow, lookup, model, param, stock, subrange } from')
    expect(s).toContain(
      "const Coast = { ...subrange('Coast', Region, ['South Coast', 'east']), elements: ['south coast', 'EAST'] } as const",
    )
    expect(s).toContain("const Age = dimension('Age', 2)")
    expect(s).toContain("dimension('Place', ['p1', 'p2', 'p3'], { aliases: ['Spot'], mappings: [{ to: 'Region' }] })")
    expect(s).toContain("perElement: [[['north', '1'], 5]],")
    expect(s).toContain("param('rate', { north: 0.1, 'South Coast': 0.2, east: 0.2 }, { dimensions: [Region] })")
    expect(s).toContain("param('limit', 1, { dimensions: [Region, Age], perElement: [[[Coast, '1'], 2]] })")
    expect(s).toContain('equation: eq`sum(${at(pop, bang(Region), Age)}) + ${Age}`')
    expect(s).toContain('equation: eq`${at(effect, Region)}(${total} / 100)`')
    expect(s).toContain(
      "lookup('effect', [[0, 0], [1, 1]], { dimensions: [Region], perElement: { east: [[0, 1], [1, 0]] } })",
    )
    expect(s).toContain("perElement: { '1': 1, '2': eq`numbers[1] + 1` } })")
    // Integer-like keys would come first in a record whatever the order: the entries stay a list.
    expect(s).toContain("perElement: [[['2'], 20], [['1'], 10]] })")
    expect(s).toContain("perElement: [[[Coast, '2'], eq`${at(pop, Coast, '2')}`]],")
    // A mapped dimension and an alias stay equation text; a parent's array reads bare inside a subrange.
    expect(s).toContain('equation: eq`rate[Place] + Spot`')
    expect(s).toContain('equation: eq`${rate} * 2`')
    // A per-element graph is more than the DSL's perElement says: the field is overridden.
    expect(s).toMatch(/const shaped = \{\n {2}\.\.\.aux\('shaped', \{[^]*\}\),\n {2}perElement: \[/)
    expect(typeErrors([back.file])).toEqual([])
  })

  it('refuses, in one line, a variable the DSL cannot declare', () => {
    const over = (dimensions: string[]) =>
      modelFromData({
        name: 'm',
        time: { start: 0, stop: 1, dt: 1 },
        dimensions: [{ name: 'Cats', elements: ['c1', 'c2'], aliases: ['Kinds'] }],
        elements: [{ kind: 'aux', name: 'switch', dimensions, equation: '0' }],
      })
    expect(() => modelToSource(over(['Cats', 'Kinds']))).toThrow(StockflowError)
    expect(() => modelToSource(over(['Cats', 'Kinds']))).toThrow(
      'variable "switch" is arrayed over "Kinds", an alias of "Cats": typed DSL source has no aliases yet; write the model as .json or .xmile instead',
    )
    expect(() => modelToSource(over(['Cats', 'cats']))).toThrow(/"switch" is arrayed over "cats" twice/)
  })
})
