import type { Element, LookupMode } from '@stockflow/model'
import type { Equation, Expr, Interpolation } from './ast.js'
import { readDirectConstantsBlock } from './data-constants.js'
import { DataFileError } from './data-errors.js'
import type { DataSource } from './data-files.js'
import { directFunctionKind } from './data-functions.js'
import { readDirectDataBlock, readDirectLookupsBlock } from './data-series.js'

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

/** The values a data file read gives the elements of an arrayed variable, in row-major order. */
export type DataBlock =
  | { readonly kind: 'constants'; readonly values: readonly number[] }
  | { readonly kind: 'lookups'; readonly points: readonly { x: readonly number[]; y: readonly number[] }[] }
  | {
      readonly kind: 'data'
      readonly graphs: readonly { x: readonly number[]; y: readonly number[]; mode?: LookupMode }[]
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
  const block = dataBlock(eq, call, 1, 1, source)
  if (block.kind === 'constants') return { kind: 'param', ...base, value: block.values[0]! }
  if (block.kind === 'lookups') return { kind: 'lookup', ...base, x: block.points[0]!.x, y: block.points[0]!.y }
  return { kind: 'aux', ...base, equation: 'time', graph: block.graphs[0]! }
}

/**
 * What a data file read gives `rows` times `cols` elements (a vector is one row): constants read as a
 * block (the last subscript across), data and lookups one series per element, each a row below (or a
 * column right of) the one before. A problem is thrown as a one-line message for the caller to place.
 */
export function dataBlock(
  eq: Equation,
  call: Extract<Expr, { t: 'call' }>,
  rows: number,
  cols: number,
  source: DataSource | undefined,
): DataBlock {
  const kind = directFunctionKind(call.fn)!
  const shown = call.fn.replace(/\s+/g, ' ').toUpperCase()
  if (kind === 'subscript')
    throw new DataFileError(`${shown} defines a subscript range's elements, as in "Region: ${shown}(...)"`, '')
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
    return {
      kind,
      values: readDirectConstantsBlock(source, { file: file!, tab: tab!, cell: third! }, rows, cols).flat(),
    }
  const args = { file: file!, tab: tab!, timeRowOrCol: third!, cell: fourth! }
  if (kind === 'lookups') return { kind, points: readDirectLookupsBlock(source, args, rows * cols) }
  const mode = MODES[eq.interpolation ?? 'interpolate']
  return {
    kind,
    graphs: readDirectDataBlock(source, args, rows * cols).map((series) => ({
      x: series.times,
      y: series.values,
      ...(mode === 'continuous' ? {} : { mode }),
    })),
  }
}
