import { asmLoop } from './asm.js'
import { CHUNK, sourceOf } from './codegen.js'
import type { Source } from './codegen.js'
import { eulerInPlace } from './euler.js'
import type { Layout } from './layout.js'
import { localsLayout, withinBytecodeBudget } from './locals-layout.js'
import type { Program } from './lower.js'
import type { Tableau } from './methods/tableaux.js'
import { literal } from './literals.js'
import { SHORT_RANGE } from './recording.js'
import type { Recording } from './recording.js'
import type { StepLoop } from './step-loop.js'

/** The state in `v`, in bounded functions (see Layout). */
function arraysLayout(program: Program, src: Source, stages: number, columns?: readonly number[]): Layout {
  const nS = program.stocks.length
  const base = program.stockBase
  // A small model's loop too large for the locals layout keeps its recording by column: these slots.
  const byColumn = columns && columns.length ? src.data.add(columns, true) : undefined
  return {
    // Views of the ranges of `v` a row copies (see recording.ts), made once per run.
    prologue: `${Array.from({ length: stages }, (_, s) => `const k${s} = K[${s}];`).join(' ')}
const nRange = ranges.length >> 1, R = [];
let width = 0;
for (let q = 0; q < nRange; q++) { R.push(v.subarray(ranges[2 * q], ranges[2 * q] + ranges[2 * q + 1])); width += ranges[2 * q + 1]; }`,
    epilogue: '',
    slot: (i) => `v[${i}]`,
    // Column by column, the evaluation and derivatives are called: inline, they would repeat per stage.
    ...(columns
      ? {
          defs: `function evaluate(v, t, t0, t1, dt, ti) {\n${src.aux.body}\n}\nfunction derive(v, k) {\n${src.deriv.body}\n}`,
          aux: () => 'evaluate(v, t, t0, t1, dt, ti);',
          derivatives: (stage: number) => `derive(v, k${stage});`,
        }
      : {
          aux: () => src.aux.body,
          derivatives: (stage: number) => `{ const k = k${stage};\n${src.deriv.body}\n}`,
        }),
    saveStart: `for (let i = 0; i < ${nS}; i++) y0[i] = v[${base} + i];`,
    setStocks: (rhs, fromSaved) =>
      `for (let i = 0; i < ${nS}; i++) v[${base} + i] = ${rhs((stage) => `k${stage}[i]`, fromSaved ? 'y0[i]' : `v[${base} + i]`)};`,
    // A short range is cheaper copied by hand than through a call.
    record: columns
      ? byColumn
        ? `for (let p = 0; p < ${columns.length}; p++) out[p * nRows + row] = v[${byColumn}[p]];`
        : ''
      : `for (let q = 0, o = row * width; q < nRange; q++) {
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
  if (byRow) return src.build<StepLoop>(loopCode(program, tableau, src, arraysLayout(program, src, stages), true))
  // Lookups inline while the loop stays small enough for V8 to optimize, else by calls.
  const rec = Array.from(recording!.slots)
  const inline = localsLayout(program, rec, 'inline')
  const code = loopCode(program, tableau, src, inline, false)
  if (withinBytecodeBudget(code, inline.lookups)) return src.build<StepLoop>(code)
  const calls = loopCode(program, tableau, src, localsLayout(program, rec, 'calls'), false)
  if (withinBytecodeBudget(calls, NO_LOOKUPS)) return src.build<StepLoop>(calls)
  // Still too large (RK4 repeats every statement four times): the arrays layout's bounded functions.
  return src.build<StepLoop>(loopCode(program, tableau, src, arraysLayout(program, src, stages, rec), true))
}

const NO_LOOKUPS = { chars: 0, bytes: 0 }

/** The code of the stepping loop in a layout (`arrays`: the arrays layout, else the locals one). */
function loopCode(program: Program, tableau: Tableau, src: Source, L: Layout, arrays: boolean): string {
  const stages = tableau.b.length
  const combo = (coeffs: readonly number[], k: (stage: number) => string) =>
    coeffs
      .map((c, j) => (c === 0 ? '' : `${literal(c)} * ${k(j)}`))
      .filter(Boolean)
      .join(' + ') || '0'

  const steps: string[] = []
  if (stages === 1 && arrays) {
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
      steps.push(`{ const t = ts${s}, ti = t;\n${L.aux()}\n}`)
      steps.push(L.derivatives(s))
    }
    steps.push(L.setStocks((k, start) => `${start} + dt * (${combo(tableau.b, k)})`, true))
  }

  const mem = program.memories
  const pipes = program.pipelines
  // A memory is held in a local through the step; with many (arrays layout), in an array `M`.
  const many = arrays ? src.memorySlots : undefined
  const memory = {
    declare: many ? `const M = new Float64Array(${mem.length});` : mem.map((_, j) => `let m${j} = 0;`).join(' '),
    save: many
      ? `for (let j = 0; j < ${mem.length}; j++) M[j] = v[${many.input}[j]];`
      : mem.map((m, j) => `m${j} = ${L.slot(m.input)};`).join(' '),
    restore: many
      ? `for (let j = 0; j < ${mem.length}; j++) v[${many.out}[j]] = M[j];`
      : mem.map((m, j) => `${L.slot(m.out)} = m${j};`).join(' '),
  }
  const pipeSlots = arrays ? src.pipelineSlots : undefined
  const pipeline = {
    read: pipeSlots
      ? `for (let j = 0; j < ${pipes.length}; j++) v[${pipeSlots.out}[j]] = P[j].read(ix);`
      : pipes.map((p, j) => `${L.slot(p.out)} = P[${j}].read(ix);`).join('\n'),
    write: pipeSlots
      ? `for (let j = 0; j < ${pipes.length}; j++) P[j].write(ix, v[${pipeSlots.input}[j]]);`
      : pipes.map((p, j) => `P[${j}].write(ix, ${L.slot(p.input)});`).join('\n'),
  }
  const stageTimes = tableau.c.map((c, s) => (s === 0 ? '' : `const ts${s} = t + ${literal(c)} * dt;`)).join(' ')
  return `${L.defs ?? ''}
return function run(v, t0, t1, dt, nSteps, saveEvery, ranges, out, nRows, P, U, N, K, y0) {
${L.prologue}
${memory.declare}
let row = 0, next = 0;
for (let ix = 0; ; ix++) {
  const t = t0 + ix * dt, ti = t;
  tk = t;
  ${program.samples.map((x) => `${L.slot(x.slot)} = ${x.dist === 'uniform' ? 'U' : 'N'}();`).join('\n')}
  ${pipeline.read}
  ${L.aux()}
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
}
