import { JS_HELPERS, solverBuiltin, writeCall } from './builtin-table.js'
import { JS_TARGET, emitIn } from './emit.js'
import type { Dialect } from './emit.js'
import type { IR, RangeFn } from './ir.js'
import { fixedForRun } from './fixed-for-run.js'
import { fn } from './ir-build.js'
import { MIN_KERNEL, column, leafColumns, schedule, template } from './kernels.js'
import type { Column, Item, Unit } from './kernels.js'
import { literal } from './literals.js'
import type { Program } from './lower.js'
import { inlineLookup } from './inline-lookup.js'
import { LOOKUP_HELPERS } from './runtime.js'
import { RANGE_HELPER } from './ranges.js'
import { packedTables } from './tables.js'
import type { Pipeline } from './runtime.js'
import type { BreakSeries } from './breakpoints.js'

/** Statements per generated function: V8 stops optimising very large functions, so big models are split. */
export const CHUNK = 400

const COMPARE: Readonly<Record<string, string>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
}

/** The runtime function reading a table of each mode (runtime.ts). */
export const LOOKUP_FN = {
  continuous: 'lookupClamped',
  extrapolate: 'lookupExtrapolated',
  discrete: 'lookupDiscrete',
  forward: 'lookupForward',
} as const

/** How emitted code reads slots, numbers and tables (a kernel reads them from per-statement arrays). */
export interface Access {
  slot(i: number): string
  num(v: number): string
  /** A call reading table `k` at `x`. */
  table(k: number, x: string): string
  /** A reduction over a range of slots (ranges.ts). */
  range(fn: RangeFn, base: number, n: number, stride: number): string
}

/** A reduction over a range of `v`, its base, count and stride as code. */
export const rangeCode = (fn: RangeFn, base: string, n: string, stride: string): string =>
  `${RANGE_HELPER[fn]}(v, ${base}, ${n}, ${stride})`

/**
 * Reads slots from `v`, numbers as literals, tables from the packed arrays `XS`, `YS` (tables.ts)
 * and ranges from `v` (where every value computed so far is, whatever `ref` reads).
 */
function access(program: Program, ref: (i: number) => string = (i) => `v[${i}]`): Access {
  const { at, size } = packedTables(program)
  return {
    slot: ref,
    num: literal,
    table: (k, x) => `${LOOKUP_FN[program.tables[k]!.mode]}(XS, YS, ${at[k]}, ${size[k]}, ${x}, H, ${k})`,
    range: (fn, base, n, stride) => rangeCode(fn, String(base), String(n), String(stride)),
  }
}

function call(name: string, a: string[]): string {
  const code = writeCall(JS_TARGET, name, a)
  if (code === undefined) throw new Error(`internal: no code for builtin ${name}`)
  return code
}

/** How JavaScript writes the IR's operators (see emit.ts). */
const JS: Omit<Dialect, keyof Access> = {
  neg: (a) => `(-${a})`,
  not: (a) => `(${a} === 0 ? 1 : 0)`,
  binary(op, l, r) {
    if (op === '^') return `Math.pow(${l}, ${r})`
    if (op === '%') return call('mod', [l, r])
    if (op === 'and') return `(${l} !== 0 && ${r} !== 0 ? 1 : 0)`
    if (op === 'or') return `(${l} !== 0 || ${r} !== 0 ? 1 : 0)`
    const cmp = COMPARE[op]
    if (cmp) return `(${l} ${cmp} ${r} ? 1 : 0)`
    return `(${l} ${op} ${r})`
  },
  cond: (c, a, b) => `(${c} !== 0 ? ${a} : ${b})`,
  call,
}

/** Emits JavaScript for an IR expression. Only slot indices, numbers and fixed helper names appear. */
export function emitter(
  program: Program,
  ref: ((i: number) => string) | Access = (i) => `v[${i}]`,
): (ir: IR) => string {
  return emitIn({ ...(typeof ref === 'function' ? access(program, ref) : ref), ...JS })
}

/** The functions generated code receives, in the order its factory takes them. */
const HELPERS = { ...JS_HELPERS, ...LOOKUP_HELPERS }

