import type { IR } from './ir.js'
import type { Program } from './lower.js'
import { HELPERS } from './runtime.js'
import type { Pipeline } from './runtime.js'

/** Statements per generated function: V8 stops optimising very large functions, so big models are split. */
export const CHUNK = 400

/** A number as a JavaScript literal that reads back as the same double. */
export function literal(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '(-Infinity)'
  if (Object.is(v, -0)) return '(-0)'
  return v < 0 ? `(${String(v)})` : String(v)
}

const MATH1: Readonly<Record<string, string>> = {
  abs: 'Math.abs',
  exp: 'Math.exp',
  ln: 'Math.log',
  log10: 'Math.log10',
  sqrt: 'Math.sqrt',
  sin: 'Math.sin',
  cos: 'Math.cos',
  tan: 'Math.tan',
  arcsin: 'Math.asin',
  arccos: 'Math.acos',
  arctan: 'Math.atan',
  sinh: 'Math.sinh',
  cosh: 'Math.cosh',
  tanh: 'Math.tanh',
  int: 'Math.floor',
  integer: 'Math.trunc',
  round: 'round',
}

const COMPARE: Readonly<Record<string, string>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
}

const LOOKUP_FN = {
  continuous: 'lookupClamped',
  extrapolate: 'lookupExtrapolated',
  discrete: 'lookupDiscrete',
} as const

/** Emits JavaScript for an IR expression. Only slot indices, numbers and fixed helper names appear. */
export function emitter(program: Program, ref: (i: number) => string = (i) => `v[${i}]`): (ir: IR) => string {
  const e = (ir: IR): string => {
    switch (ir.t) {
      case 'num':
        return literal(ir.v)
      case 'slot':
        return ref(ir.i)
      case 'un':
        if (ir.op === '-') return `(-${e(ir.a)})`
        if (ir.op === '+') return e(ir.a)
        return `(${e(ir.a)} === 0 ? 1 : 0)`
      case 'bin': {
        const l = e(ir.l)
        const r = e(ir.r)
        if (ir.op === '^') return `Math.pow(${l}, ${r})`
        if (ir.op === '%') return `mod(${l}, ${r})`
        if (ir.op === 'and') return `(${l} !== 0 && ${r} !== 0 ? 1 : 0)`
        if (ir.op === 'or') return `(${l} !== 0 || ${r} !== 0 ? 1 : 0)`
        const cmp = COMPARE[ir.op]
        if (cmp) return `(${l} ${cmp} ${r} ? 1 : 0)`
        return `(${l} ${ir.op} ${r})`
      }
      case 'if':
        return `(${e(ir.c)} !== 0 ? ${e(ir.a)} : ${e(ir.b)})`
      case 'table':
        return `${LOOKUP_FN[program.tables[ir.k]!.mode]}(X${ir.k}, Y${ir.k}, ${e(ir.a)}, H, ${ir.k})`
      case 'fn':
        return call(ir.fn, ir.args.map(e))
    }
  }
  return e
}

function call(name: string, a: string[]): string {
  switch (name) {
    case 'time':
      return 't'
    case 'dt':
      return 'dt'
    case 'starttime':
      return 't0'
    case 'stoptime':
      return 't1'
    case 'pi':
      return 'Math.PI'
    case 'min':
      return `Math.min(${a[0]}, ${a[1]})`
    case 'max':
      return `Math.max(${a[0]}, ${a[1]})`
    case 'log':
      return `(Math.log(${a[0]}) / Math.log(${a[1]}))`
    case 'mod':
      return `mod(${a[0]}, ${a[1]})`
    case 'modulo':
      return `(${a[0]} % ${a[1]})`
    case 'safediv':
      return `safediv(${a[0]}, ${a[1]}, ${a[2] ?? '0'})`
    case 'clip':
      return `clip(${a[0]}, ${a[1]}, ${a[2]})`
    // Inputs that jump read `ti`, the time as seen by inputs: equal to t, except that the adaptive
    // method evaluates them just before a jump at the end of each piece it integrates.
    case 'step':
      return `step(ti, dt, ${a[0]}, ${a[1]})`
    case 'pulse':
      return `pulse(ti, dt, ${a[0]}, ${a[1]}, ${a[2] ?? '0'})`
    case 'pulse_train':
      return `pulseTrain(ti, dt, ${a[0]}, ${a[1]}, ${a[2]}, ${a[3]})`
    case 'ramp':
      return `ramp(t, ${a[0]}, ${a[1]}, ${a[2] ?? 'Infinity'})`
    default: {
      const f = MATH1[name]
      if (!f) throw new Error(`internal: no code for builtin ${name}`)
      return `${f}(${a[0]})`
    }
  }
}

