import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { validateParsed } from '@stockflow/model/internal'
import { applyChanges, importMdl, MdlError, memoryDataSource } from '../src/index.js'
import { mdl } from './mdl-text.js'

const read = (equations: string, options = {}): Model => importMdl(mdl(equations), 'arrays.mdl', options).model

const element = (model: Model, name: string): Element => {
  const found = model.elements.find((e) => e.name === name)
  if (!found) throw new Error(`no element ${name} in ${model.elements.map((e) => e.name).join(', ')}`)
  return found
}

/** The one-line problems an import reports. */
function problems(equations: string): string[] {
  try {
    importMdl(mdl(equations), 'arrays.mdl')
  } catch (err) {
    if (err instanceof MdlError) return err.message.split('\n')
    throw err
  }
  return []
}

describe('subscript ranges', () => {
  it('become dimensions: lists, numbered runs, ranges named inside ranges, subranges, equivalences, mappings', () => {
    const model = read(`Region: north, south, (r1-r3) ~~|
Size: (1-3) ~~|
Coast: north, r1 ~~|
All: Region, east ~~|
Place <-> Region ~~|
Ages: young, old -> Cohorts ~~|
Cohorts: c1, c2 ~~|
Pick: a1, a2, a3 -> (Cohorts: c1, c2, c2) ~~|
x = 1 ~~|
`)
    expect(model.dimensions).toEqual([
      { name: 'Region', elements: ['north', 'south', 'r1', 'r2', 'r3'], parent: 'All', aliases: ['Place'] },
      { name: 'Size', elements: ['1', '2', '3'] },
      { name: 'Coast', elements: ['north', 'r1'], parent: 'All' },
      { name: 'All', elements: ['north', 'south', 'r1', 'r2', 'r3', 'east'] },
      { name: 'Ages', elements: ['young', 'old'], mappings: [{ to: 'Cohorts' }] },
      { name: 'Cohorts', elements: ['c1', 'c2'] },
      { name: 'Pick', elements: ['a1', 'a2', 'a3'], mappings: [{ to: 'Cohorts', elements: ['c1', 'c2', 'c2'] }] },
    ])
  })

  it('makes the first of ranges with the same elements the parent of the others', () => {
    const model = read(`A: x, y ~~|\nB: y, x ~~|\nv[B] = 1 ~~|\n`)
    expect(model.dimensions).toEqual([
      { name: 'A', elements: ['x', 'y'] },
      { name: 'B', elements: ['y', 'x'], parent: 'A' },
    ])
  })

  it('says what a range cannot be, at its place', () => {
    expect(problems(`R: a, b, a ~~|\nM: p, q, t -> R ~~|\nN <-> Nowhere ~~|\nv[R] = 1 ~~|\n`)).toEqual([
      'arrays.mdl:2:1: "R": the element "a" is listed twice; list each element once',
      'arrays.mdl:3:15: "M": a mapping by position needs as many elements on both sides: 3 here, 2 in "R"; list the target\'s elements as "-> (R: ...)"',
      'arrays.mdl:4:1: "N": "Nowhere" is no subscript range of this file; define it',
    ])
  })
})

