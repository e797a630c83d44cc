import { describe, expect, it } from 'vitest'
import { StockflowError, validate } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { XmileUnsupportedError, importXmile } from '../src/index.js'

const NS = 'xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"'

/** A small XMILE document around some variables. */
function doc(
  variables: string,
  options: { header?: string; specs?: string; specsAttrs?: string; extra?: string; models?: string } = {},
): string {
  const specs = options.specs ?? '<start>0</start><stop>4</stop><dt>1</dt>'
  return `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" ${NS}>
  <header>${options.header ?? '<vendor>Test</vendor><product>Hand written</product>'}</header>
  <sim_specs${options.specsAttrs ? ' ' + options.specsAttrs : ''}>${specs}</sim_specs>
  ${options.extra ?? ''}
  <model>
    <variables>
${variables}
    </variables>
  </model>
  ${options.models ?? ''}
</xmile>`
}

function byName(model: Model, name: string): Element {
  const e = model.elements.find((x) => x.name === name)
  if (!e) throw new Error(`no element ${name}`)
  return e
}

/** The message of what `f` throws. */
function thrown(f: () => unknown): { error: unknown; message: string } {
  try {
    f()
  } catch (error) {
    return { error, message: error instanceof Error ? error.message : String(error) }
  }
  throw new Error('expected an error')
}

describe('importXmile: sim_specs', () => {
  it('reads start, stop, dt, method and time units', () => {
    const { model, warnings } = importXmile(
      doc('<aux name="a"><eqn>1</eqn></aux>', {
        specsAttrs: 'method="RK4" time_units="Months"',
        specs: '<start>2</start><stop>10</stop><dt>0.25</dt>',
      }),
    )
    expect(model.time).toEqual({ start: 2, stop: 10, dt: 0.25, units: 'Months', method: 'rk4' })
    expect(warnings).toEqual([])
  })

  it('reads a reciprocal dt and a save interval', () => {
    const { model } = importXmile(
      doc('<aux name="a"><eqn>1</eqn></aux>', {
        specsAttrs: 'isee:save_interval="0.5" xmlns:isee="http://iseesystems.com/XMILE"',
        specs: '<start>0</start><stop>4</stop><dt reciprocal="true">4</dt>',
      }),
    )
    expect(model.time).toMatchObject({ dt: 0.25, saveper: 0.5 })
  })

  it('takes the first supported method of a list, any case; unknown methods fall back to euler', () => {
    expect(importXmile(doc('', { specsAttrs: 'method="gear, RK2"' })).model.time.method).toBe('rk2')
    const { model, warnings } = importXmile(doc('', { specsAttrs: 'method="gear"' }), 'g.xmile')
    expect(model.time.method).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^g\.xmile:4: integration method "gear" is not supported/)])
  })

  it("runs Vensim's own exports with Euler whatever method they declare", () => {
    const header = '<vendor>Ventana Systems, Inc.</vendor><product>Vensim</product>'
    const { model, warnings } = importXmile(doc('', { header, specsAttrs: 'method="RK4"' }))
    expect(model.time.method).toBe('euler')
    expect(warnings.join('\n')).toContain('Vensim')
  })

  it('names a missing or bad clock setting with its line', () => {
    expect(thrown(() => importXmile(doc('', { specs: '<start>0</start>' }), 'm.xmile')).message).toBe(
      'm.xmile:4: <sim_specs> has no <stop>',
    )
    expect(thrown(() => importXmile(doc('', { specs: '<start>0</start><stop>x</stop>' }), 'm.xmile')).message).toBe(
      'm.xmile:4: <stop> must be a number, got "x"',
    )
  })

  it('reads Vensim control variables as the clock and a numeric SAVEPER as the save interval', () => {
    const header = '<vendor>Ventana Systems, xmutil</vendor><product>Vensim, xmutil</product>'
    const { model, warnings } = importXmile(
      doc(
        `<aux name="TIME STEP"><eqn>0.5</eqn></aux>
         <aux name="INITIAL TIME"><eqn>0</eqn></aux>
         <aux name="FINAL TIME"><eqn>9</eqn></aux>
         <aux name="SAVEPER"><eqn>1</eqn></aux>
         <aux name="x"><eqn>TIME_STEP * 2</eqn></aux>`,
        { header, specs: '<start>0</start><stop>4</stop><dt>0.5</dt>' },
      ),
      'v.xmile',
    )
    expect(model.elements.map((e) => e.name)).toEqual(['SAVEPER', 'x'])
    expect(model.time.saveper).toBe(1)
    expect(warnings).toEqual([expect.stringContaining('"FINAL TIME" = 9 differs from <sim_specs> (4)')])
    expect(simulate(model).get('x')[0]).toBe(1)
  })
})

