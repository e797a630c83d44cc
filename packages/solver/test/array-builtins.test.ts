import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { ARRAY_BUILTINS } from '../src/array-builtins.js'
import { ASM_RANGE_HELPERS, RANGE_HELPERS, mean, prod, stddev, sum } from '../src/array-reductions.js'
import { STDLIB_DECLARATIONS, asmUnfit } from '../src/asm.js'
import { JS_HELPERS, solverBuiltin, writeCall } from '../src/builtin-table.js'
import { builtinValue } from '../src/builtin-value.js'
import { ASM_TARGET, JS_TARGET } from '../src/emit.js'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { asmWarnings } from './helpers.js'

type Fn = (...a: number[]) => number
const clock = { time: 0, dt: 1, start: 0, stop: 1 }
/** A builtin's value as the interpreter computes it. */
const value = (name: string, ...a: number[]) => builtinValue(name, a, clock)

/** A builtin's value through the code generated JavaScript runs (its writer, then JS_HELPERS). */
function generated(name: string, a: readonly number[]): number {
  const xs = a.map((_, i) => `x${i}`)
  const f = new Function(...Object.keys(JS_HELPERS), ...xs, `return ${writeCall(JS_TARGET, name, xs)};`)
  return (f as (...b: unknown[]) => number)(...Object.values(JS_HELPERS), ...a)
}

describe('the array builtins in the table', () => {
  it('take any number of arguments', () => {
    for (const b of ARRAY_BUILTINS) expect(solverBuiltin(b.name)?.variadic, b.name).toBe(true)
  })

  it('keep the two-argument MIN and MAX code, and write sums, products and means inline', () => {
    expect(writeCall(JS_TARGET, 'min', ['a', 'b'])).toBe('Math.min(a, b)')
    expect(writeCall(ASM_TARGET, 'max', ['a', 'b'])).toBe('(+max(a, b))')
    expect(writeCall(JS_TARGET, 'max', ['a', 'b', 'v[3]'])).toBe('Math.max(a, b, v[3])')
    expect(writeCall(JS_TARGET, 'sum', ['v[1]', 'v[2]', '(v[3] - 1)'])).toBe('(v[1] + v[2] + (v[3] - 1))')
    // An operand that is not one already is parenthesized: `a + b - c` would round differently.
    expect(writeCall(JS_TARGET, 'prod', ['a', '-1', 'Math.min(a, b)', 'a - b'])).toBe(
      '(a * (-1) * Math.min(a, b) * (a - b))',
    )
    expect(writeCall(ASM_TARGET, 'sum', ['+V[(i + 1) << 3 >> 3]', '1.0'])).toBe('(+((+V[(i + 1) << 3 >> 3]) + 1.0))')
    expect(writeCall(JS_TARGET, 'mean', ['a', 'b'])).toBe('((a + b) / 2)')
    expect(writeCall(ASM_TARGET, 'mean', ['a', 'b'])).toBe('((a + b) / 2.0)')
    expect(writeCall(JS_TARGET, 'size', ['a', 'b', 'c'])).toBe('3')
    expect(writeCall(ASM_TARGET, 'stddev', ['a', 'b'])).toBeUndefined()
  })

  it('give the same bits interpreted and in generated JavaScript', () => {
    const cases: [string, number[]][] = [
      ['sum', [0.1, 0.2, 0.3, -0.6]],
      ['sum', [-0]],
      ['prod', [1.1, 3, -0.7, 1e300, 1e10]],
      ['mean', [1, 2, 4, NaN]],
      ['min', [3, -0, 0, 2]],
      ['max', [Infinity, 1]],
      ['stddev', [2, 4, 4, 4, 5, 5, 7, 9]],
      ['size', [7, 7, 7]],
      ['rank', [2, 4, 6, 2, 8, 5]],
      ['vector_select', [-1, 0, 0, 3, 1, 0, 1, 3, 5, 6, 7]],
      ['vector_elm_map', [-1, 2, 3, 10, 20, 30]],
      ['vector_sort_order', [3, 1, 3, 5, 1, 3]],
      ['vector_rank', [1, 0, 3, 5, 1, 3]],
      ['vector_reorder', [2, 3, 5, 1, 3, 3, 2, 0, 1]],
      ['invert_matrix', [2, 2, 4, 4, 7, 2, 6]],
      ['allocate_available', [1, 80, 2, 100, 50, 8, 1, 5, 2, 0, 1, 7, 4, 0]],
      ['allocate_by_priority', [3, 3, 3, 4, 3, 10, 6, 3, 3, 2, 4, 3]],
    ]
    for (const [name, a] of cases) expect(generated(name, a), name).toBe(value(name, ...a))
  })
})

