import { asmLoop } from './asm.js'
import { CHUNK, emitter, sourceOf } from './codegen.js'
import type { Source } from './codegen.js'
import { eulerInPlace } from './euler.js'
import { inlineLookup } from './inline-lookup.js'
import type { IR } from './ir.js'
import type { Program } from './lower.js'
import type { Tableau } from './methods/tableaux.js'
import { literal } from './literals.js'
import { SHORT_RANGE } from './recording.js'
import type { Recording } from './recording.js'
import type { StepLoop } from './step-loop.js'
import { packedTables } from './tables.js'

/**
 * Where the loop keeps its numbers. `locals` holds every slot in a local variable (V8 keeps them in
 * registers; about 4x faster than typed-array traffic) and unrolls the recording of a row; `arrays`
 * works on the state vector `v` and the stage arrays `K`, in bounded functions, for models of any size.
 */
interface Layout {
  readonly prologue: string
  readonly epilogue: string
  slot(i: number): string
  /** Statements computing every auxiliary at time `t` (inputs at `ti`). */
  readonly aux: string
  /** Statements computing the derivatives of one stage. */
  derivatives(stage: number): string
  /** Saves the stocks at the start of a step (multi-stage methods). */
  readonly saveStart: string
  /** Sets every stock to `rhs(k, start)`, where k(stage) is its stage derivative and start its value. */
  setStocks(rhs: (k: (stage: number) => string, start: string) => string, fromSaved: boolean): string
  /** Writes the save point `row`: into each column (locals) or as one row of the table (arrays). */
  readonly record: string
}

/** `rec`: the recorded slots, one column each, in order. */
function localsLayout(program: Program, rec: readonly number[]): Layout {
  const e = localStatements(program)
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
    aux: program.aux.map((a) => e(a.expr, (value) => `s${a.slot} = ${value};`)).join('\n'),
    derivatives: (stage) =>
      stocks.map((st, i) => e(st.deriv, (value) => `const k${stage}_${i} = ${value};`)).join('\n'),
    saveStart: stocks.map((st, i) => `const z${i} = s${st.slot};`).join(' '),
    setStocks: (rhs, fromSaved) =>
      stocks
        .map((st, i) => `s${st.slot} = ${rhs((stage) => `k${stage}_${i}`, fromSaved ? `z${i}` : `s${st.slot}`)};`)
        .join('\n'),
    record: rec.flatMap((slot, p) => (varying.has(slot) ? [`out[${column(p)}row] = s${slot};`] : [])).join('\n'),
  }
}

/**
 * Statements of the locals layout: slots read from locals `s<i>`, and lookups inline
 * (inline-lookup.ts), each statement's before it. A call per lookup cost World3 (55 lookups) a fifth
 * of its run. Lookup locals are numbered across the whole loop, as the stages' derivatives share a scope.
 */
function localStatements(program: Program): (ir: IR, assign: (value: string) => string) => string {
  const packed = packedTables(program)
  const before: string[] = []
  let lookups = 0
  const e = emitter(program, {
    slot: (i) => `s${i}`,
    num: literal,
    table: (k, x) => {
      const t = `g${lookups++}`
      before.push(inlineLookup(program.tables[k]!.mode, t, x, String(packed.at[k]), String(packed.size[k]), String(k)))
      return t
    },
  })
  return (ir, assign) => {
    const text = assign(e(ir))
    return before.length ? `${before.splice(0).join(' ')} ${text}` : text
  }
}

function arraysLayout(program: Program, src: Source, stages: number): Layout {
  const nS = program.stocks.length
  const base = program.stockBase
  return {
    // Views of the ranges of `v` a row copies (see recording.ts), made once per run.
    prologue: `${Array.from({ length: stages }, (_, s) => `const k${s} = K[${s}];`).join(' ')}
const nRange = ranges.length >> 1, R = [];
let width = 0;
for (let q = 0; q < nRange; q++) { R.push(v.subarray(ranges[2 * q], ranges[2 * q] + ranges[2 * q + 1])); width += ranges[2 * q + 1]; }`,
    epilogue: '',
    slot: (i) => `v[${i}]`,
    aux: src.aux.body,
    derivatives: (stage) => `{ const k = k${stage};\n${src.deriv.body}\n}`,
    saveStart: `for (let i = 0; i < ${nS}; i++) y0[i] = v[${base} + i];`,
    setStocks: (rhs, fromSaved) =>
      `for (let i = 0; i < ${nS}; i++) v[${base} + i] = ${rhs((stage) => `k${stage}[i]`, fromSaved ? 'y0[i]' : `v[${base} + i]`)};`,
    // A short range is cheaper copied by hand than through a call.
    record: `for (let q = 0, o = row * width; q < nRange; q++) {
  const n = ranges[2 * q + 1];
  if (n > ${SHORT_RANGE}) out.set(R[q], o);
  else for (let j = 0, s = ranges[2 * q]; j < n; j++) out[o + j] = v[s + j];
  o += n;
}`,
  }
}

