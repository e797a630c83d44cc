import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { StockflowError, modelFromData, parseEquation } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { exportXmile, importXmile } from '@stockflow/xmile'
import { mapExpr, walk } from '@stockflow/model/internal'
import { PRODUCT_VERSION, STOCKFLOW_NAMESPACE } from '../src/export.js'
import { applyStockflowExtension } from '../src/export-extension.js'
import { printXmile, xmileName } from '../src/export-expression.js'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'
import { corpusPath } from '../../../test/support/corpus.js'

// The OASIS schema is not ours to commit (see schema/README.md): validate when a copy is present.
const schemaPath = join(__dirname, 'schema/xmile-v1.0.xsd')
const schemaText = existsSync(schemaPath) ? readFileSync(schemaPath, 'utf8') : ''

/**
 * The same schema with the two extension points the exporter uses (what XMILE 1.1's schema adds
 * everywhere): foreign elements at the end of `<model>`, foreign attributes on `<sim_specs>`.
 */
const extensibleSchema = (() => {
  if (!schemaText) return ''
  const model = '<xs:element ref="views" minOccurs="0" maxOccurs="1" />\n      </xs:sequence>'
  const simSpecs = '<xs:attribute name="pause" type="xs:double" use="optional" default="INF" />'
  if (schemaText.split(model).length !== 2 || schemaText.split(simSpecs).length !== 2)
    throw new Error('xmile-v1.0.xsd is not the schema these tests expect')
  return schemaText
    .replace(
      model,
      model.replace(
        '\n',
        '\n<xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>\n',
      ),
    )
    .replace(simSpecs, simSpecs + '\n<xs:anyAttribute namespace="##other" processContents="lax"/>')
})()

async function schemaErrors(xml: string, schema = schemaText): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'model.xmile', contents: xml },
    schema: { fileName: 'xmile.xsd', contents: schema },
  })
  return result.errors.map((e) => e.rawMessage)
}

type XmlTree = Record<string, unknown>[]
const xmlOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
} as const

/** The document's XMILE part: every element and attribute in another namespace removed (XMILE readers ignore them). */
function xmilePart(xml: string): string {
  const strip = (nodes: XmlTree): XmlTree =>
    nodes.flatMap((n) => {
      const tag = Object.keys(n).find((k) => k !== ':@')!
      if (tag.includes(':')) return []
      if (tag === '#text') return [n]
      const out: Record<string, unknown> = { [tag]: strip(n[tag] as XmlTree) }
      const attrs = n[':@'] as Record<string, string> | undefined
      if (attrs) {
        out[':@'] = Object.fromEntries(
          Object.entries(attrs).filter(([k]) => !k.includes(':') || k.startsWith('xmlns:')),
        )
      }
      return [out]
    })
  const tree = new XMLParser(xmlOptions).parse(xml) as XmlTree
  return new XMLBuilder({ ...xmlOptions, suppressEmptyNode: true }).build(strip(tree)) as string
}

