import { canonicalId, parseEquation, StockflowError } from '@stockflow/model'
import type { Element, ElementEquation, Expr, GraphicalFunction, LookupMode, Stock } from '@stockflow/model'
import { constantValue } from '@stockflow/model/internal'
import type { Dimensions, ResolvedDimension } from '@stockflow/model/internal'
import { docText, unitsOf } from './export-doc.js'
import type { PrintContext } from './export-expression.js'
import { printVensim } from './export-expression.js'
import { modeOf, tableText } from './export-lookups.js'
import { vensimName, vensimNumber, vensimSubscript } from './export-names.js'
import type { FlowLimit } from './export-non-negative.js'

// Each element as Vensim definitions: one for a scalar, one per equation for an arrayed one (the
// apply-to-all equation with `:EXCEPT:` the elements that have their own, then each of those).

/** What writing an element needs from the rest of the export. */
export interface VariableContext {
  readonly model: string
  readonly dims: Dimensions
  readonly print: PrintContext
  /** The limits written into flows' equations (uniflows, outflows of non-negative stocks). */
  readonly limits: ReadonlyMap<string, FlowLimit>
  /**
   * A lookup element of the export's own, for a graphical function read in a mode or limited:
   * named from `base`, arrayed like its owner; returns its id, which calls print with `mode`.
   */
  readonly extraLookup: (base: string, mode: LookupMode | undefined, dims: readonly string[] | undefined) => string
}

/** One definition of an element: its left-hand side and what it defines there. */
interface Part {
  /** The subscripts of the left-hand side; undefined for a scalar. */
  readonly subs: readonly string[] | undefined
  /** `:EXCEPT:` lists (the apply-to-all equation leaves out the elements that have their own). */
  readonly except: readonly (readonly string[])[]
  /** A stock's initial value, an auxiliary's or flow's equation, a parameter's value, as text. */
  readonly equation: string | undefined
  readonly graph: GraphicalFunction | undefined
  readonly label: string
  /** A per-element definition's subscripts as the model has them. */
  readonly pe?: readonly string[]
}

/** The definitions of one element, the last with its units, range and comment. */
export function elementDefinitions(e: Element, ctx: VariableContext): string[] {
  const where = () => `model "${ctx.model}": element "${e.name}"`
  const own = dimensionsOf(e, ctx.dims, where)
  const list = e.kind === 'param' && own ? numberList(e.perElement ?? [], e.value, own, ctx.dims, where) : undefined
  if (list !== undefined) {
    const lhs = `${vensimName(e.name)}[${own!.map((d) => vensimSubscript(d.name)).join(',')}]`
    return [`${lhs} = ${list}\n${docText(unitsOf(e, where), e.doc ?? '', () => `${where()}: its units or doc`)}`]
  }
  const parts = partsOf(e, own, ctx.dims)
  if (parts.length === 0) throw new StockflowError(`${where()} has no equation for any element`)
  const tablesOf = e.kind === 'aux' || e.kind === 'flow' ? ownLookups(e, parts, ctx) : undefined
  const bodies = parts.map((part) => {
    const lhs = vensimName(e.name) + lhsSubscripts(part)
    const print = (expr: Expr) =>
      printVensim(expr, ctx.print, { where: `${where()}: its ${part.label}`, bound: own ?? [] })
    const parse = (text: string | undefined): Expr => {
      if (text === undefined || text.trim() === '')
        throw new StockflowError(`${where()}: its ${part.label} is empty; give it an equation`)
      try {
        return parseEquation(text)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        throw new StockflowError(`${where()}: its ${part.label} cannot be written in Vensim: ${message}`)
      }
    }
    switch (e.kind) {
      case 'lookup':
        return `${lhs}(\n\t${tableText(part.graph!, where)})\n`
      case 'param':
        return `${lhs} = ${part.equation === undefined ? vensimNumber(e.value, where) : print(parse(part.equation))}\n`
      case 'stock':
        return `${lhs} = INTEG(${print(rate(e, part, ctx, own))}, ${print(parse(part.equation))})\n`
      case 'aux':
      case 'flow': {
        const limit = ctx.limits.get(e.id)
        let expr = parse(part.equation)
        const table = tablesOf?.tables.get(part)
        if (part.graph && !table) return `${lhs} = WITH LOOKUP(${print(expr)}, (${tableText(part.graph, where)}))\n`
        if (table) {
          const subs = part.subs?.map((n) => ({ kind: 'name' as const, name: n }))
          expr = { type: 'lookup', name: table.name, id: table.id, arg: expr, ...(subs ? { subs } : {}) }
        }
        return `${lhs} = ${print(limit ? limit(expr, part.subs) : expr)}\n`
      }
    }
  })
  const units = unitsOf(e, where)
  const empty = docText('', '', where)
  const last = docText(units, e.doc ?? '', () => `${where()}: its units or doc`)
  const defs = bodies.map((b, i) => b + (i === bodies.length - 1 ? last : empty))
  return [...defs, ...(tablesOf?.definitions ?? [])]
}