describe('subscripted equations', () => {
  it('reads an apply-to-all equation as the main equation over the dimensions', () => {
    const model = read(`Region: north, south ~~|
growth[Region] = base * weight[Region] ~~|
weight[Region] = 1, 2 ~~|
base = 0.1 ~~|
`)
    expect(element(model, 'growth')).toMatchObject({
      kind: 'aux',
      dimensions: ['Region'],
      equation: 'base * weight[Region]',
    })
    expect(element(model, 'growth')).not.toHaveProperty('perElement')
    expect(element(model, 'weight')).toMatchObject({
      kind: 'param',
      dimensions: ['Region'],
      perElement: [
        { subscripts: ['north'], equation: '1' },
        { subscripts: ['south'], equation: '2' },
      ],
    })
  })

  it('reads equations per element, per subrange and mixed into per-element equations', () => {
    const model = read(`Region: north, south, east ~~|
South East: south, east ~~|
Age: young, old ~~|
x[north, Age] = 1 ~~|
x[South East, young] = Time ~~|
x[South East, old] = 2 * Time ~~|
`)
    expect(element(model, 'x')).toEqual({
      kind: 'aux',
      name: 'x',
      id: 'x',
      dimensions: ['Region', 'Age'],
      equation: '',
      perElement: [
        { subscripts: ['north', 'Age'], equation: '1' },
        { subscripts: ['South East', 'young'], equation: 'time' },
        { subscripts: ['South East', 'old'], equation: '2 * time' },
      ],
    })
  })

  it('keeps an :EXCEPT: equation as the main one when the excepted elements have their own', () => {
    const model = read(`Region: north, south, east ~~|
x[Region] :EXCEPT: [north] = y[Region] * 2 ~~|
x[north] = 7 ~~|
y[Region] = 1 ~~|
`)
    expect(element(model, 'x')).toMatchObject({
      equation: 'y[Region] * 2',
      perElement: [{ subscripts: ['north'], equation: '7' }],
    })
  })

  it('splits an :EXCEPT: equation whose excepted elements are left to other parts, naming the element', () => {
    const model = read(`Region: north, south, east ~~|
Age: young, old ~~|
x[Region, Age] :EXCEPT: [north, young], [south, young] = Region * 10 + y[Region, Age] ~~|
x[north, young] = 1 ~~|
y[Region, Age] = 1 ~~|
`)
    // south, young stays undefined: the model's validation says so.
    expect(element(model, 'x')).toMatchObject({
      equation: '',
      perElement: [
        { subscripts: ['south', 'old'], equation: '2 * 10 + y[south, old]' },
        { subscripts: ['east', 'Age'], equation: '3 * 10 + y[east, Age]' },
        { subscripts: ['north', 'old'], equation: '1 * 10 + y[north, old]' },
        { subscripts: ['north', 'young'], equation: '1' },
      ],
    })
  })

  it('defines a variable on just the elements it has equations for, as Vensim does', () => {
    const model = read(`Dims: A, B, C ~~|\nv[A] = 1 ~~|\nv[C] = Time ~~|\n`)
    expect(model.dimensions).toContainEqual({ name: 'Dims (v)', elements: ['A', 'C'], parent: 'Dims' })
    expect(element(model, 'v')).toMatchObject({ dimensions: ['Dims (v)'] })
  })

  it('keeps the range a variable is read over, so the elements it leaves out are reported undefined', () => {
    const model = read(`Region: north, south, east ~~|
NS: north, south ~~|
g[north] = 1 ~~|\ng[south] = 2 ~~|
pop[Region] = INTEG(g[Region], 100) ~~|
a[north] = 1 ~~|\na[south] = 2 ~~|
b[NS] = a[NS] ~~|
`)
    expect(element(model, 'g')).toMatchObject({ dimensions: ['Region'] })
    expect(element(model, 'a')).toMatchObject({ dimensions: ['NS'] })
    expect(model.dimensions?.map((d) => d.name)).toEqual(['Region', 'NS'])
    const issues = validateParsed(model).issues.filter((i) => i.severity === 'error')
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ['element-undefined', expect.stringContaining('g[east]') as string],
    ])
  })

  it('reads constant lists and TABBED ARRAY row by row, the last subscript across', () => {
    const model = read(`Row: r1, r2 ~~|
Col: c1, c2, c3 ~~|
m[Row, Col] = 1, 2, 3; 4, 5, 6; ~~|
t[Row, Col] = TABBED ARRAY(
	1	2	3
	4	5	-6) ~~|
`)
    const expected = [
      ['r1', 'c1', '1'],
      ['r1', 'c2', '2'],
      ['r1', 'c3', '3'],
      ['r2', 'c1', '4'],
      ['r2', 'c2', '5'],
    ].map(([a, b, v]) => ({ subscripts: [a, b], equation: v }))
    expect(element(model, 'm')).toMatchObject({ kind: 'param', perElement: [...expected, expect.anything()] })
    expect(element(model, 't')).toMatchObject({
      perElement: [...expected, { subscripts: ['r2', 'c3'], equation: '(-6)' }],
    })
  })

  it('reads a table per element of an arrayed lookup, and calls it with subscripts', () => {
    const model = read(`Region: north, south ~~|
tbl[north]((0,0),(1,1)) ~~|
tbl[south]((0,0),(1,2)) ~~|
y[Region] = tbl[Region](Time / 10) ~~|
`)
    expect(element(model, 'tbl')).toEqual({
      kind: 'lookup',
      name: 'tbl',
      id: 'tbl',
      dimensions: ['Region'],
      x: [],
      y: [],
      perElement: [
        { subscripts: ['north'], graph: { x: [0, 1], y: [0, 1] } },
        { subscripts: ['south'], graph: { x: [0, 1], y: [0, 2] } },
      ],
    })
    expect(element(model, 'y')).toMatchObject({ equation: 'tbl[Region](time / 10)' })
  })

  it('reads an arrayed stock with its arrayed flows', () => {
    const model = read(`Region: north, south ~~|
Pop[Region] = INTEG(births[Region] - deaths[Region], init[Region]) ~~|
births[Region] = Pop[Region] * 0.1 ~~|
deaths[Region] = Pop[Region] / 50 ~~|
init[Region] = 100, 200 ~~|
`)
    expect(element(model, 'Pop')).toMatchObject({
      kind: 'stock',
      dimensions: ['Region'],
      initial: 'init[Region]',
      inflows: ['births'],
      outflows: ['deaths'],
    })
    expect(element(model, 'births')).toMatchObject({ kind: 'flow', dimensions: ['Region'] })
  })

  it('gives a stock with different rates per element its own net flow for what is not a flow of every element', () => {
    const model = read(`Region: north, south ~~|
Pop[Region] :EXCEPT: [north] = INTEG(births[Region], 10) ~~|
Pop[north] = INTEG(births[north] - moving, 20) ~~|
births[Region] = 1 ~~|
moving = 0.5 ~~|
`)
    expect(element(model, 'Pop')).toMatchObject({
      initial: '10',
      inflows: ['births', 'pop_net_flow'],
      perElement: [{ subscripts: ['north'], equation: '20' }],
    })
    expect(element(model, 'Pop net flow')).toMatchObject({
      kind: 'flow',
      dimensions: ['Region'],
      equation: '0',
      perElement: [{ subscripts: ['north'], equation: '-moving' }],
    })
  })

  it('reads arrayed data, constants and lookups from data files, one element after another', () => {
    const data = memoryDataSource({
      'series.csv': new TextEncoder().encode('time,north,south\n0,1,2\n10,3,4\n'),
      'values.csv': new TextEncoder().encode('a,b\n5,6\n7,8\n'),
      'tables.csv': new TextEncoder().encode('x,0,1\nnorth,0,1\nsouth,0,2\n'),
      'names.csv': new TextEncoder().encode('id\n1\n2\n'),
    })
    const model = read(
      `Region: north, south ~~|
Two: p, q ~~|
d[Region] := GET DIRECT DATA('series.csv', ',', 'A', 'B2') ~~|
c[Two, Region] = GET DIRECT CONSTANTS('values.csv', ',', 'A2') ~~|
t[Region]( GET DIRECT LOOKUPS('tables.csv', ',', '1', 'B2') ) ~~|
Sites: GET DIRECT SUBSCRIPT('names.csv', ',', 'A2', 'A', 'site') ~~|
`,
      { data },
    )
    expect(element(model, 'd')).toMatchObject({
      kind: 'aux',
      dimensions: ['Region'],
      equation: '',
      perElement: [
        { subscripts: ['north'], equation: 'time', graph: { x: [0, 10], y: [1, 3] } },
        { subscripts: ['south'], equation: 'time', graph: { x: [0, 10], y: [2, 4] } },
      ],
    })
    expect(element(model, 'c')).toMatchObject({
      kind: 'param',
      perElement: [
        { subscripts: ['p', 'north'], equation: '5' },
        { subscripts: ['p', 'south'], equation: '6' },
        { subscripts: ['q', 'north'], equation: '7' },
        { subscripts: ['q', 'south'], equation: '8' },
      ],
    })
    expect(model.dimensions).toContainEqual({ name: 'Sites', elements: ['site1', 'site2'] })
    expect(element(model, 't')).toMatchObject({
      kind: 'lookup',
      perElement: [
        { subscripts: ['north'], graph: { x: [0, 1], y: [0, 1] } },
        { subscripts: ['south'], graph: { x: [0, 1], y: [0, 2] } },
      ],
    })
  })

  it('expands a macro called in a subscripted equation into arrayed variables', () => {
    const text = `:MACRO: SCALE(x, k)
SCALE = x * k ~~|
:END OF MACRO:
Region: north, south ~~|
inp[Region] = 10, 20 ~~|
out[Region] = SCALE(inp[Region], 3) ~~|
`
    const model = read(text)
    expect(element(model, 'out')).toMatchObject({ dimensions: ['Region'], equation: '"out.SCALE.SCALE"[Region]' })
    expect(element(model, 'out.SCALE.SCALE')).toMatchObject({
      dimensions: ['Region'],
      equation: '"out.SCALE.x"[Region] * "out.SCALE.k"[Region]',
    })
    expect(element(model, 'out.SCALE.x')).toMatchObject({ dimensions: ['Region'], equation: 'inp[Region]' })
  })
})

