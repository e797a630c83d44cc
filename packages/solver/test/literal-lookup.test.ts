import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Element, LookupMode, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { MAX_LITERAL_POINTS, literalLookup } from '../src/inline-lookup.js'
import { generateLoop } from '../src/loop.js'
import type { Table } from '../src/lower.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { lookupClamped, lookupDiscrete, lookupExtrapolated, lookupForward, readGraph } from '../src/runtime.js'

const MODES: readonly LookupMode[] = ['continuous', 'extrapolate', 'discrete', 'forward']
const RUNTIME = {
  continuous: lookupClamped,
  extrapolate: lookupExtrapolated,
  discrete: lookupDiscrete,
  forward: lookupForward,
} as const

const tableOf = (xs: readonly number[], ys: readonly number[], mode: LookupMode): Table => ({
  id: 't',
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  mode,
})

/** The literal lookup's code as a function of x. */
function compiled(table: Table): (x: number) => number {
  const code = literalLookup(table, 'g', 'x')
  if (code === undefined) throw new Error('no literal code')
  return new Function('x', `${code} return g;`) as (x: number) => number
}

describe('lookups read from literal points', () => {
  // Same arithmetic as the runtime functions, so the same doubles: inside, at and beyond every
  // point, at the ends, NaN and infinities, for every mode.
  it('read exactly what the runtime functions read', () => {
    const table = fc
      .uniqueArray(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: MAX_LITERAL_POINTS })
      .map((xs) => xs.sort((a, b) => a - b))
    fc.assert(
      fc.property(
        table,
        fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom(...MODES),
        (xs, inputs, mode) => {
          const ys = xs.map((x, i) => (i % 3 === 0 ? -0 : Math.sin(x) * 7 - i))
          const read = compiled(tableOf(xs, ys, mode))
          const X = Float64Array.from(xs)
          const Y = Float64Array.from(ys)
          const midpoints = xs.slice(1).map((x, i) => (x + xs[i]!) / 2)
          for (const x of [...inputs, ...xs, ...midpoints, NaN, Infinity, -Infinity, 0, -0]) {
            const want = RUNTIME[mode](X, Y, 0, X.length, x)
            expect(Object.is(read(x), want), `${mode} at ${x}: ${read(x)} vs ${want}`).toBe(true)
          }
        },
      ),
      { seed: 5, numRuns: 400 },
    )
  })

  it('are left to the generic inline code when the points do not fit', () => {
    const many = Array.from({ length: MAX_LITERAL_POINTS + 1 }, (_, i) => i)
    expect(literalLookup(tableOf([1], [2], 'continuous'), 'g', 'x')).toBeUndefined()
    expect(literalLookup(tableOf(many, many, 'continuous'), 'g', 'x')).toBeUndefined()
    expect(literalLookup(tableOf([0, 1, 1, 2], [0, 1, 2, 3], 'continuous'), 'g', 'x')).toBeUndefined()
    expect(literalLookup(tableOf(many.slice(1), many.slice(1), 'forward'), 'g', 'x')).toBeDefined()
  })
})

/** A small model (its loop keeps slots in locals) reading `n` tables of `points` points, one per mode in turn. */
function lookups(n: number, points: number): { model: Model; reads: { id: string; table: Table }[] } {
  const elements: Record<string, unknown>[] = [
    { kind: 'stock', name: 's', initial: '0', inflows: ['f'], outflows: [] },
    { kind: 'flow', name: 'f', equation: '1' },
  ]
  const reads: { id: string; table: Table }[] = []
  for (let i = 0; i < n; i++) {
    const xs = Array.from({ length: points }, (_, j) => j * (1 + (i % 3)) - 5)
    const ys = xs.map((x, j) => Math.cos(x + i) * (j + 1))
    const mode = MODES[i % MODES.length]!
    elements.push({ kind: 'lookup', name: `t${i}`, x: xs, y: ys, mode })
    elements.push({ kind: 'aux', name: `a${i}`, equation: `t${i}(s * ${0.5 + (i % 5) * 0.25} - 6)` })
    reads.push({ id: `a${i}`, table: tableOf(xs, ys, mode) })
  }
  const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
  return { model: { name: `lookups-${n}x${points}`, time: { start: 0, stop: 30, dt: 0.5 }, elements: withIds }, reads }
}

describe('lookups in the loop of a small model', () => {
  const calls = /lookup(Clamped|Extrapolated|Discrete|Forward)\(/

  // Inline while the loop stays within what V8 optimizes; past that, calls as before.
  it('are read inline, or by calls when inline code would make the loop too large to optimize', () => {
    for (const [n, points, inline] of [
      [8, 6, true],
      [300, MAX_LITERAL_POINTS, false],
    ] as const) {
      const { model, reads } = lookups(n, points)
      const c = compile(model)
      for (const method of ['euler', 'rk4'] as const) {
        const code = generateLoop(c.program, TABLEAUX[method], c.recording).toString()
        if (method === 'euler') expect(calls.test(code), model.name).toBe(!inline)
        // RK4 repeats every statement per stage: past the budget even with calls, the stages call
        // one evaluation and one derivative function.
        if (method === 'rk4' && !inline) expect(code).toMatch(/derive\(v, k3\);/)
        const run = simulate(c, { method })
        const s = run.get('s')
        for (const { id, table } of reads) {
          const values = run.get(id)
          values.forEach((v, r) => {
            const x = s[r]! * (0.5 + (Number(id.slice(1)) % 5) * 0.25) - 6
            expect(v, `${id} at row ${r} (${method})`).toBe(
              readGraph({ x: [...table.x], y: [...table.y], mode: table.mode }, x),
            )
          })
        }
      }
    }
  })
})