/** Statements inline when few, else split into functions `name_i(params)` defined in `defs`. */
export function block(statements: string[], name: string, params: string): { defs: string; body: string } {
  if (statements.length <= CHUNK) return { defs: '', body: statements.join('\n') }
  const defs: string[] = []
  const calls: string[] = []
  for (let i = 0; i * CHUNK < statements.length; i++) {
    defs.push(`function ${name}_${i}(${params}) {\n${statements.slice(i * CHUNK, (i + 1) * CHUNK).join('\n')}\n}`)
    calls.push(`${name}_${i}(${params});`)
  }
  return { defs: defs.join('\n'), body: calls.join('\n') }
}

/**
 * Assignments, split like `block`. Inside a function of a split body, every parameter slot read is
 * loaded once into a local at its top (parameters do not change during a run), and a value computed
 * earlier in the same function is read from its `const` local rather than from `v` (it is still
 * written to `v`, which later chunks, derivatives and recording read).
 */
function chunked(
  program: Program,
  params: ReadonlySet<number>,
  items: readonly { readonly slot?: number; readonly target: string; readonly expr: IR }[],
  name: string,
  fnParams: string,
): { defs: string; body: string } {
  if (items.length <= CHUNK) {
    const e = emitter(program)
    return block(
      items.map((x) => `${x.target} = ${e(x.expr)};`),
      name,
      fnParams,
    )
  }
  const defs: string[] = []
  const calls: string[] = []
  for (let i = 0; i * CHUNK < items.length; i++) {
    const local = new Set<number>()
    const hoisted = new Set<number>()
    const e = emitter(program, (j) => {
      if (local.has(j)) return `x${j}`
      if (params.has(j)) {
        hoisted.add(j)
        return `p${j}`
      }
      return `v[${j}]`
    })
    const lines = items.slice(i * CHUNK, (i + 1) * CHUNK).map((x) => {
      const rhs = e(x.expr)
      if (x.slot === undefined) return `${x.target} = ${rhs};`
      local.add(x.slot)
      return `const x${x.slot} = ${rhs}; ${x.target} = x${x.slot};`
    })
    const loads = [...hoisted].map((j) => `const p${j} = v[${j}];`).join(' ')
    defs.push(`function ${name}_${i}(${fnParams}) {\n${loads}\n${lines.join('\n')}\n}`)
    calls.push(`${name}_${i}(${fnParams});`)
  }
  return { defs: defs.join('\n'), body: calls.join('\n') }
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
  /** Times where inputs (STEP, PULSE, RAMP) jump, for adaptive restarts; read after init. */
  breaks(v: Float64Array, t0: number, t1: number, dt: number): number[]
}

/** The code every generated factory shares: lookup tables, the evaluation and derivative blocks. */
export class Source {
  readonly e: (ir: IR) => string
  readonly aux: { defs: string; body: string }
  readonly deriv: { defs: string; body: string }
  readonly preamble: string

