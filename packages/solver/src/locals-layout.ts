import { LOOKUP_FN, emitter } from './codegen.js'
import { inlineLookup, literalLookup } from './inline-lookup.js'
import { writeCall } from './builtin-table.js'
import { JS_TARGET } from './emit.js'
import type { IR, RangeFn } from './ir.js'
import type { Layout } from './layout.js'
import { literal } from './literals.js'
import type { Program } from './lower.js'
import { packedTables } from './tables.js'

/** How graphical functions are read in the locals loop: inline (literal points when they fit), or by calls. */
export type LookupStyle = 'inline' | 'calls'

/** The locals layout, and how many characters of its code so far are inline lookups and their bytecode. */
export interface LocalsLayout extends Layout {
  readonly lookups: { readonly chars: number; readonly bytes: number }
}

/**
 * Every slot in a local variable of one function (see Layout); `rec`: the recorded slots, one column
 * each, in order. Lookups are read as `style` says.
 */
export function localsLayout(program: Program, rec: readonly number[], style: LookupStyle): LocalsLayout {
  const statements = localStatements(program, style)
  const e = statements.statement
  const n = program.slots.length
  const stocks = program.stocks
  // Slots the loop never writes (parameters, values the initial pass alone computes) hold one value
  // all run: their columns are filled once after the loop rather than stored at every row.
  const varying = new Set([
    ...stocks.map((x) => x.slot),
    ...program.aux.map((x) => x.slot),
    ...program.memories.map((x) => x.out),
    ...program.pipelines.map((x) => x.out),
    ...program.samples.map((x) => x.slot),
  ])
  const column = (p: number) => (p === 0 ? '' : `${p} * nRows + `)
  const fills = rec
    .flatMap((slot, p) =>
      varying.has(slot) ? [] : [`out.fill(s${slot}, ${p === 0 ? '0' : `${p} * nRows`}, ${column(p)}row);`],
    )
    .join(' ')
  return {
    prologue: Array.from({ length: n }, (_, i) => `let s${i} = v[${i}];`).join(' '),
    epilogue: [fills, ...Array.from({ length: n }, (_, i) => `v[${i}] = s${i};`)].join(' '),
    slot: (i) => `s${i}`,
    aux: () => program.aux.map((a) => e(a.expr, (value) => `s${a.slot} = ${value};`)).join('\n'),
    derivatives: (stage) =>
      stocks.map((st, i) => e(st.deriv, (value) => `const k${stage}_${i} = ${value};`)).join('\n'),
    saveStart: stocks.map((st, i) => `const z${i} = s${st.slot};`).join(' '),
    setStocks: (rhs, fromSaved) =>
      stocks
        .map((st, i) => `s${st.slot} = ${rhs((stage) => `k${stage}_${i}`, fromSaved ? `z${i}` : `s${st.slot}`)};`)
        .join('\n'),
    record: rec.flatMap((slot, p) => (varying.has(slot) ? [`out[${column(p)}row] = s${slot};`] : [])).join('\n'),
    lookups: statements.lookups,
  }
}

/**
 * Statements of the locals layout: slots read from locals `s<i>`. Inline, a lookup's statements go
 * before the statement reading it (a call per lookup cost World3, with 55, two fifths of its loop);
 * their locals are numbered across the whole loop, as the stages' derivatives share a scope.
 */
function localStatements(
  program: Program,
  style: LookupStyle,
): {
  statement(ir: IR, assign: (value: string) => string): string
  readonly lookups: { chars: number; bytes: number }
} {
  const packed = packedTables(program)
  const before: string[] = []
  const lookups = { chars: 0, bytes: 0 }
  let count = 0
  const table = (k: number, x: string): string => {
    const at = String(packed.at[k])
    const size = String(packed.size[k])
    const t = program.tables[k]!
    if (style === 'calls') return `${LOOKUP_FN[t.mode]}(XS, YS, ${at}, ${size}, ${x}, H, ${k})`
    const name = `g${count++}`
    const literalCode = literalLookup(t, name, x)
    const code = literalCode ?? inlineLookup(t.mode, name, x, at, size, String(k))
    before.push(code)
    lookups.chars += code.length
    lookups.bytes += literalCode ? LITERAL_BYTES.lookup + LITERAL_BYTES.segment * (t.x.length - 1) : INLINE_BYTES
    return name
  }
  // Slots are in locals, not in `v`: a range is the flat call over its slots' locals (a small model's).
  const range = (fn: RangeFn, base: number, n: number, stride: number): string => {
    const code = writeCall(
      JS_TARGET,
      fn,
      Array.from({ length: n }, (_, j) => `s${base + j * stride}`),
    )
    if (code === undefined) throw new Error(`internal: no code for builtin ${fn}`)
    return code
  }
  const e = emitter(program, { slot: (i) => `s${i}`, num: literal, table, range })
  return {
    statement(ir, assign) {
      const text = assign(e(ir))
      return before.length ? `${before.splice(0).join(' ')} ${text}` : text
    },
    lookups,
  }
}

/**
 * V8 optimizes no function of more than 60 KiB of bytecode (`--max-optimized-bytecode-size`): a
 * loop past it would run unoptimized, many times slower. Estimates of the bytecode of generated
 * code, measured on World3's loop (Node 20): about a byte per character of plain statements, and
 * for lookups these per lookup and per segment of a literal one (whose numbers are long text but
 * short bytecode), or per generic inline one.
 */
const MAX_OPTIMIZED_BYTECODE = 61_440
const BYTES_PER_CHAR = 1.05
const LITERAL_BYTES = { lookup: 80, segment: 50 }
const INLINE_BYTES = 500

/** Whether a loop's code, of which `lookups` are inline lookups, stays well within what V8 optimizes. */
export function withinBytecodeBudget(code: string, lookups: LocalsLayout['lookups']): boolean {
  const estimate = BYTES_PER_CHAR * (code.length - lookups.chars) + lookups.bytes
  return estimate <= 0.85 * MAX_OPTIMIZED_BYTECODE
}
