import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StockflowError, parseEquation } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { exportXmile, importXmile } from '@stockflow/xmile'
import { corpusPath } from '../../../test/support/corpus.js'

/** A model with every array construct the exporter writes. */
const arrays: Model = {
  name: 'arrays',
  time: { start: 0, stop: 2, dt: 1 },
  dimensions: [
    { name: 'Region', elements: ['north', 'South Coast', 'east'] },
    { name: 'Coast', elements: ['South Coast', 'east'], parent: 'Region' },
    { name: 'Age', elements: ['1', '2'] },
    { name: 'Place', elements: ['p1', 'p2', 'p3'], aliases: ['Spot'], mappings: [{ to: 'Region' }] },
    { name: 'Zone', elements: ['z1', 'z2'], mappings: [{ to: 'Region', elements: ['north', 'Coast'] }] },
  ],
  elements: [
    {
      kind: 'stock',
      name: 'Pop',
      id: 'pop',
      dimensions: ['Region', 'Age'],
      initial: '10',
      perElement: [{ subscripts: ['north', '1'], equation: '5' }],
      inflows: ['births'],
      outflows: [],
      nonNegative: true,
    },
    {
      kind: 'flow',
      name: 'births',
      id: 'births',
      dimensions: ['Region', 'Age'],
      equation: 'Pop[Region, Age] * rate[Region]',
    },
    {
      kind: 'param',
      name: 'rate',
      id: 'rate',
      dimensions: ['Region'],
      value: 0.1,
      perElement: [{ subscripts: ['Coast'], equation: '0.2' }],
    },
    { kind: 'aux', name: 'total', id: 'total', equation: 'sum(Pop[*, *])' },
    { kind: 'aux', name: 'by age', id: 'by_age', dimensions: ['Age'], equation: 'sum(Pop[Region!, Age]) + Age' },
    {
      kind: 'lookup',
      name: 'effect',
      id: 'effect',
      dimensions: ['Region'],
      x: [0, 1],
      y: [0, 1],
      perElement: [{ subscripts: ['east'], graph: { x: [0, 1], y: [1, 0] } }],
    },
    { kind: 'aux', name: 'response', id: 'response', dimensions: ['Region'], equation: 'effect[Region](total / 100)' },
    {
      kind: 'aux',
      name: 'shaped',
      id: 'shaped',
      dimensions: ['Region'],
      equation: 'time',
      graph: { x: [0, 2], y: [0, 4] },
      perElement: [{ subscripts: ['north'], equation: '2 * time', graph: { x: [0, 1], y: [3, 3], mode: 'discrete' } }],
    },
    { kind: 'aux', name: 'at place', id: 'at_place', dimensions: ['Spot'], equation: 'Spot' },
    {
      kind: 'aux',
      name: 'numbers',
      id: 'numbers',
      dimensions: ['Age'],
      equation: '',
      perElement: [
        { subscripts: ['1'], equation: '1' },
        { subscripts: ['2'], equation: '2' },
      ],
    },
    {
      kind: 'param',
      name: 'table',
      id: 'table',
      dimensions: ['Region', 'Age'],
      value: 0,
      perElement: ['north', 'South Coast', 'east'].flatMap((r, i) =>
        ['1', '2'].map((a, j) => ({ subscripts: [r, a], equation: String(i * 2 + j) })),
      ),
    },
  ],
}

/** Equations replaced by their ASTs without positions or spellings, so models compare by meaning. */
function meaning(model: Model): unknown {
  const ast = (text: string | undefined): unknown =>
    text === undefined || text === ''
      ? text
      : JSON.parse(JSON.stringify(parseEquation(text), (k, v) => (k === 'span' || k === 'name' ? undefined : v)))
  const perElement = (e: Element) =>
    e.perElement ? { perElement: e.perElement.map((pe) => ({ ...pe, equation: ast(pe.equation) })) } : {}
  return {
    ...model,
    elements: model.elements.map((e: Element) => {
      if (e.kind === 'stock') return { ...e, initial: ast(e.initial), ...perElement(e) }
      if (e.kind === 'flow' || e.kind === 'aux') return { ...e, equation: ast(e.equation), ...perElement(e) }
      return e
    }),
  }
}

const readBack = (xml: string) => importXmile(xml, 'export.xmile').model