/** A kernel counts as this many statements towards CHUNK (its loop is compact code). */
const KERNEL_WEIGHT = 8

/** Typed arrays a generated factory receives as `D`, read by kernels as `D0`, `D1`, ... */
export class KernelData {
  readonly arrays: (Int32Array | Float64Array)[] = []

  add(values: readonly number[], integer: boolean): string {
    this.arrays.push(integer ? Int32Array.from(values) : Float64Array.from(values))
    return `D${this.arrays.length - 1}`
  }

  preamble(): string {
    return this.arrays.map((_, j) => `const D${j} = D[${j}];`).join('\n')
  }
}

/**
 * Loops computing statements of one shape (see kernels.ts), several kernels of equal length fused
 * into one loop when each reads the others' results only at its own position (`fusable`): item i of
 * the second reads item i of the first from a local instead of `v` (an auxiliary and the flow it
 * drives in an arrayed or generated model; about 10% of such a model's step).
 *
 * Leaves the same in every statement are written once (slots loaded before the loop: statements of
 * a kernel never read each other), slots in arithmetic sequence are indexed directly, and the rest
 * read from arrays in `data`.
 */
function kernel(
  program: Program,
  group: readonly (readonly Item[])[],
  ref: (i: number) => string,
  data: KernelData,
): string {
  const head: string[] = []
  const lines: string[] = []
  // The local holding each fused member's result, by the slot of its first item (item i of a later
  // member reads item i's: see fusable).
  const computed = new Map<number, string>()
  group.forEach((items, m) => {
    const name = (x: string) => `k${m}${x}`
    const cols = leafColumns(items.map((x) => x.expr))
    const index = (c: Column, label: string): string => {
      switch (c.kind) {
        case 'same':
          return String(c.value)
        case 'step':
          return c.step === 1 ? `${c.base} + i` : `${c.base} + ${c.step} * i`
        case 'array':
          head.push(`const ${label} = ${data.add(c.values, true)};`)
          return `${label}[i]`
      }
    }
    const slots = cols.slots.map((values, p) => {
      const local = computed.get(values[0]!)
      // A result of an earlier member at this position (fusable() checked every item reads its own).
      if (local !== undefined && m > 0) return local
      const c = column(values, true)
      if (c.kind !== 'same') return `v[${index(c, name(`q${p}`))}]`
      head.push(`const ${name(`u${p}`)} = ${ref(c.value)};`)
      return name(`u${p}`)
    })
    const nums = cols.nums.map((values, q) => {
      const c = column(values, false)
      if (c.kind === 'same') return literal(c.value)
      head.push(`const ${name(`c${q}`)} = ${data.add(values, false)};`)
      return `${name(`c${q}`)}[i]`
    })
    // A lookup per statement, inline (inline-lookup.ts): where its table's points start and how many
    // (equal for copies of one table, see tables.ts), and the table's own segment hint. Its
    // statements come before the member's value (lookups have no side effects, so reading one that
    // an IF then leaves out changes nothing).
    const packed = packedTables(program)
    const before: string[] = []
    const tables = cols.tables.map((ks, r) => {
      const k = ks[0]!
      const start = index(
        column(
          ks.map((j) => packed.at[j]!),
          true,
        ),
        name(`a${r}`),
      )
      const size = index(
        column(
          ks.map((j) => packed.size[j]!),
          true,
        ),
        name(`n${r}`),
      )
      const hint = index(column(ks, true), name(`r${r}`))
      return (x: string) => {
        before.push(inlineLookup(program.tables[k]!.mode, name(`t${r}`), x, start, size, hint))
        return name(`t${r}`)
      }
    })
    // A range's base, count and stride per statement (a 2-D array's row sums: the base steps).
    const ranges = cols.ranges.map((values, j) => index(column(values, true), name(`b${j}`)))
    const e = emitter(program, {
      slot: (p) => slots[p]!,
      num: (q) => nums[q]!,
      table: (r, x) => tables[r]!(x),
      range: (fn, b, n, stride) => rangeCode(fn, ranges[b]!, ranges[n]!, ranges[stride]!),
    })
    const at = index(
      column(
        items.map((x) => x.index),
        true,
      ),
      name('o'),
    )
    const value = e(template(items[0]!.expr))
    const body = items[0]!.override ? overridden(`o[${at}]`, value) : value
    const pre = before.map((x) => `${x} `).join('')
    if (group.length === 1) {
      lines.push(`${pre}${items[0]!.out}[${at}] = ${body};`)
      return
    }
    lines.push(`${pre}const ${name('x')} = ${body}; ${items[0]!.out}[${at}] = ${name('x')};`)
    if (items[0]!.slot !== undefined) computed.set(items[0]!.slot, name('x'))
  })
  const n = group[0]!.length
  const loop = `{ ${lines.join(' ')} }`
  return `{ ${head.join(' ')}\nfor (let i = 0; i < ${n}; i++) ${loop} }`
}

