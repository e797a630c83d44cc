import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { applyChanges, importMdl, MdlError, memoryDataSource, VensimUnsupportedError } from '../src/index.js'
import { mdl } from './mdl-text.js'

const element = (model: Model, name: string): Element => {
  const found = model.elements.find((e) => e.name === name)
  if (!found) throw new Error(`no element ${name} in ${model.elements.map((e) => e.name).join(', ')}`)
  return found
}

describe('importMdl', () => {
  it('reads stocks, their flows, parameters, auxiliaries and the clock', () => {
    const { model } = importMdl(
      mdl(`Population= INTEG (
	births - deaths,
		100)
	~	people [0,?]
	~	How many live here.
	|

births=
	Population * birth rate
	~	people/Month
	~		|

deaths = Population / lifetime ~ people/Month ~ |

birth rate = 0.1 ~ 1/Month [0, 1, 0.01] ~ |

lifetime = 20 ~ Month ~ |
`),
      'growth.mdl',
    )
    expect(model.name).toBe('growth')
    expect(model.time).toEqual({ start: 0, stop: 10, dt: 1, units: 'Month' })
    expect(element(model, 'Population')).toMatchObject({
      kind: 'stock',
      initial: '100',
      inflows: ['births'],
      outflows: ['deaths'],
      units: 'people',
      min: 0,
      doc: 'How many live here.',
    })
    expect(element(model, 'births')).toMatchObject({ kind: 'flow', equation: 'Population * birth_rate' })
    expect(element(model, 'birth rate')).toMatchObject({ kind: 'param', value: 0.1, min: 0, max: 1 })
    expect(model.elements.map((e) => e.name)).not.toContain('FINAL TIME')
    const run = simulate(model)
    // Euler: P(t+1) = P(t) * (1 + 0.1 - 0.05)
    expect(run.get('Population')[10]).toBeCloseTo(100 * 1.05 ** 10, 9)
  })

  it('keeps a rate that is not a sum of variables as a flow of the stock', () => {
    const { model } = importMdl(mdl(`Level = INTEG(inflow - Level * 0.5, 1) ~~|\ninflow = 2 ~~|\n`))
    expect(element(model, 'Level')).toMatchObject({ inflows: ['inflow', 'level_net_flow'], outflows: [] })
    expect(element(model, 'Level net flow')).toMatchObject({ kind: 'flow', equation: '-(Level * 0.5)' })
    expect(element(model, 'inflow')).toMatchObject({ kind: 'flow', equation: '2' })
  })

  it('reads lookups named, inline and with another mode', () => {
    const { model } = importMdl(
      mdl(`tab([(0,0)-(2,2)],(0,0),(1,1),(2,0)) ~~|
a = tab(Time) ~~|
b = WITH LOOKUP(Time, ([(0,0)-(10,10)],(0,1),(10,2))) ~~|
c = LOOKUP FORWARD(tab, Time / 2) ~~|
`),
    )
    expect(element(model, 'tab')).toMatchObject({ kind: 'lookup', x: [0, 1, 2], y: [0, 1, 0] })
    expect(element(model, 'a')).toMatchObject({ kind: 'aux', equation: 'tab(time)' })
    expect(element(model, 'b')).toMatchObject({ kind: 'aux', equation: 'time', graph: { x: [0, 10], y: [1, 2] } })
    expect(element(model, 'tab forward')).toMatchObject({ kind: 'lookup', mode: 'forward' })
    expect(element(model, 'c')).toMatchObject({ equation: 'tab_forward(time / 2)' })
  })

  it('expands macros per call, each with its own state', () => {
    const { model } = importMdl(
      `:MACRO: ACC(input, start)
ACC = INTEG(input, start) ~ input ~ |
:END OF MACRO:
${mdl(`x = ACC(1, 0) ~~|\ny = ACC(2, 10) ~~|\n`).replace('{UTF-8}\n', '')}`,
    )
    const run = simulate(model)
    expect(run.get('x')[10]).toBe(10)
    expect(run.get('y')[10]).toBe(30)
  })

  it('gives a macro with several outputs each of them', () => {
    const { model } = importMdl(
      `:MACRO: TWO(a : doubled)
TWO = a + 1 ~~|
doubled = a * 2 ~~|
:END OF MACRO:
${mdl(`x = TWO(Time : d) ~~|\n`).replace('{UTF-8}\n', '')}`,
    )
    const run = simulate(model)
    expect(run.get('x')[3]).toBe(4)
    expect(run.get('d')[3]).toBe(6)
  })

  it('reports a macro that calls itself', () => {
    const text = `:MACRO: LOOP(a)
LOOP = LOOP(a) ~~|
:END OF MACRO:
${mdl(`x = LOOP(1) ~~|\n`).replace('{UTF-8}\n', '')}`
    expect(() => importMdl(text, 'loop.mdl')).toThrow(/loop\.mdl:\d+:\d+: .*the macro LOOP calls itself/)
  })

  it('reports every problem of the file at once, syntax and meaning, with file, line, column and variable', () => {
    let error: unknown
    try {
      importMdl(
        mdl(
          `a = birht rate * 2 ~~|\nbirth rate = 1 ~~|\nb = FOO(a) ~~|\nc = SMOOTHE(a, 2) ~~|\nd = (a + 1 ~~|\ne = d * 2 ~~|\n`,
        ),
        'bad.mdl',
      )
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(MdlError)
    const lines = (error as Error).message.split('\n')
    expect(lines).toEqual([
      'bad.mdl:2:5: "a": unknown variable "birht rate"; did you mean "birth rate"?',
      `bad.mdl:4:5: "b": unknown function FOO; check its spelling against Vensim's function list`,
      'bad.mdl:5:5: "c": unknown function SMOOTHE; did you mean SMOOTH?',
      expect.stringMatching(/^bad\.mdl:6:\d+: "d": /),
    ])
  })

  it('refuses the array functions stockflow lacks as unsupported, so conformance counts a skip', () => {
    const text = mdl(`Region: north, south ~~|\npop[Region] = 1 ~~|\nx = VECTOR LOOKUP(pop[north], 1, 0, 1, 0) ~~|\n`)
    expect(() => importMdl(text)).toThrow(VensimUnsupportedError)
  })

  it('reads Vensim builtins with their own semantics', () => {
    const { model } = importMdl(
      mdl(`a = INTEGER(-2.5) ~~|
b = MODULO(-7, 3) ~~|
c = XIDZ(1, 0, 5) ~~|
d = ZIDZ(1, 0) ~~|
e = IF THEN ELSE(Time > 5 :AND: Time < 8, 1, 0) ~~|
f = DELAY N(Time, 2, 0, 3) ~~|
`),
    )
    const run = simulate(model)
    expect(run.get('a')[0]).toBe(-2)
    expect(run.get('b')[0]).toBe(-1)
    expect(run.get('c')[0]).toBe(5)
    expect(run.get('d')[0]).toBe(0)
    expect([...run.get('e')]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0])
    expect(element(model, 'f')).toMatchObject({ equation: 'delay_n(time, 2, 0, 3)' })
  })

  it('reads data, constants and lookups from CSV files beside the model', () => {
    const csv = (text: string) => new TextEncoder().encode(text)
    const data = memoryDataSource({
      'inputs/series.csv': csv('time,value\n0,10\n10,20\n'),
      'inputs/constants.csv': csv('name,value\nrate,0.25\n'),
    })
    const { model } = importMdl(
      mdl(`demand := GET DIRECT DATA('inputs/series.csv', ',', 'A', 'B2') ~~|
held :HOLD BACKWARD: := GET DIRECT DATA('inputs/series.csv', ',', 'A', 'B2') ~~|
rate = GET DIRECT CONSTANTS('inputs/constants.csv', ',', 'B2') ~~|
table = GET DIRECT LOOKUPS('inputs/series.csv', ',', 'A', 'B2') ~~|
use = table(Time) ~~|
stock = INTEG(demand, 0) ~~|
`),
      'data.mdl',
      { data },
    )
    expect(element(model, 'rate')).toMatchObject({ kind: 'param', value: 0.25 })
    expect(element(model, 'demand')).toMatchObject({ kind: 'flow', equation: 'time' })
    expect(element(model, 'table')).toMatchObject({ kind: 'lookup', x: [0, 10], y: [10, 20] })
    const run = simulate(model)
    expect(run.get('demand')[5]).toBe(15)
    expect(run.get('held')[5]).toBe(10)
    expect(run.get('use')[5]).toBe(15)
  })

  it('refuses a data file outside the model folder, naming the place', () => {
    const data = memoryDataSource({})
    expect(() =>
      importMdl(mdl(`x := GET DIRECT DATA('../secret.csv', ',', 'A', 'B2') ~~|\n`), 'data.mdl', { data }),
    ).toThrow(/^data\.mdl:2:6: "x": .*\.\.\/secret\.csv.*model's folder/)
  })

  it('takes a control variable that follows Time at its value at the start, and warns', () => {
    const text = mdl('x = Time ~~|\n').replace('FINAL TIME  = 10', 'FINAL TIME  = IF THEN ELSE(x > 50, Time, 20)')
    const { model, warnings } = importMdl(text, 'clock.mdl')
    expect(model.time.stop).toBe(20)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^clock\.mdl:\d+:1: "FINAL TIME": FINAL TIME changes with Time in Vensim; .* it is 20, its value at the start$/,
      ),
    ])
  })

  it('renames a variable called like a stockflow builtin, and quotes names mathjs reads as numbers', () => {
    const { model, warnings } = importMdl(
      mdl(`pi = 3.14159 ~~|\nInfinity = 4 ~~|\nx = pi * Infinity ~~|\n`),
      'names.mdl',
    )
    expect(element(model, 'pi (model)')).toMatchObject({ kind: 'param', value: 3.14159 })
    expect(warnings).toEqual([
      'names.mdl:2:1: "pi": "pi" is a builtin name in stockflow; the variable is named "pi (model)"',
    ])
    expect(simulate(model).get('x')[0]).toBeCloseTo(3.14159 * 4, 12)
  })

  it('refuses an equation too long to translate, at its place in the file', () => {
    const long = Array.from({ length: 3000 }, () => '1').join(' + ')
    expect(() => importMdl(mdl(`y = ${long} ~~|\n`), 'long.mdl')).toThrow(
      /^long\.mdl:2:5: "y": the equation is longer or deeper than 1000 operations; split it into auxiliaries$/,
    )
  })

  it('calls a lookup a macro defines, in each expansion', () => {
    const { model } = importMdl(
      `:MACRO: SCALE(x)
SCALE = tab(x) ~~|
tab((0,0),(10,100)) ~~|
:END OF MACRO:
${mdl(`y = SCALE(Time) ~~|\n`).replace('{UTF-8}\n', '')}`,
    )
    expect(simulate(model).get('y')[5]).toBe(50)
  })

  it('applies a changes file to a table, the copies other lookup modes read, a flow constant and the clock', () => {
    const { model } = importMdl(
      mdl(`tbl((0,0),(10,10)) ~~|\ny = LOOKUP FORWARD(tbl, Time + 0.5) ~~|\nf = 1 ~~|\ns = INTEG(f, 0) ~~|\n`),
    )
    const changed = applyChanges(model, 'tbl((0,100),(10,200))\nf = 2\nFINAL TIME = 20\n', 'new.cin')
    expect(changed.time.stop).toBe(20)
    const run = simulate(changed)
    expect(run.get('y')[0]).toBe(200)
    expect(run.get('s')[10]).toBe(20)
  })

  it('saves on the time grid when SAVEPER is no multiple of TIME STEP, and says so', () => {
    const text = mdl('x = Time ~~|\n', { initial: 0, final: 10, step: 0.25 }).replace(
      /SAVEPER {2}= \n\s+TIME STEP/,
      'SAVEPER = 0.6',
    )
    const { model, warnings } = importMdl(text, 'grid.mdl')
    expect(model.time.saveper).toBe(0.5)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^grid\.mdl:\d+:1: "SAVEPER": SAVEPER 0.6 is not a multiple of TIME STEP 0.25; stockflow saves every 0.5 \(2 steps\)$/,
      ),
    ])
  })

  it("writes units with the first name of Vensim's unit equivalences", () => {
    const text = `${mdl('made = 1 ~ widgets/Month ~|\nstore = INTEG(made, 0) ~ Widget ~|\n')}:L<%^E!@\n22:Widget,widgets,wdg\n`
    const { model } = importMdl(text)
    expect(element(model, 'made')).toMatchObject({ units: 'Widget/Month' })
    expect(element(model, 'store')).toMatchObject({ units: 'Widget' })
  })

  it("reads the integration method from the settings' 15: line, Euler when it says 0 or nothing", () => {
    const body = mdl('s = INTEG(s * 0.1, 1) ~~|\n')
    const withCode = (code: string) => `${body}:L\x7f<%^E!@\n1:run.vdf\n15:0,0,0,${code},0,0\n27:0,\n`
    const methods = ['0', '1', '2', '3', '4', '5'].map((code) => importMdl(withCode(code)).model.time.method)
    expect(methods).toEqual([undefined, 'rk4', undefined, 'rk2', 'rk2', 'adaptive'])
    expect(importMdl(body).model.time.method).toBeUndefined()
    // A 15: line before the settings marker is no setting.
    expect(importMdl(`${body}15:0,0,0,1,0,0\n`).model.time.method).toBeUndefined()
    const { model, warnings } = importMdl(withCode('9'), 'odd.mdl')
    expect(model.time.method).toBeUndefined()
    expect(warnings).toEqual([
      expect.stringMatching(
        /^odd\.mdl:\d+:1: the settings' integration type "9" is none stockflow knows; the model runs with Euler$/,
      ),
    ])
    // Run under RK4, as Vensim would.
    const rk4 = importMdl(withCode('1')).model
    expect([...simulate(rk4).get('s')]).toEqual([...simulate(rk4, { method: 'rk4' }).get('s')])
    expect([...simulate(rk4).get('s')]).not.toEqual([...simulate(rk4, { method: 'euler' }).get('s')])
  })

  it('says at its place in the file what the clock and a table cannot be', () => {
    const text = mdl('tab((0,0),(2,1),(2,2)) ~~|\n', { initial: 10, final: 5, step: 0 })
    let message = ''
    try {
      importMdl(text, 'clock.mdl')
    } catch (err) {
      message = (err as Error).message
    }
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^clock\.mdl:2:4: "tab": the lookup's x values must increase, but x = 2 is repeated/),
      expect.stringMatching(/^clock\.mdl:\d+:1: "FINAL TIME": FINAL TIME 5 is before INITIAL TIME 10$/),
      expect.stringMatching(/^clock\.mdl:\d+:1: "TIME STEP": TIME STEP must be more than 0, got 0$/),
    ])
  })
})