/**
 * The lookups of the export's own an auxiliary or flow needs for its graphs read in a mode, or all its
 * graphs when its equation is limited (the table is read, then limited): one per mode, arrayed like the
 * element, each element's table as its definition has it (the import reads every table of a lookup
 * in the mode a call asks). Which definition calls which lookup, and the lookups' definitions.
 */
function ownLookups(
  e: Element,
  parts: readonly Part[],
  ctx: VariableContext,
): { tables: Map<Part, { name: string; id: string }>; definitions: string[] } {
  const limited = ctx.limits.has(e.id)
  const groups = new Map<LookupMode | undefined, Part[]>()
  for (const part of parts) {
    if (!part.graph || (!limited && modeOf(part.graph) === undefined)) continue
    const mode = modeOf(part.graph)
    groups.set(mode, [...(groups.get(mode) ?? []), part])
  }
  const tables = new Map<Part, { name: string; id: string }>()
  const definitions: string[] = []
  ;[...groups].forEach(([mode, group], k) => {
    const name = `${e.name} lookup${k === 0 ? '' : ` ${k + 1}`}`
    const id = ctx.extraLookup(name, mode, e.dimensions)
    for (const part of group) tables.set(part, { name, id })
    // Elements whose definitions read no table in this mode take one of the others, never read.
    const main = group.find((p) => p.pe === undefined)?.graph ?? group[0]!.graph!
    const perElement = group.flatMap((p) =>
      p.pe !== undefined && p.graph !== main ? [{ subscripts: p.pe, graph: { x: p.graph!.x, y: p.graph!.y } }] : [],
    )
    const lookup: Element = {
      kind: 'lookup',
      name,
      id,
      x: main.x,
      y: main.y,
      ...(e.dimensions ? { dimensions: e.dimensions } : {}),
      ...(perElement.length > 0 ? { perElement } : {}),
    }
    definitions.push(...elementDefinitions(lookup, ctx))
  })
  return { tables, definitions }
}

/**
 * A parameter whose per-element values give each element its own number, as Vensim's list `1, 2; 3, 4;`
 * (rows along the last dimension): the left-hand side keeps the dimensions, which separate equations
 * per element would leave the import to guess among ranges with the same elements. Elements without
 * their own value take the main one (`value`), so a value per element given as a record with some
 * equal to the main one is a list too, over one or two dimensions as Vensim's lists go.
 */
function numberList(
  pes: readonly ElementEquation[],
  main: number,
  own: readonly ResolvedDimension[],
  dims: Dimensions,
  where: () => string,
): string | undefined {
  const sizes = own.map((d) => d.indices.length)
  const total = sizes.reduce((a, b) => a * b, 1)
  if (total < 2 || pes.length === 0 || (pes.length !== total && sizes.length > 2)) return undefined
  const values = new Map<number, number>()
  for (const pe of pes) {
    let flat = 0
    for (const [j, s] of pe.subscripts.entries()) {
      const d = own[j]
      const denoted = d ? dims.denote(s, d) : undefined
      const at = denoted?.kind === 'element' ? d!.position(denoted.index) : undefined
      if (at === undefined) return undefined
      flat = flat * sizes[j]! + at
    }
    const value = pe.equation === undefined ? main : numberOf(pe.equation)
    if (value === undefined || !Number.isFinite(value) || values.has(flat)) return undefined
    values.set(flat, value)
  }
  if (values.size < total && !Number.isFinite(main)) return undefined
  const row = sizes[sizes.length - 1]!
  const numbers = [...Array(total).keys()].map((k) => vensimNumber(values.get(k) ?? main, where))
  if (sizes.length === 1) return numbers.join(', ')
  const rows: string[] = []
  for (let k = 0; k < total; k += row) rows.push(`${numbers.slice(k, k + row).join(', ')};`)
  return rows.join('\n\t')
}

/** The number an equation is (`2`, `(-1)`), if it is one. */
function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  try {
    return constantValue(parseEquation(text))
  } catch {
    return undefined
  }
}

/** `[north, Age]` and its `:EXCEPT:` lists, or nothing for a scalar. */
function lhsSubscripts(part: Part): string {
  if (!part.subs) return ''
  const list = (subs: readonly string[]) => `[${subs.map(vensimSubscript).join(',')}]`
  const except = part.except.length > 0 ? ` :EXCEPT: ${part.except.map(list).join(',')}` : ''
  return list(part.subs) + except
}

/** An arrayed element's dimensions, resolved; undefined for a scalar. */
function dimensionsOf(e: Element, dims: Dimensions, where: () => string): ResolvedDimension[] | undefined {
  if (!e.dimensions || e.dimensions.length === 0) return undefined
  return e.dimensions.map((name) => {
    const d = dims.get(name)
    if (!d) throw new StockflowError(`${where()} is arrayed over "${name}", which is no dimension of the model`)
    return d
  })
}

