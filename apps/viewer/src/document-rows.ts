import { canonicalId } from '@stockflow/model'
import type { DependencyGraph, Element, ElementKind, Issue, Model } from '@stockflow/model'

/** What the document needs of a run: a `Run` of `@stockflow/solver` fits. */
export interface DocumentRun {
  has(name: string): boolean
  get(name: string): Float64Array
  array(name: string): { readonly elements: readonly { readonly values: Float64Array }[] }
}

/** A variable the document names in a row's causes or uses. */
export interface RowRef {
  readonly id: string
  readonly name: string
}

/** A warning about one variable: from the unit check (`units`) or the lint (`lint`). */
export interface RowWarning {
  readonly source: 'units' | 'lint'
  readonly code: string
  /** The message, with the element of an array it is about (`Pop[north]: ...`) when it names one. */
  readonly message: string
}

/** One variable of the model as the document lists it. */
export interface DocumentRow {
  readonly id: string
  readonly name: string
  readonly kind: ElementKind
  readonly dimensions: readonly string[]
  /** Its equation as written (a stock's as `INTEG(inflows - outflows, initial)`); per-element ones after it. */
  readonly equation: string
  readonly units: string
  readonly doc: string
  /** The range the model declares for it, if any. */
  readonly min?: number
  readonly max?: number
  readonly causes: readonly RowRef[]
  readonly uses: readonly RowRef[]
  /** Its values in the run, one series per element (none for a lookup or a variable the run lacks). */
  readonly series: readonly Float64Array[]
  readonly warnings: readonly RowWarning[]
}

/** Warnings sorted by source: what `documentWarnings` reads them from. */
export interface DocumentIssues {
  readonly units: readonly Issue[]
  readonly lint: readonly Issue[]
}

/**
 * The model's variables as rows of its document, in model order: equation, units, doc, declared range,
 * causes and uses (by the dependency graph, arrays read as whole variables), the run's series and the
 * warnings naming each. `graph` is `dependencyGraph(model)` (element by element for arrays).
 */
export function documentRows(
  model: Model,
  graph: DependencyGraph,
  run: DocumentRun | undefined,
  warnings: DocumentIssues = { units: [], lint: [] },
): DocumentRow[] {
  const names = new Map(model.elements.map((e) => [e.id, e.name]))
  const ref = (id: string): RowRef => ({ id, name: names.get(id) ?? id })
  // The graph's nodes of each variable: itself, or its elements (`pop[north]`).
  const nodes = new Map<string, string[]>()
  for (const node of graph.nodes) {
    const base = variableOf(node)
    const list = nodes.get(base)
    if (list) list.push(node)
    else nodes.set(base, [node])
  }
  const linked = (id: string, next: (node: string) => readonly string[]) => {
    const found = new Set<string>()
    for (const node of nodes.get(id) ?? [id]) for (const other of next(node)) found.add(variableOf(other))
    found.delete(id)
    return [...found].map(ref)
  }
  const byVariable = new Map<string, RowWarning[]>()
  const note = (source: RowWarning['source'], issue: Issue) => {
    if (issue.element === undefined) return
    const id = variableOf(canonicalId(issue.element))
    const label = issue.element.includes('[') ? `${issue.element}: ` : ''
    const list = byVariable.get(id) ?? []
    list.push({ source, code: issue.code, message: label + issue.message })
    byVariable.set(id, list)
  }
  for (const issue of warnings.units) note('units', issue)
  for (const issue of warnings.lint) note('lint', issue)

  return model.elements.map((e): DocumentRow => {
    const range = { ...(e.min !== undefined ? { min: e.min } : {}), ...(e.max !== undefined ? { max: e.max } : {}) }
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      dimensions: e.dimensions ?? [],
      equation: equationText(e, names),
      units: e.units ?? '',
      doc: e.doc ?? '',
      ...range,
      causes: linked(e.id, (n) => graph.causesOf(n)),
      uses: linked(e.id, (n) => graph.effectsOf(n)),
      series: seriesOf(e, run),
      warnings: byVariable.get(e.id) ?? [],
    }
  })
}

