import { describe, expect, it } from 'vitest'
import { canonicalId } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { expandNames } from '@stockflow/solver/internal'

// Element names in runs, overrides and output lists, on a model written the way flattening writes an
// arrayed one: a variable per element named `Population[North]`, `Cohort[North,Young]` (rows first), id
// the canonical id of that name.

const REGIONS = ['North', 'South', 'East']
const AGES = ['Young', 'Old']
const q = (name: string) => `"${name}"`

function element(kind: Element['kind'], name: string, rest: Record<string, unknown>): Element {
  return { kind, name, id: canonicalId(name), ...rest } as unknown as Element
}

/** Population[Region] grows at Growth[Region]; Cohort[Region, Age] is a 2-D parameter; Total sums. */
function regions(): Model {
  const elements: Element[] = []
  REGIONS.forEach((r, i) =>
    elements.push(
      element('stock', `Population[${r}]`, {
        initial: String(100 * (i + 1)),
        inflows: [canonicalId(`Births[${r}]`)],
        outflows: [],
      }),
    ),
  )
  for (const r of REGIONS)
    elements.push(element('flow', `Births[${r}]`, { equation: `${q(`Population[${r}]`)} * ${q(`Growth[${r}]`)}` }))
  REGIONS.forEach((r, i) => elements.push(element('param', `Growth[${r}]`, { value: (i + 1) / 10 })))
  REGIONS.forEach((r, i) =>
    AGES.forEach((a, j) => elements.push(element('param', `Cohort[${r},${a}]`, { value: i * 2 + j + 1 }))),
  )
  elements.push(element('aux', 'Total', { equation: REGIONS.map((r) => q(`Population[${r}]`)).join(' + ') }))
  return {
    name: 'regions',
    time: { start: 0, stop: 2, dt: 1 },
    elements,
    scenarios: [{ id: 'fast', set: { 'Growth[South]': 0.5 } }],
  }
}

const compiled = compile(regions())

describe('run.get of an element', () => {
  const run = simulate(compiled)

  it('reads one element in any case or spacing', () => {
    expect(Array.from(run.get('Population[North]'))).toEqual([100, 110, 121])
    expect(run.get('population[ north ]')).toBe(run.get('Population[North]'))
    expect(run.get('POPULATION [North]')).toBe(run.get('Population[North]'))
    expect(Array.from(run.get('cohort[south, old]'))).toEqual([4, 4, 4])
  })

  it('refuses a whole array, naming its elements and both ways to read it', () => {
    expect(() => run.get('Population')).toThrow(
      'run of "regions": "Population" is an array (Population[North], Population[South], Population[East]); read one element, e.g. run.get("Population[North]"), or all of them with run.array("Population")',
    )
    expect(() => run.get('cohort[*,old]')).toThrow(/"cohort\[\*,old\]" is an array .*run\.array\("cohort\[\*,old\]"\)/)
  })

  it('says which element was meant, or how many subscripts the array takes', () => {
    expect(() => run.get('Population[Nort]')).toThrow(
      'run of "regions" has no output "Population[Nort]": Population has no element [Nort]; did you mean "Population[North]"?',
    )
    expect(() => run.get('Populaton[South]')).toThrow(
      /no output "Populaton\[South\]"; did you mean "Population\[South\]"\?/,
    )
    expect(() => run.get('Cohort[North]')).toThrow(
      /Cohort has 2 dimensions, so 2 subscripts: Cohort\[North,Young\], Cohort\[North,Old\], .* \(6 in all\)/,
    )
    expect(() => run.get('Population[Central]')).toThrow(
      /Population has no element \[Central\]; its elements: Population\[North\]/,
    )
  })
})

