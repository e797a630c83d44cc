import { describe, expect, it } from 'vitest'
import { canonicalId, isStockflowError } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'
import { simulate } from '@stockflow/solver'
import { exportMdl } from '../src/index.js'
import { elementShape, expectSameRun, roundTrip, runDifference, shape } from './export-helpers.js'

// exportMdl on scalar models: the text Vensim reads, and what reading it back gives.

const clock = { start: 0, stop: 10, dt: 0.5, units: 'Month' }
const small = (elements: Element[], extra: Partial<Model> = {}): Model => ({
  name: 'small',
  time: clock,
  elements,
  ...extra,
})

/** The message of what `f` throws, which must be one line of a StockflowError. */
function refusal(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(isStockflowError(err)).toBe(true)
    const message = (err as Error).message
    expect(message.split('\n')).toHaveLength(1)
    return message
  }
  throw new Error('expected a refusal')
}

describe('exportMdl: the text', () => {
  it('writes the SIR seed as Vensim writes a model: equations, units with ranges, comments, the control section', () => {
    const text = exportMdl(sir)
    expect(text.startsWith('{UTF-8}\n')).toBe(true)
    expect(text).toContain(
      'Susceptible = INTEG(-Succumbing, Total Population)\n\t~\tpeople\n\t~\tPeople who can still be infected\n\t|\n',
    )
    expect(text).toContain('Infectious = INTEG(Succumbing - Recovering, 5)\n')
    expect(text).toContain('Succumbing = Susceptible * Infectious / Total Population * Contact Infectivity\n')
    expect(text).toContain('Duration = 5\n\t~\tday [0.5,30]\n\t~\tHow long a person stays infectious\n\t|\n')
    expect(text).toContain('FINAL TIME  = 100\n\t~\tday\n')
    expect(text).toContain('INITIAL TIME  = 0\n\t~\tday\n')
    expect(text).toContain('SAVEPER  = TIME STEP\n\t~\tday [0,?]\n')
    expect(text).toContain('TIME STEP  = 0.03125\n\t~\tday [0,?]\n')
    expect(text).toContain('\\\\\\---/// Sketch information - do not modify anything except names\n')
    expect(text).toMatch(/\n:L<%\^E!@\n(.*\n)*15:0,0,0,0,0,0\n/)
  })

  it('writes a range with one bound as Vensim does, "?" for the other', () => {
    const text = exportMdl(
      small([
        { kind: 'param', name: 'a', id: 'a', value: 1, min: 0 },
        { kind: 'param', name: 'b', id: 'b', value: 1, max: 2, units: 'kg' },
      ]),
    )
    expect(text).toContain('a = 1\n\t~\t[0,?]\n')
    expect(text).toContain('b = 1\n\t~\tkg [?,2]\n')
    const back = roundTrip(small([{ kind: 'param', name: 'a', id: 'a', value: 1, min: 0 }])).back
    expect(back.elements[0]).toMatchObject({ min: 0 })
    expect(back.elements[0]!.max).toBeUndefined()
  })

  it('writes a comment of several lines, each on its own line', () => {
    const doc = 'First line.\nSecond line.'
    const m = small([{ kind: 'param', name: 'a', id: 'a', value: 1, doc }])
    expect(exportMdl(m)).toContain('\t~\tFirst line.\n\t\tSecond line.\n\t|\n')
    expect(roundTrip(m).back.elements[0]!.doc).toBe(doc)
  })

  it('says the integration method in the settings (1 RK4, 3 RK2, 5 RK4 with an automatic step)', () => {
    const codes = { euler: 0, rk4: 1, rk2: 3, adaptive: 5 } as const
    for (const [method, code] of Object.entries(codes))
      expect(exportMdl({ ...teacup, time: { ...teacup.time, method: method as keyof typeof codes } })).toContain(
        `\n15:0,0,0,${code},0,0\n`,
      )
  })

  it('gives a model under RK4, RK2 or the adaptive method back under the same method, and its run', () => {
    for (const method of ['rk4', 'rk2', 'adaptive'] as const) {
      const m = { ...teacup, time: { ...teacup.time, method } }
      const { back } = roundTrip(m)
      expect(back.time.method).toBe(method)
      // Each run under its model's own method.
      const [a, b] = [simulate(m), simulate(back)]
      for (const name of a.names) expect([...b.get(name)]).toEqual([...a.get(name)])
    }
    expect(roundTrip({ ...teacup, time: { ...teacup.time, method: 'euler' } }).back.time.method).toBeUndefined()
  })

  it('writes SAVEPER when the model saves less often than every step', () => {
    const m = small([{ kind: 'param', name: 'a', id: 'a', value: 1 }])
    const text = exportMdl({ ...m, time: { ...clock, saveper: 2 } })
    expect(text).toContain('SAVEPER  = 2\n')
    expect(roundTrip({ ...m, time: { ...clock, saveper: 2 } }).back.time).toEqual({ ...clock, saveper: 2 })
  })

  it('quotes names Vensim cannot read bare, and reads them back the same', () => {
    const names = ['Cost in $', 'say "hi"', 'a.b', '1st stage', 'back\\slash', 'Größe', 'x (model)']
    const elements: Element[] = names.map((name, i) => ({ kind: 'param', name, id: canonicalId(name), value: i }))
    const sum = names.map((n) => `"${n.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' + ')
    const m = small([...elements, { kind: 'aux', name: 'total', id: 'total', equation: sum }])
    const { text, back } = roundTrip(m)
    expect(text).toContain('"Cost in $" = 0\n')
    expect(text).toContain('"say \\"hi\\"" = 1\n')
    expect(text).toContain('"back\\slash" = 4\n')
    expect(back.elements.map((e) => e.name)).toEqual([...names, 'total'])
    expectSameRun(m, back)
  })

  it('leaves the control variables to the control section: an element named SAVEPER is not written twice', () => {
    const m = small([
      { kind: 'aux', name: 'SAVEPER', id: 'saveper', equation: 'dt' },
      { kind: 'aux', name: 'twice', id: 'twice', equation: 'SAVEPER * 2' },
    ])
    const text = exportMdl(m)
    expect(text.match(/^SAVEPER\s*=/gm)).toHaveLength(1)
    expect(text).toContain('twice = SAVEPER * 2\n')
  })
})

describe('exportMdl: read back by importMdl', () => {
  it('gives the SIR seed back: the same elements, units, ranges, comments, clock, and the same run', () => {
    const { back, warnings } = roundTrip(sir)
    expect(warnings).toEqual([])
    const {
      doc: _doc,
      loops: _loops,
      scenarios: _scenarios,
      views: _views,
      ...rest
    } = shape(sir) as Record<string, unknown>
    expect(shape(back)).toEqual(rest)
    expectSameRun(sir, back)
  })

  it('gives the teacup seed back with the same run, under each integration method', () => {
    const { back } = roundTrip(teacup)
    for (const method of ['euler', 'rk2', 'rk4'] as const) expectSameRun(teacup, back, method)
  })

  it('keeps stocks and their flows: a stock with no flow reads back with a flow of 0 of its own', () => {
    const m = small([
      { kind: 'stock', name: 'Level', id: 'level', initial: '3', inflows: [], outflows: [] },
      { kind: 'aux', name: 'Twice', id: 'twice', equation: 'Level * 2' },
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('Level = INTEG(0, 3)\n')
    expect(back.elements.map((e) => e.name)).toEqual(['Level', 'Level net flow', 'Twice'])
    expect(runDifference(m, back)).toBeUndefined()
  })

  it('writes :NA: for Vensim’s missing value and reads it back as the same number', () => {
    const m = small([{ kind: 'aux', name: 'missing', id: 'missing', equation: 'IF_THEN_ELSE(TIME > 5, -1e38, 1)' }])
    expect(exportMdl(m)).toContain('missing = IF THEN ELSE(Time > 5, :NA:, 1)\n')
    expectSameRun(m, roundTrip(m).back)
  })

  it('writes operators with Vensim’s spellings and enough parentheses to read back the same tree', () => {
    const equations = [
      'a > 1 and (b < 2 or not (a == b))',
      '-(a ^ 2) + (-a) ^ 2 - a ^ -b',
      'a - (b - a) / (a / b) * -1',
      '2 ^ 3 ^ 2',
      'a != b',
      'a mod b',
      '(a >= b) == (b <= a)',
    ]
    const m = small([
      { kind: 'param', name: 'a', id: 'a', value: 3 },
      { kind: 'param', name: 'b', id: 'b', value: 1.5 },
      ...equations.map((equation, i): Element => ({ kind: 'aux', name: `e${i}`, id: `e${i}`, equation })),
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain(':AND:')
    expect(text).toContain(':OR:')
    expect(text).toContain(':NOT:')
    expect(text).toContain('<>')
    expectSameRun(m, back)
  })
})

describe('exportMdl: what Vensim cannot express', () => {
  const refuse = (equation: string) =>
    refusal(() =>
      exportMdl(
        small([
          { kind: 'param', name: 'a', id: 'a', value: 1 },
          { kind: 'aux', name: 'x', id: 'x', equation },
        ]),
      ),
    )

  it('refuses a graphical function in a mode whose lookup’s name an element has, naming the owner', () => {
    const g = { x: [0, 1], y: [0, 1] }
    const m = (second: string) =>
      small([
        { kind: 'aux', name: 'x', id: 'x', equation: 'TIME', graph: { ...g, mode: 'discrete' } },
        { kind: 'aux', name: 'y', id: 'y', equation: 'TIME', graph: { ...g, mode: 'forward' } },
        { kind: 'param', name: second, id: canonicalId(second), value: 1 },
      ])
    expect(refusal(() => exportMdl(m('x lookup')))).toBe(
      'model "small": a graphical function of "x" needs a lookup named "x lookup", which the model already uses; rename that element',
    )
    const twoModes = small(
      [
        {
          kind: 'aux',
          name: 'z',
          id: 'z',
          dimensions: ['Region'],
          equation: 'TIME',
          graph: { ...g, mode: 'discrete' },
          perElement: [{ subscripts: ['south'], equation: 'TIME', graph: { ...g, mode: 'forward' } }],
        },
        { kind: 'param', name: 'z lookup 2', id: 'z_lookup_2', value: 1 },
      ],
      { dimensions: [{ name: 'Region', elements: ['north', 'south'] }] },
    )
    expect(refusal(() => exportMdl(twoModes))).toMatch(/a graphical function of "z" needs a lookup named "z lookup 2"/)
  })

  it('refuses PREVIOUS and a FORCST with an initial trend, naming the element', () => {
    expect(refuse('PREVIOUS(a)')).toBe(
      'model "small": element "x": its equation cannot be written in Vensim: it uses PREVIOUS (Vensim has no function for the value one step earlier)',
    )
    expect(refuse('FORCST(a, 2, 3, 0.5)')).toMatch(/element "x": .* FORCST with an initial trend/)
  })

  it('refuses an XMILE PULSE off the TIME STEP grid, which Vensim’s PULSE would start at the nearest step', () => {
    expect(refuse('PULSE(1, 0.25)')).toMatch(/element "x": .*PULSE whose start or interval is not a constant/)
  })

  it('refuses text a .mdl file cannot carry: "|" in a doc, "~" in units, a name ending in a backslash', () => {
    const one = (e: Element) => refusal(() => exportMdl(small([e])))
    expect(one({ kind: 'param', name: 'a', id: 'a', value: 1, doc: 'a | b' })).toMatch(/element "a".*"\|"/)
    expect(one({ kind: 'param', name: 'a', id: 'a', value: 1, units: 'kg~m' })).toMatch(/element "a".*"~"/)
    expect(one({ kind: 'param', name: 'a\\', id: 'a', value: 1 })).toMatch(/ends with a backslash/)
  })

  it('refuses an infinite number', () => {
    expect(refuse('a + 1e999')).toMatch(/element "x": its equation cannot be written in Vensim/)
  })
})

describe('exportMdl: elements compared one by one', () => {
  it('keeps an auxiliary with a graphical function as WITH LOOKUP', () => {
    const e: Element = {
      kind: 'aux',
      name: 'effect',
      id: 'effect',
      equation: 'TIME / 10',
      graph: { x: [0, 0.5, 1], y: [1, 2, 1.5] },
    }
    const { text, back } = roundTrip(small([e]))
    expect(text).toContain('effect = WITH LOOKUP(Time / 10, ([(0,1)-(1,2)],(0,1),(0.5,2),(1,1.5)))\n')
    expect(elementShape(back.elements[0]!)).toEqual(elementShape(e))
  })
})
