/**
 * Arrayed families (`pnpm bench --scaling`, or alone `pnpm bench --arrays`): each model of
 * bench/array-models.ts written once with dimensions and once element by element, from 10 to 100k
 * elements per dimension. Both compile to the same scalar program (checked: every series of the two
 * runs equal to the bit), so the arrayed form must cost no more to run; its compile time is the
 * flattening plus the rest, and is measured phase by phase.
 *
 * - compile: `compile(model)` and the Euler loop's first generation, what a user pays before the
 *   first run (the first compile of that model in the process; sizes below 10k: the median of three);
 * - phases of the arrayed form: validation with flattening (`validateParsed`), lowering, the shared
 *   functions, the first stepping loop (the asm.js module for large models);
 * - run: ns per variable and step, every variable stored at every step, about WORK variable-steps a
 *   run read as a sweep reads it (`get` of one variable); the median of ROUNDS runs of each form,
 *   alternating (a young-generation collection, untimed, before each), after runs warming V8 up;
 *   the ratio is arrayed over element by element.
 * `--quick`: no 100k, fewer rounds.
 */
import { validateParsed } from '@stockflow/model/internal'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { generateFunctions, sourceOf } from '../packages/solver/src/codegen.ts'
import { lowerParsed } from '../packages/solver/src/lower.ts'
import { fitsInLocals, generateLoop } from '../packages/solver/src/loop.ts'
import { recordingOf } from '../packages/solver/src/recording.ts'
import { TABLEAUX } from '../packages/solver/src/methods/tableaux.ts'
import { ARRAY_FAMILIES, PER_ELEMENT, SCALARS, arrayModel } from './array-models.ts'
import type { ArrayFamily } from './array-models.ts'
import { gcFunction } from './gc.ts'
import { resultsPath, writeJson, writeResultsMd } from './report.ts'

const SIZES = [10, 100, 1_000, 10_000, 100_000]
const WORK = 2_000_000
const MIN_STEPS = 20
const WARM_STEPS = 1_500
/** Large models step in the asm.js module, compiled ahead of time: a few runs warm the rest. */
const MAX_WARM_RUNS = 12
const ROUNDS = 11

/** One form of one size: what compiling and running it cost. */
export interface ArrayForm {
  readonly compileMs: number
  readonly nsPerVarStep: number
  readonly firstRunNs: number
  /** Like nsPerVarStep, keeping one variable (`vars`): computing without storing. */
  readonly oneVarNs: number
}

