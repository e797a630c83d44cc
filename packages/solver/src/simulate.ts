import type { MethodName, Model } from '@stockflow/model'
import { checkTableSize, clockOf, fillTimes, methodOf } from './clock.js'
import { compile, isCompiled } from './compile.js'
import type { CompiledModel } from './compile.js'
import { checkFinite } from './guards.js'
import type { OnNonFinite } from './guards.js'
import { integrate, loopOf } from './integrate.js'
import type { AdaptiveSettings, Tolerance } from './methods/adaptive.js'
import { findScenario, resolveOverrides } from './overrides.js'
import { Run } from './run.js'
import { arraysOf, dimensionsOf, selectionOf } from './selection.js'
import { VERSION } from './version.js'

/** Settings of one run; anything left out comes from the model. */
export interface SimulateOptions {
  readonly method?: MethodName
  readonly start?: number
  readonly stop?: number
  readonly dt?: number
  readonly saveper?: number
  /** A scenario id of the model (case-insensitive); its values apply before `set`. */
  readonly scenario?: string
  /**
   * Parameter values (or stock initial values) by name or id. An arrayed variable's name sets every
   * element, `Growth[north]` one, `x[north,*]` or `Growth[Coast]` (a subrange) those it matches; the
   * narrower name wins (an element named exactly over a subrange over a whole array), whatever the order.
   */
  readonly set?: Readonly<Record<string, number>>
  /** Seed of the random functions; the same seed gives the same run. */
  readonly seed?: number
  /** Output variables by name or id; default every stock, flow, auxiliary and parameter in model order. */
  readonly vars?: readonly string[]
  /** Error tolerances for `adaptive`. */
  readonly tolerance?: Tolerance
  /**
   * The most derivative evaluations `adaptive` may make (default 1,000,000); past it the run stops with
   * a StockflowError naming the time reached. Infinity lifts the limit.
   */
  readonly maxEvaluations?: number
  /** A NaN or infinity stops the run with a StockflowError naming the variable and time (default), or not. */
  readonly onNonFinite?: OnNonFinite
}

const NOTHING_SET: Readonly<Record<string, number>> = Object.freeze({})

/** Simulates a model (compiling it first when given plain data) and returns the run. */
export function simulate(model: Model | CompiledModel, options: SimulateOptions = {}): Run {
  const compiled = isCompiled(model) ? model : compile(model)
  const { program } = compiled
  const m = compiled.model
  const method = methodOf(m, options.method)
  const clock = clockOf(m, options)

  const v = compiled.defaults.slice()
  // Initial-value overrides, NaN where none; allocated only when a stock is set (runs are often tiny).
  let initial = compiled.noOverrides
  const scenario = options.scenario === undefined ? undefined : findScenario(m, options.scenario)
  const set = scenario || options.set ? { ...(scenario?.set ?? {}), ...(options.set ?? {}) } : NOTHING_SET
  const scenarioOverrides = scenario ? resolveOverrides(compiled, scenario.set, scenario) : []
  for (const { slot: s, value } of [...scenarioOverrides, ...resolveOverrides(compiled, options.set)]) {
    if (s.kind === 'param') v[s.index] = value
    else {
      if (initial === compiled.noOverrides) initial = new Float64Array(program.slots.length).fill(NaN)
      initial[s.index] = value
    }
  }

  const selection = options.vars ? selectionOf(compiled, options.vars) : undefined
  const outputs = selection ? selection.outputs : program.outputs
  const recording = selection ? selection.recording : compiled.recording
  const width = recording.slots.length
  const nRows = clock.rows
  checkTableSize(clock, width)
  // Every output at every save point, by row or by column (see recording.ts). By column, after the
  // save times in one allocation (small runs are dominated by allocations); by row, apart, so that
  // the row table can be freed once the run has made its columns.
  let times: Float64Array
  let out: Float64Array
  if (recording.byRow) {
    times = new Float64Array(nRows)
    out = new Float64Array(width * nRows)
  } else {
    const buffer = new Float64Array((width + 1) * nRows)
    times = buffer.subarray(0, nRows)
    out = buffer.subarray(nRows)
  }
  const seed = options.seed ?? 1
  fillTimes(clock, times)
  const loop = loopOf(compiled, method, recording)
  integrate(compiled, method, loop, clock, recording, v, initial, times, out, seed, adaptiveSettings(options))

  if (options.onNonFinite !== 'continue') checkFinite(program, outputs, recording, times, out, v, clock.saveEvery)

  const { t0, t1, dt } = clock
  return new Run(
    times,
    outputs,
    out,
    recording,
    {
      stockflow: VERSION,
      model: m.name,
      method,
      start: t0,
      stop: t1,
      dt,
      saveper: clock.saveEvery * dt,
      seed,
      ...(scenario ? { scenario: scenario.id } : {}),
      set,
    },
    selection ? selection.index : compiled.outputIndex,
    () => arraysOf(compiled),
    () => dimensionsOf(compiled),
  )
}

/** The adaptive method's settings out of a run's options. */
export function adaptiveSettings(options: Pick<SimulateOptions, 'tolerance' | 'maxEvaluations'>): AdaptiveSettings {
  return {
    ...(options.tolerance ? { tolerance: options.tolerance } : {}),
    ...(options.maxEvaluations !== undefined ? { maxEvaluations: options.maxEvaluations } : {}),
  }
}