/** The main equation (or graph) of an element, undefined when it has none. */
function mainOf(e: Element): { equation?: string; graph?: GraphicalFunction } | undefined {
  switch (e.kind) {
    case 'stock':
      return e.initial.trim() === '' ? undefined : { equation: e.initial }
    case 'aux':
    case 'flow':
      return e.equation.trim() === '' ? undefined : { equation: e.equation, ...(e.graph ? { graph: e.graph } : {}) }
    case 'param':
      return {}
    case 'lookup':
      return e.x.length === 0 ? undefined : { graph: e }
  }
}

/**
 * An element's definitions: the main one, with `:EXCEPT:` the per-element ones unless these cover every
 * element (then it is not written), and each per-element one as the model's flattening reads it (a
 * missing equation or graph is the main one's).
 */
function partsOf(e: Element, own: readonly ResolvedDimension[] | undefined, dims: Dimensions): Part[] {
  const main = mainOf(e)
  const field = e.kind === 'stock' ? 'initial value' : e.kind === 'param' ? 'value' : 'equation'
  if (!own) return [{ subs: undefined, except: [], equation: main?.equation, graph: main?.graph, label: field }]
  const pes = e.perElement ?? []
  const parts: Part[] = []
  if (main && !covers(pes, own, dims)) {
    const subs = own.map((d) => d.name)
    parts.push({
      subs,
      except: pes.map((pe) => pe.subscripts),
      equation: main.equation,
      graph: main.graph,
      label: field,
    })
  }
  for (const pe of pes) {
    const label = `${field} of [${pe.subscripts.join(', ')}]`
    parts.push({ subs: pe.subscripts, except: [], ...effective(e, pe, main), label, pe: pe.subscripts })
  }
  return parts
}

/**
 * A per-element equation as the flattening reads it: a missing equation or graph is the main one's.
 * Vensim's per-element equations have no graph but their own, so an inherited one is written out.
 */
function effective(
  e: Element,
  pe: ElementEquation,
  main: { equation?: string; graph?: GraphicalFunction } | undefined,
): { equation: string | undefined; graph: GraphicalFunction | undefined } {
  const inherits = e.kind !== 'param' && e.kind !== 'lookup'
  return { equation: pe.equation ?? (inherits ? main?.equation : undefined), graph: pe.graph ?? main?.graph }
}

/** Whether per-element equations define every element (then the main equation is never read). */
function covers(pes: readonly ElementEquation[], own: readonly ResolvedDimension[], dims: Dimensions): boolean {
  const total = own.reduce((n, d) => n * d.indices.length, 1)
  let count = 0
  for (const pe of pes) {
    count += pe.subscripts.reduce((n, s, j) => {
      const d = own[j]
      const denoted = d ? dims.denote(s, d) : undefined
      if (!d || !denoted) return 0
      if (denoted.kind === 'element') return n * (d.position(denoted.index) === undefined ? 0 : 1)
      return n * denoted.dim.indices.filter((i) => d.position(i) !== undefined).length
    }, 1)
  }
  return count >= total
}

/**
 * A stock's rate in one definition: its inflows less its outflows, each arrayed flow read at the
 * definition's own subscripts (the import knows a flow so), a scalar flow as it is.
 */
function rate(s: Stock, part: Part, ctx: VariableContext, own: readonly ResolvedDimension[] | undefined): Expr {
  const ref = (id: string): Expr => {
    const name = ctx.print.elementName(id)
    const f = ctx.print.dimensionsOf(id)
    if (name === undefined)
      throw new StockflowError(`model "${ctx.model}": stock "${s.name}" has the flow "${id}", which is no element`)
    if (!f || !part.subs) return { type: 'ref', name: id, id }
    const subs = f.map((d) => {
      const j = own?.findIndex((o) => o.id === d.id) ?? -1
      const k = j >= 0 ? j : (own?.findIndex((o) => o.root === d.root) ?? -1)
      const written = k >= 0 ? part.subs![k]! : d.name
      // The stock's own dimension at a place where the flow has another of its family: the flow's.
      const sub = k >= 0 && j < 0 && written === own![k]!.name ? d.name : written
      return { kind: 'name' as const, name: sub }
    })
    return { type: 'ref', name: id, id, subs }
  }
  const terms: { expr: Expr; sign: 1 | -1 }[] = [
    ...s.inflows.map((f) => ({ expr: ref(canonicalId(f)), sign: 1 as const })),
    ...s.outflows.map((f) => ({ expr: ref(canonicalId(f)), sign: -1 as const })),
  ]
  if (terms.length === 0) return { type: 'num', value: 0 }
  const [first, ...rest] = terms
  const start: Expr = first!.sign > 0 ? first!.expr : { type: 'unary', op: '-', arg: first!.expr }
  return rest.reduce<Expr>(
    (acc, t) => ({ type: 'binary', op: t.sign > 0 ? '+' : '-', left: acc, right: t.expr }),
    start,
  )
}
