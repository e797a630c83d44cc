import { ASM_HELPERS, ASM_IMPORTS, solverBuiltin, writeCall } from './builtin-table.js'
import { CHUNK, auxItems } from './codegen.js'
import type { Access } from './codegen.js'
import { order, updated } from './euler.js'
import { ASM_TARGET, emitIn } from './emit.js'
import type { Dialect } from './emit.js'
import { callsOf } from './ir-build.js'
import { MIN_KERNEL, column, leafColumns, schedule, template } from './kernels.js'
import type { Item, Unit } from './kernels.js'
import { asmLiteral } from './literals.js'
import type { Program } from './lower.js'
import type { Tableau } from './methods/tableaux.js'
import { ASM_RANGE_HELPERS } from './array-builtins.js'
import type { RangeFn } from './ir.js'
import { RANGE_HELPER } from './ranges.js'
import { SHORT_RANGE } from './recording.js'
import type { StepLoop } from './step-loop.js'
import { packedTables } from './tables.js'

/**
 * The fixed-step loop (Euler, RK2, RK4) of large models as an asm.js module, which V8 and
 * SpiderMonkey validate and compile ahead of time to WebAssembly: no bounds checks, no warm-up, no
 * deoptimisation. The model's state lives in the module's heap; a run copies its initial state in,
 * steps, and copies the state back out. Each save point calls back to JavaScript, which copies the
 * recorded ranges.
 *
 * Same statements as the JavaScript loop (kernels, lookups, Euler's stocks updated in place: see
 * euler.ts), the same IEEE arithmetic and the same Math functions, so the values are identical; an
 * engine that does not validate asm.js runs the module as plain JavaScript, still correct. Models
 * with PREVIOUS, DELAY FIXED or random draws (state outside the heap) use the JavaScript loop.
 *
 * Heap, in doubles: the state; the stage derivatives from KD (Euler's stocks updated from `k`, or
 * each Runge-Kutta stage, then the stocks at the start of the step); the numbers kernels read per
 * statement (DD); the tables' points (XD, YD). Then, in 32-bit integers from IB: the tables'
 * segment hints and the slot and table indices kernels read per statement.
 */

/** Why a program cannot use the asm.js loop, if it cannot. */
export function asmUnfit(program: Program): string | undefined {
  if (program.pipelines.length || program.memories.length || program.samples.length)
    return 'state outside the heap (DELAY FIXED, PREVIOUS or random draws)'
  const calls = new Set<string>()
  for (const a of program.aux) callsOf(a.expr, calls)
  for (const s of program.stocks) callsOf(s.deriv, calls)
  for (const name of calls) if (!solverBuiltin(name)?.asm) return `no asm.js code for builtin ${name}`
  return undefined
}

/**
 * asm.js code for a reduction over a range of the heap (the state is at its start), its integers as
 * code: the module's twin of the JavaScript helper, under the same name (array-reductions.ts).
 */
function rangeCall(fn: RangeFn, base: string, n: string, stride: string): string {
  return `(+${RANGE_HELPER[fn]}(${base}, ${n}, ${stride}))`
}

/** Reads of doubles and integers at an index expression (in elements of their kind). */
const f64 = (index: string) => `+V[(${index}) << 3 >> 3]`
const i32 = (index: string) => `(I[(${index}) << 2 >> 2] | 0)`

const COMPARE: Readonly<Record<string, string>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '==', '!=': '!=' }

/** asmUnfit checked the program: every builtin it calls has asm.js code. */
function call(name: string, a: string[]): string {
  const code = writeCall(ASM_TARGET, name, a)
  if (code === undefined) throw new Error(`internal: no asm.js code for builtin ${name}`)
  return code
}

/** How asm.js writes the IR's operators on doubles (see emit.ts). */
const ASM: Omit<Dialect, keyof Access> = {
  neg: (a) => `(-${a})`,
  not: (a) => `(${a} == 0.0 ? 1.0 : 0.0)`,
  binary(op, l, r) {
    if (op === '^') return `(+pow(${l}, ${r}))`
    if (op === '%') return call('mod', [l, r])
    // Both sides are pure, so evaluating both (& and |) is the same as short-circuiting.
    if (op === 'and') return `((${l} != 0.0) & (${r} != 0.0) ? 1.0 : 0.0)`
    if (op === 'or') return `((${l} != 0.0) | (${r} != 0.0) ? 1.0 : 0.0)`
    const cmp = COMPARE[op]
    if (cmp) return `(${l} ${cmp} ${r} ? 1.0 : 0.0)`
    return `(${l} ${op} ${r})`
  },
  cond: (c, a, b) => `(${c} != 0.0 ? ${a} : ${b})`,
  call,
}

