import { parseEquation } from './parse.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import { group } from './source-layout.js'
import type { Code } from './source-layout.js'
import { data, jsString, numberLiteral, prop } from './source-literals.js'
import type { HandleDimensions } from './source-subscripts.js'
import type { Dimension, Element, ElementEquation, GraphicalFunction, Lookup, Param } from './types.js'

// The array options of a DSL call, for the DSL writer: `dimensions: [Region]`, `perElement` as a record
// or a list of `[subscripts, value]`, and a parameter's record of values. Each comes with the value the
// DSL is given, so the writer can predict what the call builds and override what it would get wrong.

/** An option of a DSL call: what the DSL gets at run time, and its source once the declared handles are known. */
export interface CallOption {
  readonly key: string
  readonly value: unknown
  readonly code: (declared: ReadonlySet<VarId>) => Code
}

/** A formula written for the DSL: the text (or number) `eq` will build, and its source. */
export interface WrittenFormula {
  readonly value: unknown
  readonly code: (declared: ReadonlySet<VarId>) => Code
}

/** One subscript of a per-element entry: an element's name, or a dimension (its handle). */
type EntrySubscript = { readonly element: string } | { readonly dimension: Dimension }

/** Writes the array options of the model's variables. */
export class ArrayOptions {
  constructor(
    private readonly dims: HandleDimensions,
    /** The handle of a dimension. */
    private readonly handle: (d: Dimension) => string,
  ) {}

  /** `dimensions: [Region, Age]`; undefined for a scalar, or for a variable over a dimension the model lacks. */
  dimensions(e: Element): CallOption | undefined {
    const over = this.dims.of(e.id)
    if (!over) return undefined
    return { key: 'dimensions', value: over, code: () => group('[', over.map(this.handle), ']', false) }
  }

  /**
   * `perElement` of a stock, flow or auxiliary, each entry's equation through `formula` (with the entry's
   * subscripts, whose subranges its equation may iterate over); undefined when
   * the DSL cannot say it (a graph, a subscript that is an alias or a mapped dimension), and the
   * writer overrides the field instead.
   */
  formulas(e: Element, formula: (text: string, entry?: readonly string[]) => WrittenFormula): CallOption | undefined {
    if (!e.perElement) return undefined
    if (e.perElement.some((pe) => pe.graph !== undefined || pe.equation === undefined)) return undefined
    return this.entries(e, (pe) => formula(pe.equation!, pe.subscripts))
  }

  /** `perElement` of a lookup, as points; undefined when an entry has a mode, ragged points or an equation. */
  lookups(e: Lookup): CallOption | undefined {
    if (!e.perElement) return undefined
    const plain = (g: GraphicalFunction | undefined): g is GraphicalFunction =>
      g !== undefined && g.mode === undefined && g.x.length === g.y.length
    if (e.perElement.some((pe) => pe.equation !== undefined || !plain(pe.graph))) return undefined
    return this.entries(e, (pe) => {
      const points = pe.graph!.x.map((x, i) => [x, pe.graph!.y[i]!])
      return { value: points, code: () => data(points) }
    })
  }

  /** `perElement` of a parameter, when each entry is a number. */
  numbers(e: Param): CallOption | undefined {
    if (!e.perElement?.every((pe) => pe.equation !== undefined && numberOf(pe.equation) !== undefined)) return undefined
    return this.entries(e, (pe) => {
      const v = numberOf(pe.equation!)!
      return { value: v, code: () => numberLiteral(v) }
    })
  }

  /**
   * A parameter's values as a record by element (nested per dimension), when its per-element entries
   * are numbers for every element, or all but one (a table, the DSL's record of distinct values). The
   * DSL picks its own main value, so the record means the same values, not always the same fields.
   */
  paramRecord(e: Param): WrittenFormula | undefined {
    const over = this.dims.of(e.id)
    if (!over || !e.perElement) return undefined
    const values = this.values(e, over)
    if (!values || values.given < values.size - 1) return undefined
    const nest = (depth: number, path: string[]): { value: unknown; code: Code } => {
      if (depth === over.length) {
        const v = values.get(cellKey(path))!
        return { value: v, code: numberLiteral(v) }
      }
      const cells = over[depth]!.elements.map((el) => [el, nest(depth + 1, [...path, el])] as const)
      return {
        value: Object.fromEntries(cells.map(([el, c]) => [el, c.value])),
        code: group(
          '{',
          cells.map(([el, c]) => prop(el, c.code)),
          '}',
          true,
        ),
      }
    }
    const { value, code } = nest(0, [])
    return { value, code: () => code }
  }

