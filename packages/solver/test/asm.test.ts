import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, SimulateOptions } from '@stockflow/solver'
import { asmLoop, asmUnfit } from '../src/asm.js'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { generate } from '../../../bench/models.js'
import { asmWarnings } from './helpers.js'

/**
 * `units` repetitions of every builtin the asm.js module emits (clock, math, inputs, comparisons,
 * logic, lookups of each mode) and of those that expand into stocks (SMOOTH, DELAY, TREND, INIT):
 * past the all-in-locals size, so Euler runs in the module.
 */
function everything(units: number): Model {
  const elements: Record<string, unknown>[] = [
    { kind: 'param', name: 'k', value: 0.05 },
    { kind: 'lookup', name: 'lc', x: [0, 1, 3], y: [0, 2, 1], mode: 'continuous' },
    { kind: 'lookup', name: 'le', x: [0, 1, 3], y: [0, 2, 1], mode: 'extrapolate' },
    { kind: 'lookup', name: 'ld', x: [0, 1, 3], y: [0, 2, 1], mode: 'discrete' },
    { kind: 'lookup', name: 'lf', x: [0, 1, 3], y: [0, 2, 1], mode: 'forward' },
  ]
  for (let i = 0; i < units; i++) {
    const s = `s${i}`
    elements.push(
      { kind: 'stock', name: s, initial: String(1 + (i % 4) * 0.5), inflows: [`f${i}`], outflows: [] },
      {
        kind: 'aux',
        name: `e1_${i}`,
        equation: 'STEP(2, 3) + PULSE(1, 2, 4) + PULSE_TRAIN(1, 0.5, 3, 9) + RAMP(0.5, 2, 6) + RAMP(0.2, 1)',
      },
      {
        kind: 'aux',
        name: `v1_${i}`,
        equation: `VENSIM_STEP(1, 2.3) + VENSIM_PULSE(${1 + (i % 3)}, 0.5) + GET_TIME_VALUE(0, 1, 0) + GET_TIME_VALUE(1, 1, 0) + GAME(${s})`,
      },
      {
        kind: 'aux',
        name: `v2_${i}`,
        equation: `QUANTUM(${s}, 0.3) + XIDZ(${s}, TIME - 4, -1) + ZIDZ(1, TIME - 2) + POWER(${s}, 0.5) + lf(TIME * 0.3)`,
      },
      {
        kind: 'aux',
        name: `e2_${i}`,
        equation: `MOD(TIME, 3) + MODULO(TIME - 5, 3) + ROUND(TIME * 0.3 - ${i % 3}) + INT(TIME * 0.7 - 2) + INTEGER(1.5 - TIME * 0.4)`,
      },
      {
        kind: 'aux',
        name: `e3_${i}`,
        equation: `MIN(${s}, 2) + MAX(${s}, 0.5) + ABS(1 - ${s}) + EXP(-${s}) + LN(1 + ${s}) + LOG10(1 + ${s}) + LOG(2 + ${s}, 3) + SQRT(${s})`,
      },
      {
        kind: 'aux',
        name: `e4_${i}`,
        equation: `SIN(${s}) + COS(${s}) + TAN(${s} * 0.1) + ARCSIN(0.1) + ARCCOS(0.2) + ARCTAN(${s}) + SINH(0.1 * ${s}) + COSH(0.1) + TANH(${s})`,
      },
      {
        kind: 'aux',
        name: `e5_${i}`,
        equation: `SAFEDIV(${s}, TIME - 4, -1) + IF_THEN_ELSE((${s} > 1 and TIME < 5) or not (${s} < 0.5), ${s} ^ 1.5, -${s}) + DT + STARTTIME + STOPTIME + PI`,
      },
      {
        kind: 'aux',
        name: `g${i}`,
        equation: `lc(TIME * 0.3) + le(TIME * 0.4 - 1) + ld(${s}) + (${s} == 1) + (${s} != 1) + (${s} <= 1) + (${s} >= 1)`,
      },
      { kind: 'aux', name: `m${i}`, equation: `SMTH1(e3_${i}, 2) + DELAY3(e5_${i}, 3) + TREND(${s}, 2) + INIT(${s})` },
      // Graphical functions of expressions: the expression, then the lookup (auxItems).
      {
        kind: 'aux',
        name: `h${i}`,
        equation: i % 2 ? `e2_${i} * 0.5 + TIME` : `MIN(e1_${i}, 3)`,
        graph: { x: [0, 2, 5, 9], y: [1, 0, 2, 3] },
      },
      {
        kind: 'flow',
        name: `f${i}`,
        equation: `(e1_${i} + e2_${i} + e3_${i} + e4_${i} + e5_${i} + g${i} + m${i} + h${i} + v1_${i} + v2_${i}) * 0.001 - ${s} * k`,
      },
    )
  }
  const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
  return { name: `everything-${units}`, time: { start: 0, stop: 10, dt: 0.125 }, elements: withIds }
}

