import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Element, GraphicalFunction, Model } from '@stockflow/model'
import { compile, readGraph, simulate } from '@stockflow/solver'
import { Source } from '../src/codegen.js'
import { lookupClamped, lookupDiscrete, lookupExtrapolated } from '../src/runtime.js'

/**
 * `units` inputs sweeping across and past their tables over the run, each read through graphical
 * functions in every way the generated code reads one: attached to an auxiliary of an expression
 * (computed in two steps, see auxItems), named lookups of each mode called on a variable and inside
 * an expression, tables shared by many units and tables of their own.
 */
function sweeps(units: number): { model: Model; reads: { id: string; input: string; table: GraphicalFunction }[] } {
  const modes = ['continuous', 'extrapolate', 'discrete'] as const
  const shared = { x: [0, 1, 2, 5], y: [3, 1, 0.5, 2] }
  const elements: Record<string, unknown>[] = []
  const reads: { id: string; input: string; table: GraphicalFunction }[] = []
  modes.forEach((mode) => elements.push({ kind: 'lookup', name: `l_${mode}`, ...shared, mode }))
  for (let i = 0; i < units; i++) {
    const own = { x: [-1, 0.5 + (i % 5), 7], y: [i % 3, 4, -2] }
    const mode = modes[i % 3]!
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
        const hint = new Int32Array(3)
        for (const x of [...inputs, ...xs]) {
          expect(lookupClamped(xs, ys, 0, n, x, hint, 0)).toBe(lookupClamped(xs, ys, 0, n, x))
          expect(lookupExtrapolated(xs, ys, 0, n, x, hint, 1)).toBe(lookupExtrapolated(xs, ys, 0, n, x))
          expect(lookupDiscrete(xs, ys, 0, n, x, hint, 2)).toBe(lookupDiscrete(xs, ys, 0, n, x))
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
      // Large models read every table inline; small ones call the runtime functions.
      const calls = /lookup(Clamped|Extrapolated|Discrete)\(/
      if (units === 200) {
        const aux = new Source(compiled.program).aux
        expect(aux.defs + aux.body).not.toMatch(calls)
        expect(aux.defs + aux.body).toMatch(/segment\(XS, /)
      }
      const run = simulate(compiled)
      for (const { id, input, table } of reads) {
        const values = run.get(id)
        run.get(input).forEach((x, r) => expect(values[r], `${id} at row ${r}`).toBe(readGraph(table, x)))
      }
    }
  })
})