/** Emits asm.js double code for an IR expression (the counterpart of codegen.ts's emitter). */
const emitter = (leaves: Access) => emitIn({ ...leaves, ...ASM })

/** The numbers and indices kernels read per statement, placed in the heap after the code is made. */
class Data {
  readonly doubles: number[] = []
  readonly ints: number[] = []
  /** `hints`: the integers before the arrays (one segment hint per table). */
  constructor(private readonly hints: number) {}

  /** Code reading element `i` of a new array of doubles (from DD) or integers (from IB + hints). */
  double(values: readonly number[]): (i: string) => string {
    const at = this.doubles.length
    for (const x of values) this.doubles.push(x)
    return (i) => f64(`DD + ${at} + ${i} | 0`)
  }
  int(values: readonly number[]): (i: string) => string {
    const at = this.hints + this.ints.length
    for (const x of values) this.ints.push(x)
    return (i) => i32(`IB + ${at} + ${i} | 0`)
  }
}

const LOOKUP = { continuous: 'lc', extrapolate: 'le', discrete: 'ld', forward: 'lf' } as const

/** One kernel (kernels.ts) as a loop over its statements. */
function kernel(program: Program, items: readonly Item[], data: Data, target: (out: Item['out']) => string): string {
  const packed = packedTables(program)
  const cols = leafColumns(items.map((x) => x.expr))
  // Integer code for values[i] (slots, table offsets, hints): a literal, a sequence or an array.
  const index = (values: readonly number[]): string => {
    const c = column(values, true)
    if (c.kind === 'same') return String(c.value)
    // asm.js multiplies an integer only by a literal under 2^20.
    if (c.kind === 'step' && Math.abs(c.step) < 2 ** 20)
      return c.step === 1 ? `(${c.base} + i | 0)` : `(${c.base} + ${c.step} * i | 0)`
    return data.int(values)('i')
  }
  const slots = cols.slots.map((values) => f64(index(values)))
  const nums = cols.nums.map((values) => {
    const c = column(values, false)
    return c.kind === 'same' ? asmLiteral(c.value) : data.double(values)('i')
  })
  const tables = cols.tables.map((ks) => {
    const k = ks[0]!
    const at = index(ks.map((j) => packed.at[j]!))
    const size = index(ks.map((j) => packed.size[j]!))
    const hint = index(ks)
    return (x: string) => `(+${LOOKUP[program.tables[k]!.mode]}(${at}, ${size}, ${x}, ${hint}))`
  })
  const ranges = cols.ranges.map(index)
  const e = emitter({
    slot: (p) => slots[p]!,
    num: (q) => nums[q]!,
    table: (r, x) => tables[r]!(x),
    range: (fn, b, n, stride) => rangeCall(fn, ranges[b]!, ranges[n]!, ranges[stride]!),
  })
  const at = index(items.map((x) => x.index))
  return `for (i = 0; (i | 0) < ${items.length}; i = i + 1 | 0) V[(${target(items[0]!.out)} + ${at} | 0) << 3 >> 3] = ${e(template(items[0]!.expr))};`
}

/** Functions of a block, and the code calling them at time `t` with stage derivatives at `kb`. */
interface Block {
  readonly defs: string[]
  calls(t: string, kb: string): string
}

/**
 * The units of a block in functions `name_j(t, t0, t1, dt, kb)` of at most CHUNK statements; a
 * statement into `k` writes the stage derivatives at heap index `kb` (see `target`).
 */