  /**
   * Each element's value of a parameter, keyed by its subscripts, and how many elements its entries
   * give; undefined when an entry is not a number or its subscripts are not the DSL's.
   */
  values(e: Param, over: readonly Dimension[]): (Map<string, number> & { given: number }) | undefined {
    const values = new Map<string, number>()
    const given = new Set<string>()
    const cells = (depth: number, path: string[]): string[][] =>
      depth === over.length ? [path] : over[depth]!.elements.flatMap((el) => cells(depth + 1, [...path, el]))
    for (const c of cells(0, [])) values.set(cellKey(c), e.value)
    for (const pe of e.perElement ?? []) {
      const v = pe.equation === undefined ? undefined : numberOf(pe.equation)
      const subs = this.subscripts(over, pe)
      if (v === undefined || !subs) return undefined
      const expand = (depth: number, path: string[]): string[][] => {
        if (depth === subs.length) return [path]
        const s = subs[depth]!
        const ids = 'element' in s ? [] : s.dimension.elements.map(canonicalId)
        const names = 'element' in s ? [s.element] : over[depth]!.elements.filter((el) => ids.includes(canonicalId(el)))
        return names.flatMap((n) => expand(depth + 1, [...path, n]))
      }
      for (const c of expand(0, [])) {
        values.set(cellKey(c), v)
        given.add(cellKey(c))
      }
    }
    return Object.assign(values, { given: given.size })
  }

  /** A record by element over one dimension when that keeps the entries' order, else a list of `[subscripts, value]`. */
  private entries(e: Element, value: (pe: ElementEquation) => WrittenFormula): CallOption | undefined {
    const over = this.dims.of(e.id)
    if (!over || !e.perElement) return undefined
    const subs: EntrySubscript[][] = []
    for (const pe of e.perElement) {
      const s = this.subscripts(over, pe)
      if (!s) return undefined
      subs.push(s)
    }
    const values = e.perElement.map(value)
    const names = subs.map((s) => (s.length === 1 && 'element' in s[0]! ? s[0].element : undefined))
    // Object keys that read as integers come first whatever the order written: then the record would reorder.
    const keyOrder = Object.keys(Object.fromEntries(names.map((n) => [n, 0])))
    if (over.length === 1 && names.every((n) => n !== undefined) && keyOrder.join('\u0000') === names.join('\u0000')) {
      return {
        key: 'perElement',
        value: Object.fromEntries(names.map((n, i) => [n, values[i]!.value])),
        code: (declared) =>
          group(
            '{',
            names.map((n, i) => prop(n!, values[i]!.code(declared))),
            '}',
            true,
          ),
      }
    }
    const subValue = (s: EntrySubscript) => ('element' in s ? s.element : s.dimension)
    const subCode = (s: EntrySubscript) => ('element' in s ? jsString(s.element) : this.handle(s.dimension))
    return {
      key: 'perElement',
      value: subs.map((s, i) => [s.map(subValue), values[i]!.value]),
      code: (declared) =>
        group(
          '[',
          subs.map((s, i) =>
            group('[', [group('[', s.map(subCode), ']', false), values[i]!.code(declared)], ']', false),
          ),
          ']',
          false,
        ),
    }
  }

  /** An entry's subscripts as the DSL takes them: an element of that position's dimension, or it or a subrange of it. */
  private subscripts(over: readonly Dimension[], pe: ElementEquation): EntrySubscript[] | undefined {
    if (pe.subscripts.length !== over.length) return undefined
    const out: EntrySubscript[] = []
    for (const [i, name] of pe.subscripts.entries()) {
      const code = this.dims.subscript(over, i, { kind: 'name', name })
      if (!code || code.kind === 'star' || code.kind === 'bang') return undefined
      out.push(code.kind === 'element' ? { element: code.name } : { dimension: this.dims.get(code.name)! })
    }
    return out
  }
}

/** The value of a number written as an equation (`5`, `-2.5`, `(-2.5)`), else undefined. */
function numberOf(text: string): number | undefined {
  try {
    const e = parseEquation(text)
    if (e.type === 'num') return e.value
    if (e.type === 'unary' && e.op === '-' && e.arg.type === 'num') return -e.arg.value
  } catch {
    return undefined
  }
  return undefined
}

const cellKey = (path: readonly string[]) => path.join('\u0000')
