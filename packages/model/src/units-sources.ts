import type { Expr } from './ast.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { EquationError } from './errors.js'
import { parseEquation } from './parse.js'
import type { Element, ElementEquation, Model } from './types.js'

/** One equation of a variable as the modeler wrote it, to check once whatever number of elements it computes. */
export interface UnitsSource {
  readonly element: Element
  /** `Recovering`, or for a per-element equation `Recovering[north]` (its subscripts as written). */
  readonly label: string
  readonly field: 'equation' | 'initial'
  readonly text: string
  readonly expr: Expr
  /** The element is a graphical function of this equation (its input), so it has the units of its y points. */
  readonly graph: boolean
  /** The dimensions the equation is computed over: the variable's, and the subranges its subscripts name. */
  readonly bound: readonly ResolvedDimension[]
}

/**
 * Every equation of the model to check for units, in element order: a scalar's equation (or a stock's
 * initial value); an arrayed variable's apply-to-all equation once, when some element takes it, and
 * each per-element equation once. Text that does not parse is left out (`validate` reports it), as are
 * parameters' values and lookups' points, which have no units to check.
 */
export function unitsSources(model: Model, dims: Dimensions): UnitsSource[] {
  const out: UnitsSource[] = []
  for (const element of model.elements) {
    if (element.kind !== 'stock' && element.kind !== 'flow' && element.kind !== 'aux') continue
    const field = element.kind === 'stock' ? 'initial' : 'equation'
    const main = element.kind === 'stock' ? element.initial : element.equation
    const mainGraph = element.kind === 'stock' ? false : element.graph !== undefined
    const add = (label: string, text: string | undefined, graph: boolean, bound: readonly ResolvedDimension[]) => {
      if (String(text ?? '').trim() === '') return
      const expr = parse(String(text))
      if (expr) out.push({ element, label, field, text: String(text), expr, graph, bound })
    }
    if (!element.dimensions?.length) {
      add(element.name, main, mainGraph, [])
      continue
    }
    const own = element.dimensions.map((name) => dims.get(name))
    const known = own.filter((d): d is ResolvedDimension => d !== undefined)
    const entries = element.perElement ?? []
    // An entry with no equation of its own (only a graph) reads the main equation.
    const borrowing = entries.filter((entry) => entry.equation === undefined)
    if (borrowing.length > 0 || known.length < own.length || !covers(entries, known, dims)) {
      add(element.name, main, mainGraph || borrowing.some((entry) => entry.graph !== undefined), known)
    }
    for (const entry of entries) {
      if (entry.equation === undefined) continue
      const label = `${element.name}[${(entry.subscripts ?? []).join(',')}]`
      add(label, entry.equation, entry.graph !== undefined || mainGraph, [...known, ...subranges(entry, dims)])
    }
  }
  return out
}

function parse(text: string): Expr | undefined {
  try {
    return parseEquation(text)
  } catch (err) {
    if (err instanceof EquationError) return undefined
    throw err
  }
}

/** The dimensions and subranges a per-element equation's subscripts name (each binds one of the variable's). */
function subranges(entry: ElementEquation, dims: Dimensions): ResolvedDimension[] {
  const out: ResolvedDimension[] = []
  for (const name of entry.subscripts ?? []) {
    const d = dims.get(name)
    if (d) out.push(d)
  }
  return out
}

/**
 * Whether the per-element equations define every element, so that the main equation computes none;
 * counted, not listed, so a large dimension costs its number of entries.
 */
function covers(entries: readonly ElementEquation[], own: readonly ResolvedDimension[], dims: Dimensions): boolean {
  let total = 1
  for (const d of own) total *= d.indices.length
  let covered = 0
  for (const entry of entries) {
    const subs = entry.subscripts ?? []
    if (subs.length !== own.length) continue
    let n = 1
    subs.forEach((name, j) => {
      const dim = own[j]!
      const d = dims.denote(name, dim)
      if (d?.kind === 'element') n *= d.root.id === dim.root && dim.position(d.index) !== undefined ? 1 : 0
      else if (d?.kind === 'dimension' && d.dim.root === dim.root)
        n *= d.dim.indices.filter((x) => dim.position(x) !== undefined).length
      else n = 0
    })
    covered += n
  }
  return covered >= total
}