function functions(
  program: Program,
  units: readonly Unit[],
  data: Data,
  name: string,
  target: (out: Item['out']) => string,
): Block {
  const packed = packedTables(program)
  const e = emitter({
    slot: (i) => f64(String(i)),
    num: asmLiteral,
    table: (k, x) => `(+${LOOKUP[program.tables[k]!.mode]}(${packed.at[k]}, ${packed.size[k]}, ${x}, ${k}))`,
    range: (fn, base, n, stride) => rangeCall(fn, String(base), String(n), String(stride)),
  })
  const defs: string[] = []
  let lines: string[] = []
  let weight = 0
  const flush = () => {
    if (!lines.length) return
    defs.push(`function ${name}${defs.length}(t, t0, t1, dt, kb) {
t = +t; t0 = +t0; t1 = +t1; dt = +dt; kb = kb | 0;
var i = 0;
${lines.join('\n')}
}`)
    lines = []
    weight = 0
  }
  for (const u of units) {
    if (u.kind === 'loop') {
      lines.push(kernel(program, u.items, data, target))
      weight += 8
    } else {
      // Blocks of this module are auxiliaries and derivatives: never statements of their own code.
      if (u.item.code !== undefined) throw new Error('internal: a statement of its own code in the asm.js module')
      lines.push(`V[(${target(u.item.out)} + ${u.item.index} | 0) << 3 >> 3] = ${e(u.item.expr)};`)
      weight++
    }
    if (weight >= CHUNK) flush()
  }
  flush()
  return { defs, calls: (t, kb) => defs.map((_, j) => `${name}${j}(${t}, t0, t1, dt, ${kb});`).join('\n') }
}

/** The lookups the module's statements call: runtime.ts's functions, the same formulas. */
const LOOKUPS = `function seg(o, n, x, h) {
o = o | 0; n = n | 0; x = +x; h = h | 0;
var i = 0, lo = 0, hi = 0, mid = 0;
i = o + (I[(IB + h | 0) << 2 >> 2] | 0) | 0;
if ((i + 1 | 0) < (o + n | 0)) if (+V[(XD + i | 0) << 3 >> 3] <= x) {
  if (x < +V[(XD + i + 1 | 0) << 3 >> 3]) return i | 0;
  if ((i + 2 | 0) < (o + n | 0)) if (x < +V[(XD + i + 2 | 0) << 3 >> 3]) {
    I[(IB + h | 0) << 2 >> 2] = i + 1 - o | 0;
    return i + 1 | 0;
  }
}
lo = o; hi = o + n - 1 | 0;
while ((hi - lo | 0) > 1) {
  mid = (lo + hi | 0) >> 1;
  if (+V[(XD + mid | 0) << 3 >> 3] <= x) lo = mid; else hi = mid;
}
I[(IB + h | 0) << 2 >> 2] = lo - o | 0;
return lo | 0;
}
function lc(o, n, x, h) {
o = o | 0; n = n | 0; x = +x; h = h | 0;
var e = 0, i = 0, x0 = 0.0;
e = o + n - 1 | 0;
if (x <= +V[(XD + o | 0) << 3 >> 3]) return +V[(YD + o | 0) << 3 >> 3];
if (x >= +V[(XD + e | 0) << 3 >> 3]) return +V[(YD + e | 0) << 3 >> 3];
i = seg(o, n, x, h) | 0;
x0 = +V[(XD + i | 0) << 3 >> 3];
return +(+V[(YD + i | 0) << 3 >> 3] + ((+V[(YD + i + 1 | 0) << 3 >> 3] - +V[(YD + i | 0) << 3 >> 3]) * (x - x0)) / (+V[(XD + i + 1 | 0) << 3 >> 3] - x0));
}
function le(o, n, x, h) {
o = o | 0; n = n | 0; x = +x; h = h | 0;
var i = 0;
if ((n | 0) == 1) return +V[(YD + o | 0) << 3 >> 3];
if (x <= +V[(XD + o | 0) << 3 >> 3]) i = o;
else if (x >= +V[(XD + o + n - 1 | 0) << 3 >> 3]) i = o + n - 2 | 0;
else i = seg(o, n, x, h) | 0;
return +(+V[(YD + i | 0) << 3 >> 3] + ((+V[(YD + i + 1 | 0) << 3 >> 3] - +V[(YD + i | 0) << 3 >> 3]) * (x - +V[(XD + i | 0) << 3 >> 3])) / (+V[(XD + i + 1 | 0) << 3 >> 3] - +V[(XD + i | 0) << 3 >> 3]));
}
function ld(o, n, x, h) {
o = o | 0; n = n | 0; x = +x; h = h | 0;
if (x < +V[(XD + o | 0) << 3 >> 3]) return +V[(YD + o | 0) << 3 >> 3];
if (x >= +V[(XD + o + n - 1 | 0) << 3 >> 3]) return +V[(YD + o + n - 1 | 0) << 3 >> 3];
return +V[(YD + (seg(o, n, x, h) | 0) | 0) << 3 >> 3];
}
function lf(o, n, x, h) {
o = o | 0; n = n | 0; x = +x; h = h | 0;
var i = 0;
if (x <= +V[(XD + o | 0) << 3 >> 3]) return +V[(YD + o | 0) << 3 >> 3];
if (x >= +V[(XD + o + n - 1 | 0) << 3 >> 3]) return +V[(YD + o + n - 1 | 0) << 3 >> 3];
i = seg(o, n, x, h) | 0;
if (+V[(XD + i | 0) << 3 >> 3] == x) return +V[(YD + i | 0) << 3 >> 3];
return +V[(YD + i + 1 | 0) << 3 >> 3];
}`