/** The same compiled model stepping with the JavaScript loop (what the module must compute). */
function javascript(c: CompiledModel): CompiledModel {
  return { ...c, loop: (method) => generateLoop(c.program, TABLEAUX[method], c.recording, undefined, false) }
}

function expectSameRuns(c: CompiledModel, options: SimulateOptions) {
  const a = simulate(c, options)
  const b = simulate(javascript(c), options)
  expect(a.times).toEqual(b.times)
  a.series.forEach((x, j) => {
    const y = b.series[j]!.values
    x.values.forEach((value, r) => {
      if (!Object.is(value, y[r])) expect(value, `${x.name} at row ${r}`).toBe(y[r])
    })
  })
}

describe('the asm.js stepping loop', () => {
  const warnings = asmWarnings()

  it('validates as asm.js and computes what the JavaScript loop computes, for every builtin and method', async () => {
    const c = compile(everything(60))
    expect(asmUnfit(c.program)).toBeUndefined()
    expect(c.loop('euler').toString()).not.toMatch(/function run/)
    expectSameRuns(c, { method: 'euler', onNonFinite: 'continue' })
    expectSameRuns(c, { method: 'euler', onNonFinite: 'continue', set: { k: 0.08, s3: 2.5 }, saveper: 0.5 })
    expectSameRuns(c, { method: 'euler', onNonFinite: 'continue', vars: ['s1', 'e4_7', 'm9'] })
    expectSameRuns(c, { method: 'rk2', onNonFinite: 'continue' })
    expectSameRuns(c, { method: 'rk4', onNonFinite: 'continue', set: { k: 0.03 } })
    for (const method of ['rk2', 'rk4'] as const) expect(c.loop(method).toString()).not.toMatch(/function run/)
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('computes what the JavaScript loop computes on the generated models of every family', async () => {
    for (const family of ['chain', 'random', 'smooth-delay'] as const) {
      for (const n of [1_000, 5_000]) {
        const c = compile(generate(family, n, 25))
        for (const method of ['euler', 'rk4'] as const) expectSameRuns(c, { method })
      }
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('leaves runs whose step counts pass 32-bit integers to the JavaScript loop', () => {
    const c = compile(generate('chain', 2000, 10))
    // One row: the module's integer counters would wrap and record every step.
    expect(simulate(c, { saveper: 2 ** 32 + 1 }).times.length).toBe(1)
  })

  it('leaves models with state outside the heap to the JavaScript loop', () => {
    const base = everything(60)
    for (const equation of ['PREVIOUS(s1, 0)', 'DELAY_FIXED(s1, 2, 0)', 'RANDOM()']) {
      const m = {
        ...base,
        elements: [...base.elements, { kind: 'aux', id: 'extra', name: 'extra', equation } as Element],
      }
      const c = compile(m)
      expect(asmUnfit(c.program)).toBeDefined()
      expect(asmLoop(c.program, TABLEAUX.euler, () => c.loop('euler')).ok).toBe(false)
      expect(c.loop('euler').toString()).toMatch(/function run/)
      expect(simulate(c, { onNonFinite: 'continue' }).get('extra').length).toBe(81)
    }
  })
  it('has no module for a program calling a function without asm.js code', () => {
    const c = compile(generate('chain', 2000, 10))
    const [first, ...rest] = c.program.aux
    // A call no target writes (lowering replaces IF_THEN_ELSE), as a builtin without asm.js code.
    const expr = { t: 'fn', fn: 'if_then_else', args: [first!.expr, first!.expr, first!.expr] } as const
    const program = { ...c.program, aux: [{ slot: first!.slot, expr }, ...rest] }
    expect(asmUnfit(program)).toBe('no asm.js code for builtin if_then_else')
    expect(asmLoop(program, TABLEAUX.euler, () => c.loop('euler'))).toEqual({
      ok: false,
      reason: 'no asm.js code for builtin if_then_else',
    })
  })
})