describe('importXmile: variables', () => {
  const teacup = doc(`
      <stock name="Teacup Temperature">
        <doc>The tea</doc>
        <units>degF</units>
        <outflow>"Heat Loss to Room"</outflow>
        <eqn>180</eqn>
        <non_negative/>
      </stock>
      <flow name="Heat Loss to Room">
        <eqn>("Teacup Temperature"-"Room Temperature")/Characteristic_Time</eqn>
        <non_negative/>
      </flow>
      <aux name="Room Temperature"><eqn>70</eqn><units>degF</units></aux>
      <aux name="Characteristic\\nTime"><eqn>10</eqn></aux>`)

  it('maps stocks, flows, constants (parameters), units, docs and non-negative flags', () => {
    const { model, warnings } = importXmile(teacup, 'teacup.xmile')
    expect(warnings).toEqual([])
    expect(model.elements).toEqual([
      {
        kind: 'stock',
        name: 'Teacup Temperature',
        id: 'teacup_temperature',
        units: 'degF',
        doc: 'The tea',
        initial: '180',
        inflows: [],
        outflows: ['heat_loss_to_room'],
        nonNegative: true,
      },
      {
        kind: 'flow',
        name: 'Heat Loss to Room',
        id: 'heat_loss_to_room',
        equation: '(Teacup_Temperature - Room_Temperature) / Characteristic_Time',
        nonNegative: true,
      },
      { kind: 'param', name: 'Room Temperature', id: 'room_temperature', units: 'degF', value: 70 },
      { kind: 'param', name: 'Characteristic Time', id: 'characteristic_time', value: 10 },
    ])
    expect(validate(model).filter((i) => i.severity === 'error')).toEqual([])
    const run = simulate(model)
    expect(run.get('Teacup Temperature')[1]).toBeCloseTo(180 - 11, 12)
  })

  it('names the model after the header, else the file', () => {
    expect(importXmile(doc('', { header: '<name>Tea</name>' })).model.name).toBe('Tea')
    expect(importXmile(doc(''), 'dir/my model.stmx').model.name).toBe('my model')
  })

  it('reads <non_negative>false</non_negative> and <behavior> defaults', () => {
    const { model } = importXmile(
      doc(
        `<stock name="s"><eqn>1</eqn><outflow>f</outflow></stock>
         <stock name="t"><eqn>1</eqn><non_negative>false</non_negative></stock>
         <flow name="f"><eqn>1</eqn></flow>
         <flow name="g"><eqn>1</eqn><non_negative> FALSE </non_negative></flow>`,
        { extra: '<behavior><non_negative/></behavior>' },
      ),
    )
    const flags = Object.fromEntries(model.elements.map((e) => [e.name, 'nonNegative' in e && e.nonNegative === true]))
    expect(flags).toEqual({ s: true, t: false, f: true, g: false })
    const stocksOnly = importXmile(
      doc(`<stock name="s"><eqn>1</eqn></stock><flow name="f"><eqn>1</eqn></flow>`, {
        extra: '<behavior><stock><non_negative/></stock></behavior>',
      }),
    ).model
    expect(byName(stocksOnly, 's')).toMatchObject({ nonNegative: true })
    expect(byName(stocksOnly, 'f')).not.toHaveProperty('nonNegative')
  })

  it('makes an auxiliary that a stock names as its flow a flow (as Vensim exports them)', () => {
    const { model } = importXmile(
      doc('<stock name="s"><eqn>0</eqn><inflow>f</inflow></stock><aux name="f"><eqn>2</eqn></aux>'),
    )
    expect(byName(model, 'f')).toEqual({ kind: 'flow', name: 'f', id: 'f', equation: '2' })
    expect(simulate(model).get('s')[2]).toBe(4)
  })

  it('keeps names like constructor and __proto__ as plain data', () => {
    const { model } = importXmile(
      doc(`<aux name="constructor"><eqn>1</eqn></aux>
           <aux name="__proto__"><eqn>constructor + 1</eqn></aux>
           <aux name="toString"><eqn>"__proto__" * 2</eqn></aux>
           <aux name="hasOwnProperty"><eqn>toString</eqn></aux>`),
    )
    const run = simulate(model)
    expect(run.series.map((s) => [s.name, s.values[0]])).toEqual([
      ['constructor', 1],
      ['__proto__', 2],
      ['toString', 4],
      ['hasOwnProperty', 4],
    ])
    expect(Object.getPrototypeOf(model)).toBe(Object.prototype)
  })

  it('reads a huge name exactly', () => {
    // No clock is read: a read quadratic in the name's length would run past the test's timeout.
    const long = 'n'.repeat(100_000)
    const { model } = importXmile(
      doc(`<aux name="${long}"><eqn>1</eqn></aux><aux name="b"><eqn>"${long}" + 1</eqn></aux>`),
    )
    expect(simulate(model).get('b')[0]).toBe(2)
  })

  it('translates XMILE expressions in equations', () => {
    const { model } = importXmile(
      doc(`<aux name="c"><eqn>IF TIME &gt;= 2 AND NOT (TIME = 3) THEN 1 ELSE 0</eqn></aux>
           <aux name="m"><eqn>-7 MOD 3</eqn></aux>`),
    )
    expect(byName(model, 'c')).toMatchObject({ equation: '(TIME >= 2 and not (TIME == 3)) ? 1 : 0' })
    const run = simulate(model)
    expect([...run.get('c')]).toEqual([0, 0, 1, 0, 1])
    expect(run.get('m')[0]).toBe(2)
  })

  it('gives INT and MOD Vensim semantics in files from Vensim or xmutil', () => {
    const header = '<vendor>Ventana Systems, xmutil</vendor><product>Vensim, xmutil</product>'
    const eqns = '<aux name="i"><eqn>INT(-2.5)</eqn></aux><aux name="m"><eqn>-7 MOD 3</eqn></aux>'
    const vensim = simulate(importXmile(doc(eqns, { header })).model)
    expect([vensim.get('i')[0], vensim.get('m')[0]]).toEqual([-2, -1])
    const stella = simulate(importXmile(doc(eqns)).model)
    expect([stella.get('i')[0], stella.get('m')[0]]).toEqual([-3, 2])
  })

  it('decodes entities and character references, and nothing else', () => {
    const { model } = importXmile(doc('<aux name="a &amp; b &#x41;"><doc>&lt;x&gt; &unknown;</doc><eqn>1</eqn></aux>'))
    expect(model.elements[0]).toMatchObject({ name: 'a & b A', doc: '<x> &unknown;' })
  })
})