/**
 * Whether kernel `next` may join the loop of `group`: the same length, plain statements, and every
 * slot it reads that the group writes is the one item i of the group writes, read by item i.
 */
function fusable(group: readonly (readonly Item[])[], next: readonly Item[]): boolean {
  const n = group[0]!.length
  const plain = (items: readonly Item[]) => items.every((x) => !x.override && x.code === undefined)
  if (next.length !== n || !plain(next) || !group.every(plain)) return false
  // Position in its kernel, and the kernel, of each slot the group writes.
  const written = new Map<number, number>()
  const writer = new Map<number, number>()
  group.forEach((items, m) =>
    items.forEach((x, i) => {
      if (x.slot === undefined) return
      written.set(x.slot, i)
      writer.set(x.slot, m)
    }),
  )
  const cols = leafColumns(next.map((x) => x.expr))
  // A range reads many of them at once: it must miss every slot the group writes.
  let lo = Infinity
  let hi = -Infinity
  for (const s of written.keys()) {
    if (s < lo) lo = s
    if (s > hi) hi = s
  }
  for (let j = 0; j < cols.ranges.length; j += 3) {
    const [bases, counts, strides] = [cols.ranges[j]!, cols.ranges[j + 1]!, cols.ranges[j + 2]!]
    for (let i = 0; i < bases.length; i++) {
      const last = bases[i]! + (counts[i]! - 1) * strides[i]!
      if (bases[i]! <= hi && last >= lo) return false
    }
  }
  for (const reads of cols.slots) {
    // A position reads the group's results at every item (at its own index) or at none.
    const any = reads.some((s) => written.has(s))
    if (!any) continue
    if (!reads.every((s, i) => written.get(s) === i)) return false
    // Only the first slot of a position names the local (see kernel): all must be the same member's.
    const m0 = writer.get(reads[0]!)
    if (!reads.every((s) => writer.get(s) === m0)) return false
  }
  return true
}

/** A unit as emitted: one statement, or one loop over a group of fused kernels. */
type Emitted = Extract<Unit, { kind: 'one' }> | { readonly kind: 'loops'; readonly group: Item[][] }

/** Consecutive kernels that may share one loop (see `fusable`), grouped. */
function fuse(units: readonly Unit[]): Emitted[] {
  const out: Emitted[] = []
  for (const u of units) {
    if (u.kind === 'one') {
      out.push(u)
      continue
    }
    const last = out[out.length - 1]
    if (last?.kind === 'loops' && fusable(last.group, u.items)) last.group.push(u.items)
    else out.push({ kind: 'loops', group: [u.items] })
  }
  return out
}

/** An initial value given for the run (NaN where none) or else the equation's. */
function overridden(given: string, value: string): string {
  return `(${given} === ${given} ? ${given} : ${value})`
}

/**
 * Units of a block (see kernels.ts) as one block statement when few, else split into functions
 * `name_i(fnParams)` of at most CHUNK statements each (see `statements`).
 */
