import { StockflowError } from '@stockflow/model'
import type { MethodName, Model } from '@stockflow/model'

/** The settings a run's clock comes from; anything left out comes from the model. */
export interface ClockSettings {
  readonly start?: number
  readonly stop?: number
  readonly dt?: number
  readonly saveper?: number
}

/** A run's clock, checked: whole steps of dt, a save point every `saveEvery` steps. */
export interface RunClock {
  readonly t0: number
  readonly t1: number
  readonly dt: number
  readonly steps: number
  readonly saveEvery: number
  /** Save points: steps / saveEvery + 1. */
  readonly rows: number
}

/** The most numbers one run may keep (1 GiB of doubles): beyond it an allocation would fail. */
export const MAX_VALUES = 2 ** 27

const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/** The run's method (the model's, else Euler), or an error naming the known ones. */
export function methodOf(m: Model, method: MethodName | undefined): MethodName {
  const chosen = method ?? m.time.method ?? 'euler'
  if (!METHODS.includes(chosen))
    throw new StockflowError(`unknown method "${chosen}"; use one of ${METHODS.join(', ')}`)
  return chosen
}

/** The run's clock, checked: whole steps of dt, save points every whole number of steps. */
export function clockOf(m: Model, o: ClockSettings): RunClock {
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
  return { t0, t1, dt, steps, saveEvery, rows: Math.floor(steps / saveEvery) + 1 }
}

/** Refuses a run whose table (save times and `width` variables) would not fit in memory. */
export function checkTableSize(clock: RunClock, width: number): void {
  if ((width + 1) * clock.rows > MAX_VALUES) {
    throw new StockflowError(
      `the run would store ${clock.rows} rows of ${width} variables, more than memory allows; raise saveper, shorten the run or keep fewer variables (--vars)`,
    )
  }
}

/** Writes the clock's save times into `times` (one per row). */
export function fillTimes(clock: RunClock, times: Float64Array): Float64Array {
  for (let i = 0; i < clock.rows; i++) times[i] = clock.t0 + i * clock.saveEvery * clock.dt
  return times
}

/** The save times a run with these settings records (the same clock `simulate` uses). */
export function saveTimes(model: Model, options: ClockSettings = {}): Float64Array {
  const clock = clockOf(model, options)
  if (clock.rows > MAX_VALUES) {
    throw new StockflowError(
      `the run would have ${clock.rows} save points, more than memory allows; raise saveper or shorten the run`,
    )
  }
  return fillTimes(clock, new Float64Array(clock.rows))
}
