import type { Element, ElementEquation, GraphicalFunction } from '@stockflow/model'
import { formatNumber } from '@stockflow/model/internal'
import type { Box, EquationLayout, VariableLayout } from './array-layout.js'
import type { Equation, Expr, LookupTable, Pos } from './ast.js'
import { DataFileError } from './data-errors.js'
import type { DataSource } from './data-files.js'
import { dataBlock, dataCall } from './data-variables.js'
import { directFunctionKind } from './data-functions.js'
import { idOf } from './names.js'
import type { ArrayedStockFlows } from './stocks.js'
import { integralOf, restExpr } from './stocks.js'
import type { SubscriptRanges } from './subscript-ranges.js'

/** What building an arrayed variable's element needs from the import. */
export interface ArrayedContext {
  readonly ranges: SubscriptRanges
  readonly data: DataSource | undefined
  /**
   * An expression as equation text; `bound` maps a range's id to the one element it stands for in
   * this part of the variable (an `:EXCEPT:` leaves single elements where the equation names a range).
   */
  readonly equation: (expr: Expr, bound: ReadonlyMap<string, string>) => string
  readonly points: (table: LookupTable) => GraphicalFunction
  readonly problem: (pos: Pos, message: string) => void
  /** The ids of stocks' flows written whole. */
  readonly elementId: (written: string) => string
  /** A name no variable has yet, from `base`. */
  readonly freshName: (base: string) => string
}

/** Name, units and the rest every element of the variable shares. */
export interface ElementBase {
  readonly name: string
  readonly id: string
  readonly units?: string
  readonly doc?: string
  readonly min?: number
  readonly max?: number
}

/** One part of an arrayed variable: the subscripts it covers and the equation that defines it there. */
interface Part {
  readonly subscripts: readonly string[]
  readonly layout: EquationLayout
  readonly bound: ReadonlyMap<string, string>
  /** For a part read element by element (numbers, a data file), its place in the equation's list. */
  readonly index?: number
}

/** What one part holds. */
type Value =
  | { readonly t: 'number'; readonly value: number }
  | { readonly t: 'equation'; readonly equation: string; readonly graph?: GraphicalFunction }
  | { readonly t: 'graph'; readonly graph: GraphicalFunction }

/**
 * The elements of an arrayed variable: the variable itself (a stock, a lookup, a parameter, an
 * auxiliary or a flow over its dimensions, its equations as the main one and per-element ones) and,
 * for a stock whose rate is more than its flows, the stock's own net flow over the same dimensions.
 */
export function arrayedElements(
  layout: VariableLayout,
  base: ElementBase,
  stock: ArrayedStockFlows | undefined,
  isFlow: boolean,
  ctx: ArrayedContext,
): Element[] {
  const dims = { dimensions: layout.dims }
  const parts = partsOf(layout, ctx)
  let main = layout.main && !elementwise(layout.main.eq) ? layout.main : undefined
  if (stock) return stockElements(layout, base, stock, parts, main, ctx)
  const values = new Map<Part, Value>()
  const blocks = new Map<EquationLayout, Value[] | undefined>()
  for (const part of parts) {
    const value = partValue(part, blocks, ctx)
    if (value) values.set(part, value)
  }
  let mainValue = main ? valueOf(main.eq, new Map(), ctx) : undefined
  if (main && mainValue?.t === 'equation' && mainValue.graph && [...values.values()].some((v) => !hasGraph(v))) {
    // The model's per-element equations take the main graph when they have none; Vensim's do not: the
    // main equation's elements get per-element equations of their own, the graph each.
    for (const box of main.boxes) {
      const part = { subscripts: box.map((s) => s.name), layout: main, bound: boundOf(main.lhs, box) }
      values.set(part, part.bound.size === 0 ? mainValue : valueOf(main.eq, part.bound, ctx)!)
    }
    main = undefined
    mainValue = undefined
  }
  const all = [...values.values(), ...(mainValue ? [mainValue] : [])]
  if (all.length > 0 && all.every((v) => v.t === 'graph')) {
    const graph = mainValue?.t === 'graph' ? mainValue.graph : { x: [], y: [] }
    const perElement = [...values].map(([p, v]) => ({
      subscripts: p.subscripts,
      graph: (v as { graph: GraphicalFunction }).graph,
    }))
    return [{ kind: 'lookup', ...base, ...dims, ...graph, ...(perElement.length > 0 ? { perElement } : {}) }]
  }
  const graphPart = [...values].find(([, v]) => v.t === 'graph')
  if (graphPart || mainValue?.t === 'graph') {
    const eq = graphPart ? graphPart[0].layout.eq : main!.eq
    ctx.problem(eq.pos, 'a lookup cannot share a variable with equations; give its tables every element, or rename it')
    return []
  }
  const numbers = all.every((v) => v.t === 'number')
  if (numbers && !isFlow && (mainValue || layout.complete)) {
    const perElement = [...values].map(([p, v]) => ({
      subscripts: p.subscripts,
      equation: formatNumber((v as { value: number }).value),
    }))
    const value = mainValue?.t === 'number' ? mainValue.value : 0
    return [{ kind: 'param', ...base, ...dims, value, ...(perElement.length > 0 ? { perElement } : {}) }]
  }
  const text = (v: Value): { equation: string; graph?: GraphicalFunction } =>
    v.t === 'number'
      ? { equation: formatNumber(v.value) }
      : v.t === 'equation'
        ? { equation: v.equation, ...(v.graph ? { graph: v.graph } : {}) }
        : { equation: '' }
  const perElement: ElementEquation[] = [...values].map(([p, v]) => ({ subscripts: p.subscripts, ...text(v) }))
  return [
    {
      kind: isFlow ? 'flow' : 'aux',
      ...base,
      ...dims,
      ...(mainValue ? text(mainValue) : { equation: '' }),
      ...(perElement.length > 0 ? { perElement } : {}),
    },
  ]
}