function chunked(
  program: Program,
  params: ReadonlySet<number>,
  blockUnits: readonly Unit[],
  name: string,
  fnParams: string,
  data: KernelData,
): { defs: string; body: string } {
  const units = fuse(blockUnits)
  const pieces: Emitted[][] = [[]]
  let w = 0
  for (const unit of units) {
    if (w >= CHUNK) {
      pieces.push([])
      w = 0
    }
    pieces[pieces.length - 1]!.push(unit)
    w += unit.kind === 'loops' ? KERNEL_WEIGHT * unit.group.length : 1
  }
  const code = pieces.map((piece) => statements(program, params, piece, data))
  if (code.length === 1) return { defs: '', body: `{\n${code[0]}\n}` }
  return {
    defs: code.map((text, i) => `function ${name}_${i}(${fnParams}) {\n${text}\n}`).join('\n'),
    body: code.map((_, i) => `${name}_${i}(${fnParams});`).join('\n'),
  }
}

/**
 * The statements of up to CHUNK units, in a scope of their own. Every parameter slot read is loaded
 * once into a local at the top (parameters do not change during a run), a value computed earlier in
 * the same scope is read from its `const` local rather than from `v` (it is still written to `v`,
 * which later chunks, derivatives and recording read), and lookups are inline, as in kernels
 * (inline-lookup.ts): their statements go before the statement reading them, named g0, g1, ...
 */
function statements(
  program: Program,
  params: ReadonlySet<number>,
  units: readonly Emitted[],
  data: KernelData,
): string {
  const target = (x: Item) => `${x.out}[${x.index}]`
  // The local holding each value computed so far, by slot.
  const local = new Map<number, string>()
  const hoisted = new Set<number>()
  const ref = (j: number) => {
    const name = local.get(j)
    if (name !== undefined) return name
    if (params.has(j)) {
      hoisted.add(j)
      return `p${j}`
    }
    return `v[${j}]`
  }
  const packed = packedTables(program)
  const before: string[] = []
  let lookups = 0
  const e = emitter(program, {
    slot: ref,
    num: literal,
    table: (k, x) => {
      const t = `g${lookups++}`
      before.push(inlineLookup(program.tables[k]!.mode, t, x, String(packed.at[k]), String(packed.size[k]), String(k)))
      return t
    },
    // Values computed in this scope are in `v` too.
    range: (fn, base, n, stride) => rangeCode(fn, String(base), String(n), String(stride)),
  })
  // A statement with the lookups its value reads before it.
  const statement = (x: Item, assign: (value: string) => string) => {
    const text = assign(x.override ? overridden(`o[${x.index}]`, e(x.expr)) : e(x.expr))
    return before.length ? `${before.splice(0).join(' ')} ${text}` : text
  }
  const lines = units.map((unit) => {
    if (unit.kind === 'loops') {
      const code = kernel(program, unit.group, ref, data)
      // A kernel writes `v` only: a local of a slot it writes (a lookup finishing its input, see
      // auxItems) is out of date, and later statements must read `v`.
      for (const items of unit.group) for (const x of items) if (x.slot !== undefined) local.delete(x.slot)
      return code
    }
    const x = unit.item
    // Code reads `v` directly: values computed earlier in this scope are in `v` too.
    if (x.code !== undefined) return x.code
    if (x.slot === undefined) return statement(x, (value) => `${target(x)} = ${value};`)
    // A second item (see Item) finishes a slot that may already have a local.
    const name = local.has(x.slot) ? `y${x.slot}` : `x${x.slot}`
    const line = statement(x, (value) => `const ${name} = ${value}; ${target(x)} = ${name};`)
    local.set(x.slot, name)
    return line
  })
  const loads = [...hoisted].map((j) => `const p${j} = v[${j}];`).join(' ')
  return `${loads}\n${lines.join('\n')}`
}

/**
 * The items computing an auxiliary. A graphical function of an expression is two: the expression,
 * then the lookup of the value in the same slot (`second`), so that the expression joins the kernel
 * of its shape and the lookups of a level share one loop, whatever they look up (in a generated
 * random model of 10k variables, 478 of 600 lookups were otherwise statements of their own).
 */
export function auxItems(a: Program['aux'][number]): Item[] {
  const item: Item = { out: 'v', index: a.slot, slot: a.slot, expr: a.expr }
  if (a.expr.t !== 'table' || a.expr.a.t === 'slot' || a.expr.a.t === 'num') return [item]
  const lookup: IR = { t: 'table', k: a.expr.k, a: { t: 'slot', i: a.slot } }
  return [
    { ...item, expr: a.expr.a },
    { ...item, expr: lookup, second: true },
  ]
}