describe('subscripts in expressions', () => {
  it('writes references, bangs, array functions and ranges as values in stockflow syntax', () => {
    const model = read(`Region: north, south, east ~~|
Other <-> Region ~~|
x[Region] = Region ~~|
total = SUM(x[Region!]) ~~|
low = VMIN(x[Region!]) ~~|
count = ELMCOUNT(Region) ~~|
one = x[south] + south ~~|
m[Region, Other] = IF THEN ELSE(Region = Other, 1, 0) ~~|
picked = VECTOR SELECT(m[Region!, north], x[Region!], 0, 0, 0) ~~|
s[Region] = SMOOTH(x[Region], 2) ~~|
`)
    const equation = (name: string) => (element(model, name) as { equation: string }).equation
    expect(equation('x')).toBe('Region')
    expect(equation('total')).toBe('sum(x[Region!])')
    expect(equation('low')).toBe('vmin(x[Region!])')
    expect(equation('count')).toBe('elmcount(Region)')
    expect(equation('one')).toBe('x[south] + 2')
    expect(equation('m')).toBe('Region == Other ? 1 : 0')
    expect(equation('picked')).toBe('vector_select(m[Region!, north], x[Region!], 0, 0, 0)')
    expect(equation('s')).toBe('smth1(x[Region], 2)')
  })

  it('says where subscripts do not fit', () => {
    expect(
      problems(`Region: north, south ~~|
x[Region] = 1 ~~|
y = x[nowhere] + x[sotuh] + x[Regoin] ~~|
z = x[north, south] ~~|
w = y[north] ~~|
v[Region!] = 1 ~~|
u[Region] = 1, 2, 3 ~~|
x[north] = 2 ~~|
s[north] = 1 ~~|
s[south] = INTEG(1, 0) ~~|
`),
    ).toEqual([
      'arrays.mdl:4:7: "y": "nowhere" is neither a subscript range nor an element; define it in a range',
      'arrays.mdl:4:20: "y": "sotuh" is neither a subscript range nor an element; define it in a range; did you mean "south"?',
      'arrays.mdl:4:31: "y": "Regoin" is neither a subscript range nor an element; define it in a range; did you mean "Region"?',
      'arrays.mdl:5:5: "z": "x" has 1 dimension (Region) but is read with 2 subscripts (write x[Region])',
      'arrays.mdl:6:5: "w": "y" has no subscripts; write it without [...]',
      'arrays.mdl:7:3: "v": "Region!" stands only inside a function over arrays, not on the left-hand side',
      'arrays.mdl:8:13: "u": the list has 3 numbers for 2 elements; give one number per element',
      'arrays.mdl:9:1: "x": the element [north] is defined twice (also at line 3); define it once',
      'arrays.mdl:10:1: "s": every equation of a stock is an INTEG, as another of its equations is',
    ])
  })
})