/** A model that uses every feature the exporter writes. */
const rich: Model = modelFromData({
  name: 'Rich & <strange> "model"',
  doc: 'A doc with <tags>, & ampersands,\nnew lines\r\nand "quotes".',
  time: { start: 0, stop: 10, dt: 0.25, saveper: 0.5, units: 'month', method: 'rk4' },
  elements: [
    {
      kind: 'stock',
      name: 'Water & Ice',
      initial: '"Initial Level" * 2',
      inflows: ['rain'],
      outflows: ['drain_<valve>'],
      nonNegative: true,
      units: 'm3',
      doc: 'Holds <water>',
      min: 0,
    },
    { kind: 'stock', name: '产能', initial: '10', inflows: ['drain_<valve>'] },
    { kind: 'flow', name: 'rain', equation: 'step(2, 3) + pulse(1, 2, 4) + ramp(0.5, 1, 4)', units: 'm3/month' },
    {
      kind: 'flow',
      name: 'drain <valve>',
      equation: 'if("Water & Ice" > 5 and not ("产能" >= 20 or time < 1), "Water & Ice" / 3, 0)',
      nonNegative: true,
      graph: { x: [0, 1, 2], y: [0, 0.5, 2], mode: 'extrapolate' },
    },
    { kind: 'param', name: 'Initial Level', value: 4.5, min: 1, max: 9, doc: "it's the start" },
    { kind: 'aux', name: 'Constant Aux', equation: '-3' },
    { kind: 'lookup', name: 'Effect', x: [0, 1, 2], y: [1, 0.8, 0.2], mode: 'discrete', units: '1', doc: 'a table' },
    {
      kind: 'aux',
      name: 'Mixed',
      equation:
        '-(2 ^ 3) ^ 2 + (1 - (2 - 3)) * mod(7, 3) + "Effect"(time / 2) + max(1, min(2, abs(-1))) + (1 != 2) + (3 == 3)',
    },
    {
      kind: 'aux',
      name: 'Delays',
      equation:
        'smth1(rain, 2) + delay_fixed(rain, 1, 0) + delay3(rain, 2) + trend(rain, 2, 0) + init(rain) + dt + starttime',
    },
    { kind: 'aux', name: 'Shaped', equation: 'time', graph: { x: [0, 10], y: [1, 2] } },
  ],
  scenarios: [
    { id: 'wet', name: 'A wet <year>', doc: 'rain & more', set: { 'Initial Level': 8 } },
    { id: 'dry', set: { initial_level: 1 } },
  ],
  loops: [
    {
      id: 'B1',
      name: 'Drain & fill',
      polarity: 'balancing',
      variables: ['Water & Ice', 'drain <valve>'],
      story: 'It drains.',
    },
  ],
  views: [
    {
      name: 'Main <view>',
      items: [
        { id: 'water_&_ice', x: 100, y: 50, width: 45, height: 35 },
        {
          id: 'drain_<valve>',
          x: 180,
          y: 50,
          points: [
            [122, 50],
            [240, 50],
          ],
        },
        { id: 'rain', x: 60, y: 50 },
        { id: 'initial_level', x: 100, y: 120 },
        { id: 'effect', x: 10, y: 10 },
        {
          id: 'a_connector',
          x: 1,
          y: 2,
          points: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    },
  ],
})

/** Equation texts replaced by their ASTs without positions or spellings, so models compare by meaning. */
function meaning(model: Model): unknown {
  const ast = (text: string): unknown => {
    // IF THEN ELSE reads back as the conditional node; both mean the same.
    const conditional = mapExpr(parseEquation(text), (n) =>
      n.type === 'call' && n.fn === 'if_then_else' && n.args.length === 3
        ? { type: 'if', cond: n.args[0]!, then: n.args[1]!, else: n.args[2]! }
        : n,
    )
    return JSON.parse(JSON.stringify(conditional, (k, v) => (k === 'span' || k === 'name' ? undefined : v)))
  }
  return {
    ...model,
    elements: model.elements.map((e: Element) => {
      if (e.kind === 'stock') return { ...e, initial: ast(e.initial) }
      if (e.kind === 'flow' || e.kind === 'aux') return { ...e, equation: ast(e.equation) }
      return e
    }),
  }
}

function readBack(xml: string): Model {
  const { model } = importXmile(xml, 'export.xmile')
  return applyStockflowExtension(model, xml, 'export.xmile')
}

function sameRuns(a: Model, b: Model): void {
  const ra = simulate(a)
  const rb = simulate(b)
  expect(rb.names).toEqual(ra.names)
  for (const n of ra.names) expect(rb.get(n), n).toEqual(ra.get(n))
}

const seeds: [string, Model][] = [
  ['teacup', teacup],
  ['SIR', sir],
  ['involution', involution],
]

describe.skipIf(!schemaText)('exportXmile: valid XMILE 1.0 (needs schema/xmile-v1.0.xsd)', () => {
  for (const [name, model] of [...seeds, ['rich', rich] as [string, Model]]) {
    it(`${name}: its XMILE part is valid against the OASIS XMILE 1.0 schema`, async () => {
      const xml = exportXmile(model)
      expect(xml).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<xmile version="1.0" xmlns="http:\/\/docs.oasis-open.org\/xmile\/ns\/XMILE\/v1.0"/,
      )
      expect(await schemaErrors(xmilePart(xml))).toEqual([])
    })

    it(`${name}: the whole file is valid once the schema admits foreign elements at the end of <model>`, async () => {
      expect(await schemaErrors(exportXmile(model), extensibleSchema)).toEqual([])
    })
  }

  it('the stockflow extension is the only thing the strict schema rejects', async () => {
    const errors = await schemaErrors(exportXmile(rich))
    expect(errors.length).toBeGreaterThan(0)
    for (const e of errors) expect(e).toMatch(/\{https:\/\/stockflow\.dev\/xmile\/v1\}|isee/)
  })
})

describe('exportXmile: the document', () => {
  it('writes the header, sim_specs and variables as XMILE', () => {
    const xml = exportXmile(rich)
    expect(xml).toContain('<vendor>stockflow</vendor>')
    expect(xml).toContain(`<product version="${PRODUCT_VERSION}" lang="en">stockflow</product>`)
    expect(xml).toContain('<name>Rich &amp; &lt;strange&gt; "model"</name>')
    expect(xml).toContain('<sim_specs method="rk4" time_units="month" isee:save_interval="0.5">')
    expect(xml).toContain(`xmlns:stockflow="${STOCKFLOW_NAMESPACE}"`)
    expect(xml).toContain('<stock name="Water &amp; Ice">')
    expect(xml).toContain('<outflow>"drain &lt;valve&gt;"</outflow>')
    expect(xml).toContain('<non_negative/>')
    expect(xml).toContain('<range min="1" max="9"/>')
    expect(xml).toContain('<gf name="Effect" type="discrete">')
    expect(xml).toContain('<xpts>0,1,2</xpts>')
    expect(xml).toContain('<aux name="Initial Level">\n        <eqn>4.5</eqn>')
    expect(xml).toContain(
      '<eqn>IF ("Water &amp; Ice" &gt; 5) AND NOT ((产能 &gt;= 20) OR (TIME &lt; 1)) THEN "Water &amp; Ice" / 3 ELSE 0</eqn>',
    )
    expect(xml).toContain('<flow name="drain &lt;valve&gt;" x="180" y="50">\n          <pts>')
    expect(xml).toContain('<stockflow:view index="0" name="Main &lt;view&gt;"/>')
    expect(xml).toContain('<stockflow:item view="0" id="a_connector" x="1" y="2">')
    expect(xml).toContain('<stockflow:set name="Initial Level" value="8"/>')
    expect(xml).toContain(
      '<stockflow:doc>A doc with &lt;tags&gt;, &amp; ampersands,\nnew lines&#13;\nand "quotes".</stockflow:doc>',
    )
    expect(exportXmile({ ...teacup, time: { ...teacup.time, method: 'adaptive' } })).toContain('method="rk45,rk4"')
  })

  it('PRODUCT_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { version: string }
    expect(PRODUCT_VERSION).toBe(pkg.version)
  })
})

