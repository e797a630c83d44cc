import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Element, GraphicalFunction, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { Source } from '../src/codegen.js'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { lookupClamped, lookupDiscrete, lookupExtrapolated, lookupForward, readGraph } from '../src/runtime.js'

/**
 * `units` inputs sweeping across and past their tables over the run, each read through graphical
 * functions in every way the generated code reads one: attached to an auxiliary of an expression
 * (computed in two steps, see auxItems), named lookups of each mode called on a variable and inside
 * an expression, tables shared by many units and tables of their own.
 */
function sweeps(units: number): { model: Model; reads: { id: string; input: string; table: GraphicalFunction }[] } {
  const modes = ['continuous', 'extrapolate', 'discrete', 'forward'] as const
  const shared = { x: [0, 1, 2, 5], y: [3, 1, 0.5, 2] }
  const elements: Record<string, unknown>[] = []
  const reads: { id: string; input: string; table: GraphicalFunction }[] = []
  modes.forEach((mode) => elements.push({ kind: 'lookup', name: `l_${mode}`, ...shared, mode }))
  for (let i = 0; i < units; i++) {
    const own = { x: [-1, 0.5 + (i % 5), 7], y: [i % 3, 4, -2] }
    const mode = modes[i % modes.length]!
    elements.push({ kind: 'lookup', name: `own${i}`, ...own, mode })
    elements.push({ kind: 'aux', name: `x${i}`, equation: `TIME * ${0.2 + (i % 7) * 0.15} - ${1 + (i % 4)}` })
    const graph = i % 2 ? shared : own
    elements.push({ kind: 'aux', name: `g${i}`, equation: `x${i} * 1`, graph })
    reads.push({ id: `g${i}`, input: `x${i}`, table: graph })
    elements.push({ kind: 'aux', name: `n${i}`, equation: `l_${mode}(x${i})` })
    reads.push({ id: `n${i}`, input: `x${i}`, table: { ...shared, mode } })
    elements.push({ kind: 'aux', name: `o${i}`, equation: `own${i}(x${i}) + 0` })
    reads.push({ id: `o${i}`, input: `x${i}`, table: { ...own, mode } })
  }
  const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
  return { model: { name: `sweeps-${units}`, time: { start: 0, stop: 40, dt: 0.25 }, elements: withIds }, reads }
}