describe('importXmile: graphical functions', () => {
  it('reads an inline gf as the graph of its auxiliary or flow', () => {
    const { model } = importXmile(
      doc(`<aux name="g"><eqn>TIME</eqn><gf type="extrapolate"><xpts>0,1,2</xpts><ypts>0,10,30</ypts></gf></aux>
           <flow name="f"><eqn>TIME</eqn><gf><xscale min="0" max="4"/><ypts sep=";">1;2;5</ypts></gf></flow>`),
    )
    expect(byName(model, 'g')).toMatchObject({
      kind: 'aux',
      equation: 'TIME',
      graph: { x: [0, 1, 2], y: [0, 10, 30], mode: 'extrapolate' },
    })
    expect(byName(model, 'f')).toMatchObject({ kind: 'flow', graph: { x: [0, 2, 4], y: [1, 2, 5] } })
    const run = simulate(model)
    expect([...run.get('g')]).toEqual([0, 10, 30, 50, 70])
    expect([...run.get('f')]).toEqual([1, 1.5, 2, 3.5, 5])
  })

  it('reads discrete tables, old and new spelling', () => {
    const { model } = importXmile(
      doc(`<aux name="a"><eqn>1</eqn><gf type="discrete"><xpts>0,2</xpts><ypts>1,2</ypts></gf></aux>
           <aux name="b"><eqn>1</eqn><gf discrete="true"><xpts>0,2</xpts><ypts>1,2</ypts></gf></aux>`),
    )
    expect(byName(model, 'a')).toMatchObject({ graph: { mode: 'discrete' } })
    expect(byName(model, 'b')).toMatchObject({ graph: { mode: 'discrete' } })
  })

  it('makes a named gf a lookup called like a function, also through LOOKUP()', () => {
    const { model } = importXmile(
      doc(`<gf name="effect"><xpts>0,10</xpts><ypts>0,1</ypts></gf>
           <aux name="a"><eqn>effect(TIME) + LOOKUP(effect, 5)</eqn></aux>`),
    )
    expect(byName(model, 'effect')).toEqual({ kind: 'lookup', name: 'effect', id: 'effect', x: [0, 10], y: [0, 1] })
    expect(byName(model, 'a')).toMatchObject({ equation: '"effect"(TIME) + "effect"(5)' })
    expect([...simulate(model).get('a')]).toEqual([0.5, 0.6, 0.7, 0.8, 0.9])
  })

  it('makes an auxiliary that only holds a called table a lookup (xmutil writes Vensim lookups so)', () => {
    const { model } = importXmile(
      doc(`<aux name="table"><eqn>0+0</eqn><gf><xpts>0,4</xpts><ypts>0,8</ypts></gf></aux>
           <aux name="lagged"><eqn>TIME * 2</eqn><gf><xpts>0,8</xpts><ypts>0,1</ypts></gf></aux>
           <aux name="a"><eqn>LOOKUP(table, TIME) + lagged(4)</eqn></aux>`),
    )
    expect(model.elements.map((e) => `${e.kind} ${e.name}`)).toEqual([
      'lookup table',
      'lookup lagged lookup',
      'aux lagged',
      'aux a',
    ])
    const run = simulate(model)
    expect(run.get('a')[1]).toBe(2 + 0.5)
    expect(run.get('lagged')[2]).toBe(0.5)
  })

  it('names the variable and line of a broken table', () => {
    const { message } = thrown(() =>
      importXmile(doc('<aux name="g"><eqn>1</eqn><gf>\n<xpts>0,1</xpts>\n<ypts>0,x</ypts></gf></aux>'), 'gf.xmile'),
    )
    expect(message).toBe('gf.xmile:10: "g": <ypts> value 2 ("x") is not a number')
    expect(
      thrown(() => importXmile(doc('<aux name="g"><eqn>1</eqn><gf><xpts>0,1</xpts><ypts>0</ypts></gf></aux>'))).message,
    ).toContain('<xpts> has 2 values but <ypts> has 1')
  })
})