/** The functions and constants of asm.js's Math (stdlib) that builtins' code and the helpers call. */
export const STDLIB_DECLARATIONS = `var floor = stdlib.Math.floor, ceil = stdlib.Math.ceil, min = stdlib.Math.min, max = stdlib.Math.max;
var abs = stdlib.Math.abs, exp = stdlib.Math.exp, log = stdlib.Math.log, sqrt = stdlib.Math.sqrt, pow = stdlib.Math.pow;
var sin = stdlib.Math.sin, cos = stdlib.Math.cos, tan = stdlib.Math.tan, asin = stdlib.Math.asin, acos = stdlib.Math.acos, atan = stdlib.Math.atan;
var nan = stdlib.NaN, inf = stdlib.Infinity;`

/** The module's imports of the functions asm.js's Math lacks (builtin-table.ts). */
export const IMPORT_DECLARATIONS = Object.keys(ASM_IMPORTS)
  .map((name) => `${name} = foreign.${name}`)
  .join(', ')

/** Module source and heap contents of a program's Euler loop. */
interface AsmModule {
  readonly source: string
  readonly doubles: number[]
  readonly ints: number[]
}

export function asmSource(program: Program, tableau: Tableau): AsmModule {
  const data = new Data(program.tables.length)
  const base = program.stockBase
  const nS = program.stocks.length
  const stages = tableau.b.length
  const mode = (k: number) => program.tables[k]!.mode
  // Every statement of this module is indexed by the slot it computes (see codegen.ts's `arrayed`).
  const units = (items: Item[]) => schedule(items, mode, MIN_KERNEL, (x) => program.arrays[x.index]! >= 0)
  const aux = functions(program, units(program.aux.flatMap(auxItems)), data, 'a', () => '0')
  // A statement into k writes stage derivative `slot - base` from `kb`.
  const target = (out: Item['out']) => (out === 'k' ? `kb - ${base}` : '0')
  const derivatives = (stocks: readonly Program['stocks'][number][], name: string) =>
    functions(program, units(stocks.map((s) => ({ out: 'k', index: s.slot, expr: s.deriv }))), data, name, target)
  // Stage j's derivatives at KD + j * nS, the stocks at the start of a step at Y0.
  const K = (j: number) => `KD + ${j * nS} | 0`
  const Y0 = `KD + ${stages * nS} | 0`
  const blocks: Block[] = [aux]
  let step: string
  if (stages === 1) {
    // Euler, stocks in place (euler.ts): early stocks' derivatives into k, then rounds, then k applied.
    const { rounds, early } = order(program)
    const first = derivatives(early, 'k')
    const inPlace = rounds.map((round, r) =>
      functions(
        program,
        units(round.map((s) => ({ out: 'v', index: s.slot, expr: updated(s.slot, s.deriv) }))),
        data,
        `r${r}_`,
        target,
      ),
    )
    const slots = early.length ? data.int(early.map((s) => s.slot)) : undefined
    const apply = slots
      ? `for (i = 0; (i | 0) < ${early.length}; i = i + 1 | 0) { s = ${slots('i')}; V[s << 3 >> 3] = +V[s << 3 >> 3] + dt * +V[(KD - ${base} + s | 0) << 3 >> 3]; }`
      : ''
    blocks.push(first, ...inPlace)
    step = [first.calls('t', 'KD'), ...inPlace.map((b) => b.calls('t', '0')), apply].join('\n')
  } else {
    // Runge-Kutta as the JavaScript loop writes it (loop.ts), stage by stage.
    const deriv = derivatives(program.stocks, 'd')
    blocks.push(deriv)
    const combo = (coeffs: readonly number[]) =>
      coeffs
        .map((c, j) => (c === 0 ? '' : `${asmLiteral(c)} * +V[(${K(j)}) + i << 3 >> 3]`))
        .filter(Boolean)
        .join(' + ') || '0.0'
    const stocksAt = (coeffs: readonly number[]) =>
      `for (i = 0; (i | 0) < ${nS}; i = i + 1 | 0) V[(${base} + i | 0) << 3 >> 3] = +V[(${Y0}) + i << 3 >> 3] + dt * (${combo(coeffs)});`
    const lines = [
      `for (i = 0; (i | 0) < ${nS}; i = i + 1 | 0) V[(${Y0}) + i << 3 >> 3] = +V[(${base} + i | 0) << 3 >> 3];`,
      deriv.calls('t', K(0)),
    ]
    for (let j = 1; j < stages; j++) {
      lines.push(
        stocksAt(tableau.a[j]!),
        `ts = t + ${asmLiteral(tableau.c[j]!)} * dt;`,
        aux.calls('ts', '0'),
        deriv.calls('ts', K(j)),
      )
    }
    lines.push(stocksAt(tableau.b))
    step = lines.join('\n')
  }
  const text = `function stockflow(stdlib, foreign, heap) {
"use asm";
var V = new stdlib.Float64Array(heap);
var I = new stdlib.Int32Array(heap);
${STDLIB_DECLARATIONS}
var record = foreign.record, ${IMPORT_DECLARATIONS};
var KD = foreign.KD | 0, DD = foreign.DD | 0, XD = foreign.XD | 0, YD = foreign.YD | 0, IB = foreign.IB | 0;
var tk = 0.0;
${LOOKUPS}
${ASM_HELPERS}
${ASM_RANGE_HELPERS}
${blocks.flatMap((b) => b.defs).join('\n')}
function run(t0, t1, dt, nSteps, saveEvery) {
t0 = +t0; t1 = +t1; dt = +dt; nSteps = nSteps | 0; saveEvery = saveEvery | 0;
var ix = 0, row = 0, next = 0, t = 0.0, ts = 0.0, i = 0, s = 0;
for (;;) {
t = t0 + +(ix | 0) * dt;
tk = t;
${aux.calls('t', '0')}
if ((ix | 0) == (next | 0)) {
record(row | 0);
row = row + 1 | 0;
next = next + saveEvery | 0;
}
if ((ix | 0) == (nSteps | 0)) break;
${step}
ix = ix + 1 | 0;
}
return row | 0;
}
return { run: run };
}
return stockflow;`
  return { source: text, doubles: data.doubles, ints: data.ints }
}