/** An arrayed stock, and its own net flow when some equation's rate is more than the stock's flows. */
function stockElements(
  layout: VariableLayout,
  base: ElementBase,
  stock: ArrayedStockFlows,
  parts: readonly Part[],
  main: EquationLayout | undefined,
  ctx: ArrayedContext,
): Element[] {
  const initial = (l: EquationLayout, bound: ReadonlyMap<string, string>) =>
    ctx.equation(integralOf(l.eq)!.args[1]!, bound)
  const perElement = parts.map((p) => ({ subscripts: p.subscripts, equation: initial(p.layout, p.bound) }))
  const inflows = stock.inflows.map(ctx.elementId)
  const elements: Element[] = []
  if (stock.rests.some((r) => r.length > 0)) {
    const own = ctx.freshName(`${base.name} net flow`)
    inflows.push(idOf(own))
    const index = new Map(layout.equations.map((l, k) => [l, k]))
    const rate = (l: EquationLayout, bound: ReadonlyMap<string, string>) => {
      const rest = stock.rests[index.get(l)!]!
      return rest.length === 0 ? '0' : ctx.equation(restExpr(rest), bound)
    }
    const flowParts = parts.map((p) => ({ subscripts: p.subscripts, equation: rate(p.layout, p.bound) }))
    elements.push({
      kind: 'flow',
      name: own,
      id: idOf(own),
      dimensions: layout.dims,
      equation: main ? rate(main, new Map()) : '',
      ...(flowParts.length > 0 ? { perElement: flowParts } : {}),
    })
  }
  elements.unshift({
    kind: 'stock',
    ...base,
    dimensions: layout.dims,
    initial: main ? initial(main, new Map()) : '',
    inflows,
    outflows: stock.outflows.map(ctx.elementId),
    ...(perElement.length > 0 ? { perElement } : {}),
  })
  return elements
}

/** Whether an equation gives each element its own value: a list of numbers, or a read of a data file. */
function elementwise(eq: Equation): boolean {
  const e = unwrap(eq.expr)
  return e?.t === 'numbers' || e?.t === 'tabbed' || dataCall(eq) !== undefined
}

/**
 * The variable's parts besides its main equation: each equation's boxes (what its `:EXCEPT:` lists
 * leave), and each element alone for an equation whose values come element by element.
 */
function partsOf(layout: VariableLayout, ctx: ArrayedContext): Part[] {
  const parts: Part[] = []
  for (const l of layout.equations) {
    const each = elementwise(l.eq)
    if (l === layout.main && !each) continue
    const sizes = l.lhs.map((s) => s.ids.length)
    const at = l.lhs.map((s) => new Map(s.ids.map((id, k) => [id, k])))
    for (const box of l.boxes) {
      if (!each) {
        parts.push({ subscripts: box.map((s) => s.name), layout: l, bound: boundOf(l.lhs, box) })
        continue
      }
      forEachTuple(box, (ids) => {
        let index = 0
        ids.forEach((id, i) => (index = index * sizes[i]! + at[i]!.get(id)!))
        parts.push({ subscripts: ids.map((id) => ctx.ranges.spelling(id)), layout: l, bound: new Map(), index })
      })
    }
  }
  return parts
}

