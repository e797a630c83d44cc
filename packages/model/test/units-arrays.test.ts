import { describe, expect, it } from 'vitest'
import { canonicalId, checkUnits, formatIssue, modelFromData } from '@stockflow/model'
import type { Dimension, Element, Model } from '@stockflow/model'
import { resolveDimensions } from '@stockflow/model/internal'
import { unitsSources } from '../src/units-sources.js'
import { regionalSirData } from '../../../test/support/regional-sir-data.js'

type Draft = { readonly name: string } & Record<string, unknown>

const REGION: Dimension = { name: 'Region', elements: ['north', 'south', 'east'] }
const AGE: Dimension = { name: 'Age', elements: ['young', 'old'] }

/** A model over `dimensions` from element drafts (ids from names); the time unit is `day`. */
function model(dimensions: readonly Dimension[], elements: readonly Draft[]): Model {
  return {
    name: 'test',
    time: { start: 0, stop: 10, dt: 1, units: 'day' },
    dimensions,
    elements: elements.map((e) => ({ id: canonicalId(e.name), ...e }) as unknown as Element),
  }
}

const lines = async (m: Model) => (await checkUnits(m)).map((i) => formatIssue(i))

/** The regional SIR read as stockflow reads model JSON. */
const regionalSir = (recovering?: string): Model => modelFromData(regionalSirData(recovering))