describe('printXmile: stockflow equations in XMILE syntax', () => {
  const xmile = (text: string) => printXmile(parseEquation(text), (_id, raw) => xmileName(raw))
  it.each([
    ['if(a > b, 1, 2)', 'IF a > b THEN 1 ELSE 2'],
    ['a > b ? 1 : 2', 'IF a > b THEN 1 ELSE 2'],
    ['a == b and c != d or not e', '((a = b) AND (c <> d)) OR NOT e'],
    ['1 + if(a, 1, 2)', '1 + (IF a THEN 1 ELSE 2)'],
    ['a % b + mod(c, d)', 'a MOD b + c MOD d'],
    ['a - (b - c) - d', 'a - (b - c) - d'],
    ['a / (b * c)', 'a / (b * c)'],
    ['-a ^ 2', '-(a ^ 2)'],
    ['(-a) ^ 2', '(-a) ^ 2'],
    ['2 ^ 3 ^ 4', '2 ^ (3 ^ 4)'],
    ['(2 ^ 3) ^ 4', '(2 ^ 3) ^ 4'],
    ['delay_fixed(x, 2, 0) + smooth(x, 3) + safediv(a, b, 1)', 'DELAY(x, 2, 0) + SMTH1(x, 3) + SAFEDIV(a, b, 1)'],
    [
      'xidz(a, b, 1) * zidz(a, b)',
      '(IF ABS(b) < 0.000001 THEN 1 ELSE a / b) * (IF ABS(b) < 0.000001 THEN 0 ELSE a / b)',
    ],
    ['power(a + 1, 2) + game(b) * 3', '(a + 1) ^ 2 + b * 3'],
    [
      'quantum(a, 2) + delay_n(a, 3, 0, 2) + vensim_pulse(1, 2)',
      'QUANTUM(a, 2) + DELAY_N(a, 3, 0, 2) + VENSIM_PULSE(1, 2)',
    ],
    ['time + dt + starttime + stoptime + pi', 'TIME + DT + STARTTIME + STOPTIME + PI'],
    ['"Room Temperature" * Room_Temperature', 'Room_Temperature * Room_Temperature'],
    ['"a-b" + "x.y" + "2nd" + "say \\"hi\\""', '"a-b" + "x.y" + "2nd" + "say \\"hi\\""'],
    ['"if" + "Step" + "产能 总量"', '"if" + "Step" + 产能_总量'],
    ['"Effect of Price"(p / 2)', 'Effect_of_Price(p / 2)'],
    ['1e-7 + 2.5e21', '1e-7 + 2.5e+21'],
  ])('%s -> %s', (stockflow, expected) => {
    expect(xmile(stockflow)).toBe(expected)
  })

  it('reads back through the importer as the same equation', () => {
    const texts = [
      'if(a > b and not c, -a ^ 2, (a - b) - (c - d))',
      'a / b / c + a / (b / c) + 2 ^ -x',
      'max(a, min(b, c)) + smth3(a, 2, 1) + delayn(a, 3, 2) + pulse_train(1, 2, 3, 4)',
    ]
    for (const text of texts) {
      const names = new Set<string>()
      walk(parseEquation(text), (n) => {
        if (n.type === 'ref') names.add(n.name)
      })
      const auxes = [...names].map((n) => ({ kind: 'param', name: n, value: 1 }))
      const m = modelFromData({
        name: 'eq',
        time: { start: 0, stop: 1, dt: 1 },
        elements: [...auxes, { kind: 'aux', name: 'out', equation: text }],
      })
      const back = readBack(exportXmile(m))
      const out = back.elements.find((e) => e.id === 'out')!
      expect(out.kind).toBe('aux')
      expect(meaning(back)).toEqual(meaning(m))
    }
  })
})