/** The functions every method shares. `o` holds initial-value overrides (NaN where none). */
export interface ModelFunctions {
  init(
    v: Float64Array,
    t0: number,
    t1: number,
    dt: number,
    o: Float64Array,
    P: Pipeline[],
    U: () => number,
    N: () => number,
  ): void
  /** One evaluation at time t; `ti` is the time jumping inputs (STEP, PULSE) see, normally t. */
  aux(v: Float64Array, t: number, t0: number, t1: number, dt: number, ti: number): void
  deriv(v: Float64Array, k: Float64Array): void
  /** Times where inputs (STEP, PULSE, RAMP) jump, for adaptive restarts; read after init. `B` expands pulses. */
  breaks(v: Float64Array, t0: number, t1: number, dt: number, B: BreakSeries): number[]
}

/** The code every generated factory shares: lookup tables, the evaluation and derivative blocks. */
export class Source {
  readonly e: (ir: IR) => string
  readonly aux: { defs: string; body: string }
  readonly deriv: { defs: string; body: string }
  /** The initial pass (its functions are declared only by the factory of `generateFunctions`). */
  readonly initial: { defs: string; body: string }
  readonly data = new KernelData()
  private readonly params: ReadonlySet<number>
  private readonly units: (items: Item[]) => Unit[]
  private readonly extra = new Map<string, { defs: string; body: string }>()
  /** Names of the arrays of input and output slots of the memories and of the pipelines, when many. */
  readonly memorySlots?: { readonly input: string; readonly out: string }
  readonly pipelineSlots?: { readonly input: string; readonly out: string }

  /** `minKernel`: statements of one shape needed for a kernel (Infinity: none, for tests). */
  constructor(
    readonly program: Program,
    minKernel = MIN_KERNEL,
  ) {
    this.e = emitter(program)
    const params = new Set(program.slots.filter((s) => s.kind === 'param').map((s) => s.index))
    const mode = (k: number) => program.tables[k]!.mode
    // Statements computing elements of arrays: a statement into `k` computes stock `index + stockBase`.
    const arrayed = (x: Item) => program.arrays[x.out === 'k' ? x.index + program.stockBase : x.index]! >= 0
    const units = (items: Item[]) => schedule(items, mode, minKernel, minKernel === Infinity ? undefined : arrayed)
    this.params = params
    this.units = units
    this.aux = chunked(program, params, units(program.aux.flatMap(auxItems)), 'aux', 'v, t, t0, t1, dt, ti', this.data)
    const base = program.stockBase
    this.deriv = chunked(
      program,
      params,
      units(program.stocks.map((s) => ({ out: 'k', index: s.slot - base, expr: s.deriv }))),
      'der',
      'v, k',
      this.data,
    )
    // The initial pass runs once per run, but a large model's would be as long as the model: it is
    // scheduled into kernels too. A pipeline's reset reads its delay and initial value, and sets its output.
    const initUnits = units(
      program.init.map((step): Item => {
        if (step.kind === 'set') {
          return { out: 'v', index: step.slot, slot: step.slot, expr: step.expr, override: step.overridable }
        }
        const p = program.pipelines[step.index]!
        const code = `P[${step.index}].reset(${this.e(p.delay)} / dt, ${this.e(p.init)}); v[${p.out}] = P[${step.index}].read(0);`
        return { out: 'v', index: p.out, slot: p.out, expr: fn('pipeline', p.delay, p.init), code }
      }),
    )
    this.initial = chunked(program, params, initUnits, 'ini', 'v, t, t0, t1, dt, ti, o, P', this.data)
    // Many PREVIOUS or DELAY FIXED: the stepping loop moves their values in loops over these slots.
    const slots = (xs: readonly { input: number; out: number }[]) => {
      if (xs.length < minKernel) return undefined
      const input = xs.map((x) => x.input)
      const out = xs.map((x) => x.out)
      return { input: this.data.add(input, true), out: this.data.add(out, true) }
    }
    this.memorySlots = slots(program.memories)
    this.pipelineSlots = slots(program.pipelines)
  }