describe('units of an arrayed model', () => {
  it('a regional SIR checks clean', async () => {
    expect(await lines(regionalSir())).toEqual([])
  })

  it('one warning per arrayed variable, naming it and quoting its equation as written, with its position', async () => {
    const issues = await checkUnits(regionalSir('Infected[Region]*Duration'))
    expect(issues.map((i) => formatIssue(i))).toEqual([
      `warning [units] "Recovering" equation at 1: the equation "Infected[Region]*Duration" has units people*day, not the declared people/day (multiply it by something in 1/day^2, or declare units: 'people*day')`,
    ])
    expect(issues[0]!.span).toEqual({ start: 0, end: 'Infected[Region]*Duration'.length })
  })

  it('quotes subscripted terms whole, at their place in the text', async () => {
    const text = 'Duration * Infected[Region] + Population[Region ]'
    const issues = await checkUnits(regionalSir(text))
    expect(issues[0]!.message).toBe(
      'the added terms have different units: "Duration * Infected[Region]" is people*day, "Population[Region ]" is people',
    )
    expect(text.slice(issues[0]!.span!.start, issues[0]!.span!.end)).toBe(text)
    expect(issues[0]!.element).toBe('Recovering')
  })

  it('a per-element equation is checked apart and named as written', async () => {
    const m = model(
      [AGE],
      [
        { kind: 'stock', name: 'Pop', dimensions: ['Age'], initial: '100', outflows: ['Aging'], units: 'people' },
        { kind: 'param', name: 'Rate', value: 0.1, units: '1/day' },
        {
          kind: 'flow',
          name: 'Aging',
          dimensions: ['Age'],
          equation: 'Pop * Rate',
          units: 'people/day',
          perElement: [{ subscripts: ['old'], equation: 'Rate * (Pop[old] + Rate)' }],
        },
      ],
    )
    expect(await lines(m)).toEqual([
      `warning [units] "Aging[old]" equation at 9: the added terms have different units: "Pop[old]" is people, "Rate" is 1/day (multiply "Rate" by something in people*day, or correct the declared units of the names in them)`,
    ])
  })

  it('a main equation that no element takes is not checked; one that several per-element equations share, once', async () => {
    const covered = model(
      [AGE],
      [
        { kind: 'param', name: 'P', value: 1, units: 'people' },
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Age'],
          equation: 'P * P',
          units: 'people',
          perElement: [
            { subscripts: ['young'], equation: 'P' },
            { subscripts: ['old'], equation: 'P * 2' },
          ],
        },
      ],
    )
    expect(await lines(covered)).toEqual([])
    const subrange = model(
      [REGION, { name: 'Coast', elements: ['north', 'east'], parent: 'Region' }],
      [
        { kind: 'param', name: 'P', value: 1, units: 'people' },
        {
          kind: 'aux',
          name: 'A',
          dimensions: ['Region'],
          equation: 'P',
          units: 'people',
          perElement: [{ subscripts: ['Coast'], equation: 'P * P' }],
        },
      ],
    )
    expect((await checkUnits(subrange)).map((i) => i.element)).toEqual(['A[Coast]'])
  })

  it('a flow without units is read off each of its equations for the stocks it fills', async () => {
    const m = model(
      [AGE],
      [
        { kind: 'stock', name: 'Pop', dimensions: ['Age'], initial: '100', inflows: ['Births'], units: 'people' },
        { kind: 'param', name: 'Rate', value: 0.1, units: '1/day' },
        {
          kind: 'flow',
          name: 'Births',
          dimensions: ['Age'],
          equation: '',
          perElement: [
            { subscripts: ['young'], equation: 'Pop * Rate' },
            { subscripts: ['old'], equation: 'Pop' },
          ],
        },
      ],
    )
    expect(await lines(m)).toEqual([
      `warning [units] "Births[old]" equation at 1: the equation "Pop" has units people, but the flow fills "Pop" (people) and so needs people/day, the stock's units per time unit (declare the flow's units, and check the units of "Pop" and of the model's time)`,
    ])
  })

  it('a declared flow unit that does not fit its stock is reported once, naming the variable', async () => {
    const m = model(
      [REGION],
      [
        { kind: 'stock', name: 'Pop', dimensions: ['Region'], initial: '100', inflows: ['Births'], units: 'people' },
        { kind: 'flow', name: 'Births', dimensions: ['Region'], equation: 'Pop', units: 'people' },
      ],
    )
    expect((await checkUnits(m)).map((i) => `${i.element}: ${i.message}`)).toEqual([
      `Births: the flow has units people, but the flow fills "Pop" (people) and so needs people/day, the stock's units per time unit`,
    ])
  })

  it('a subscripted reference or lookup has its variable’s units; an element named whole too', async () => {
    const m = model(
      [REGION],
      [
        { kind: 'param', name: 'P', dimensions: ['Region'], value: 1, units: 'people' },
        { kind: 'lookup', name: 'Effect', dimensions: ['Region'], x: [0, 1], y: [0, 1], units: 'widgets' },
        { kind: 'aux', name: 'A', equation: 'P[north] + Effect[south](0.5)', units: 'people' },
        { kind: 'aux', name: 'B', equation: '"P[east]"', units: 'widgets' },
      ],
    )
    expect((await checkUnits(m)).map((i) => `${i.element}: ${i.message}`)).toEqual([
      'A: the added terms have different units: "P[north]" is people, "Effect[south](0.5)" is widgets',
      'B: the equation "P[east]" has units people, not the declared widgets',
    ])
  })

  it('a dimension read as a value (its position) is a number', async () => {
    const m = model(
      [REGION],
      [
        { kind: 'param', name: 'P', value: 1, units: 'people' },
        { kind: 'aux', name: 'A', dimensions: ['Region'], equation: 'P * Region', units: 'people' },
        { kind: 'aux', name: 'B', dimensions: ['Region'], equation: 'P + Region', units: 'people' },
        { kind: 'aux', name: 'C', dimensions: ['Region'], equation: 'Region == 3 ? P : 0', units: 'people' },
      ],
    )
    expect(await lines(m)).toEqual([])
  })

  it('a 100,000-element apply-to-all variable is one equation to check', async () => {
    const big: Dimension = { name: 'Cell', elements: Array.from({ length: 100_000 }, (_, i) => `c${i}`) }
    const m = model(
      [big],
      [
        { kind: 'param', name: 'P', dimensions: ['Cell'], value: 1, units: 'people' },
        { kind: 'aux', name: 'A', dimensions: ['Cell'], equation: 'P[Cell] * P', units: 'people' },
      ],
    )
    expect(unitsSources(m, resolveDimensions(m, [])).map((s) => s.label)).toEqual(['A'])
    expect((await checkUnits(m)).map((i) => `${i.element}: ${i.message}`)).toEqual([
      'A: the equation "P[Cell] * P" has units people^2, not the declared people',
    ])
  })
})

