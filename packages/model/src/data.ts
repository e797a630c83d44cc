import type { Handle } from './equation.js'
import { checkKeys, optionKeys } from './dsl-keys.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { VarName } from './id.js'
import type { Aux } from './types.js'

/** A time series: `[time, value]` pairs, or parallel arrays (what a CSV reader returns). */
export type DataPoints =
  readonly (readonly [number, number])[] | { readonly times: ArrayLike<number>; readonly values: ArrayLike<number> }

/** What a data variable takes besides its points. */
export interface DataOptions {
  readonly units?: string
  readonly doc?: string
}

const DATA_KEYS = optionKeys<DataOptions>({ units: true, doc: true })

/**
 * A data variable: an observed or exogenous series read at the current time, linear between points and
 * held at the first and last values outside them. It is an auxiliary `TIME` with a graphical function of
 * the points, which is what XMILE means by such a variable, so export, import, solver and loops need
 * nothing new.
 */
export function data<const N extends VarName>(
  name: N,
  points: DataPoints,
  options: DataOptions = {},
): Aux & Handle<N, never> {
  checkKeys(`data "${name}"`, options, DATA_KEYS)
  const [x, y] =
    'times' in points
      ? [Array.from(points.times), Array.from(points.values)]
      : [points.map((p) => p[0]), points.map((p) => p[1])]
  checkSeries(name, x, y)
  const a: { -readonly [K in keyof Aux]: Aux[K] } = {
    kind: 'aux',
    name,
    id: canonicalId(name),
    equation: 'TIME',
    graph: { x, y },
  }
  if (options.units !== undefined) a.units = options.units
  if (options.doc !== undefined) a.doc = options.doc
  return a as Aux & Handle<N, never>
}

/** Refuses a series the solver would read wrongly: the error names the point so it can be found. */
function checkSeries(name: string, x: readonly unknown[], y: readonly unknown[]): void {
  const fail = (what: string) => {
    throw new StockflowError(`data variable "${name}": ${what}`)
  }
  if (x.length !== y.length) fail(`${x.length} times but ${y.length} values; give one value per time`)
  if (x.length === 0) fail('no points; give at least one [time, value]')
  for (let i = 0; i < x.length; i++) {
    const t = x[i]
    const v = y[i]
    if (typeof t !== 'number' || !Number.isFinite(t)) fail(`point ${i + 1} has time ${String(t)}, not a finite number`)
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail(`point ${i + 1} (time ${String(t)}) has value ${String(v)}, not a finite number`)
    if (i > 0 && !((t as number) > (x[i - 1] as number)))
      fail(`point ${i + 1} has time ${String(t)}, not after ${String(x[i - 1])}; times must increase strictly`)
  }
}
