import { StockflowError } from '@stockflow/model'
import type { MethodName, Model } from '@stockflow/model'
import { checkTableSize, clockOf, fillTimes, methodOf } from './clock.js'
import { compile, isCompiled } from './compile.js'
import type { CompiledModel } from './compile.js'
import { checkFinite } from './guards.js'
import type { Slot } from './ir.js'
import { integrate, loopOf } from './integrate.js'
import { checkValue, findScenario, resolveOverrides } from './overrides.js'
import type { Override } from './overrides.js'
import type { Recording } from './recording.js'
import { selectionOf } from './selection.js'
import { adaptiveSettings } from './simulate.js'
import type { SimulateOptions } from './simulate.js'

/** What every run of a prepared run shares: `simulate`'s options but the seed, and the names each run sets. */
export interface PrepareOptions extends Omit<SimulateOptions, 'seed'> {
  /**
   * The names each run gives a value (`run(values)`: `names[j]` is `values[j]`), as `set` takes them
   * (an element, a whole array, a pattern); they apply after `set`, as if added to it.
   */
  readonly names?: readonly string[]
}

/** One run's own settings. */
export interface PreparedRunOptions {
  /** Seed of the random functions (default 1), as `simulate`'s. */
  readonly seed?: number
  /** A scenario id for this run instead of the prepared one (resolved once per distinct id). */
  readonly scenario?: string
}

/**
 * A model made ready for many runs with the same clock, method, outputs and names: everything but
 * the names' values and the seed resolved once. Each run gives exactly the numbers `simulate` gives
 * with the same settings (`set` plus the names, `vars`, `seed`, `scenario`), and the same error.
 */
export interface PreparedRun {
  readonly method: MethodName
  /** The save times (do not write into them). */
  readonly times: Float64Array
  /** Save points per run: `times.length`. */
  readonly rows: number
  /** The outputs, one display name per column (a whole array or pattern in `vars` is its elements). */
  readonly vars: readonly string[]
  /** The names a run's values go to, as given. */
  readonly names: readonly string[]
  /**
   * Runs once with `names[j]` set to `values[j]` and writes the outputs into `out` from `offset`:
   * `vars.length` columns of `rows` values, column after column (output v at save point r is
   * `out[offset + v * rows + r]`). A run that fails (a NaN, a value that is not a number) throws the
   * StockflowError `simulate` would, and leaves `out` as it was.
   */
  run(values: ArrayLike<number>, out: Float64Array, offset?: number, options?: PreparedRunOptions): void
}

/** A scenario's (or no scenario's) state before a run's own values: resolved once per prepared run. */
interface Base {
  /** The state with the parameters set, and the initial-value overrides (NaN where none). */
  readonly v: Float64Array
  readonly initial: Float64Array
  /** The slots whose last override is a run's value: slot index, whether a stock, and the value's index. */
  readonly slots: Int32Array
  readonly stocks: Uint8Array
  readonly from: Int32Array
}