describe('run.array', () => {
  const run = simulate(compiled)

  it('gives every element in order with its name, subscripts and series', () => {
    const a = run.array('population')
    expect(a.name).toBe('Population')
    expect(a.id).toBe('population')
    expect(a.elements.map((e) => e.name)).toEqual(['Population[North]', 'Population[South]', 'Population[East]'])
    expect(a.elements.map((e) => e.subscripts)).toEqual([['North'], ['South'], ['East']])
    for (const e of a.elements) expect(e.values).toBe(run.get(e.name))
  })

  it('reads two dimensions rows first, and patterns with *', () => {
    expect(run.array('Cohort').elements.map((e) => e.subscripts.join(','))).toEqual([
      'North,Young',
      'North,Old',
      'South,Young',
      'South,Old',
      'East,Young',
      'East,Old',
    ])
    const old = run.array('Cohort[*, old]')
    expect(old.elements.map((e) => e.name)).toEqual(['Cohort[North,Old]', 'Cohort[South,Old]', 'Cohort[East,Old]'])
    expect(old.elements.map((e) => e.values[0])).toEqual([2, 4, 6])
    expect(run.array('Cohort[south,*]').elements.map((e) => e.values[0])).toEqual([3, 4])
  })

  it('refuses what is not an array, and elements the run did not record', () => {
    expect(() => run.array('Total')).toThrow('run of "regions": "Total" is not an array; read it with run.get')
    expect(() => run.array('Growht')).toThrow('run of "regions" has no array "Growht"; did you mean "Growth"?')
    expect(() => run.array('Growth[Nowhere]')).toThrow(
      /no array "Growth\[Nowhere\]": Growth has no element \[Nowhere\]/,
    )
    const some = simulate(compiled, { vars: ['Population[North]', 'Total'] })
    expect(() => some.array('Population')).toThrow(
      'run of "regions" did not record Population[South], Population[East] (2 of the 3 elements of "Population"); run with them in vars',
    )
    expect(some.array('Population[North]').elements).toHaveLength(1)
  })
})

describe('overrides of elements', () => {
  const growth = (set: Record<string, number>, scenario?: string) => {
    const run = simulate(compiled, { set, ...(scenario ? { scenario } : {}) })
    return run.array('Growth').elements.map((e) => e.values[0])
  }

  it('set one element, every element with * or the whole name', () => {
    expect(growth({ 'growth[north]': 0.7 })).toEqual([0.7, 0.2, 0.3])
    expect(growth({ 'Growth[*]': 0.2 })).toEqual([0.2, 0.2, 0.2])
    expect(growth({ GROWTH: 0.4 })).toEqual([0.4, 0.4, 0.4])
  })

  it('let an element named exactly win over the whole array, in either order', () => {
    expect(growth({ 'growth[north]': 0.1, 'growth[*]': 0.2 })).toEqual([0.1, 0.2, 0.2])
    expect(growth({ 'growth[*]': 0.2, 'growth[north]': 0.1 })).toEqual([0.1, 0.2, 0.2])
    expect(growth({ Growth: 0, 'Growth[East]': 9 })).toEqual([0, 0, 9])
  })

  it('apply a scenario first, then set (set wins, a whole array included)', () => {
    expect(growth({}, 'fast')).toEqual([0.1, 0.5, 0.3])
    expect(growth({ 'growth[north]': 0.9 }, 'fast')).toEqual([0.9, 0.5, 0.3])
    expect(growth({ 'growth[*]': 0.25 }, 'fast')).toEqual([0.25, 0.25, 0.25])
  })

  it('set patterns by how many subscripts they fix, equal ones in the order given', () => {
    const cohort = (set: Record<string, number>) =>
      simulate(compiled, { set })
        .array('Cohort')
        .elements.map((e) => e.values[0])
    expect(cohort({ 'cohort[north,old]': 9, cohort: 0 })).toEqual([0, 9, 0, 0, 0, 0])
    expect(cohort({ 'cohort[*,old]': 1, 'cohort[north,*]': 2 })).toEqual([2, 2, 3, 1, 5, 1])
    expect(cohort({ 'cohort[north,*]': 2, 'cohort[*,old]': 1 })).toEqual([2, 1, 3, 1, 5, 1])
  })

  it("set every stock element's initial value", () => {
    const run = simulate(compiled, { set: { 'Population[*]': 10 } })
    expect(run.array('Population').elements.map((e) => e.values[0])).toEqual([10, 10, 10])
    expect(run.get('Total')[0]).toBe(30)
  })

  it('refuse unknown elements, equations and wrong subscript counts in one line', () => {
    expect(() => simulate(compiled, { set: { 'Growth[Nort]': 1 } })).toThrow(
      'cannot set "Growth[Nort]": Growth has no element [Nort]; did you mean "Growth[North]"?',
    )
    expect(() => simulate(compiled, { set: { 'Grwth[North]': 1 } })).toThrow(
      'cannot set "Grwth[North]": model "regions" has no such variable; did you mean "Growth[North]"?',
    )
    expect(() => simulate(compiled, { set: { 'Births[*]': 1 } })).toThrow(
      'cannot set "Births[North]": it is a flow computed by an equation; only parameters, constants and stock initial values can be set',
    )
    expect(() => simulate(compiled, { set: { Total: 1 } })).toThrow(
      'cannot set "Total": it is an auxiliary computed by an equation; only parameters, constants and stock initial values can be set',
    )
    expect(() => simulate(compiled, { set: { 'Cohort[North]': 1 } })).toThrow(
      /^cannot set "Cohort\[North\]": Cohort has 2 dimensions, so 2 subscripts: /,
    )
    expect(() => simulate(compiled, { set: { 'Growth[*]': NaN } })).toThrow(
      'cannot set "Growth[*]" to NaN: not a number',
    )
  })
})