describe('reductions', () => {
  it('fold left to right from the first element', () => {
    expect(sum(0.1, 0.2, 0.3)).toBe(0.1 + 0.2 + 0.3)
    expect(Object.is(sum(-0), -0)).toBe(true)
    expect(prod(2, 3, 4)).toBe(24)
    expect(mean(1, 2, 3, 6)).toBe(3)
    expect(value('min', 4)).toBe(4)
    expect(value('max', 4, 9, -1)).toBe(9)
    expect(value('size', 1, 2, 3, 4)).toBe(4)
  })

  it('reduce the elements flattening hands them (Vensim’s subscript_aggregation and elm_count at time 0)', () => {
    // Input 3D[entry, Column 1 | Column 2, depth] and Stock A[entry, column] at its initial values.
    const input = [
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      [
        [10, 20, 30],
        [40, 50, 60],
        [70, 80, 100],
      ],
    ]
    const stockA = [
      [1, 3, 5],
      [2, 4, 6],
    ]
    // PROD(Input 3D[entry!, column, depth!] - 0.1 * Stock A[entry!, column])
    const complexProd = input.map((c, j) => prod(...c.flatMap((row, i) => row.map((x) => x - 0.1 * stockA[j]![i]!))))
    expect(complexProd[0]).toBeCloseTo(203686, 0)
    expect(complexProd[1]! / 3.70764e14).toBeCloseTo(1, 5)
    // SUM(Input 3D[entry!, column, depth] * Stock A[entry!, column]) and VMIN(Input 3D + 2 * Stock A - 5)
    const complexSum = input.map((c, j) => [0, 1, 2].map((d) => sum(...c.map((row, i) => row[d]! * stockA[j]![i]!))))
    expect(complexSum).toEqual([
      [48, 57, 66],
      [600, 720, 900],
    ])
    const complexMin = input.map((c, j) =>
      [0, 1, 2].map((d) => value('min', ...c.map((r, i) => r[d]! + 2 * stockA[j]![i]! - 5))),
    )
    expect(complexMin).toEqual([
      [-2, -1, 0],
      [9, 19, 29],
    ])
    expect(value('max', ...input.flat(2))).toBe(100)
    expect(value('size', ...Array.from({ length: 30 }, () => 0))).toBe(30)
  })

  it('STDDEV is the population standard deviation', () => {
    expect(stddev(2, 4, 4, 4, 5, 5, 7, 9)).toBe(2)
    expect(stddev(5)).toBe(0)
    // Two passes keep the digits of a spread far below the mean.
    expect(stddev(1e9 + 1, 1e9 + 3)).toBe(1)
  })

  it('carry NaN and infinities through, as a chain of + and * would', () => {
    expect(sum(1, NaN, 2)).toBeNaN()
    expect(value('min', 1, NaN)).toBeNaN()
    expect(prod(0, Infinity)).toBeNaN()
    expect(sum(Infinity, -Infinity)).toBeNaN()
    expect(stddev(1, Infinity)).toBeNaN()
  })

  it('over a slot range give the variadic form’s bits, with a stride and an offset', () => {
    const v = Float64Array.from([9, 0.1, -3, 0.2, 7, 0.3, -0, 1e-17, 4.5, -2])
    const pick = (base: number, n: number, stride: number) => Array.from({ length: n }, (_, k) => v[base + k * stride]!)
    const pairs: [string, Fn][] = [
      ['sumRange', sum],
      ['prodRange', prod],
      ['minRange', Math.min],
      ['maxRange', Math.max],
      ['meanRange', mean],
      ['stddevRange', stddev],
    ]
    for (const [name, f] of pairs)
      for (const [base, n, stride] of [
        [1, 3, 2],
        [0, 10, 1],
        [2, 4, 2],
        [6, 1, 1],
        [9, 3, -3],
      ] as const) {
        const got = RANGE_HELPERS[name]!(v, base, n, stride)
        expect(Object.is(got, f(...pick(base, n, stride))), `${name}(${base}, ${n}, ${stride})`).toBe(true)
      }
    expect(RANGE_HELPERS.sumRange!(v, 0, 0, 1)).toBe(0)
    expect(RANGE_HELPERS.minRange!(v, 0, 0, 1)).toBe(Infinity)
  })

  describe('in asm.js over a heap', () => {
    const warnings = asmWarnings()

    it('validates and gives the JavaScript helpers’ bits', async () => {
      const names = Object.keys(RANGE_HELPERS)
      const text = `function m(stdlib, foreign, heap) {
"use asm";
var V = new stdlib.Float64Array(heap);
${STDLIB_DECLARATIONS}
${ASM_RANGE_HELPERS}
return { ${names.map((n) => `${n}: ${n}`).join(', ')} };
}
return m;`
      const heap = new ArrayBuffer(2 ** 16)
      const V = new Float64Array(heap)
      V.set([9, 0.1, -3, 0.2, 7, 0.3, -0, 1e-17, 4.5, -2, NaN, 1e308, 1e308])
      type Asm = Record<string, (base: number, n: number, stride: number) => number>
      const asm = (new Function(text)() as (s: typeof globalThis, f: object, h: ArrayBuffer) => Asm)(
        globalThis,
        {},
        heap,
      )
      for (const name of names)
        for (const [base, n, stride] of [
          [1, 3, 2],
          [0, 10, 1],
          [0, 13, 1],
          [11, 2, 1],
          [9, 3, -3],
          [4, 0, 1],
        ] as const) {
          const want = RANGE_HELPERS[name]!(V, base, n, stride)
          expect(Object.is(asm[name]!(base, n, stride), want), `${name}(${base}, ${n}, ${stride})`).toBe(true)
        }
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings()).toEqual([])
    })
  })
})