describe('importXmile: modules', () => {
  const models = `
    <model name="pop">
      <variables>
        <stock name="people"><eqn>100</eqn><inflow>births</inflow></stock>
        <flow name="births"><eqn>people * rate</eqn></flow>
        <aux name="rate" access="input"><eqn>{fed from outside}</eqn></aux>
      </variables>
    </model>`

  it('flattens module instances with qualified names and resolves <connect>', () => {
    const { model, warnings } = importXmile(
      doc(
        `<module name="north" model="pop"><connect to="rate" from=".growth"/></module>
         <module name="south" model="pop"><connect to="south.rate" from="north.rate"/></module>
         <aux name="growth"><eqn>0.5</eqn></aux>
         <aux name="total"><eqn>north.people + south.people</eqn></aux>`,
        { models },
      ),
    )
    expect(warnings).toEqual([])
    expect(model.elements.map((e) => e.name)).toEqual([
      'north.people',
      'north.births',
      'north.rate',
      'south.people',
      'south.births',
      'south.rate',
      'growth',
      'total',
    ])
    expect(byName(model, 'north.rate')).toMatchObject({ kind: 'aux', equation: 'growth' })
    expect(byName(model, 'south.rate')).toMatchObject({ kind: 'aux', equation: '"north.rate"' })
    expect(byName(model, 'north.births')).toMatchObject({ equation: '"north.people" * "north.rate"' })
    expect(simulate(model).get('total')[1]).toBe(300)
  })

  it('refuses a module whose model is missing or instantiates itself', () => {
    expect(thrown(() => importXmile(doc('<module name="nowhere"/>'), 'm.xmile')).message).toBe(
      'm.xmile:8: "nowhere": the module\'s model "nowhere" is not in the file',
    )
    const loop = '<model name="self"><variables><module name="self"/></variables></model>'
    expect(thrown(() => importXmile(doc('<module name="self"/>', { models: loop }))).message).toContain(
      'instantiates its own model',
    )
  })
})

