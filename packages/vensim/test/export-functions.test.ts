import { describe, expect, it } from 'vitest'
import { canonicalId } from '@stockflow/model'
import type { Element, LookupMode, Model } from '@stockflow/model'
import { exportMdl, importMdl } from '../src/index.js'
import { elementShape, expectSameRun, roundTrip, runDifference, shape } from './export-helpers.js'

// exportMdl on stockflow's builtins, lookups read in a mode, uniflows and non-negative stocks: each
// written in Vensim's functions and read back by importMdl to the same run.

const model = (elements: Element[], stop = 12): Model => ({
  name: 'functions',
  time: { start: 0, stop, dt: 0.25 },
  elements: [
    { kind: 'param', name: 'a', id: 'a', value: 2.5 },
    { kind: 'param', name: 'b', id: 'b', value: -1.75 },
    { kind: 'aux', name: 'wave', id: 'wave', equation: 'SIN(TIME) * 3' },
    ...elements,
  ],
})
const aux = (name: string, equation: string): Element => ({ kind: 'aux', name, id: canonicalId(name), equation })

describe('exportMdl: builtins', () => {
  it('writes each builtin with its Vensim name, or spelled out in Vensim’s functions, to the same values', () => {
    const equations: Record<string, string> = {
      math: 'ABS(b) + EXP(a / 10) + LN(a) + LOG10(a) + LOG(a, 2) + SQRT(a) + TAN(wave / 10) + ARCTAN(wave)',
      hyperbolic: 'SINH(wave / 3) + COSH(wave / 3) + TANH(wave)',
      floors: 'INT(wave) + INT(b) + INTEGER(wave) + ROUND(wave) + ROUND(b) + ROUND(-2.5) + ROUND(2.5)',
      remainders: 'MOD(wave, a) + MOD(wave, b) + (wave % a) + MODULO(wave, a) + QUANTUM(wave, 0.5)',
      divisions: 'SAFEDIV(a, wave) + SAFEDIV(a, 0) + SAFEDIV(a, 0, 7) + XIDZ(a, 0, 3) + ZIDZ(a, wave)',
      choices: 'IF_THEN_ELSE(wave > 0, MIN(a, wave), MAX(b, wave, 1)) + MIN(a, b, wave)',
      clock: 'TIME + DT + STARTTIME + STOPTIME + PI + POWER(a, 2) + GAME(a)',
      inputs: 'STEP(a, 3) + STEP(1, 3.1) + PULSE(a, 2) + PULSE(1, 1, 2.5) + RAMP(a, 2) + RAMP(1, 2, 5)',
      vensim: 'VENSIM_STEP(a, 3.1) + VENSIM_PULSE(2, 1) + PULSE_TRAIN(1, 0.5, 3, 10) + GET_TIME_VALUE(0, 1, 0)',
      smooths: 'SMTH1(wave, 2) + SMTH1(wave, 2, 5) + SMTH3(wave, 3) + SMTH3(wave, 3, 1) + SMTHN(wave, 2, 4)',
      delays:
        'DELAY1(wave, 2) + DELAY3(wave, 3, 1) + DELAYN(wave, 2, 3) + DELAY_FIXED(wave, 1.5) + DELAY_FIXED(wave, 1, 7)',
      vensimOrders: 'SMOOTH_N(wave, 2, 1, 3) + DELAY_N(wave, 2, 1, 2)',
      trends:
        'TREND(wave + 5, 2) + TREND(wave + 5, 2, 0.1) + FORCST(wave + 5, 2, 3) + NPV(wave, 0.1) + NPV(wave, 0.1, 1, 2)',
      memory: 'INIT(wave) + ACTIVE_INITIAL(wave, 1) + SAMPLE_IF_TRUE(wave > 1, wave, 0)',
      logic: 'IF_THEN_ELSE(wave > 0 and not (a < b) or wave < -2, 1, 0)',
    }
    const m = model(Object.entries(equations).map(([name, equation]) => aux(name, equation)))
    const { text, back } = roundTrip(m)
    expect(text).toContain('math = ABS(b) + EXP(a / 10) + LN(a) + LOG(a, 10) + LOG(a, 2) + SQRT(a)')
    expect(text).toContain('smooths = SMOOTH(wave, 2) + SMOOTHI(wave, 2, 5) + SMOOTH3(wave, 3) + SMOOTH3I(wave, 3, 1)')
    expect(text).toContain('DELAY FIXED(wave, 1.5, wave)')
    expect(text).toContain('vensim = STEP(a, 3.1) + PULSE(2, 1) + PULSE TRAIN(1, 0.5, 3, 10) + GET TIME VALUE(0, 1, 0)')
    expect(text).toContain('RAMP(a, 2, FINAL TIME) + RAMP(1, 2, 5)')
    // XMILE's STEP on the grid is Vensim's STEP; off it, the comparison written out.
    expect(text).toContain('inputs = STEP(a, 3) + IF THEN ELSE(Time + 1e-9 * TIME STEP >= 3.1, 1, 0)')
    expect(text).toContain('TREND(wave + 5, 2, 0)')
    expect(text).toContain('NPV(wave, 0.1, 0, 1)')
    expect(text).toContain('memory = INITIAL(wave) + ACTIVE INITIAL(wave, 1) + SAMPLE IF TRUE(wave > 1, wave, 0)')
    for (const method of ['euler', 'rk4'] as const) expect(runDifference(m, back, method)).toBeUndefined()
  })

  it('writes random draws as Vensim’s RANDOM functions, which draw the same numbers from the same seed', () => {
    const m = model([
      aux('uniform draw', 'UNIFORM(0, 10) + RANDOM()'),
      aux('normal draw', 'NORMAL(5, 1) + RANDOM_NORMAL(0, 10, 5, 2, 3)'),
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('RANDOM UNIFORM(0, 10, 0) + RANDOM UNIFORM(0, 1, 0)')
    expect(text).toContain('RANDOM NORMAL(0, 10, 5, 2, 3)')
    expectSameRun(m, back)
  })
})

describe('exportMdl: lookups and their modes', () => {
  const points = { x: [0, 4, 8], y: [1, 3, 2] }

  it('calls a lookup read in a mode through LOOKUP FORWARD, BACKWARD or EXTRAPOLATE', () => {
    const modes: LookupMode[] = ['extrapolate', 'discrete', 'forward']
    const m = model([
      ...modes.map((mode): Element => ({ kind: 'lookup', name: `t ${mode}`, id: `t_${mode}`, ...points, mode })),
      ...modes.map((mode) => aux(`read ${mode}`, `"t ${mode}"(TIME - 1)`)),
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('read extrapolate = LOOKUP EXTRAPOLATE(t extrapolate, Time - 1)\n')
    expect(text).toContain('read discrete = LOOKUP BACKWARD(t discrete, Time - 1)\n')
    expect(text).toContain('read forward = LOOKUP FORWARD(t forward, Time - 1)\n')
    expect(runDifference(m, back)).toBeUndefined()
  })

  it('writes the import’s copy of a table in a mode as the call of its original: read back, the same two lookups', () => {
    const mdl = `{UTF-8}
tbl((0,0),(5,10)) ~~|
x = LOOKUP FORWARD(tbl, Time) + tbl(Time) ~~|
INITIAL TIME = 0 ~~|
FINAL TIME = 10 ~~|
TIME STEP = 0.5 ~~|
`
    const first = importMdl(mdl, 'copy.mdl', { name: 'copy' }).model
    expect(first.elements.map((e) => e.name)).toEqual(['tbl', 'x', 'tbl forward'])
    const { text, back } = roundTrip(first)
    expect(text).toContain('x = LOOKUP FORWARD(tbl, Time) + tbl(Time)\n')
    expect(text).not.toContain('tbl forward')
    expect(shape(back)).toEqual(shape(first))
  })

  it('writes a graphical function read in a mode, or a data series held between points, as a lookup of its own', () => {
    const m = model([
      { kind: 'aux', name: 'series', id: 'series', equation: 'TIME', graph: { ...points, mode: 'discrete' } },
      { kind: 'flow', name: 'drain', id: 'drain', equation: 'wave', graph: { ...points, mode: 'extrapolate' } },
      { kind: 'stock', name: 'tank', id: 'tank', initial: '10', inflows: [], outflows: ['drain'] },
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('series = LOOKUP BACKWARD(series lookup, Time)\n')
    expect(text).toContain('series lookup(\n\t[(0,1)-(8,3)],(0,1),(4,3),(8,2))\n')
    expect(text).toContain('drain = LOOKUP EXTRAPOLATE(drain lookup, wave)\n')
    expect(runDifference(m, back)).toBeUndefined()
  })
})

describe('exportMdl: uniflows and non-negative stocks', () => {
  const tank = (outflows: Element[], nonNegative = true): Model => ({
    name: 'tank',
    time: { start: 0, stop: 10, dt: 0.5 },
    elements: [
      {
        kind: 'stock',
        name: 'Tank',
        id: 'tank',
        initial: '3',
        inflows: ['fill'],
        outflows: outflows.map((f) => f.id),
        nonNegative,
      },
      { kind: 'flow', name: 'fill', id: 'fill', equation: 'IF_THEN_ELSE(TIME > 6, 2, 0)', nonNegative: true },
      ...outflows,
    ],
  })

  it('writes a uniflow as MAX(0, its equation)', () => {
    const m = tank([{ kind: 'flow', name: 'spill', id: 'spill', equation: 'COS(TIME) * 4', nonNegative: true }], false)
    const { text, back } = roundTrip(m)
    expect(text).toContain('spill = MAX(0, COS(Time) * 4)\n')
    expect(back.elements.find((e) => e.id === 'spill')).not.toHaveProperty('nonNegative')
    expectSameRun(m, back)
  })

  it('limits each outflow of a non-negative stock, in order, to what the stock holds: the run is the one the solver makes', () => {
    const m = tank([
      { kind: 'flow', name: 'first', id: 'first', equation: '1.5' },
      { kind: 'flow', name: 'second', id: 'second', equation: 'Tank / 2 + 1', nonNegative: true },
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('first = MIN(1.5, MAX(0, Tank / TIME STEP + fill))\n')
    expect(text).toContain('second = MIN(MAX(0, Tank / 2 + 1), MAX(0, Tank / TIME STEP + fill - first))\n')
    // The limits bite: without them the tank would go below zero.
    expect(runDifference(m, { ...m, elements: m.elements.map((e) => ({ ...e, nonNegative: false })) })).toBeDefined()
    expectSameRun(m, back)
  })

  it('refuses a non-negative stock whose inflow may turn negative, which the solver limits in ways Vensim cannot say', () => {
    const m: Model = {
      ...tank([{ kind: 'flow', name: 'out', id: 'out', equation: '1' }]),
    }
    const bad = { ...m, elements: m.elements.map((e) => (e.id === 'fill' ? { ...e, nonNegative: false } : e)) }
    expect(() => exportMdl(bad)).toThrow(
      'model "tank": stock "Tank" is non-negative, which Vensim cannot say; its outflows are written limited to what it holds, but its inflow "fill" may turn negative and drain it (make the inflow a uniflow)',
    )
  })

  it('limits an arrayed non-negative stock element by element', () => {
    const m: Model = {
      name: 'arrayed tank',
      time: { start: 0, stop: 6, dt: 0.5 },
      dimensions: [{ name: 'Region', elements: ['north', 'south'] }],
      elements: [
        {
          kind: 'stock',
          name: 'Tank',
          id: 'tank',
          dimensions: ['Region'],
          initial: '2',
          inflows: [],
          outflows: ['out'],
          nonNegative: true,
          perElement: [{ subscripts: ['south'], equation: '5' }],
        },
        {
          kind: 'flow',
          name: 'out',
          id: 'out',
          dimensions: ['Region'],
          equation: '1.5',
          perElement: [{ subscripts: ['south'], equation: '0.5' }],
        },
      ],
    }
    const { text, back } = roundTrip(m)
    expect(text).toContain('out[Region] :EXCEPT: [south] = MIN(1.5, MAX(0, Tank[Region] / TIME STEP))\n')
    expect(text).toContain('out[south] = MIN(0.5, MAX(0, Tank[south] / TIME STEP))\n')
    expectSameRun(m, back)
    expect(elementShape(back.elements[0]!)).toEqual(
      elementShape({ ...m.elements[0]!, nonNegative: undefined } as Element),
    )
  })
})