  /**
   * A block beyond the shared ones (Euler's step in place, see euler.ts), generated once by name, in
   * functions `name_i(fnParams)` when long; they join the preamble of every factory built after.
   */
  block(name: string, fnParams: string, items: () => Item[]): { defs: string; body: string } {
    let b = this.extra.get(name)
    if (!b)
      this.extra.set(name, (b = chunked(this.program, this.params, this.units(items()), name, fnParams, this.data)))
    return b
  }

  /** Tables, kernel data and the functions of every block generated so far. */
  get preamble(): string {
    const n = this.program.tables.length
    // The points of every table, and the segment each table was last read in (see runtime.ts).
    const tables = n ? [`const XS = T.xs, YS = T.ys;`, `const H = new Int32Array(${n});`] : []
    const blocks = [this.aux.defs, this.deriv.defs, ...[...this.extra.values()].map((b) => b.defs)]
    // `tk`: the time of the step being taken (ClockRole `step`), set where each step starts.
    return ['"use strict";', 'let tk = 0;', ...tables, this.data.preamble(), ...blocks].join('\n')
  }

  draws(): string {
    return this.program.samples.map((s) => `v[${s.slot}] = ${s.dist === 'uniform' ? 'U' : 'N'}();`).join('\n')
  }

  init(): string {
    return `${this.initial.defs}
function init(v, t0, t1, dt, o, P, U, N) {\nconst t = t0, ti = t0;\ntk = t0;\n${this.draws()}\n${this.initial.body}\n}`
  }

  breaks(): string {
    // Breakpoint times are read once, after the initial pass: from parameters and the values that
    // pass alone computes (fixed for the run), not from stocks, auxiliaries or memories.
    const p = this.program
    if (!p.breakpoints.length) return `function breaks(v, t0, t1, dt, B) {\nreturn [];\n}`
    const varying = new Set([
      ...p.stocks.map((x) => x.slot),
      ...p.aux.map((x) => x.slot),
      ...p.memories.map((x) => x.out),
      ...p.pipelines.map((x) => x.out),
      ...p.samples.map((x) => x.slot),
    ])
    const computed = new Set(p.init.flatMap((step) => (step.kind === 'set' ? [step.slot] : [])))
    const isFixed = (i: number) => p.params.has(i) || (computed.has(i) && !varying.has(i))
    const constant = (ir: IR) => fixedForRun(ir, isFixed)
    const lines = this.program.breakpoints.flatMap((b, k) => {
      const a = b.args.map((x) => (constant(x) ? this.e(x) : undefined))
      return solverBuiltin(b.fn)!.breaks!(a, b.args.length, k)
    })
    return `function breaks(v, t0, t1, dt, B) {
const t = t0, ti = t0;
const b = [];
${lines.join('\n')}
return b;
}`
  }

  build<T>(body: string): T {
    const names = Object.keys(HELPERS)
    const factory = new Function('T', 'D', ...names, `${this.preamble}\n${body}`) as (...args: unknown[]) => T
    return factory(packedTables(this.program), this.data.arrays, ...Object.values(HELPERS))
  }
}

/** Sources by program: compiling a model generates its functions and then its loops from one Source. */
const sources = new WeakMap<Program, Source>()

/** The Source of a program, generated once. */
export function sourceOf(program: Program): Source {
  let src = sources.get(program)
  if (!src) sources.set(program, (src = new Source(program)))
  return src
}

/** Generates the shared functions of a program: init, one evaluation (aux), derivatives, breakpoints. */
export function generateFunctions(program: Program, src: Source = sourceOf(program)): ModelFunctions {
  return src.build<ModelFunctions>(`${src.init()}
function aux(v, t, t0, t1, dt, ti) {\ntk = t0 + Math.floor((ti - t0) / dt + 1e-9) * dt;\n${src.aux.body}\n}
function deriv(v, k) {\n${src.deriv.body}\n}
${src.breaks()}
return { init, aux, deriv, breaks };`)
}