describe('exportXmile: round trips through the importer', () => {
  for (const [name, model] of [...seeds, ['rich', rich] as [string, Model]]) {
    it(`${name}: export -> import gives the same model (equations compared by meaning) and the same run`, () => {
      const back = readBack(exportXmile(model))
      expect(meaning(back)).toEqual(meaning(model))
      sameRuns(model, back)
    })

    it(`${name}: import -> export -> import gives exactly the same model`, () => {
      const first = readBack(exportXmile(model))
      const second = readBack(exportXmile(first))
      expect(second).toEqual(first)
    })
  }

  const corpus = corpusPath('test-models', 'samples')
  for (const file of ['teacup/teacup.xmile', 'SIR/SIR.xmile']) {
    it.skipIf(!corpus)(`corpus ${file}: import -> export -> import is exact, same run`, () => {
      const xml = readFileSync(join(corpus!, file), 'utf8')
      const first = importXmile(xml, file).model
      const second = readBack(exportXmile(first))
      expect(second).toEqual(first)
      sameRuns(first, second)
    })
  }
})

describe("exportXmile: Vensim's builtins and lookup modes", () => {
  const vensim = modelFromData({
    name: 'vensim',
    time: { start: 0, stop: 6, dt: 0.25 },
    elements: [
      { kind: 'lookup', name: 'ahead', x: [0, 1, 2.5, 4], y: [3, -1, 7, 2], mode: 'forward' },
      { kind: 'aux', name: 'read', equation: 'ahead(TIME - 1) + ahead(TIME / 2)' },
      {
        kind: 'aux',
        name: 'mixed',
        equation: 'xidz(TIME, TIME - 2, -1) + zidz(1, TIME - 3) + power(TIME, 0.5) + game(2) + quantum(TIME, 0.75)',
      },
      { kind: 'aux', name: 'held', equation: 'sample_if_true(vensim_pulse(1, 2), TIME, 5) + active_initial(TIME, 0)' },
      { kind: 'aux', name: 'late', equation: 'delay_n(TIME, 1, 0, 2) + smooth_n(TIME, 1, 0, 3)' },
    ],
  })

  it('writes a forward table as the discrete table that reads the same everywhere', () => {
    const back = readBack(exportXmile(vensim))
    const table = back.elements.find((e) => e.name === 'ahead')
    expect(table).toMatchObject({ kind: 'lookup', mode: 'discrete', y: [3, -1, 7, 2] })
    const x = (table as { x: readonly number[] }).x
    expect(x[0]).toBe(0)
    expect(x.slice(1).map((v, i) => v > [0, 1, 2.5][i]! && v - [0, 1, 2.5][i]! < 1e-15)).toEqual([true, true, true])
    sameRuns(vensim, back)
  })
})

