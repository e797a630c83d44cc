/**
 * Run-time side of arrayed variables in the DSL: turns `dimensions`, `perElement` and parameter records
 * into the model's plain data, and refuses what the types cannot catch when called from plain JavaScript.
 */
import { isDimension } from './dsl-handle.js'
import { formatNumber } from './equation.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { Dimension, ElementEquation, GraphicalFunction } from './types.js'

/** What a per-element value becomes: an equation's text, or a graphical function's points. */
export type EntryValue = { readonly equation: string } | { readonly graph: GraphicalFunction }

/** The `dimensions` field of a variable: the names, after checking each is a dimension given once. */
export function dimensionNames(variable: string, dims: readonly unknown[] | undefined): string[] | undefined {
  if (dims === undefined) return undefined
  if (!Array.isArray(dims))
    throw new StockflowError(`variable "${variable}": \`dimensions\` must be a list of dimensions from dimension()`)
  const seen = new Set<string>()
  return dims.map((d, i) => {
    if (!isDimension(d))
      throw new StockflowError(
        `variable "${variable}": dimension ${i + 1} is ${JSON.stringify(d)}; give a dimension made by dimension() or subrange()`,
      )
    const id = canonicalId(d.name)
    if (seen.has(id))
      throw new StockflowError(
        `variable "${variable}" lists dimension "${d.name}" twice; an array has each dimension once (for a square table, define a second dimension)`,
      )
    seen.add(id)
    return d.name
  })
}

/** A list of `[subscripts, value]` or (one dimension) a record by element, as the model's per-element entries. */
export function perElementEntries(
  variable: string,
  dims: readonly Dimension[],
  perElement: unknown,
  value: (v: unknown, where: string) => EntryValue,
): ElementEquation[] {
  const entries: [readonly unknown[], unknown][] = []
  if (Array.isArray(perElement)) {
    for (const [i, entry] of perElement.entries()) {
      if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[0]))
        throw new StockflowError(
          `variable "${variable}": perElement entry ${i + 1} is not [subscripts, value]; write e.g. [['north'], 0]`,
        )
      entries.push([entry[0] as unknown[], entry[1]])
    }
  } else if (typeof perElement === 'object' && perElement !== null) {
    if (dims.length !== 1)
      throw new StockflowError(
        `variable "${variable}": perElement as a record needs exactly one dimension; over ${dims.length}, write a list of [subscripts, value]`,
      )
    for (const [key, v] of Object.entries(perElement)) entries.push([[key], v])
  } else {
    throw new StockflowError(`variable "${variable}": perElement must be a list of [subscripts, value] or a record`)
  }
  if (dims.length === 0) throw new StockflowError(`variable "${variable}" has perElement but no dimensions; add them`)
  return entries.map(([subs, v]) => {
    const where = `${variable}[${subs.map((s) => (isDimension(s) ? s.name : String(s))).join(',')}]`
    if (subs.length !== dims.length)
      throw new StockflowError(
        `variable "${variable}": ${where} has ${subs.length} subscript${subs.length === 1 ? '' : 's'} for ${dims.length} dimension${dims.length === 1 ? '' : 's'} (${dims.map((d) => d.name).join(', ')}); give one per dimension`,
      )
    const subscripts = subs.map((s, j) => entrySubscript(variable, dims[j]!, s))
    return { subscripts, ...value(v, where) }
  })
}

/**
 * The elements a record of per-element formulas leaves out, over its one dimension; none for a list of
 * `[subscripts, formula]`, which validation checks once the model's subranges are known.
 */
export function uncovered(dims: readonly unknown[] | undefined, perElement: unknown): string[] {
  if (Array.isArray(perElement) || typeof perElement !== 'object' || perElement === null) return []
  const dim = dims?.length === 1 ? dims[0] : undefined
  if (!isDimension(dim)) return []
  const given = new Set(Object.keys(perElement).map(canonicalId))
  return dim.elements.filter((e) => !given.has(canonicalId(e)))
}

/** One subscript of a per-element entry: an element of `dim`, or a dimension (the types check which). */
function entrySubscript(variable: string, dim: Dimension, s: unknown): string {
  if (isDimension(s)) return s.name
  if (typeof s === 'string') {
    checkElement(variable, dim, s)
    return s
  }
  throw new StockflowError(
    `variable "${variable}": subscript ${JSON.stringify(s)} is neither an element of "${dim.name}" nor a dimension`,
  )
}

function checkElement(variable: string, dim: Dimension, element: string): void {
  const id = canonicalId(element)
  if (!dim.elements.some((e) => canonicalId(e) === id))
    throw new StockflowError(
      `variable "${variable}": "${element}" is not an element of "${dim.name}" (${dim.elements.join(', ')}); use one of those`,
    )
}

/** A formula as equation text: numbers written to read back exactly. */
export function formulaText(f: unknown, where: string): string {
  if (typeof f === 'number') return formatNumber(f)
  if (typeof f === 'string') return f
  throw new StockflowError(`${where}: ${JSON.stringify(f)} is not a formula; give a number or an eq\`...\` equation`)
}

/** Points `[x, y]` as a graphical function. */
export function pointsGraph(points: unknown, where: string): GraphicalFunction {
  if (!Array.isArray(points) || !points.every((p) => Array.isArray(p) && p.length === 2))
    throw new StockflowError(`${where}: give the points as a list of [x, y]`)
  return { x: points.map((p: readonly number[]) => p[0]!), y: points.map((p: readonly number[]) => p[1]!) }
}

/**
 * A parameter's record of values (nested, one level per dimension) as the most common value for the
 * main value and the others as per-element entries: compact, and exact for every element.
 */
export function paramRecord(
  variable: string,
  dims: readonly Dimension[],
  record: unknown,
): { value: number; perElement?: ElementEquation[] } {
  const cells: { subscripts: string[]; value: number }[] = []
  const walk = (node: unknown, depth: number, path: string[]): void => {
    const where = path.length > 0 ? `${variable}[${path.join(',')}]` : variable
    if (depth === dims.length) {
      if (typeof node !== 'number' || !Number.isFinite(node))
        throw new StockflowError(`parameter ${where}: ${JSON.stringify(node)} is not a finite number; give one`)
      cells.push({ subscripts: path, value: node })
      return
    }
    const dim = dims[depth]!
    if (typeof node !== 'object' || node === null || Array.isArray(node))
      throw new StockflowError(
        `parameter ${where}: expected a record by element of "${dim.name}" (${dim.elements.join(', ')}), got ${JSON.stringify(node)}`,
      )
    const keys = Object.keys(node)
    for (const k of keys) checkElement(variable, dim, k)
    for (const e of dim.elements) {
      if (!(e in node))
        throw new StockflowError(`parameter ${where}: no value for element "${e}" of "${dim.name}"; give every element`)
      walk((node as Record<string, unknown>)[e], depth + 1, [...path, e])
    }
  }
  walk(record, 0, [])
  const counts = new Map<number, number>()
  for (const c of cells) counts.set(c.value, (counts.get(c.value) ?? 0) + 1)
  let value = cells[0]!.value
  for (const [v, n] of counts) if (n > counts.get(value)!) value = v
  const perElement = cells
    .filter((c) => !Object.is(c.value, value))
    .map((c) => ({ subscripts: c.subscripts, equation: formatNumber(c.value) }))
  return perElement.length > 0 ? { value, perElement } : { value }
}
