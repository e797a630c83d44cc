import { describe, expect, it } from 'vitest'
import { BUILTINS } from '@stockflow/model'
import { IMPORT_DECLARATIONS, STDLIB_DECLARATIONS } from '../src/asm.js'
import { ASM_HELPERS, ASM_IMPORTS, BUILTIN_TABLE, JS_HELPERS, writeCall } from '../src/builtin-table.js'
import type { SolverBuiltin } from '../src/builtin-table.js'
import { builtinValue } from '../src/builtin-value.js'
import { ASM_TARGET, JS_TARGET } from '../src/emit.js'
import { asmWarnings } from './helpers.js'

type Fn = (...a: number[]) => number

const required = (b: SolverBuiltin) => b.params.filter((p) => p.default === undefined && !p.ignored).length

describe('the solver builtin table', () => {
  it('has one entry per builtin of the model catalogue without state, with its arity', () => {
    const names = BUILTIN_TABLE.map((b) => b.name)
    expect(new Set(names).size).toBe(names.length)
    const catalogue = BUILTINS.filter((b) => b.kind !== 'stateful')
    const own = BUILTIN_TABLE.filter((b) => !b.internal)
    expect(own.map((b) => b.name).sort()).toEqual(catalogue.map((b) => b.name).sort())
    for (const spec of catalogue) {
      const b = own.find((x) => x.name === spec.name)!
      expect([required(b), b.variadic ? Infinity : b.params.length], spec.name).toEqual([spec.minArgs, spec.maxArgs])
    }
    // Internal entries are functions lowering makes, under names no model builtin takes.
    for (const b of BUILTIN_TABLE.filter((x) => x.internal)) expect(BUILTINS.some((s) => s.name === b.name)).toBe(false)
  })

  it('either lowers a builtin or writes it in JavaScript, and leaves out only trailing parameters', () => {
    for (const b of BUILTIN_TABLE) {
      expect(!!b.lower !== !!b.js, b.name).toBe(true)
      const optional = b.params.map((p) => p.default !== undefined || !!p.ignored)
      expect(optional.indexOf(true) === -1 || optional.slice(optional.indexOf(true)).every(Boolean), b.name).toBe(true)
    }
  })
})

/** Seeded doubles, many of them edge cases (halves, zeros of both signs, infinities, NaN). */
function samples(seed: number): () => number {
  const pool = [-7.5, -2.5, -1, -0.5, -0, 0, 1e-9, 0.3, 0.5, 1, 1.5, 2, 2.5, 3, 4.75, 10, 1e6, Infinity, -Infinity, NaN]
  let a = seed >>> 0
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0
    return pool[a % pool.length]!
  }
}

/** Every builtin with code in both targets, at each number of arguments it takes (a variadic one: up to 5 more). */
const calls = BUILTIN_TABLE.filter((b) => b.js && b.asm).flatMap((b) =>
  Array.from({ length: (b.variadic ? 5 : b.params.length - required(b)) + 1 }, (_, j) => ({ b, n: required(b) + j })),
)

describe('each builtin in the three implementations', () => {
  const warnings = asmWarnings()

  it('gives the same bits in generated JavaScript, the asm.js module and the interpreter', async () => {
    const xs = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`)
    // One asm.js function per call, as the module declares its helpers and imports its functions.
    const functions = calls.map(({ b, n }, j) => {
      const params = ['t', 'tk', 'dt', 't0', 't1', ...xs(n)]
      return `function f${j}(${params.join(', ')}) {
${params.map((p) => `${p} = +${p};`).join(' ')}
return +(${writeCall(ASM_TARGET, b.name, xs(n))});
}`
    })
    const text = `function m(stdlib, foreign, heap) {
"use asm";
${STDLIB_DECLARATIONS}
var ${IMPORT_DECLARATIONS};
${ASM_HELPERS}
${functions.join('\n')}
return { ${calls.map((_, j) => `f${j}: f${j}`).join(', ')} };
}
return m;`
    const asm = (new Function(text)() as (s: typeof globalThis, f: object, h: ArrayBuffer) => Record<string, Fn>)(
      globalThis,
      ASM_IMPORTS,
      new ArrayBuffer(2 ** 16),
    )
    const next = samples(7)
    const times = [0, 0.25, 1, 2, 2.5, 3, 4, 6, 9.75, 10]
    calls.forEach(({ b, n }, j) => {
      const js = new Function(
        ...Object.keys(JS_HELPERS),
        't',
        'ti',
        'tk',
        'dt',
        't0',
        't1',
        ...xs(n),
        `return ${writeCall(JS_TARGET, b.name, xs(n))};`,
      ) as (...a: unknown[]) => number
      for (let k = 0; k < 400; k++) {
        const t = times[k % times.length]!
        const dt = [1, 0.25, 0.125, 0.1][k % 4]!
        const [t0, t1] = [k % 3, 10 + (k % 5)]
        // Half the calls on the clock's scale, half on any numbers.
        const args = Array.from({ length: n }, (_, i) => (k % 2 ? next() : times[(7 * k + 3 * i + j) % times.length]!))
        const a = js(...Object.values(JS_HELPERS), t, t, t, dt, t0!, t1!, ...args)
        const m = asm[`f${j}`]!(t, t, dt, t0!, t1!, ...args)
        const v = builtinValue(b.name, args, { time: t, dt, start: t0!, stop: t1! })
        const where = `${b.name}(${args.join(', ')}) at t=${t}, dt=${dt}`
        if (!Object.is(a, m)) expect(m, `asm.js ${where}`).toBe(a)
        if (!Object.is(a, v)) expect(v, `interpreter ${where}`).toBe(a)
      }
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })
})