  constructor(readonly program: Program) {
    this.e = emitter(program)
    const params = new Set(program.slots.filter((s) => s.kind === 'param').map((s) => s.index))
    this.aux = chunked(
      program,
      params,
      program.aux.map((a) => ({ slot: a.slot, target: `v[${a.slot}]`, expr: a.expr })),
      'aux',
      'v, t, t0, t1, dt, ti',
    )
    const base = program.stockBase
    this.deriv = chunked(
      program,
      params,
      program.stocks.map((s) => ({ target: `k[${s.slot - base}]`, expr: s.deriv })),
      'der',
      'v, k',
    )
    const tables = program.tables.map((_, k) => `const X${k} = T[${k}].x, Y${k} = T[${k}].y;`)
    // The segment each table was last read in (see segment() in runtime.ts).
    if (program.tables.length) tables.push(`const H = new Int32Array(${program.tables.length});`)
    this.preamble = ['"use strict";', ...tables, this.aux.defs, this.deriv.defs].join('\n')
  }

  draws(): string {
    return this.program.samples.map((s) => `v[${s.slot}] = ${s.dist === 'uniform' ? 'U' : 'N'}();`).join('\n')
  }

  init(): string {
    const lines = this.program.init.map((step) => {
      if (step.kind === 'pipeline') {
        const p = this.program.pipelines[step.index]!
        return `P[${step.index}].reset(${this.e(p.delay)} / dt, ${this.e(p.init)}); v[${p.out}] = P[${step.index}].read(0);`
      }
      const value = this.e(step.expr)
      return step.overridable
        ? `v[${step.slot}] = o[${step.slot}] === o[${step.slot}] ? o[${step.slot}] : ${value};`
        : `v[${step.slot}] = ${value};`
    })
    return `function init(v, t0, t1, dt, o, P, U, N) {\nconst t = t0, ti = t0;\n${this.draws()}\n${lines.join('\n')}\n}`
  }

  breaks(): string {
    const fixed = new Set(this.program.slots.filter((s) => s.kind === 'param').map((s) => s.index))
    const constant = (ir: IR): boolean => {
      switch (ir.t) {
        case 'num':
          return true
        case 'slot':
          return fixed.has(ir.i)
        case 'un':
          return constant(ir.a)
        case 'bin':
          return constant(ir.l) && constant(ir.r)
        case 'fn':
          return ['dt', 'starttime', 'stoptime'].includes(ir.fn) || (ir.fn !== 'time' && ir.args.every(constant))
        default:
          return false
      }
    }
    const lines = this.program.breakpoints.flatMap((b) => {
      const a = b.args.map((x) => (constant(x) ? this.e(x) : undefined))
      switch (b.fn) {
        case 'step':
          return a[1] ? [`b.push(${a[1]});`] : []
        case 'ramp':
          return [a[1] && `b.push(${a[1]});`, a[2] && `b.push(${a[2]});`].filter((x): x is string => !!x)
        case 'pulse':
          return a[1] && (b.args.length < 3 || a[2]) ? [`every(b, ${a[1]}, ${a[2] ?? '0'}, dt, t1);`] : []
        case 'pulse_train':
          return a.every((x) => x) ? [`train(b, ${a[0]}, ${a[1]}, ${a[2]}, ${a[3]}, t1);`] : []
      }
    })
    return `function breaks(v, t0, t1, dt) {
const t = t0, ti = t0;
const b = [];
function every(b, first, interval, dt, t1) { for (let s = first; s <= t1; s += interval) { b.push(s, s + dt); if (!(interval > 0)) break } }
function train(b, start, width, interval, end, t1) { for (let s = start; s <= Math.min(end, t1); s += interval) { b.push(s, s + width); if (!(interval > 0)) break } }
${lines.join('\n')}
return b;
}`
  }

  build<T>(body: string): T {
    const names = Object.keys(HELPERS)
    const factory = new Function('T', ...names, `${this.preamble}\n${body}`) as (...args: unknown[]) => T
    return factory(this.program.tables, ...Object.values(HELPERS))
  }
}

/** Generates the shared functions of a program: init, one evaluation (aux), derivatives, breakpoints. */
export function generateFunctions(program: Program): ModelFunctions {
  const src = new Source(program)
  return src.build<ModelFunctions>(`${src.init()}
function aux(v, t, t0, t1, dt, ti) {\n${src.aux.body}\n}
function deriv(v, k) {\n${src.deriv.body}\n}
${src.breaks()}
return { init, aux, deriv, breaks };`)
}
