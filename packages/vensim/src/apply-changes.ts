import { canonicalId } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { didYouMean } from '@stockflow/model/internal'
import type { MdlProblem } from './ast.js'
import { parseChanges } from './changes.js'
import type { VensimChange } from './changes.js'
import { MdlError } from './errors.js'
import { applyArrayChange } from './apply-array-changes.js'

const CLOCK_FIELDS: ReadonlyMap<string, 'start' | 'stop' | 'dt' | 'saveper'> = new Map([
  ['initial_time', 'start'],
  ['final_time', 'stop'],
  ['time_step', 'dt'],
  ['saveper', 'saveper'],
] as const)

/**
 * A model with a Vensim changes file (`.cin`) applied: each constant sets a parameter (or an auxiliary
 * that is a number, or the clock), each table replaces a lookup's points (or those of a variable's own
 * graph), as Vensim does when a run is made with it; `x[north] = 3`, `x[Region] = 1, 2, 3` and
 * `tbl[north](...)` change elements of an arrayed parameter or lookup. Every problem of the file
 * (syntax, a name the model lacks, a change that does not fit its variable) is reported at once,
 * `file:line:column` each, in an `MdlError`.
 */
export function applyChanges(model: Model, text: string, file: string): Model {
  const parsed = parseChanges(text)
  const problems: MdlProblem[] = [...parsed.problems]
  const elements = new Map(model.elements.map((e) => [e.id, e]))
  let time = model.time
  for (const change of parsed.changes) {
    const id = canonicalId(change.name)
    const element = elements.get(id)
    const fail = (message: string) => problems.push({ pos: change.pos, variable: change.name, message })
    // The control variables are the clock: `FINAL TIME = 2100` moves the end of the run.
    const clock = CLOCK_FIELDS.get(id)
    if (clock !== undefined) {
      if (change.kind === 'constant') time = { ...time, [clock]: change.value }
      else fail(`${change.name} takes a number`)
      continue
    }
    if (!element) {
      fail(
        `the model has no variable "${change.name}"${didYouMean(
          change.name,
          model.elements.map((e) => e.name),
        )}`,
      )
      continue
    }
    const changed =
      change.subscripts.length > 0 || change.kind === 'list' || element.dimensions?.length
        ? applyArrayChange(element, change, model.dimensions ?? [])
        : applyOne(element, change)
    if (typeof changed === 'string') {
      fail(changed)
      continue
    }
    elements.set(id, changed)
    // The copies a LOOKUP FORWARD/BACKWARD/EXTRAPOLATE reads (`<table> forward`) take the new points too.
    if (element.kind === 'lookup' && changed.kind === 'lookup')
      for (const copy of model.elements)
        if (copy.kind === 'lookup' && isVariantOf(copy, element))
          elements.set(copy.id, {
            ...copy,
            x: changed.x,
            y: changed.y,
            ...(changed.perElement ? { perElement: changed.perElement } : {}),
          })
  }
  if (problems.length > 0) throw new MdlError(file, problems)
  return { ...model, time, elements: model.elements.map((e) => elements.get(e.id)!) }
}

/** The element with one change applied, or why it cannot take it. */
function applyOne(element: Element, change: VensimChange): Element | string {
  if (change.kind === 'list') return `"${element.name}" has no subscripts; give it one number`
  if (change.kind === 'constant') {
    if (element.kind === 'param') return { ...element, value: change.value }
    // A constant a stock adds whole became a flow; it is still the modeler's constant.
    if (
      (element.kind === 'aux' || element.kind === 'flow') &&
      element.graph === undefined &&
      Number.isFinite(Number(element.equation))
    )
      return { ...element, equation: String(change.value) }
    const kind = { stock: 'a stock', flow: 'a flow', aux: 'an auxiliary', lookup: 'a lookup', param: 'a parameter' }[
      element.kind
    ]
    return `"${element.name}" is ${kind} computed by its equation, not a constant a changes file can set`
  }
  const { x, y } = change.table
  if (element.kind === 'lookup') return { ...element, x, y }
  if ((element.kind === 'aux' || element.kind === 'flow') && element.graph)
    return { ...element, graph: { ...element.graph, x, y } }
  return `"${element.name}" is not a lookup, so a table cannot replace its points`
}

/** Whether `copy` is the importer's copy of `table` read in another mode: its name and points say so. */
function isVariantOf(copy: Element & { kind: 'lookup' }, table: Element & { kind: 'lookup' }): boolean {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i])
  return (
    copy.id !== table.id &&
    new RegExp(`^${escapeRegExp(table.id)}_(extrapolate|forward|discrete)(_\\d+)?$`).test(copy.id) &&
    same(copy.x, table.x) &&
    same(copy.y, table.y)
  )
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