describe('lookups with a remembered segment', () => {
  // The hint only saves a bisection: any sequence of inputs (forward, backward, jumps, ends, repeats)
  // must read exactly what a lookup without a hint reads.
  it('read the same as without the hint, whatever order the inputs come in', () => {
    const table = fc
      .uniqueArray(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 })
      .map((xs) => Float64Array.from(xs.sort((a, b) => a - b)))
    fc.assert(
      fc.property(table, fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { maxLength: 60 }), (xs, inputs) => {
        const ys = xs.map((x) => Math.sin(x) * 10)
        const n = xs.length
        const hint = new Int32Array(4)
        for (const x of [...inputs, ...xs]) {
          expect(lookupClamped(xs, ys, 0, n, x, hint, 0)).toBe(lookupClamped(xs, ys, 0, n, x))
          expect(lookupExtrapolated(xs, ys, 0, n, x, hint, 1)).toBe(lookupExtrapolated(xs, ys, 0, n, x))
          expect(lookupDiscrete(xs, ys, 0, n, x, hint, 2)).toBe(lookupDiscrete(xs, ys, 0, n, x))
          expect(lookupForward(xs, ys, 0, n, x, hint, 3)).toBe(lookupForward(xs, ys, 0, n, x))
        }
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  // Generated code packs every table into one pair of arrays: a table read at its offset, with
  // other tables' points on either side, reads what it reads alone.
  it('read a table packed among others as they read it alone', () => {
    const table = fc
      .uniqueArray(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 })
      .map((xs) => xs.sort((a, b) => a - b))
    fc.assert(
      fc.property(
        fc.array(table, { minLength: 1, maxLength: 5 }),
        fc.array(fc.double({ min: -150, max: 150 }), { maxLength: 30 }),
        (tables, inputs) => {
          const xs = Float64Array.from(tables.flat())
          const ys = xs.map((x) => Math.cos(x) * 3)
          const hint = new Int32Array(tables.length)
          let o = 0
          tables.forEach((t, k) => {
            const alone = Float64Array.from(t)
            const ysAlone = alone.map((x) => Math.cos(x) * 3)
            for (const x of [...inputs, ...t]) {
              const same = (a: number, b: number) =>
                expect(Object.is(a, b), `table ${k} at ${x}: ${a} vs ${b}`).toBe(true)
              same(lookupClamped(xs, ys, o, t.length, x, hint, k), lookupClamped(alone, ysAlone, 0, t.length, x))
              same(
                lookupExtrapolated(xs, ys, o, t.length, x, hint, k),
                lookupExtrapolated(alone, ysAlone, 0, t.length, x),
              )
              same(lookupDiscrete(xs, ys, o, t.length, x, hint, k), lookupDiscrete(alone, ysAlone, 0, t.length, x))
              same(lookupForward(xs, ys, o, t.length, x, hint, k), lookupForward(alone, ysAlone, 0, t.length, x))
            }
            o += t.length
          })
        },
      ),
      { seed: 11, numRuns: 300 },
    )
  })

  it('read in generated code what the runtime functions read, in kernels and statements alike', () => {
    for (const units of [5, 40, 200]) {
      const { model, reads } = sweeps(units)
      const compiled = compile(model)
      // Large models read every table inline from the packed arrays; small ones inline too, from
      // literal points (literal-lookup.test.ts).
      const calls = /lookup(Clamped|Extrapolated|Discrete|Forward)\(/
      if (units === 200) {
        const aux = new Source(compiled.program).aux
        expect(aux.defs + aux.body).not.toMatch(calls)
        expect(aux.defs + aux.body).toMatch(/segment\(XS, /)
      }
      // Euler (the asm.js loop when large), RK4 and adaptive (JavaScript), and Euler's JavaScript loop.
      const javascript = {
        ...compiled,
        loop: () => generateLoop(compiled.program, TABLEAUX.euler, compiled.recording, undefined, false),
      }
      const runs = [
        simulate(compiled),
        simulate(compiled, { method: 'rk4' }),
        simulate(compiled, { method: 'adaptive' }),
        simulate(javascript),
      ]
      for (const run of runs) {
        for (const { id, input, table } of reads) {
          const values = run.get(id)
          run
            .get(input)
            .forEach((x, r) => expect(values[r], `${id} at row ${r} (${run.meta.method})`).toBe(readGraph(table, x)))
        }
      }
    }
  })

  // Graphical functions of inputs of different shapes: each input is a statement of its own and their
  // lookups one kernel (see auxItems). A reader in the same scope must read the lookup's result.
  it('give their readers the looked-up value, not their input', () => {
    const inputs = [
      'TIME + 1',
      'TIME * 2',
      'MIN(TIME, 5)',
      'MAX(TIME, 1)',
      'TIME - 3',
      'TIME / 2',
      'ABS(TIME - 4)',
      'SQRT(TIME + 1)',
      'EXP(TIME * 0.1)',
      'LN(TIME + 2)',
      'TIME ^ 2',
      'SIN(TIME)',
      'COS(TIME)',
      'TIME * TIME',
      'MOD(TIME, 3)',
      'ROUND(TIME)',
      'INT(TIME)',
      'TIME * 3 + 1',
      'TIME / 3 - 1',
      'TANH(TIME)',
    ]
    const model = (filler: number, extra: string[] = []): Model => {
      const elements: Record<string, unknown>[] = [
        { kind: 'stock', name: 's', initial: '1', inflows: ['f'], outflows: [] },
        ...inputs.map((x, i) => ({
          kind: 'aux',
          name: `g${i}`,
          equation: x,
          graph: { x: [-10, 10, 100], y: [-1, 1, 2] },
        })),
        { kind: 'aux', name: 'r0', equation: 'g0 + s' },
        { kind: 'aux', name: 'r1', equation: 'g7 * 2 + s' },
        { kind: 'flow', name: 'f', equation: 'r0 * 0.01 + r1 * 0.001' },
      ]
      for (let i = 0; i < filler; i++) {
        elements.push({ kind: 'stock', name: `p${i}`, initial: '1', inflows: [], outflows: [`q${i}`] })
        elements.push({ kind: 'flow', name: `q${i}`, equation: `p${i} * 0.1` })
      }
      extra.forEach((equation, i) => elements.push({ kind: 'aux', name: `extra${i}`, equation }))
      const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
      return { name: 'graph-readers', time: { start: 0, stop: 5, dt: 0.25 }, elements: withIds }
    }
    const check = (run: ReturnType<typeof simulate>, label: string) => {
      const s = run.get('s')
      const [g0, g7, r0, r1] = ['g0', 'g7', 'r0', 'r1'].map((id) => run.get(id))
      s.forEach((x, r) => {
        expect(r0![r], `${label}: r0 at row ${r}`).toBe(g0![r]! + x)
        expect(r1![r], `${label}: r1 at row ${r}`).toBe(g7![r]! * 2 + x)
      })
    }
    check(simulate(compile(model(0)), { method: 'adaptive' }), 'adaptive')
    const large = compile(model(450))
    for (const method of ['euler', 'rk4', 'adaptive'] as const) check(simulate(large, { method }), method)
    // Euler's JavaScript loop (PREVIOUS keeps a model out of the asm.js loop).
    check(simulate(compile(model(450, ['PREVIOUS(s, 0)'])), { method: 'euler' }), 'euler, JavaScript')
  })
})