describe('exportXmile: arrays', () => {
  const xml = exportXmile(arrays)

  it('writes the dimensions at the top, numeric ones by size, aliases as dimensions of their own', () => {
    expect(xml).toContain(
      [
        '  <dimensions>',
        '    <dim name="Region">',
        '      <elem name="north"/>',
        '      <elem name="South Coast"/>',
        '      <elem name="east"/>',
        '    </dim>',
        '    <dim name="Coast">',
        '      <elem name="South Coast"/>',
        '      <elem name="east"/>',
        '    </dim>',
        '    <dim name="Age" size="2"/>',
      ].join('\n'),
    )
    expect(xml).toContain('<dim name="Spot">\n      <elem name="p1"/>')
    expect(xml.indexOf('<dimensions>')).toBeLessThan(xml.indexOf('<model>'))
  })

  it('writes arrayed variables with their dimensions, per-element <element>s and arrayed graphical functions', () => {
    expect(xml).toContain(
      [
        '      <stock name="Pop">',
        '        <dimensions>',
        '          <dim name="Region"/>',
        '          <dim name="Age"/>',
        '        </dimensions>',
        '        <eqn>10</eqn>',
        '        <element subscript="north, 1">',
        '          <eqn>5</eqn>',
        '        </element>',
        '        <inflow>births</inflow>',
        '        <non_negative/>',
        '      </stock>',
      ].join('\n'),
    )
    expect(xml).toContain('<eqn>SUM(Pop[*:Region, Age]) + Age</eqn>')
    expect(xml).toContain('<eqn>effect[Region](total / 100)</eqn>')
    expect(xml).toContain(
      [
        '      <gf name="effect">',
        '        <dimensions>',
        '          <dim name="Region"/>',
        '        </dimensions>',
        '        <xpts>0,1</xpts>',
        '        <ypts>0,1</ypts>',
        '        <element subscript="east">',
        '          <gf>',
      ].join('\n'),
    )
    expect(xml).toContain('<element subscript="north">\n          <eqn>2 * TIME</eqn>\n          <gf type="discrete">')
    // Every element of "table" has its value, so its own (0) is left out.
    expect(xml).toMatch(
      /<aux name="table">\n {8}<dimensions>[\s\S]*?<\/dimensions>\n {8}<element subscript="north, 1">/,
    )
  })

  it('keeps subranges, aliases and mappings in the stockflow extension', () => {
    expect(xml).toContain('<stockflow:dimension name="Coast" parent="Region"/>')
    expect(xml).toContain(
      '<stockflow:dimension name="Place">\n        <stockflow:alias name="Spot"/>\n        <stockflow:mapping to="Region"/>',
    )
    expect(xml).toContain(
      '<stockflow:mapping to="Region">\n          <stockflow:elem name="north"/>\n          <stockflow:elem name="Coast"/>',
    )
  })

  it('reads back as the same model (equations compared by meaning)', () => {
    const back = readBack(xml)
    expect(meaning(back)).toEqual(meaning(arrays))
    expect(exportXmile(back)).toBe(xml)
  })

  it('reads back what other readers see when the extension is dropped: subranges inferred, aliases as dimensions', () => {
    const plain = xml.replace(/<stockflow:model>[\s\S]*<\/stockflow:model>\n/, '')
    const back = readBack(plain)
    expect(back.dimensions!.map((d) => [d.name, d.parent])).toEqual([
      ['Region', undefined],
      ['Coast', 'Region'],
      ['Age', undefined],
      ['Place', undefined],
      ['Spot', 'Place'],
      ['Zone', undefined],
    ])
  })

  it('refuses a subscript holding a comma, which <element subscript> cannot carry', () => {
    const model: Model = {
      ...arrays,
      dimensions: [{ name: 'D', elements: ['a,b', 'c'] }],
      elements: [
        {
          kind: 'aux',
          name: 'x',
          id: 'x',
          dimensions: ['D'],
          equation: '1',
          perElement: [{ subscripts: ['a,b'], equation: '2' }],
        },
      ],
    }
    expect(() => exportXmile(model)).toThrow(StockflowError)
    expect(() => exportXmile(model)).toThrow(/element "x": the subscript "a,b" holds a comma/)
  })
})

describe('exportXmile: arrayed models round trip and run the same', () => {
  it('a regional model: export -> import -> export is stable and the runs agree', () => {
    const back = readBack(exportXmile(arrays))
    const a = simulate(arrays)
    const b = simulate(back)
    expect(b.names).toEqual(a.names)
    for (const n of a.names) expect(b.get(n), n).toEqual(a.get(n))
  })
})

const COPIES = [corpusPath('test-models'), corpusPath('test-models-simlin')]

/** The corpus's arrayed XMILE files that stockflow reads. */
function arrayedFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(xmile|stmx|itmx)$/i.test(entry.name) && /<dim name/.test(readFileSync(path, 'utf8'))) out.push(path)
    }
  }
  if (existsSync(root)) walk(root)
  return out.sort()
}

describe.skipIf(COPIES.some((c) => c === undefined))(
  'exportXmile: the SDXorg corpus’s arrayed XMILE files round trip',
  () => {
    const files = COPIES.flatMap((c) => (c === undefined ? [] : arrayedFiles(c)))
    it.each(files)('%s: import -> export -> import gives the same model (equations by meaning)', (file) => {
      let model: Model
      try {
        model = importXmile(readFileSync(file, 'utf8'), file).model
      } catch {
        return // files stockflow cannot read (placeholders left by failed conversions) have nothing to round trip
      }
      const back = readBack(exportXmile(model))
      expect(meaning(back)).toEqual(meaning(model))
    })
  },
)