/** The smallest heap asm.js accepts holding `bytes`: a power of two from 64 KB, or a multiple of 16 MB. */
function heapSize(bytes: number): number {
  if (bytes > 2 ** 24) return Math.ceil(bytes / 2 ** 24) * 2 ** 24
  let size = 2 ** 16
  while (size < bytes) size *= 2
  return size
}

/** The largest heap this module makes: asm.js indexes bytes with 32-bit signed integers. */
const MAX_HEAP = 2 ** 31 - 2 ** 24

/** Step counts the module's 32-bit integer loop counters hold. */
const MAX_STEPS = 2 ** 31 - 1

/** The asm.js loop of a program, or why it has none (the caller then uses the JavaScript loop). */
export type AsmLoop = { readonly ok: true; readonly loop: StepLoop } | { readonly ok: false; readonly reason: string }

/**
 * The fixed-step loop of a program as an asm.js module behind the StepLoop signature, `javascript` the
 * loop a run uses instead when its step counts pass 32-bit integers; none for a program the module
 * cannot hold (asmUnfit, or a heap past MAX_HEAP).
 */
export function asmLoop(program: Program, tableau: Tableau, javascript: () => StepLoop): AsmLoop {
  const why = asmUnfit(program)
  if (why) return { ok: false, reason: why }
  const { source: text, doubles, ints } = asmSource(program, tableau)
  const packed = packedTables(program)
  const nSlots = program.slots.length
  // Stage derivatives, then the stocks at the start of a step (Runge-Kutta).
  const KD = nSlots
  const DD = KD + (tableau.b.length + 1) * program.stocks.length
  const XD = DD + doubles.length
  const YD = XD + packed.xs.length
  const IB = 2 * (YD + packed.ys.length)
  const bytes = heapSize(4 * (IB + program.tables.length + ints.length))
  if (bytes > MAX_HEAP) return { ok: false, reason: `a heap of ${bytes} bytes` }
  const heap = new ArrayBuffer(bytes)
  const V = new Float64Array(heap)
  const I = new Int32Array(heap)
  V.set(doubles, DD)
  V.set(packed.xs, XD)
  V.set(packed.ys, YD)
  I.set(ints, IB + program.tables.length)
  const state = V.subarray(0, nSlots)
  // What the current run records, set before each run and read by `record` at every save point: the
  // recording's ranges of the state (see recording.ts), each long one copied through a view made once
  // per recording, the values of all short ones in one loop (SMOOTH outputs are single slots among
  // internal stocks: hundreds of ranges of one).
  let out: Float64Array = new Float64Array(0)
  let plan = planOf(new Int32Array(0), state)
  const plans = new WeakMap<Int32Array, Plan>()
  const foreign = {
    KD,
    DD,
    XD,
    YD,
    IB,
    ...ASM_IMPORTS,
    record(row: number) {
      const o = row * plan.width
      const { views, at, from, to } = plan
      for (let q = 0; q < views.length; q++) out.set(views[q]!, o + at[q]!)
      for (let j = 0; j < from.length; j++) out[o + to[j]!] = state[from[j]!]!
    },
  }
  const factory = new Function(text)() as (
    stdlib: typeof globalThis,
    foreign: object,
    heap: ArrayBuffer,
  ) => { run(t0: number, t1: number, dt: number, nSteps: number, saveEvery: number): number }
  const module = factory(globalThis, foreign, heap)
  let fallback: StepLoop | undefined
  const loop: StepLoop = (v, t0, t1, dt, nSteps, saveEvery, ranges, o, ...rest) => {
    if (nSteps > MAX_STEPS || saveEvery > MAX_STEPS)
      return (fallback ??= javascript())(v, t0, t1, dt, nSteps, saveEvery, ranges, o, ...rest)
    state.set(v)
    out = o
    plan = plans.get(ranges) ?? planOf(ranges, state)
    plans.set(ranges, plan)
    const rows = module.run(t0, t1, dt, nSteps, saveEvery)
    v.set(state)
    out = new Float64Array(0)
    return rows
  }
  return { ok: true, loop }
}

/** How `record` copies a recording's ranges of the state into a row of `width` values. */
interface Plan {
  /** Views of the long ranges, and where each starts in the row. */
  readonly views: Float64Array[]
  readonly at: Int32Array
  /** The slots of the short ranges, and their places in the row. */
  readonly from: Int32Array
  readonly to: Int32Array
  readonly width: number
}

function planOf(ranges: Int32Array, state: Float64Array): Plan {
  const views: Float64Array[] = []
  const at: number[] = []
  const from: number[] = []
  const to: number[] = []
  let width = 0
  for (let q = 0; q < ranges.length; q += 2) {
    const start = ranges[q]!
    const n = ranges[q + 1]!
    if (n > SHORT_RANGE) {
      views.push(state.subarray(start, start + n))
      at.push(width)
    } else {
      for (let j = 0; j < n; j++) {
        from.push(start + j)
        to.push(width + j)
      }
    }
    width += n
  }
  return { views, at: Int32Array.from(at), from: Int32Array.from(from), to: Int32Array.from(to), width }
}
