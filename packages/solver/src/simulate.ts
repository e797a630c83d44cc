import { StockflowError } from '@stockflow/model'
import type { MethodName, Model, Scenario } from '@stockflow/model'
import { compile, isCompiled } from './compile.js'
import { checkFinite } from './guards.js'
import type { OnNonFinite } from './guards.js'
import type { CompiledModel } from './compile.js'
import { integrateAdaptive } from './methods/adaptive.js'
import { TABLEAUX } from './methods/tableaux.js'
import type { Tolerance } from './methods/adaptive.js'
import { normalGenerator, uniformGenerator } from './random.js'
import { Run } from './run.js'
import { arraysOf, dimensionsOf, nameMeaning, selectionOf } from './selection.js'
import type { Slot } from './ir.js'
import { runPipelines } from './pipelines.js'
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

const NO_DRAWS = (): number => NaN
/** The most numbers one run may keep (1 GiB of doubles): beyond it an allocation would fail. */
const MAX_VALUES = 2 ** 27
const NOTHING_SET: Readonly<Record<string, number>> = Object.freeze({})

const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/** Simulates a model (compiling it first when given plain data) and returns the run. */
export function simulate(model: Model | CompiledModel, options: SimulateOptions = {}): Run {
  const compiled = isCompiled(model) ? model : compile(model)
  const { program, functions } = compiled
  const m = compiled.model
  const method = options.method ?? m.time.method ?? 'euler'
  if (!METHODS.includes(method))
    throw new StockflowError(`unknown method "${method}"; use one of ${METHODS.join(', ')}`)
  const clock = clockOf(m, options)

  const v = compiled.defaults.slice()
  // Initial-value overrides, NaN where none; allocated only when a stock is set (runs are often tiny).
  let initial = compiled.noOverrides
  const scenario = options.scenario === undefined ? undefined : findScenario(m, options.scenario)
  const set = scenario || options.set ? { ...(scenario?.set ?? {}), ...(options.set ?? {}) } : NOTHING_SET
  for (const { slot: s, value } of overrides(compiled, scenario, options.set)) {
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
  const nRows = Math.floor(clock.steps / clock.saveEvery) + 1
  if ((width + 1) * nRows > MAX_VALUES) {
    throw new StockflowError(
      `the run would store ${nRows} rows of ${width} variables, more than memory allows; raise saveper, shorten the run or keep fewer variables (--vars)`,
    )
  }
  // Every output at every save point, by row or by column (see recording.ts). By column, after the
  // save times in one allocation (small runs are dominated by allocations); by row, apart, so that
  // the row table can be freed once the run has made its columns.
  const { slots, byRow } = recording
  let times: Float64Array
  let out: Float64Array
  if (byRow) {
    times = new Float64Array(nRows)
    out = new Float64Array(width * nRows)
  } else {
    const buffer = new Float64Array((width + 1) * nRows)
    times = buffer.subarray(0, nRows)
    out = buffer.subarray(nRows)
  }
  const seed = options.seed ?? 1
  const pipelines = runPipelines(program)
  // Seeding costs a few draws; models without random functions never call these.
  const random = program.samples.length > 0
  const uniform = random ? uniformGenerator(seed) : NO_DRAWS
  const normal = random ? normalGenerator(uniform) : NO_DRAWS
  const { t0, t1, dt } = clock

  functions.init(v, t0, t1, dt, initial, pipelines, uniform, normal)
  for (let i = 0; i < nRows; i++) times[i] = t0 + i * clock.saveEvery * dt
  if (method === 'adaptive') {
    integrateAdaptive(
      program,
      functions,
      v,
      { t0, t1, dt, saveTimes: times },
      (row) => {
        if (byRow) for (let p = 0, o = row * width; p < width; p++) out[o + p] = v[slots[p]!]!
        else for (let p = 0, o = row; p < width; p++, o += nRows) out[o] = v[slots[p]!]!
      },
      {
        ...(options.tolerance ? { tolerance: options.tolerance } : {}),
        ...(options.maxEvaluations !== undefined ? { maxEvaluations: options.maxEvaluations } : {}),
      },
    )
  } else {
    const stages = compiled.loop(method, recording)
    const { K, y0 } = scratchOf(compiled, method)
    stages(v, t0, t1, dt, clock.steps, clock.saveEvery, recording.ranges, out, nRows, pipelines, uniform, normal, K, y0)
  }

  if (options.onNonFinite !== 'continue') checkFinite(program, outputs, recording, times, out, v, clock.saveEvery)

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

/**
 * Checks a run's scenario and `set` as `simulate` would apply them, without running: the scenario
 * exists and every name it or `set` gives is a parameter, constant, stock or element of the model.
 * Experiments call it once before their runs, so a mistake is one error rather than every run failing.
 */
export function checkOverrides(compiled: CompiledModel, options: Pick<SimulateOptions, 'scenario' | 'set'>): void {
  const scenario = options.scenario === undefined ? undefined : findScenario(compiled.model, options.scenario)
  overrides(compiled, scenario, options.set)
}

/**
 * The slots a run's overrides set, in the order to apply them: the scenario's, then `set`'s; within
 * each, whole arrays first, then patterns by how many subscripts they fix, then names given exactly.
 * A scenario's key may name an element, a pattern or a whole array as `set` does; its mistakes name it.
 */
function overrides(
  compiled: CompiledModel,
  scenario: Scenario | undefined,
  given: Readonly<Record<string, number>> | undefined,
): { slot: Slot; value: number }[] {
  const m = compiled.model
  const out: { slot: Slot; value: number; group: number; fixed: number }[] = []
  let broad = false
  ;[scenario?.set, given].forEach((set, group) => {
    // One line naming the scenario, when the mistake is in one.
    const fail: (message: string) => never = (message) => {
      throw new StockflowError(group === 0 ? `scenario "${scenario!.id}": ${message}` : message)
    }
    for (const [name, value] of Object.entries(set ?? {})) {
      const meaning = nameMeaning(compiled, name)
      if (!meaning.ok) {
        const why = meaning.unknown ? `model "${m.name}" has no such variable${meaning.detail}` : meaning.detail
        fail(`cannot set "${name}": ${why}`)
      }
      if (typeof value !== 'number' || Number.isNaN(value))
        fail(`cannot set "${name}" to ${String(value)}: not a number`)
      if (meaning.fixed !== Infinity) broad = true
      for (const id of meaning.ids) {
        const slot = compiled.program.byId.get(id)!
        if (slot.kind !== 'param' && slot.kind !== 'stock') {
          fail(
            `cannot set "${slot.name}": it is ${slot.kind === 'aux' ? 'an auxiliary' : `a ${slot.kind}`} computed by an equation; only parameters, constants and stock initial values can be set`,
          )
        }
        out.push({ slot, value, group, fixed: meaning.fixed })
      }
    }
  })
  // Array.prototype.sort is stable: equal keys keep the order they were given in.
  return broad ? out.sort((a, b) => a.group - b.group || (a.fixed === b.fixed ? 0 : a.fixed < b.fixed ? -1 : 1)) : out
}

function findScenario(m: Model, id: string): Scenario {
  const s = (m.scenarios ?? []).find((x) => x.id.toLowerCase() === id.toLowerCase())
  if (!s) {
    const known = (m.scenarios ?? []).map((x) => x.id)
    throw new StockflowError(
      `model "${m.name}" has no scenario "${id}"${known.length ? `; it has ${known.join(', ')}` : ''}`,
    )
  }
  return s
}

/** The save times a run with these settings records (the same clock `simulate` uses). */
export function saveTimes(model: Model, options: SimulateOptions = {}): Float64Array {
  const { t0, dt, steps, saveEvery } = clockOf(model, options)
  const nRows = Math.floor(steps / saveEvery) + 1
  if (nRows > MAX_VALUES) {
    throw new StockflowError(
      `the run would have ${nRows} save points, more than memory allows; raise saveper or shorten the run`,
    )
  }
  return Float64Array.from({ length: nRows }, (_, i) => t0 + i * saveEvery * dt)
}

/** The run's clock, checked: whole steps of dt, save points every whole number of steps. */
function clockOf(m: Model, o: SimulateOptions) {
  const t0 = o.start ?? m.time.start
  const t1 = o.stop ?? m.time.stop
  const dt = o.dt ?? m.time.dt
  const saveper = o.saveper ?? (o.dt !== undefined ? Math.max(o.dt, m.time.saveper ?? o.dt) : (m.time.saveper ?? dt))
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || !Number.isFinite(dt) || !Number.isFinite(saveper)) {
    for (const [k, x] of Object.entries({ start: t0, stop: t1, dt, saveper })) {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new StockflowError(`${k} must be a finite number, got ${String(x)}`)
    }
  }
  if (!(dt > 0)) throw new StockflowError(`dt must be positive, got ${dt}`)
  if (!(t1 > t0)) throw new StockflowError(`stop (${t1}) must be after start (${t0})`)
  const ratio = saveper / dt
  const saveEvery = Math.round(ratio)
  if (saveEvery < 1 || Math.abs(ratio - saveEvery) > 1e-9 * ratio) {
    throw new StockflowError(`saveper ${saveper} must be a whole multiple of dt ${dt}`)
  }
  const steps = Math.floor((t1 - t0) / dt + 1e-9)
  return { t0, t1, dt, steps, saveEvery }
}