export interface ArrayScalingRow {
  readonly family: ArrayFamily
  /** Elements per dimension (regions, cohorts). */
  readonly size: number
  /** Public variables of the flat model. */
  readonly variables: number
  readonly slots: number
  readonly steps: number
  readonly arrayed: ArrayForm
  readonly elements: ArrayForm
  /** The arrayed form's compile by phase (ms): flattening and validation, lowering, functions, first loop. */
  readonly phases: {
    readonly flatten: number
    readonly lower: number
    readonly functions: number
    readonly loop: number
  }
  /** Arrayed over element by element: storing every value, computing alone, compiling. */
  readonly runRatio: number
  readonly oneVarRatio: number
  readonly compileRatio: number
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const since = (t0: number) => performance.now() - t0

/** The first compile (and Euler loop) of a model in this process, or the median of `times`. */
function timedCompile(model: Parameters<typeof compile>[0], times: number): { compiled: CompiledModel; ms: number } {
  const ms: number[] = []
  let compiled: CompiledModel | undefined
  for (let k = 0; k < times; k++) {
    const t0 = performance.now()
    compiled = compile(model)
    compiled.loop('euler')
    ms.push(since(t0))
  }
  return { compiled: compiled!, ms: median(ms) }
}

/** The arrayed model's compile phase by phase (a compile of its own, after the timed ones). */
function phases(model: Parameters<typeof compile>[0]): ArrayScalingRow['phases'] {
  let t0 = performance.now()
  const { flat, parsed } = validateParsed(model)
  const flatten = since(t0)
  t0 = performance.now()
  const program = lowerParsed(flat, parsed, model)
  const lower = since(t0)
  t0 = performance.now()
  generateFunctions(program)
  const functions = since(t0)
  t0 = performance.now()
  const outputs = program.outputs.map((x) => program.sourceOf[x.index]!)
  generateLoop(program, TABLEAUX.euler, recordingOf(outputs, !fitsInLocals(program)))
  const loop = since(t0)
  const r = (x: number) => Number(x.toFixed(1))
  return { flatten: r(flatten), lower: r(lower), functions: r(functions), loop: r(loop) }
}

/**
 * Throws unless the two forms compile to the same slots and the same code, and run the same, series
 * by series, to the bit: their run times then differ by the machine's noise alone.
 */
function checkSame(family: string, size: number, a: CompiledModel, e: CompiledModel): void {
  const names = (c: CompiledModel) => c.program.slots.map((x) => x.name).join('\n')
  if (names(a) !== names(e)) throw new Error(`${family} ${size}: the two forms lay out their slots differently`)
  const code = (c: CompiledModel) => {
    const src = sourceOf(c.program)
    return [src.aux, src.deriv, src.initial].map((b) => b.defs + b.body).join('\n')
  }
  if (code(a) !== code(e)) throw new Error(`${family} ${size}: the two forms generate different code`)
  const x = simulate(a)
  const y = simulate(e)
  x.series.forEach((s, j) => {
    const other = y.series[j]!
    if (s.name !== other.name)
      throw new Error(`${family} ${size}: series ${j} is ${s.name} arrayed, ${other.name} by element`)
    for (let r = 0; r < s.values.length; r++) {
      if (!Object.is(s.values[r], other.values[r]))
        throw new Error(
          `${family} ${size}: ${s.name} at row ${r} is ${s.values[r]} arrayed, ${other.values[r]} by element`,
        )
    }
  })
}

export async function arrayScaling({
  quick = false,
  sizes = quick ? SIZES.slice(0, 4) : SIZES,
}: { quick?: boolean; sizes?: readonly number[] } = {}): Promise<ArrayScalingRow[]> {
  const gc = gcFunction()
  const rows: ArrayScalingRow[] = []
  let sink = 0
  for (const family of ARRAY_FAMILIES) {
    for (const size of sizes) {
      const steps = Math.max(MIN_STEPS, Math.round(WORK / (PER_ELEMENT[family] * size + SCALARS[family])))
      const arrayedModel = arrayModel(family, size, steps, true)
      const elementModel = arrayModel(family, size, steps, false)
      const times = size >= 10_000 ? 1 : 3
      const a = timedCompile(arrayedModel, times)
      const e = timedCompile(elementModel, times)
      checkSame(family, size, a.compiled, e.compiled)
      const vars = a.compiled.variables.length
      const perVarStep = (ms: number) => Number(((ms * 1e6) / (vars * (steps + 1))).toFixed(2))
      const first = { a: NaN, e: NaN }
      // Read as a sweep reads a run: one variable's values (a view per variable would cost more than the run).
      const id = a.compiled.variables[0]!.id
      for (let k = 0; k < Math.min(MAX_WARM_RUNS, Math.max(2, Math.ceil(WARM_STEPS / steps))); k++) {
        for (const [key, c] of [
          ['a', a.compiled],
          ['e', e.compiled],
        ] as const) {
          const t0 = performance.now()
          sink += simulate(c).get(id)[steps]!
          if (k === 0) first[key] = since(t0)
          sink += simulate(c, { vars: [id] }).get(id)[steps]!
        }
      }
      const runs = { a: [] as number[], e: [] as number[] }
      const oneVar = { a: [] as number[], e: [] as number[] }
      for (let k = 0; k < (quick ? 3 : ROUNDS); k++) {
        const order = k % 2 ? (['e', 'a'] as const) : (['a', 'e'] as const)
        for (const key of order) {
          gc({ type: 'minor' })
          const t0 = performance.now()
          sink += simulate(key === 'a' ? a.compiled : e.compiled).get(id)[steps]!
          runs[key].push(since(t0))
          gc({ type: 'minor' })
          const t1 = performance.now()
          sink += simulate(key === 'a' ? a.compiled : e.compiled, { vars: [id] }).get(id)[steps]!
          oneVar[key].push(since(t1))
        }
      }
      const form = (ms: number, runMs: number[], oneMs: number[], firstMs: number): ArrayForm => ({
        compileMs: Number(ms.toFixed(1)),
        nsPerVarStep: perVarStep(median(runMs)),
        firstRunNs: perVarStep(firstMs),
        oneVarNs: perVarStep(median(oneMs)),
      })
      const arrayed = form(a.ms, runs.a, oneVar.a, first.a)
      const elements = form(e.ms, runs.e, oneVar.e, first.e)
      const row: ArrayScalingRow = {
        family,
        size,
        variables: vars,
        slots: a.compiled.program.slots.length,
        steps,
        arrayed,
        elements,
        phases: phases(arrayedModel),
        runRatio: Number((arrayed.nsPerVarStep / elements.nsPerVarStep).toFixed(2)),
        oneVarRatio: Number((arrayed.oneVarNs / elements.oneVarNs).toFixed(2)),
        compileRatio: Number((arrayed.compileMs / elements.compileMs).toFixed(2)),
      }
      rows.push(row)
      const p = row.phases
      console.log(
        `${family.padEnd(12)} ${String(size).padStart(6)} x ${String(vars).padStart(7)} vars  run ${arrayed.nsPerVarStep.toFixed(1)} / ${elements.nsPerVarStep.toFixed(1)} ns/var-step (arrayed / by element, ${row.runRatio}x; one kept ${arrayed.oneVarNs.toFixed(1)} / ${elements.oneVarNs.toFixed(1)}, ${row.oneVarRatio}x)  compile ${arrayed.compileMs.toFixed(0)} / ${elements.compileMs.toFixed(0)} ms (flatten ${p.flatten.toFixed(0)}, lower ${p.lower.toFixed(0)}, functions ${p.functions.toFixed(0)}, loop ${p.loop.toFixed(0)})`,
      )
    }
  }
  if (Number.isNaN(sink)) console.log('sink is NaN')
  await writeJson(resultsPath('arrays.json'), { date: new Date().toISOString(), node: process.version, rows })
  await writeResultsMd()
  return rows
}
