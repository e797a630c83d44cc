import type { MethodName } from '@stockflow/model'
import type { RunClock } from './clock.js'
import type { CompiledModel } from './compile.js'
import { integrateAdaptive } from './methods/adaptive.js'
import type { AdaptiveSettings } from './methods/adaptive.js'
import { TABLEAUX } from './methods/tableaux.js'
import { runPipelines } from './pipelines.js'
import { normalGenerator, uniformGenerator } from './random.js'
import type { Recording } from './recording.js'
import type { Pipeline } from './runtime.js'
import type { StepLoop } from './step-loop.js'

const NO_DRAWS = (): number => NaN
/** The pipelines of a model without DELAY FIXED: none (never written), nothing to allocate per run. */
const NO_PIPELINES: Pipeline[] = []

/**
 * Runs a compiled model from the state `v` (parameters set, the rest anything) with initial-value
 * overrides `initial` (NaN where none), recording the slots of `recording` at the save times into
 * `table` (by row or by column, see recording.ts). `simulate` and a prepared run both call it, so one
 * run gives the same bits through either. `loop` is the fixed-step loop of `method` for `recording`.
 */
export function integrate(
  compiled: CompiledModel,
  method: MethodName,
  loop: StepLoop | undefined,
  clock: RunClock,
  recording: Recording,
  v: Float64Array,
  initial: Float64Array,
  times: Float64Array,
  table: Float64Array,
  seed: number,
  adaptive: AdaptiveSettings,
): void {
  const { program, functions } = compiled
  const pipelines = program.pipelines.length ? runPipelines(program) : NO_PIPELINES
  // Seeding costs a few draws; models without random functions never call these.
  const random = program.samples.length > 0
  const uniform = random ? uniformGenerator(seed) : NO_DRAWS
  const normal = random ? normalGenerator(uniform) : NO_DRAWS
  const { t0, t1, dt } = clock
  const nRows = clock.rows

  functions.init(v, t0, t1, dt, initial, pipelines, uniform, normal)
  if (method === 'adaptive' || !loop) {
    const { slots, byRow } = recording
    const width = slots.length
    integrateAdaptive(
      program,
      functions,
      v,
      { t0, t1, dt, saveTimes: times },
      (row) => {
        if (byRow) for (let p = 0, o = row * width; p < width; p++) table[o + p] = v[slots[p]!]!
        else for (let p = 0, o = row; p < width; p++, o += nRows) table[o] = v[slots[p]!]!
      },
      adaptive,
    )
  } else {
    const { K, y0 } = scratchOf(compiled, method)
    loop(v, t0, t1, dt, clock.steps, clock.saveEvery, recording.ranges, table, nRows, pipelines, uniform, normal, K, y0)
  }
}

/** The fixed-step loop of a method for a recording, or none for `adaptive`. */
export function loopOf(compiled: CompiledModel, method: MethodName, recording: Recording): StepLoop | undefined {
  return method === 'adaptive' ? undefined : compiled.loop(method, recording)
}

/**
 * The stage derivatives and step-start stocks of a fixed-step method: scratch space, overwritten
 * before it is read in every step, so the runs of a compiled model share it (a run never starts
 * another while it steps). Allocating it per run cost a tenth of a small model's run.
 */
interface Scratch {
  readonly K: Float64Array[]
  readonly y0: Float64Array
}
const scratches = new WeakMap<CompiledModel, Partial<Record<MethodName, Scratch>>>()

function scratchOf(compiled: CompiledModel, method: 'euler' | 'rk2' | 'rk4'): Scratch {
  let byMethod = scratches.get(compiled)
  if (!byMethod) scratches.set(compiled, (byMethod = {}))
  const n = compiled.program.stocks.length
  const stages = TABLEAUX[method].b.length
  return (byMethod[method] ??= {
    K: Array.from({ length: stages }, () => new Float64Array(n)),
    y0: new Float64Array(stages > 1 ? n : 0),
  })
}
