import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { XmileUnsupportedError, importXmile, translateEquation } from '../src/index.js'

const NS = 'xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"'

/** An XMILE document with some dimensions and variables. */
function doc(dimensions: string, variables: string, stop = 2): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" ${NS}>
  <header><vendor>Test</vendor><product>Hand written</product></header>
  <sim_specs><start>0</start><stop>${stop}</stop><dt>1</dt></sim_specs>
  <dimensions>${dimensions}</dimensions>
  <model>
    <variables>
${variables}
    </variables>
  </model>
</xmile>`
}

const REGION = '<dim name="Region"><elem name="north"/><elem name="South Coast"/></dim>'
const AGE = '<dim name="Age" size="3"/>'
const over = (...dims: string[]) => `<dimensions>${dims.map((d) => `<dim name="${d}"/>`).join('')}</dimensions>`

function byName(model: Model, name: string): Element {
  const e = model.elements.find((x) => x.name === name)
  if (!e) throw new Error(`no element ${name}`)
  return e
}

function thrown(f: () => unknown): { error: unknown; message: string } {
  try {
    f()
  } catch (error) {
    return { error, message: error instanceof Error ? error.message : String(error) }
  }
  throw new Error('expected an error')
}

const equationOf = (model: Model, name: string) => {
  const e = byName(model, name)
  return e.kind === 'stock' ? e.initial : e.kind === 'aux' || e.kind === 'flow' ? e.equation : undefined
}

describe('importXmile: dimensions', () => {
  it('reads named elements and sizes (elements "1" to "n")', () => {
    const { model, warnings } = importXmile(doc(REGION + AGE, '<aux name="a"><eqn>1</eqn></aux>'))
    expect(model.dimensions).toEqual([
      { name: 'Region', elements: ['north', 'South Coast'] },
      { name: 'Age', elements: ['1', '2', '3'] },
    ])
    expect(warnings).toEqual([])
  })

  it('leaves dimensions out of a model that declares none', () => {
    const { model } = importXmile(doc('', '<aux name="a"><eqn>1</eqn></aux>'))
    expect(model.dimensions).toBeUndefined()
  })

  it('takes a dimension whose elements all belong to another for its subrange (same elements: the later one)', () => {
    const dims =
      '<dim name="All"><elem name="a"/><elem name="b"/><elem name="c"/></dim>' +
      '<dim name="Some"><elem name="B"/><elem name="a"/></dim>' +
      '<dim name="Copy"><elem name="a"/><elem name="b"/><elem name="c"/></dim>' +
      '<dim name="Other"><elem name="a"/><elem name="x"/></dim>'
    const { model } = importXmile(doc(dims, ''))
    expect(model.dimensions!.map((d) => [d.name, d.parent])).toEqual([
      ['All', undefined],
      ['Some', 'All'],
      ['Copy', 'All'],
      ['Other', undefined],
    ])
  })

  it.each([
    ['<dim name="D"/>', 'd.xmile:5: the dimension "D" needs <elem> children or a size of at least 1'],
    [
      '<dim name="D" size="2.5"/>',
      'd.xmile:5: the dimension "D" needs <elem> children or a size of at least 1 (size="2.5")',
    ],
    ['<dim name="D" size="2"/><dim name="d"><elem name="x"/></dim>', 'd.xmile:5: the dimension "d" is declared twice'],
    ['<dim name="D"><elem name="x"/><elem name="X"/></dim>', 'd.xmile:5: "D" lists the element "X" twice'],
    // A typo in a size is refused at once, before the elements are made (300 million of them exhaust memory).
    [
      '<dim name="D" size="300000000"/>',
      'd.xmile:5: the dimension "D" has 300,000,000 elements, more than the limit of 10,000,000',
    ],
  ])('refuses %s', (dims, message) => {
    const { error, message: text } = thrown(() => importXmile(doc(dims, ''), 'd.xmile'))
    expect(error).toBeInstanceOf(StockflowError)
    expect(text).toBe(message)
  })

  it('refuses a variable over an undeclared dimension, naming the declared ones', () => {
    const xml = doc(REGION, `<aux name="x">${over('Regions')}<eqn>1</eqn></aux>`)
    expect(thrown(() => importXmile(xml, 'v.xmile')).message).toBe(
      'v.xmile:8: "x": the dimension "Regions" is not declared (the file declares "Region")',
    )
  })
})

describe('importXmile: arrayed variables', () => {
  it('reads apply-to-all equations, stocks with their flows, non_negative and a shared graphical function', () => {
    const { model, warnings } = importXmile(
      doc(
        REGION,
        `<stock name="Pop">${over('Region')}<eqn>Initial_Pop[Region]</eqn><inflow>births</inflow><non_negative/></stock>
         <flow name="births">${over('Region')}<eqn>Pop * rate</eqn><non_negative/></flow>
         <aux name="rate"><eqn>0.1</eqn></aux>
         <aux name="Initial Pop">${over('Region')}<eqn>10</eqn></aux>
         <aux name="effect">${over('Region')}<eqn>Pop[Region] / 10</eqn><gf><xpts>0,1</xpts><ypts>1,2</ypts></gf></aux>`,
      ),
    )
    expect(warnings).toEqual([])
    expect(byName(model, 'Pop')).toEqual({
      kind: 'stock',
      name: 'Pop',
      id: 'pop',
      dimensions: ['Region'],
      initial: 'Initial_Pop[Region]',
      inflows: ['births'],
      outflows: [],
      nonNegative: true,
    })
    expect(byName(model, 'births')).toMatchObject({ kind: 'flow', dimensions: ['Region'], nonNegative: true })
    expect(byName(model, 'Initial Pop')).toEqual({
      kind: 'param',
      name: 'Initial Pop',
      id: 'initial_pop',
      dimensions: ['Region'],
      value: 10,
    })
    expect(byName(model, 'effect')).toMatchObject({
      kind: 'aux',
      equation: 'Pop[Region] / 10',
      graph: { x: [0, 1], y: [1, 2] },
    })
  })

  it('reads <element> definitions as per-element equations, a stock’s as its initial values', () => {
    const { model } = importXmile(
      doc(
        REGION + AGE,
        `<stock name="S">${over('Region')}<element subscript="north"><eqn>1 + x</eqn></element>
           <element subscript="South_Coast"><eqn>2</eqn></element><inflow>f</inflow></stock>
         <flow name="f">${over('Region', 'Age')}<element subscript="North, 1"><eqn>x</eqn></element></flow>
         <aux name="x"><eqn>TIME</eqn></aux>`,
      ),
    )
    expect(byName(model, 'S')).toMatchObject({
      initial: '',
      perElement: [
        { subscripts: ['north'], equation: '1 + x' },
        { subscripts: ['South Coast'], equation: '2' },
      ],
    })
    expect(byName(model, 'f')).toMatchObject({
      equation: '',
      perElement: [{ subscripts: ['north', '1'], equation: 'x' }],
    })
  })

  it('reads an array of numbers as a parameter: per-element values, or a list of numbers (row-major)', () => {
    const { model } = importXmile(
      doc(
        REGION + AGE,
        `<aux name="p">${over('Region')}<element subscript="north"><eqn>1</eqn></element>
           <element subscript="South Coast"><eqn>-2.5</eqn></element></aux>
         <aux name="q">${over('Region', 'Age')}<eqn>1, 2, 3; 4, 5, 6;</eqn></aux>
         <aux name="partial">${over('Region')}<element subscript="north"><eqn>1</eqn></element></aux>`,
      ),
    )
    expect(byName(model, 'p')).toEqual({
      kind: 'param',
      name: 'p',
      id: 'p',
      dimensions: ['Region'],
      value: 0,
      perElement: [
        { subscripts: ['north'], equation: '1' },
        { subscripts: ['South Coast'], equation: '-2.5' },
      ],
    })
    expect(byName(model, 'q')).toMatchObject({
      kind: 'param',
      perElement: [
        { subscripts: ['north', '1'], equation: '1' },
        { subscripts: ['north', '2'], equation: '2' },
        { subscripts: ['north', '3'], equation: '3' },
        { subscripts: ['South Coast', '1'], equation: '4' },
        { subscripts: ['South Coast', '2'], equation: '5' },
        { subscripts: ['South Coast', '3'], equation: '6' },
      ],
    })
    // An element left undefined is the flattening's to report, so the variable stays an auxiliary.
    expect(byName(model, 'partial')).toMatchObject({ kind: 'aux', equation: '' })
  })

  it("reads Vensim's own export of per-element equations: one <eqn> per element, row-major", () => {
    const { model } = importXmile(
      doc(REGION, `<aux name="v">${over('Region')}<eqn>TIME + 1</eqn><eqn>-TIME</eqn></aux>`),
    )
    expect(byName(model, 'v')).toMatchObject({
      kind: 'aux',
      equation: '',
      perElement: [
        { subscripts: ['north'], equation: 'TIME + 1' },
        { subscripts: ['South Coast'], equation: '-TIME' },
      ],
    })
    expect(
      thrown(() =>
        importXmile(
          doc(REGION, `<aux name="v">${over('Region')}<eqn>1</eqn><eqn>2</eqn><eqn>3</eqn></aux>`),
          'x.xmile',
        ),
      ).message,
    ).toBe('x.xmile:8: "v": the 3 <eqn>s do not fit its 2 elements')
  })

  it('reads a graphical function per element, its input shared or per element', () => {
    const { model } = importXmile(
      doc(
        REGION,
        `<aux name="g">${over('Region')}<eqn>TIME</eqn>
           <element subscript="north"><gf><xscale min="0" max="2"/><ypts>0,1,2</ypts></gf></element>
           <element subscript="South Coast"><eqn>2 * TIME</eqn><gf><xpts>0,1</xpts><ypts>5,6</ypts></gf></element></aux>`,
      ),
    )
    expect(byName(model, 'g')).toEqual({
      kind: 'aux',
      name: 'g',
      id: 'g',
      dimensions: ['Region'],
      equation: 'TIME',
      perElement: [
        { subscripts: ['north'], equation: 'TIME', graph: { x: [0, 1, 2], y: [0, 1, 2] } },
        { subscripts: ['South Coast'], equation: '2 * TIME', graph: { x: [0, 1], y: [5, 6] } },
      ],
    })
  })

  it('reads an arrayed table that equations call as an arrayed lookup', () => {
    const { model } = importXmile(
      doc(
        REGION,
        `<aux name="tbl">${over('Region')}<eqn>0+0</eqn>
           <element subscript="north"><gf><xpts>0,1</xpts><ypts>0,1</ypts></gf></element>
           <element subscript="South Coast"><gf><xpts>0,1</xpts><ypts>0,2</ypts></gf></element></aux>
         <aux name="y">${over('Region')}<eqn>LOOKUP(tbl[Region], 0.5) + tbl[north](TIME)</eqn></aux>`,
      ),
    )
    expect(byName(model, 'tbl')).toEqual({
      kind: 'lookup',
      name: 'tbl',
      id: 'tbl',
      dimensions: ['Region'],
      x: [],
      y: [],
      perElement: [
        { subscripts: ['north'], graph: { x: [0, 1], y: [0, 1] } },
        { subscripts: ['South Coast'], graph: { x: [0, 1], y: [0, 2] } },
      ],
    })
    expect(equationOf(model, 'y')).toBe('"tbl"[Region](0.5) + "tbl"[north](TIME)')
  })

  it.each([
    [
      `<aux name="x">${over('Region')}<element subscript="north, 1"><eqn>1</eqn></element></aux>`,
      'x.xmile:8: "x": <element subscript="north, 1"> needs 1 name, one for each of "Region"',
    ],
    [
      `<aux name="x">${over('Region')}<element subscript="west"><eqn>1</eqn></element></aux>`,
      'x.xmile:8: "x": <element subscript="west">: "west" is not an element of "Region"',
    ],
    [
      `<aux name="x">${over('Region')}<element subscript="north"><eqn>1</eqn></element><element subscript="NORTH"><eqn>2</eqn></element></aux>`,
      'x.xmile:8: "x": <element subscript="NORTH"> is defined twice',
    ],
    [
      `<aux name="x"><element subscript="north"><eqn>1</eqn></element></aux>`,
      'x.xmile:8: "x": has <element> definitions but no <dimensions>',
    ],
    [
      `<aux name="x">${over('Region')}<eqn>1, 2, 3</eqn></aux>`,
      'x.xmile:8: "x": the list of 3 numbers does not fit its 2 elements',
    ],
  ])('refuses %s', (variables, message) => {
    const { error, message: text } = thrown(() => importXmile(doc(REGION, variables), 'x.xmile'))
    expect(error).toBeInstanceOf(StockflowError)
    expect(text).toBe(message)
  })
})

describe('importXmile: subscripts and array functions in equations', () => {
  const model = (eqn: string, dims = 'Region') =>
    importXmile(
      doc(
        REGION + AGE + '<dim name="Sub"><elem name="north"/></dim>',
        `<aux name="a">${over('Region', 'Age')}<eqn>TIME</eqn></aux>
         <aux name="b">${over('Region')}<eqn>TIME</eqn></aux>
         <aux name="i"><eqn>1</eqn></aux>
         <aux name="out">${dims ? over(...dims.split(',')) : ''}<eqn>${eqn}</eqn></aux>`,
      ),
      'e.xmile',
    ).model

  it.each([
    ['a[Region, Age]', 'a[Region, Age]'],
    ['a[north, 2]', 'a[north, 2]'],
    ['a[South_Coast, "3"]', 'a[South_Coast, "3"]'],
    ['a["South Coast", *]', 'a[South_Coast, *]'],
    ['SUM(a[Region, *])', 'sum(a[Region, *])'],
    ['SUM(a[*:Region, Age])', 'sum(a[Region!, Age])'],
    ['a[Region.north, 2]', 'a[north, 2]'],
    ['IF Region = Region.South_Coast THEN 1 ELSE 0', '(Region == 2) ? 1 : 0'],
    ['b[Sub] + region', 'b[Sub] + Region'],
    ["SUM(a')", 'sum(a[Region, Age])'],
  ])('%s -> %s', (eqn, text) => {
    expect(equationOf(model(eqn), 'out')).toBe(text)
  })

  it.each([
    ['SUM(b[*])', 'sum(b[*])'],
    ['PROD(b[*])', 'prod(b[*])'],
    ['MIN(b[*]) + MAX(b[*])', 'min(b[*]) + max(b[*])'],
    ['MIN(1, 2, 3)', 'min(min(1, 2), 3)'],
    ['MEAN(b[*]) + MEAN(1, 2)', 'mean(b[*]) + (1 + 2) / 2'],
    ['STDDEV(b[*])', 'stddev(b[*])'],
    ['SIZE(b[*]) + SIZE(SELF)', 'size(b[*]) + 2'],
    ['RANK(b[*], 1)', 'rank(b[*], 1)'],
    ['LOOKUP(VMIN, b[*]) + LOOKUP(VMAX, b[*])', 'min(b[*]) + max(b[*])'],
    ['ARRSUM(b[*])', 'sum(b[*])'],
  ])('%s -> %s', (eqn, text) => {
    expect(equationOf(model(eqn, 'Region'), 'out')).toBe(text)
  })

  it.each([
    ['a[1:2, 1]', 'subscript ranges'],
    ['a[north:South_Coast, 1]', 'subscript ranges'],
    ['a[Region, Age + 1]', 'subscript expressions'],
    ['a[Region, i]', 'subscript expressions'],
    ['a[@1, Age]', 'dimension positions'],
    ["a[north, 1]'", 'transposition'],
  ])('%s is unsupported: %s', (eqn, feature) => {
    const { error, message } = thrown(() => model(eqn))
    expect(error).toBeInstanceOf(XmileUnsupportedError)
    expect(error).toMatchObject({ feature })
    expect(message).toMatch(new RegExp(`^e\\.xmile:\\d+: "out": unsupported: ${feature} \\(`))
  })

  it('refuses a subscript that names nothing', () => {
    expect(thrown(() => model('a[nowhere, 1]')).message).toBe(
      'e.xmile:11: "out": the subscript "nowhere" is neither a dimension nor an element of one (at character 3 of "a[nowhere, 1]")',
    )
  })

  it('suggests the closest dimension or element for a misspelt subscript', () => {
    expect(thrown(() => model('a[Regoin, 1]')).message).toBe(
      'e.xmile:11: "out": the subscript "Regoin" is neither a dimension nor an element of one; did you mean "Region"? (at character 3 of "a[Regoin, 1]")',
    )
  })

  it('translates subscripts one equation at a time too', () => {
    expect(translateEquation('SUM(pop[*:Region]) / SIZE(pop[*]) + pop[north, 1]')).toBe(
      'sum(pop[Region!]) / size(pop[*]) + pop[north, 1]',
    )
  })
})

describe('importXmile: arrayed models run', () => {
  it('sums over a dimension, reads elements by name and position, and integrates arrayed stocks', () => {
    const { model } = importXmile(
      doc(
        REGION,
        `<stock name="Pop">${over('Region')}<element subscript="north"><eqn>10</eqn></element>
           <element subscript="South Coast"><eqn>20</eqn></element><inflow>births</inflow></stock>
         <flow name="births">${over('Region')}<eqn>Pop * rate[Region]</eqn></flow>
         <aux name="rate">${over('Region')}<eqn>0.1, 0.5</eqn></aux>
         <aux name="total"><eqn>SUM(Pop[*])</eqn></aux>
         <aux name="second"><eqn>Pop[2] - Pop[north]</eqn></aux>`,
      ),
    )
    const run = simulate(model)
    const series = (name: string, expected: number[]) =>
      Array.from(run.get(name)).forEach((v, i) => expect(v, `${name} at ${i}`).toBeCloseTo(expected[i]!, 12))
    series('Pop[north]', [10, 11, 12.1])
    series('Pop[South Coast]', [20, 30, 45])
    series('total', [30, 41, 57.1])
    series('second', [10, 19, 32.9])
  })
})
