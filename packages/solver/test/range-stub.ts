/**
 * Tests only: the variadic reductions (`sum`, `prod`, `mean`, `stddev`) and their helpers over a range
 * of the state vector (`sumRange(v, base, n, stride)`, ...) for as long as the builtin table lacks
 * them; whatever the table has is kept. Use it in a test file as
 * `vi.mock('../src/builtin-table.js', async (original) => (await import('./range-stub.js')).withRangeStubs(await original()))`.
 */
import type * as Table from '../src/builtin-table.js'
import type { SolverBuiltin, Target } from '../src/builtin-table.js'

type Fn = (...a: number[]) => number
type Range = (v: Float64Array, base: number, n: number, stride: number) => number

// Left to right from the first value, as the builtin table's.
function sum(...a: number[]): number {
  let s = a.length ? a[0]! : 0
  for (let i = 1; i < a.length; i++) s += a[i]!
  return s
}
function prod(...a: number[]): number {
  let p = a.length ? a[0]! : 1
  for (let i = 1; i < a.length; i++) p *= a[i]!
  return p
}
const mean = (...a: number[]) => sum(...a) / a.length
function stddev(...a: number[]): number {
  const m = mean(...a)
  let s = 0
  for (const x of a) s += (x - m) * (x - m)
  return Math.sqrt(s / a.length)
}
/** The values of a range, so that every helper is its variadic function's arithmetic. */
const over =
  (f: Fn): Range =>
  (v, base, n, stride) => {
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(v[base + i * stride]!)
    return f(...a)
  }

const VARIADIC: Readonly<Record<string, Fn>> = { sum, prod, mean, stddev, min: Math.min, max: Math.max }

export function withRangeStubs(table: typeof Table): typeof Table {
  const extra = new Map<string, SolverBuiltin>()
  const helpers: Record<string, Fn | Range> = {}
  for (const [name, f] of Object.entries(VARIADIC)) {
    if (!table.solverBuiltin(name)) {
      extra.set(name, {
        name,
        params: [],
        clock: [],
        value: f,
        js: (a) => `${name}(${a.join(', ')})`,
        jsHelpers: { [name]: f },
      })
      helpers[name] = f
    }
    if (!table.JS_HELPERS[`${name}Range`]) helpers[`${name}Range`] = over(f)
  }
  const solverBuiltin = (name: string) => extra.get(name) ?? table.solverBuiltin(name)
  const writeCall = (target: Target, name: string, args: readonly string[]) => {
    const b = extra.get(name)
    if (!b) return table.writeCall(target, name, args)
    return b[target.code]?.(args)
  }
  return {
    ...table,
    BUILTIN_TABLE: [...table.BUILTIN_TABLE, ...extra.values()],
    solverBuiltin,
    writeCall,
    JS_HELPERS: { ...table.JS_HELPERS, ...(helpers as Record<string, Fn>) },
  }
}