describe('importXmile: views', () => {
  it('keeps positions, sizes and flow points of stock-and-flow views, and their connectors', () => {
    const { model } = importXmile(
      doc('<stock name="s"><eqn>0</eqn><inflow>f</inflow></stock><flow name="f"><eqn>1</eqn></flow>').replace(
        '</variables>',
        `</variables>
        <views>
          <view type="stock_flow">
            <stock name="s" x="100" y="50" width="45" height="35"/>
            <flow name="f" x="50" y="50"><pts><pt x="0" y="50"/><pt x="77" y="50"/></pts></flow>
            <connector uid="1"><from>s</from><to>f</to></connector>
            <aux name="not there" x="1" y="1"/>
          </view>
          <view type="interface"><stock name="s" x="1" y="1"/></view>
        </views>`,
      ),
    )
    expect(model.views).toEqual([
      {
        items: [
          { id: 's', x: 100, y: 50, width: 45, height: 35 },
          {
            id: 'f',
            x: 50,
            y: 50,
            points: [
              [0, 50],
              [77, 50],
            ],
          },
        ],
        links: [{ from: 's', to: 'f' }],
      },
    ])
  })
})

describe('importXmile: what it recovers from, with warnings', () => {
  it('reads an undeclared isee: prefix', () => {
    const { model, warnings } = importXmile(
      doc('<aux name="a"><eqn>1</eqn></aux>', { extra: '<isee:prefs show_module_prefix="true"/>' }),
      'p.xmile',
    )
    expect(model.elements).toHaveLength(1)
    expect(warnings).toEqual(['p.xmile:5: the namespace prefix "isee:" is used but never declared; read anyway'])
  })

  it('reads past a missing </flow>, naming the lines', () => {
    const { model, warnings } = importXmile(
      doc(`<flow name="f">
        <eqn>1</eqn>
      <stock name="s">
        <inflow>f</inflow>
        <eqn>0</eqn>
      </stock>`),
      'nf.xmile',
    )
    expect(model.elements.map((e) => `${e.kind} ${e.name}`)).toEqual(['flow f', 'stock s'])
    expect(warnings).toEqual([
      expect.stringMatching(/^nf\.xmile:\d+: malformed XML \(Expected closing tag 'flow'/),
      'nf.xmile:10: <stock name="s"> is inside <flow name="f">, which was never closed; read as the next variable',
    ])
    expect(simulate(model).get('s')[4]).toBe(4)
  })

  it('keeps a variable without an equation (validation reports it), so diagrams load', () => {
    const { model, warnings } = importXmile(doc('<aux name="Converter 1"/>'), 'd.stmx')
    expect(model.elements).toEqual([{ kind: 'aux', name: 'Converter 1', id: 'converter_1', equation: '' }])
    expect(warnings).toEqual(['d.stmx:8: "Converter 1" has no equation'])
  })
})

describe('importXmile: errors are one line naming the file, the line and the problem', () => {
  it('names the variable of a ??? equation', () => {
    const { error, message } = thrown(() =>
      importXmile(doc('<aux name="a"><eqn>1</eqn></aux>\n<aux name="broken">\n<eqn> ??? </eqn></aux>'), 'q.xmile'),
    )
    expect(error).toBeInstanceOf(StockflowError)
    expect(message).toBe(
      'q.xmile:10: "broken": the equation is a placeholder (???), left by a failed conversion (at character 1 of "???")',
    )
  })

  it('names the variable of an equation that does not parse or calls an unknown function', () => {
    expect(thrown(() => importXmile(doc('<aux name="a"><eqn>1 +* 2</eqn></aux>'), 'e.xmile')).message).toBe(
      'e.xmile:8: "a": unexpected "*" (at character 4 of "1 +* 2")',
    )
    expect(thrown(() => importXmile(doc('<aux name="a"><eqn>FROBNICATE(1)</eqn></aux>'), 'e.xmile')).message).toBe(
      'e.xmile:8: "a": unknown function FROBNICATE (at character 1 of "FROBNICATE(1)")',
    )
  })

  it('refuses macros and array notations stockflow lacks with XmileUnsupportedError', () => {
    const ranges = thrown(() =>
      importXmile(
        doc(
          '<aux name="v"><dimensions><dim name="D"/></dimensions><eqn>1</eqn></aux><aux name="s"><eqn>SUM(v[1:2])</eqn></aux>',
          {
            extra: '<dimensions><dim name="D" size="2"/></dimensions>',
          },
        ),
        'a.xmile',
      ),
    )
    expect(ranges.error).toBeInstanceOf(XmileUnsupportedError)
    expect(ranges.error).toBeInstanceOf(StockflowError)
    expect(ranges.error).toMatchObject({ feature: 'subscript ranges', name: 'StockflowError' })
    expect(ranges.message).toBe('a.xmile:8: "s": unsupported: subscript ranges (a range of elements)')
    const macros = thrown(() =>
      importXmile(doc('', { extra: '<macro name="twice"><parm>x</parm><eqn>2*x</eqn></macro>' }), 'm.xmile'),
    )
    expect(macros.error).toMatchObject({ feature: 'macros' })
    expect(macros.message).toBe('m.xmile:5: unsupported: macros ("twice")')
  })

  it('refuses DOCTYPE and ENTITY declarations without expanding them', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE xmile [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xmile version="1.0" ${NS}><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="x"><doc>&b;</doc><eqn>1</eqn></aux></variables></model></xmile>`
    expect(thrown(() => importXmile(bomb, 'bomb.xmile')).message).toBe(
      'bomb.xmile:2: a <!DOCTYPE> declaration is not allowed in an XMILE model (no DTDs or entities)',
    )
    const external = `<?xml version="1.0"?>\n<!ENTITY x SYSTEM "file:///etc/passwd">\n<xmile/>`
    expect(thrown(() => importXmile(external, 'x.xmile')).message).toContain('x.xmile:2: a <!ENTITY> declaration')
  })

  it('refuses what is not XMILE', () => {
    expect(thrown(() => importXmile('<model/>', 'n.xmile')).message).toBe(
      'n.xmile:1: not an XMILE model: the root element is <model>',
    )
    expect(thrown(() => importXmile('just text', 'n.xmile')).message).toMatch(/^n\.xmile: /)
    expect(thrown(() => importXmile(doc('').replace(/<model>[\s\S]*<\/model>/, ''), 'n.xmile')).message).toBe(
      'n.xmile:2: the file has no <model>',
    )
  })

  it('refuses a reserved JavaScript name as a tag in one line', () => {
    const { error, message } = thrown(() => importXmile(doc('<__proto__/>'), 'p.xmile'))
    expect(error).toBeInstanceOf(StockflowError)
    expect(message).toMatch(/^p\.xmile: cannot read the XML: /)
    expect(message).not.toContain('\n')
  })
})