/** Prepares a model (compiling it first when given plain data) for many runs; see `PreparedRun`. */
export function prepareRun(model: Model | CompiledModel, options: PrepareOptions = {}): PreparedRun {
  const compiled = isCompiled(model) ? model : compile(model)
  const { program } = compiled
  const m = compiled.model
  const method = methodOf(m, options.method)
  const clock = clockOf(m, options)
  const names = (options.names ?? []).slice()
  const k = names.length

  // The run's names join `set` as a run of `simulate` would get them: one object, keys in its order.
  const given: Record<string, number> = { ...(options.set ?? {}) }
  const valueIndex = new Map<string, number>()
  names.forEach((name, j) => {
    given[name] = NaN
    valueIndex.set(name, j)
  })
  const givenOverrides = resolveOverrides(compiled, given, undefined, new Set(names))
  // For each key of `given` (in its order), the index of the run value it takes, or -1 for a constant.
  const keys = Object.keys(given)
  const valueOfKey = Int32Array.from(keys, (name) => valueIndex.get(name) ?? -1)
  // Run values are checked in key order, as `simulate` checks its `set`.
  const checked = keys.flatMap((name, key) => (valueOfKey[key]! < 0 ? [] : [{ name, j: valueOfKey[key]! }]))

  const selection = options.vars ? selectionOf(compiled, options.vars) : undefined
  const outputs = selection ? selection.outputs : program.outputs
  const recording = selection ? selection.recording : compiled.recording
  const width = recording.slots.length
  checkTableSize(clock, width)
  const rows = clock.rows
  const times = fillTimes(clock, new Float64Array(rows))
  const loop = loopOf(compiled, method, recording)
  const adaptive = adaptiveSettings(options)
  const table = new Float64Array(width * rows)
  const v = new Float64Array(program.slots.length)
  const initial = new Float64Array(program.slots.length)
  const copy = copierOf(recording, outputs.length, rows)

  // By the id as given: another spelling of one scenario is one more entry, never a wrong one.
  const bases = new Map<string | undefined, Base>()
  const baseOf = (id: string | undefined): Base => {
    let base = bases.get(id)
    if (!base) {
      const scenario = id === undefined ? undefined : findScenario(m, id)
      const first = scenario ? resolveOverrides(compiled, scenario.set, scenario) : []
      base = baseState(compiled, first, givenOverrides, valueOfKey)
      bases.set(id, base)
    }
    return base
  }

  return {
    method,
    times,
    rows,
    vars: outputs.map((s) => s.name),
    names,
    run(values, out, offset = 0, runOptions = {}) {
      if (values.length < k) throw new StockflowError(`a run of ${k} names takes ${k} values, got ${values.length}`)
      if (!(Number.isInteger(offset) && offset >= 0 && offset + outputs.length * rows <= out.length))
        throw new StockflowError(
          `a run writes ${outputs.length * rows} values from ${offset}, past the end of its buffer of ${out.length}`,
        )
      const base = baseOf(runOptions.scenario ?? options.scenario)
      for (const { name, j } of checked) checkValue(name, values[j])
      v.set(base.v)
      let init = compiled.noOverrides
      if (base.initial !== compiled.noOverrides) {
        initial.set(base.initial)
        init = initial
      }
      const { slots, stocks, from } = base
      for (let i = 0; i < slots.length; i++) (stocks[i] ? init : v)[slots[i]!] = values[from[i]!]!
      integrate(compiled, method, loop, clock, recording, v, init, times, table, runOptions.seed ?? 1, adaptive)
      if (options.onNonFinite !== 'continue') checkFinite(program, outputs, recording, times, table, v, clock.saveEvery)
      copy(table, out, offset)
    },
  }
}

/**
 * The state a run starts from under a scenario's overrides and the prepared ones (in that order, the
 * last write to a slot winning as in `simulate`): what a constant sets is written here once, what a
 * run's value sets is left to each run.
 */
function baseState(
  compiled: CompiledModel,
  scenario: readonly Override[],
  given: readonly Override[],
  valueOfKey: Int32Array,
): Base {
  const { program } = compiled
  const v = compiled.defaults.slice()
  let initial = compiled.noOverrides
  const stockSet = () => {
    if (initial === compiled.noOverrides) initial = new Float64Array(program.slots.length).fill(NaN)
    return initial
  }
  // The last override of each slot: a constant written now, or the index of a run's value.
  const last = new Map<number, { slot: Slot; from: number }>()
  const apply = (list: readonly Override[], perRun: boolean) => {
    for (const { slot, value, key } of list) {
      const from = perRun ? valueOfKey[key]! : -1
      if (slot.kind !== 'param') stockSet()
      if (from < 0) (slot.kind === 'param' ? v : initial)[slot.index] = value
      last.set(slot.index, { slot, from })
    }
  }
  apply(scenario, false)
  apply(given, true)
  const mine = [...last.values()].filter((x) => x.from >= 0)
  return {
    v,
    initial,
    slots: Int32Array.from(mine, (x) => x.slot.index),
    stocks: Uint8Array.from(mine, (x) => (x.slot.kind === 'param' ? 0 : 1)),
    from: Int32Array.from(mine, (x) => x.from),
  }
}

/** Writes a run's table (see recording.ts) into the batch layout: output j's `rows` values at `offset + j * rows`. */
function copierOf(
  recording: Recording,
  count: number,
  rows: number,
): (table: Float64Array, out: Float64Array, offset: number) => void {
  const { place, byRow } = recording
  const width = recording.slots.length
  if (!byRow && count === width && place.every((p, j) => p === j)) return (table, out, offset) => out.set(table, offset)
  if (byRow) {
    return (table, out, offset) => {
      for (let j = 0, o = offset; j < count; j++) {
        for (let r = 0, i = place[j]!; r < rows; r++, i += width) out[o++] = table[i]!
      }
    }
  }
  return (table, out, offset) => {
    for (let j = 0, o = offset; j < count; j++) {
      for (let r = 0, i = place[j]! * rows; r < rows; r++) out[o++] = table[i++]!
    }
  }
}