describe('vars with element names', () => {
  it('takes elements, whole arrays (every element, in order) and patterns', () => {
    expect(simulate(compiled, { vars: ['Total', 'population'] }).names).toEqual([
      'Total',
      'Population[North]',
      'Population[South]',
      'Population[East]',
    ])
    expect(simulate(compiled, { vars: ['cohort[ East, * ]', 'growth[south]'] }).names).toEqual([
      'Cohort[East,Young]',
      'Cohort[East,Old]',
      'Growth[South]',
    ])
  })

  it('writes a CSV column and a JSON key per element', () => {
    const run = simulate(compiled, { vars: ['Population', 'Cohort[North,*]'] })
    expect(run.toCSV().split('\n')[0]).toBe(
      'time,Population[North],Population[South],Population[East],"Cohort[North,Young]","Cohort[North,Old]"',
    )
    expect(Object.keys(run.toJSON().series)).toEqual([
      'Population[North]',
      'Population[South]',
      'Population[East]',
      'Cohort[North,Young]',
      'Cohort[North,Old]',
    ])
  })

  it('says which element was meant', () => {
    expect(() => simulate(compiled, { vars: ['Population[Sout]'] })).toThrow(
      'no variable "Population[Sout]" in model "regions": Population has no element [Sout]; did you mean "Population[South]"?',
    )
    expect(() => simulate(compiled, { vars: ['Populatio'] })).toThrow(
      'no variable "Populatio" in model "regions"; did you mean "Population"?',
    )
  })
})