/** Warnings that name no variable (the time settings, the model as a whole). */
export function modelWarnings(warnings: DocumentIssues): RowWarning[] {
  return [
    ...warnings.units.filter((i) => i.element === undefined).map((i) => ({ source: 'units' as const, ...pick(i) })),
    ...warnings.lint.filter((i) => i.element === undefined).map((i) => ({ source: 'lint' as const, ...pick(i) })),
  ]
}

function pick(issue: Issue): { code: string; message: string } {
  return { code: issue.code, message: issue.message }
}

/** The run's series of a variable: its own, or each of its elements'. */
export function seriesOf(e: Element, run: DocumentRun | undefined): Float64Array[] {
  if (!run || e.kind === 'lookup') return []
  try {
    if (e.dimensions?.length) return run.array(e.id).elements.map((s) => s.values)
    return run.has(e.id) ? [run.get(e.id)] : []
  } catch {
    return [] // not recorded
  }
}

/** The variable a graph node or a warning's element belongs to: `pop` for `pop[north]`. */
export function variableOf(id: string): string {
  const bracket = id.indexOf('[')
  return bracket > 0 ? id.slice(0, bracket) : id
}

/** An element's equation as one text: its main equation, then each per-element one on a line of its own. */
export function equationText(e: Element, names: ReadonlyMap<string, string> = new Map()): string {
  const main = mainEquation(e, names)
  const each = (e.perElement ?? []).map((p) => {
    const text = p.graph ? `${points(p.graph.x)}` : (p.equation ?? '')
    return `[${p.subscripts.join(', ')}]: ${text}`
  })
  return [main, ...each].filter((t) => t !== '').join('\n')
}

function mainEquation(e: Element, names: ReadonlyMap<string, string>): string {
  switch (e.kind) {
    case 'stock': {
      const name = (id: string) => quoteName(names.get(id) ?? id)
      const net = [...e.inflows.map((f, i) => (i === 0 ? name(f) : `+ ${name(f)}`))]
      for (const f of e.outflows) net.push(`- ${name(f)}`)
      const rate = net.length === 0 ? '0' : net[0]!.startsWith('- ') ? `-${net.join(' ').slice(2)}` : net.join(' ')
      return `INTEG(${rate}, ${e.initial})`
    }
    case 'param':
      return String(e.value)
    case 'lookup':
      return e.x.length === 0 ? '' : `lookup ${points(e.x)}`
    case 'flow':
    case 'aux':
      return e.graph ? `${e.equation} → graph ${points(e.graph.x)}` : e.equation
  }
}

/** A graphical function's points in brief: `of 5 points, x 0 to 10`. */
function points(x: readonly number[]): string {
  return x.length === 0 ? 'of no points' : `of ${x.length} points, x ${x[0]} to ${x[x.length - 1]}`
}

/** A name as an equation writes it: bare when it reads as one word, else in double quotes. */
function quoteName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) ? name : `"${name.replace(/"/g, '\\"')}"`
}

/** Whether a row holds every word of a query (any case) in its name, equation, units, doc, kind or warnings. */
export function rowMatches(row: DocumentRow, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const text = [
    row.name,
    row.id,
    row.kind,
    row.equation,
    row.units,
    row.doc,
    ...row.dimensions,
    ...row.warnings.map((w) => `${w.code} ${w.message}`),
  ]
    .join('\n')
    .toLowerCase()
  return words.every((w) => text.includes(w))
}

/** The smallest and largest value a row's run reached (NaN when it has none). */
export function runRange(row: DocumentRow): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (const s of row.series) {
    for (const v of s) {
      if (!Number.isFinite(v)) continue
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  return min > max ? { min: NaN, max: NaN } : { min, max }
}
