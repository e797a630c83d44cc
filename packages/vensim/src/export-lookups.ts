import { canonicalId, StockflowError } from '@stockflow/model'
import type { Element, GraphicalFunction, Lookup, LookupMode } from '@stockflow/model'
import { vensimName } from './export-names.js'

// Lookups as Vensim writes them. Vensim's tables have no mode of their own: a call reads a table in a
// mode (LOOKUP FORWARD, LOOKUP BACKWARD, LOOKUP EXTRAPOLATE), so a lookup element with a mode is
// called through the function of its mode.

/** How the calls of a lookup element are written: the table they name and the mode they read it in. */
export interface LookupCall {
  /** The table's name as Vensim text. */
  readonly table: string
  readonly mode?: LookupMode
}

/**
 * How each lookup element is called, by id, and the lookups not written at all: a lookup with a mode
 * that is a copy of another (`<table> forward`, as the import makes for `LOOKUP FORWARD(table, x)`)
 * is called as that function of the original, so reading the file again gives the same two elements.
 */
export function lookupCalls(elements: readonly Element[]): { calls: Map<string, LookupCall>; copies: Set<string> } {
  const byId = new Map(elements.map((e) => [e.id, e]))
  const calls = new Map<string, LookupCall>()
  const copies = new Set<string>()
  for (const e of elements) {
    if (e.kind !== 'lookup') continue
    const mode = modeOf(e)
    if (mode === undefined) {
      calls.set(e.id, { table: vensimName(e.name) })
      continue
    }
    const suffix = ` ${mode}`
    const base = e.name.endsWith(suffix) ? byId.get(canonicalId(e.name.slice(0, -suffix.length))) : undefined
    if (base?.kind === 'lookup' && modeOf(base) === undefined && sameTables(base, e)) {
      calls.set(e.id, { table: vensimName(base.name), mode })
      copies.add(e.id)
    } else calls.set(e.id, { table: vensimName(e.name), mode })
  }
  return { calls, copies }
}

/** A lookup's mode, undefined when it reads as Vensim's plain calls do (interpolating, ends held). */
export function modeOf(g: { readonly mode?: LookupMode }): LookupMode | undefined {
  return g.mode === undefined || g.mode === 'continuous' ? undefined : g.mode
}

function sameTables(a: Lookup, b: Lookup): boolean {
  const same = (g: GraphicalFunction, h: GraphicalFunction) =>
    g.x.length === h.x.length && g.x.every((v, i) => v === h.x[i]) && g.y.every((v, i) => v === h.y[i])
  const dims = (e: Lookup) => (e.dimensions ?? []).map(canonicalId).join(',')
  const pes = (e: Lookup) => e.perElement ?? []
  return (
    same(a, b) &&
    dims(a) === dims(b) &&
    pes(a).length === pes(b).length &&
    pes(a).every((pe, i) => {
      const other = pes(b)[i]!
      return (
        pe.subscripts.join(',') === other.subscripts.join(',') &&
        (pe.graph === undefined) === (other.graph === undefined) &&
        (pe.graph === undefined || same(pe.graph, other.graph!))
      )
    })
  )
}

/** A table's body as Vensim writes it: its range for the editor, then its points. */
export function tableText(g: GraphicalFunction, where: () => string): string {
  const n = (v: number) => {
    if (!Number.isFinite(v)) throw new StockflowError(`${where()}: its table holds ${v}, which Vensim cannot read`)
    return Object.is(v, -0) ? '0' : String(v)
  }
  if (g.x.length === 0) throw new StockflowError(`${where()}: a table with no points cannot be written in a .mdl file`)
  const xs = [...g.x]
  const ys = [...g.y]
  const range = `[(${n(Math.min(...xs))},${n(Math.min(...ys))})-(${n(Math.max(...xs))},${n(Math.max(...ys))})]`
  const points = xs.map((x, i) => `(${n(x)},${n(ys[i]!)})`)
  return `${range},${points.join(',')}`
}