describe('exportXmile: hostile text', () => {
  it('escapes markup in names, docs and units so the file stays well-formed and reads back', () => {
    const m = modelFromData({
      name: '</name><evil/>',
      time: { start: 0, stop: 1, dt: 1, units: 'a"b<c' },
      elements: [
        { kind: 'param', name: ']]> & <!-- "x" \'y\'', value: 1, units: '</units>', doc: '<![CDATA[ x ]]>\ttab' },
        { kind: 'aux', name: 'out', equation: '"]]> & <!-- \\"x\\" \'y\'" * 2' },
      ],
    })
    const xml = exportXmile(m)
    expect(new XMLParser().parse(xml)).toBeDefined()
    const back = readBack(xml)
    expect(back.name).toBe('</name><evil/>')
    expect(back.time.units).toBe('a"b<c')
    expect(back.elements[0]).toMatchObject({
      name: ']]> & <!-- "x" \'y\'',
      units: '</units>',
      doc: '<![CDATA[ x ]]>\ttab',
    })
    expect(meaning(back)).toEqual(meaning(m))
  })

  it('refuses text XML cannot carry, naming the element', () => {
    const m = modelFromData({
      name: 'bad',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [{ kind: 'param', name: 'Bell\u0007', value: 1 }],
    })
    expect(() => exportXmile(m)).toThrow(StockflowError)
    expect(() => exportXmile(m)).toThrow(/element "Bell.": its name holds U\+0007/)
  })

  it('refuses an equation that does not parse, naming the element', () => {
    const m = modelFromData({
      name: 'bad',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [{ kind: 'aux', name: 'x', equation: '1 +* 2' }],
    })
    expect(() => exportXmile(m)).toThrow(/element "x": its equation cannot be written as XMILE/)
  })
})