/** The ranges of the left-hand side that a box narrows to one element, with that element. */
function boundOf(lhs: Box, box: Box): Map<string, string> {
  const bound = new Map<string, string>()
  lhs.forEach((s, i) => {
    if (s.range && !box[i]!.range) bound.set(idOf(s.name), box[i]!.name)
  })
  return bound
}

function forEachTuple(box: Box, f: (ids: readonly string[]) => void): void {
  const ids: string[] = []
  const go = (i: number) => {
    if (i === box.length) return f(ids)
    for (const id of box[i]!.ids) {
      ids[i] = id
      go(i + 1)
    }
  }
  go(0)
}

/** A part's value; an element-by-element equation's values are read once for all its parts. */
function partValue(
  part: Part,
  blocks: Map<EquationLayout, Value[] | undefined>,
  ctx: ArrayedContext,
): Value | undefined {
  if (part.index === undefined) return valueOf(part.layout.eq, part.bound, ctx)
  if (!blocks.has(part.layout)) blocks.set(part.layout, blockValues(part.layout, ctx))
  return blocks.get(part.layout)?.[part.index]
}

/** The value of an equation that holds for all its elements alike. */
function valueOf(eq: Equation, bound: ReadonlyMap<string, string>, ctx: ArrayedContext): Value | undefined {
  if (eq.kind === 'lookup' && eq.table) return { t: 'graph', graph: ctx.points(eq.table) }
  const top = unwrap(eq.expr)
  if (top === undefined) {
    ctx.problem(
      eq.pos,
      'a data variable with no equation: Vensim fills it from a .vdf run, which stockflow cannot read; ' +
        'define it with GET DIRECT DATA from a CSV file, or as a lookup of Time',
    )
    return undefined
  }
  if (top.t === 'num') return { t: 'number', value: top.value }
  if (top.t === 'unary' && top.op === '-' && unwrap(top.arg)?.t === 'num')
    return { t: 'number', value: -(unwrap(top.arg) as { value: number }).value }
  if (top.t === 'call' && idOf(top.fn) === 'with_lookup' && top.args.length === 2 && top.args[1]!.t === 'table')
    return { t: 'equation', equation: ctx.equation(top.args[0]!, bound), graph: ctx.points(top.args[1].table) }
  return { t: 'equation', equation: ctx.equation(eq.expr!, bound) }
}

/** The values of an equation read element by element, in the row-major order of its left-hand side. */
function blockValues(l: EquationLayout, ctx: ArrayedContext): Value[] | undefined {
  const sizes = l.lhs.map((s) => s.ids.length)
  const count = sizes.reduce((a, b) => a * b, 1)
  const e = unwrap(l.eq.expr)!
  if (e.t === 'numbers' || e.t === 'tabbed') {
    const values = e.rows.flat()
    if (values.length !== count) {
      ctx.problem(e.pos, `the list has ${values.length} numbers for ${count} elements; give one number per element`)
      return undefined
    }
    return values.map((value) => ({ t: 'number', value }))
  }
  const call = dataCall(l.eq)!
  // Subscripts of one element do not count: x[dim, a2] reads a vector, across (or down with `*`).
  const cols = sizes.filter((n) => n > 1).at(-1) ?? 1
  try {
    const block = dataBlock(l.eq, call, count / cols, cols, ctx.data)
    if (block.kind === 'constants') return block.values.map((value) => ({ t: 'number', value }))
    if (block.kind === 'lookups') return block.points.map((graph) => ({ t: 'graph', graph }))
    return block.graphs.map((graph) => ({ t: 'equation', equation: 'time', graph }))
  } catch (err) {
    if (!(err instanceof DataFileError)) throw err
    ctx.problem(call.pos, err.message)
    return undefined
  }
}

function hasGraph(v: Value): boolean {
  return v.t === 'graph' || (v.t === 'equation' && v.graph !== undefined)
}

function unwrap(e: Expr | undefined): Expr | undefined {
  return e?.t === 'paren' ? unwrap(e.arg) : e
}

/** Whether an equation reads a lookup from a data file. */
export function readsLookups(eq: Equation): boolean {
  const call = dataCall(eq)
  return call !== undefined && directFunctionKind(call.fn) === 'lookups'
}