describe('an arrayed model, flattened by compile', () => {
  const draft = (e: Record<string, unknown> & { name: string }) =>
    ({ id: canonicalId(e.name), ...e }) as unknown as Element
  const arrayed: Model = {
    name: 'arrayed',
    time: { start: 0, stop: 2, dt: 1 },
    dimensions: [
      { name: 'Region', elements: ['north', 'south', 'east'] },
      { name: 'Age', elements: ['young', 'old'], aliases: ['Cohort'] },
      { name: 'Edge', elements: ['north', 'east'], parent: 'Region' },
      { name: 'Step', elements: ['1', '2'] },
    ],
    elements: [
      draft({
        kind: 'stock',
        name: 'Pop',
        dimensions: ['Region', 'Age'],
        initial: '10',
        inflows: ['gain'],
        outflows: [],
      }),
      draft({ kind: 'flow', name: 'Gain', dimensions: ['Region', 'Age'], equation: 'Pop[Region, Age] * Rate[Age]' }),
      draft({ kind: 'param', name: 'Rate', dimensions: ['Cohort'], value: 0.5 }),
      draft({ kind: 'param', name: 'Wall', dimensions: ['Edge'], value: 1 }),
      draft({ kind: 'param', name: 'Level', dimensions: ['Step'], value: 3 }),
      draft({ kind: 'aux', name: 'Total', equation: 'SUM(Pop[*, *]) + SUM(Wall[*]) + SUM(Level[*])' }),
    ],
  }
  const c = compile(arrayed)

  it('names elements as the flat model does, and expandNames lists the same from the model alone', () => {
    const names = c.variables.map((v) => v.name)
    expect(names.slice(0, 6)).toEqual([
      'Pop[north,young]',
      'Pop[north,old]',
      'Pop[south,young]',
      'Pop[south,old]',
      'Pop[east,young]',
      'Pop[east,old]',
    ])
    expect(expandNames(arrayed, ['Pop', 'Gain', 'Rate', 'Wall', 'Level', 'Total'])).toEqual(names)
    expect(expandNames(arrayed, ['pop[*, old]', 'wall[east]'])).toEqual([
      'Pop[north,old]',
      'Pop[south,old]',
      'Pop[east,old]',
      'wall[east]',
    ])
  })

  it('sets, keeps and reads elements; a misspelt one gets a did-you-mean', () => {
    const run = simulate(c, { set: { 'Rate[old]': 0, Wall: 2, 'Level[*]': 0 }, vars: ['Pop[north,*]', 'Total'] })
    expect(run.names).toEqual(['Pop[north,young]', 'Pop[north,old]', 'Total'])
    expect(Array.from(run.get('pop[north,young]'))).toEqual([10, 15, 22.5])
    expect(run.array('Pop[north,*]').elements.map((e) => e.values[2])).toEqual([22.5, 10])
    expect(run.get('Total')[0]).toBe(64)
    expect(() => run.get('Pop')).toThrow(/"Pop" is an array \(Pop\[north,young\], Pop\[north,old\], .* \(6 in all\)\)/)
    expect(() => simulate(c, { set: { 'Wall[middle]': 1 } })).toThrow(
      'cannot set "Wall[middle]": Wall has no element [middle]; its elements: Wall[north], Wall[east]',
    )
    expect(() => simulate(c, { set: { 'Rte[old]': 1 } })).toThrow(/no such variable; did you mean "Rate\[old\]"\?/)
  })

  it('takes a subrange, dimension or alias in a subscript as all its elements', () => {
    const pop = ['Pop[north,young]', 'Pop[north,old]', 'Pop[east,young]', 'Pop[east,old]']
    expect(simulate(c, { vars: ['Pop[Edge, *]'] }).names).toEqual(pop)
    expect(simulate(c, { vars: ['pop[ edge, cohort ]'] }).names).toEqual(pop)
    expect(simulate(c, { vars: ['Pop[Region,old]'] }).names).toEqual([
      'Pop[north,old]',
      'Pop[south,old]',
      'Pop[east,old]',
    ])
    expect(expandNames(arrayed, ['Pop[Edge,young]', 'Wall[Edge]'])).toEqual([
      'Pop[north,young]',
      'Pop[east,young]',
      'Wall[north]',
      'Wall[east]',
    ])
    const run = simulate(c, { vars: ['Pop'] })
    expect(run.array('Pop[Edge,old]').elements.map((e) => e.name)).toEqual(['Pop[north,old]', 'Pop[east,old]'])
    expect(() => run.get('Pop[Edge,old]')).toThrow(/"Pop\[Edge,old\]" is an array .*run\.array\("Pop\[Edge,old\]"\)/)
    // The narrower name wins whatever the order: an element over a subrange over a whole array.
    const set = simulate(c, { set: { 'Rate[young]': 0, 'Pop[north,*]': 1, 'Pop[Edge,*]': 2, Pop: 3 }, vars: ['Pop'] })
    expect(set.array('Pop').elements.map((e) => e.values[0])).toEqual([1, 1, 3, 3, 2, 2])
    // A subrange lacking the elements asked for, or a dimension of another position, matches none.
    expect(() => simulate(c, { set: { 'Wall[Age]': 1 } })).toThrow('cannot set "Wall[Age]": Wall has no element [Age]')
  })
})