/** Whether a program is small enough to keep every slot in a local variable of one function. */
export function fitsInLocals(program: Program): boolean {
  return program.aux.length + program.stocks.length <= CHUNK && program.slots.length <= 4 * CHUNK
}

/**
 * Generates the whole stepping loop of a fixed-step method from its tableau, stages unrolled. A
 * recording stored by column (small models, see recording.ts) gets the locals layout, its recorded
 * slots unrolled; otherwise (or with none) the arrays layout, which copies the recording's ranges
 * given to each run; Euler there updates stocks in place (euler.ts). Local names must not shadow the helpers (`step`, `pulse`, ...): the step
 * counter is `ix`.
 */
export function generateLoop(
  program: Program,
  tableau: Tableau,
  recording?: Pick<Recording, 'byRow' | 'slots'>,
  src: Source = sourceOf(program),
  asm = true,
): StepLoop {
  const stages = tableau.b.length
  const byRow = !recording || recording.byRow
  if (asm && byRow) {
    const module = asmLoop(program, tableau, () => generateLoop(program, tableau, recording, src, false))
    if (module.ok) return module.loop
  }
  const arrays = byRow ? arraysLayout(program, src, stages) : undefined
  const L = arrays ?? localsLayout(program, Array.from(recording!.slots))
  const combo = (coeffs: readonly number[], k: (stage: number) => string) =>
    coeffs
      .map((c, j) => (c === 0 ? '' : `${literal(c)} * ${k(j)}`))
      .filter(Boolean)
      .join(' + ') || '0'

  const steps: string[] = []
  if (stages === 1 && L === arrays) {
    steps.push(eulerInPlace(program, src))
  } else if (stages === 1) {
    steps.push(
      L.derivatives(0),
      L.setStocks((k, start) => `${start} + dt * ${k(0)}`, false),
    )
  } else {
    steps.push(L.derivatives(0))
    steps.push(L.saveStart)
    for (let s = 1; s < stages; s++) {
      steps.push(L.setStocks((k, start) => `${start} + dt * (${combo(tableau.a[s]!, k)})`, true))
      steps.push(`{ const t = ts${s}, ti = t;\n${L.aux}\n}`)
      steps.push(L.derivatives(s))
    }
    steps.push(L.setStocks((k, start) => `${start} + dt * (${combo(tableau.b, k)})`, true))
  }

  const mem = program.memories
  const pipes = program.pipelines
  // A memory is held in a local through the step; with many (arrays layout), in an array `M`.
  const many = L !== arrays ? undefined : src.memorySlots
  const memory = {
    declare: many ? `const M = new Float64Array(${mem.length});` : mem.map((_, j) => `let m${j} = 0;`).join(' '),
    save: many
      ? `for (let j = 0; j < ${mem.length}; j++) M[j] = v[${many.input}[j]];`
      : mem.map((m, j) => `m${j} = ${L.slot(m.input)};`).join(' '),
    restore: many
      ? `for (let j = 0; j < ${mem.length}; j++) v[${many.out}[j]] = M[j];`
      : mem.map((m, j) => `${L.slot(m.out)} = m${j};`).join(' '),
  }
  const pipeSlots = L !== arrays ? undefined : src.pipelineSlots
  const pipeline = {
    read: pipeSlots
      ? `for (let j = 0; j < ${pipes.length}; j++) v[${pipeSlots.out}[j]] = P[j].read(ix);`
      : pipes.map((p, j) => `${L.slot(p.out)} = P[${j}].read(ix);`).join('\n'),
    write: pipeSlots
      ? `for (let j = 0; j < ${pipes.length}; j++) P[j].write(ix, v[${pipeSlots.input}[j]]);`
      : pipes.map((p, j) => `P[${j}].write(ix, ${L.slot(p.input)});`).join('\n'),
  }
  const stageTimes = tableau.c.map((c, s) => (s === 0 ? '' : `const ts${s} = t + ${literal(c)} * dt;`)).join(' ')
  const body = `return function run(v, t0, t1, dt, nSteps, saveEvery, ranges, out, nRows, P, U, N, K, y0) {
${L.prologue}
${memory.declare}
let row = 0, next = 0;
for (let ix = 0; ; ix++) {
  const t = t0 + ix * dt, ti = t;
  tk = t;
  ${program.samples.map((x) => `${L.slot(x.slot)} = ${x.dist === 'uniform' ? 'U' : 'N'}();`).join('\n')}
  ${pipeline.read}
  ${L.aux}
  if (ix === next) {
    ${L.record}
    row++;
    next += saveEvery;
  }
  if (ix === nSteps) break;
  ${pipeline.write}
  ${memory.save}
  ${stageTimes}
  ${steps.join('\n')}
  ${memory.restore}
}
${L.epilogue}
return row;
};`
  return src.build<StepLoop>(body)
}