/** A model of elements as flattening would make them (ids from names; `pop_a` standing for `pop[a]`). */
function flat(elements: Record<string, unknown>[], stop = 4): Model {
  const withIds = elements.map((e) => ({ ...e, id: String(e.name).toLowerCase() })) as unknown as Element[]
  return { name: 'flat', time: { start: 0, stop, dt: 0.5 }, elements: withIds }
}

describe('flat calls in a model', () => {
  const warnings = asmWarnings()

  it('simulate with every method; asm.js takes the reductions written inline, not the helpers', async () => {
    const regions = ['a', 'b', 'c']
    const model = (extra: string) =>
      flat([
        ...regions.flatMap((r, i) => [
          { kind: 'stock', name: `pop_${r}`, initial: String(10 * (i + 1)), inflows: [`birth_${r}`], outflows: [] },
          { kind: 'flow', name: `birth_${r}`, equation: `pop_${r} * 0.1 - total * 0.01${extra}` },
        ]),
        { kind: 'aux', name: 'total', equation: 'SUM(pop_a, pop_b, pop_c) + MIN(pop_a, pop_b, pop_c) * 0' },
        { kind: 'aux', name: 'avg', equation: 'MEAN(pop_a, pop_b, pop_c) + PROD(pop_a, 1, 1) * 0 + MAX(pop_c)' },
      ])
    const inline = compile(model(''))
    expect(asmUnfit(inline.program)).toBeUndefined()
    // Of expressions, not slots: the helper itself, not a range's loop (which asm.js has).
    const helpers = compile(model(' + STDDEV(pop_a * 1, pop_b, pop_c) * 0.001'))
    expect(asmUnfit(helpers.program)).toBe('no asm.js code for builtin stddev')
    const run = simulate(inline)
    // Euler by hand: one step of dt 0.5.
    const total0 = 60
    expect(run.get('total')[0]).toBe(total0)
    expect(run.get('pop_a')[1]).toBeCloseTo(10 + 0.5 * (10 * 0.1 - total0 * 0.01), 12)
    expect(run.get('avg')[0]).toBe(20 + 30)
    for (const method of ['rk2', 'rk4', 'adaptive'] as const) {
      const other = simulate(helpers, { method })
      expect(other.get('total').every(Number.isFinite), method).toBe(true)
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('step in the asm.js module as in the JavaScript loop, to the bit', async () => {
    const n = 400
    const pops = Array.from({ length: n }, (_, i) => `pop_${i}`)
    const elements = [
      ...pops.flatMap((p, i) => [
        { kind: 'stock', name: p, initial: String(1 + (i % 7)), inflows: [`f_${i}`], outflows: [] },
        { kind: 'flow', name: `f_${i}`, equation: `${p} * 0.02 - total * 1e-5 + (${p} - avg) * 1e-3` },
      ]),
      { kind: 'aux', name: 'total', equation: `SUM(${pops.join(', ')})` },
      { kind: 'aux', name: 'avg', equation: `MEAN(${pops.join(', ')}) + MIN(${pops.join(', ')}) * 1e-3` },
      { kind: 'aux', name: 'top', equation: `MAX(${pops.slice(0, 50).join(', ')}) + PROD(pop_1, pop_2, 0.5)` },
    ]
    const c = compile(flat(elements, 20))
    expect(c.loop('euler').toString()).not.toMatch(/function run/)
    const js = { ...c, loop: () => generateLoop(c.program, TABLEAUX.euler, c.recording, undefined, false) }
    const [a, b] = [simulate(c), simulate(js)]
    for (const name of ['total', 'avg', 'top', 'pop_7'])
      a.get(name).forEach((x, r) => expect(Object.is(x, b.get(name)[r]), `${name} at ${r}`).toBe(true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('compute one element of an array result per call, the inputs read once', () => {
    const elements = [
      { kind: 'param', name: 'x_a', value: 30 },
      { kind: 'param', name: 'x_b', value: 10 },
      { kind: 'param', name: 'x_c', value: 20 },
      ...[1, 2, 3].map((i) => ({
        kind: 'aux',
        name: `order_${i}`,
        equation: `VECTOR_SORT_ORDER(${i}, 1, 3, x_a, x_b, x_c)`,
      })),
      { kind: 'aux', name: 'third', equation: 'VECTOR_ELM_MAP(order_1, 0, 3, x_a, x_b, x_c)' },
    ]
    const run = simulate(flat(elements, 1))
    expect([1, 2, 3].map((i) => run.get(`order_${i}`)[0])).toEqual([1, 2, 0])
    expect(run.get('third')[0]).toBe(10)
  })
})
