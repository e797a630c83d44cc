import type { Element, LookupMode } from '@stockflow/model'
import type { Equation, Expr, Interpolation } from './ast.js'
import { readDirectConstants } from './data-constants.js'
import { DataFileError } from './data-errors.js'
import type { DataSource } from './data-files.js'
import { directFunctionKind } from './data-functions.js'
import { readDirectData, readDirectLookups } from './data-series.js'
import { VensimUnsupportedError } from './errors.js'

/** Between and beyond a data variable's points, as Vensim's keyword after its name says (interpolate by default). */
const MODES: Readonly<Record<Interpolation, LookupMode>> = {
  interpolate: 'continuous',
  'hold-backward': 'discrete',
  'look-forward': 'forward',
  // Vensim leaves a raw data variable undefined between points; the nearest point before is the
  // closest a continuous run can come.
  raw: 'discrete',
}

/** A data file read an equation makes, or undefined when its right-hand side is no such call. */
export function dataCall(eq: Equation): Extract<Expr, { t: 'call' }> | undefined {
  let e = eq.expr
  while (e?.t === 'paren') e = e.arg
  return e?.t === 'call' && directFunctionKind(e.fn) !== undefined ? e : undefined
}

/**
 * The element a `GET DIRECT DATA/CONSTANTS/LOOKUPS` equation (or its `GET XLS` twin) defines, its points
 * read from the model's folder: a data variable (an auxiliary of TIME with the series as its graph), a
 * parameter, or a lookup. A problem is thrown as a one-line message for the caller to place.
 */
export function dataElement(
  eq: Equation,
  call: Extract<Expr, { t: 'call' }>,
  base: { readonly name: string; readonly id: string; readonly units?: string; readonly doc?: string },
  source: DataSource | undefined,
): Element {
  const kind = directFunctionKind(call.fn)!
  const shown = call.fn.replace(/\s+/g, ' ').toUpperCase()
  if (kind === 'subscript') throw new VensimUnsupportedError(`unsupported: arrays (${shown})`, 'arrays')
  const strings = call.args.map((a) => (a.t === 'str' ? a.value : undefined))
  const want = kind === 'constants' ? 3 : 4
  if (strings.length !== want || strings.some((s) => s === undefined))
    throw new DataFileError(
      `${shown} takes ${want} quoted arguments ('file', 'tab', ${kind === 'constants' ? "'cell'" : "'time row or column', 'first cell'"})`,
      '',
    )
  if (!source)
    throw new DataFileError(`${shown} reads '${strings[0]}', but no data files were given with the model`, strings[0]!)
  const [file, tab, third, fourth] = strings as string[]
  if (kind === 'constants')
    return { kind: 'param', ...base, value: readDirectConstants(source, { file, tab, cell: third! }) }
  const args = { file: file!, tab: tab!, timeRowOrCol: third!, cell: fourth! }
  if (kind === 'lookups') {
    const points = readDirectLookups(source, args)
    return { kind: 'lookup', ...base, x: points.x, y: points.y }
  }
  const series = readDirectData(source, args)
  const mode = MODES[eq.interpolation ?? 'interpolate']
  return {
    kind: 'aux',
    ...base,
    equation: 'time',
    graph: { x: series.times, y: series.values, ...(mode === 'continuous' ? {} : { mode }) },
  }
}