describe('changes files on arrays', () => {
  const model = read(`Region: north, south, east ~~|
Coast: north, east ~~|
growth[Region] = 0.1 ~~|
m[Region, Region] = 0 ~~|
tbl[Region]((0,0),(1,1)) ~~|
`)

  it('sets one element, a range of elements, or every element from a list', () => {
    const changed = applyChanges(model, 'growth[north] = 0.3\nm[north, Region] = 1, 2, 3\n', 'S.cin')
    expect(element(changed, 'growth')).toMatchObject({
      value: 0.1,
      perElement: [{ subscripts: ['north'], equation: '0.3' }],
    })
    expect(element(changed, 'm')).toMatchObject({
      perElement: [
        { subscripts: ['north', 'north'], equation: '1' },
        { subscripts: ['north', 'south'], equation: '2' },
        { subscripts: ['north', 'east'], equation: '3' },
      ],
    })
    const again = applyChanges(changed, 'growth[Coast] = 0.5\n', 'T.cin')
    expect(element(again, 'growth')).toMatchObject({
      perElement: [
        { subscripts: ['north'], equation: '0.5' },
        { subscripts: ['east'], equation: '0.5' },
      ],
    })
  })

  it("replaces one element's table", () => {
    const changed = applyChanges(model, 'tbl[south]((0,5),(1,6))\n', 'S.cin')
    expect(element(changed, 'tbl')).toMatchObject({
      x: [0, 1],
      y: [0, 1],
      perElement: [{ subscripts: ['south'], graph: { x: [0, 1], y: [5, 6] } }],
    })
  })

  it('says where a change does not fit the array', () => {
    expect(() => applyChanges(model, 'growth[west] = 1\ngrowth[Region] = 1, 2\n', 'S.cin')).toThrow(
      [
        'S.cin:1:1: "growth": "west" is no element of Region, nor a range of its elements',
        'S.cin:2:1: "growth": the change lists 2 numbers for 3 elements; give one number per element',
      ].join('\n'),
    )
  })
})

describe('README', () => {
  it("imports the Arrays section's example as it says", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const block = /## Arrays\n\n```text\n([\s\S]*?)```/.exec(readme)![1]!
    // The notes beside each line start after a run of blanks.
    const model = read(block.replace(/ {3,}\S.*$/gm, ''))
    expect(model.dimensions).toContainEqual({ name: 'Coast', elements: ['north', 'east'], parent: 'Region' })
    expect(element(model, 'Pop')).toMatchObject({ kind: 'stock', inflows: ['births'], outflows: ['deaths'] })
    expect(element(model, 'births')).toMatchObject({
      kind: 'flow',
      equation: 'Pop[Region] * 0.02',
      perElement: [{ subscripts: ['east'], equation: '0' }],
    })
    expect(element(model, 'total')).toMatchObject({ equation: 'sum(Pop[Region!])' })
  })
})