describe('units through reductions and array builtins', () => {
  /** The units an arrayed equation's `Out` gets, read off the warning against a declared `check` unit. */
  async function unitOf(equation: string, dimensions: readonly string[] = [], extra: readonly Draft[] = []) {
    const m = model(
      [REGION, AGE, { name: 'Region2', elements: ['north', 'south', 'east'] }],
      [
        { kind: 'param', name: 'Pop', dimensions: ['Region'], value: 1, units: 'people' },
        { kind: 'param', name: 'Grid', dimensions: ['Region', 'Age'], value: 1, units: 'm' },
        { kind: 'param', name: 'Share', dimensions: ['Region'], value: 1, units: '1' },
        { kind: 'param', name: 'Order', dimensions: ['Region'], value: 1, units: '1' },
        { kind: 'param', name: 'M', dimensions: ['Region', 'Region2'], value: 1, units: 'm/s' },
        { kind: 'param', name: 'Supply', value: 1, units: 'people' },
        { kind: 'param', name: 'Cash', value: 1, units: 'dollar' },
        ...extra,
        { kind: 'aux', name: 'Out', dimensions, equation, units: 'check' },
      ],
    )
    const issues = await checkUnits(m)
    const hit = issues.find((i) => i.element === 'Out' && /^the equation/.test(i.message))
    const others = issues.filter((i) => i !== hit).map((i) => i.message)
    return { unit: hit ? /has units (.*?), not the declared check/.exec(hit.message)![1] : 'unknown', others }
  }

  it.each([
    ['SUM(Pop[*])', 'people'],
    ['MIN(Pop[*])', 'people'],
    ['VMIN(Pop[Region!])', 'people'],
    ['MAX(Pop[*])', 'people'],
    ['VMAX(Pop[Region!])', 'people'],
    ['MEAN(Pop[*])', 'people'],
    ['STDDEV(Pop[*])', 'people'],
    ['SUM(Pop[*] * Share[*])', 'people'],
    ['SUM(Grid[north, *])', 'm'],
  ])('%s has the unit of the array: %s', async (equation, unit) => {
    expect(await unitOf(equation)).toEqual({ unit, others: [] })
  })

  it('PROD: the unit to the power of the number of elements reduced', async () => {
    expect((await unitOf('PROD(Pop[*])')).unit).toBe('people^3')
    expect((await unitOf('PROD(Grid[*, *])')).unit).toBe('m^6')
    expect((await unitOf('PROD(Grid[Region, *])', ['Region'])).unit).toBe('m^2')
    expect((await unitOf('PROD(Grid[Region!, young])')).unit).toBe('m^3')
    expect((await unitOf('PROD(Share[*])')).unit).toBe('1 (dimensionless)')
  })

  it('SIZE and ELMCOUNT are counts written in as numbers; RANK, VECTOR SORT ORDER and VECTOR RANK are dimensionless', async () => {
    expect((await unitOf('Supply / SIZE(Pop[*])')).unit).toBe('people')
    expect((await unitOf('Supply + ELMCOUNT(Region)')).unit).toBe('people')
    expect((await unitOf('RANK(Pop[*], 1)')).unit).toBe('1 (dimensionless)')
    expect((await unitOf('VECTOR_SORT_ORDER(Pop[Region], 1)', ['Region'])).unit).toBe('1 (dimensionless)')
    expect((await unitOf('VECTOR_RANK(Pop[Region], 1)', ['Region'])).unit).toBe('1 (dimensionless)')
  })

  it('VECTOR SELECT has the values’ unit, and its missing value must share it', async () => {
    expect(await unitOf('VECTOR_SELECT(Share[Region!], Pop[Region!], 0, 0, 0)')).toEqual({ unit: 'people', others: [] })
    expect((await unitOf('VECTOR_SELECT(Share[Region!], Pop[Region!], Cash, 0, 0)')).others).toEqual([
      'the values and missing value of VECTOR_SELECT have different units: "Pop[Region!]" is people, "Cash" is dollar',
    ])
  })

  it('VECTOR ELM MAP and VECTOR REORDER have their first argument’s unit; INVERT MATRIX the inverse', async () => {
    expect((await unitOf('VECTOR_ELM_MAP(Pop[north], 1)')).unit).toBe('people')
    expect((await unitOf('VECTOR_REORDER(Pop[Region], Order[Region])', ['Region'])).unit).toBe('people')
    expect((await unitOf('INVERT_MATRIX(M[Region, Region2], 3)', ['Region', 'Region2'])).unit).toBe('s/m')
  })

  it('ALLOCATE AVAILABLE and BY PRIORITY give shares in the supply’s unit; the requests must share it', async () => {
    const profile: Draft = { kind: 'param', name: 'Profile', dimensions: ['Region', 'Age'], value: 1, units: '1' }
    expect(await unitOf('ALLOCATE_AVAILABLE(Pop, Profile, Supply)', ['Region'], [profile])).toEqual({
      unit: 'people',
      others: [],
    })
    expect((await unitOf('ALLOCATE_AVAILABLE(Pop, Profile, Cash)', ['Region'], [profile])).others).toEqual([
      'the requests and supply of ALLOCATE_AVAILABLE have different units: "Pop" is people, "Cash" is dollar',
    ])
    expect(await unitOf('ALLOCATE_BY_PRIORITY(Pop, Order, 3, 1, Supply)', ['Region'])).toEqual({
      unit: 'people',
      others: [],
    })
    expect((await unitOf('ALLOCATE_BY_PRIORITY(Pop, Order, 3, Supply, Supply)', ['Region'])).others).toEqual([
      'the priority and width of ALLOCATE_BY_PRIORITY have different units: "Order" is 1 (dimensionless), "Supply" is people',
    ])
  })

  it('MIN and MAX of two values keep their usual rule', async () => {
    expect((await unitOf('MIN(Pop[north], Cash)')).others).toEqual([
      'the arguments of MIN have different units: "Pop[north]" is people, "Cash" is dollar',
    ])
  })
})
