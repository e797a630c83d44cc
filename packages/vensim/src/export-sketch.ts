/**
 * The sketch section of a `.mdl` export: every view of the model as a Vensim sketch view, then the
 * settings block Vensim writes after the sketch, kept to the lines it always writes. A model without
 * views gets one empty view, so the file still opens in Vensim with a diagram to draw on.
 */
import type { Element, Model, VarId } from '@stockflow/model'
import { viewTitle } from './export-sketch-names.js'
import type { SketchModel } from './export-sketch-view.js'
import { viewObjects } from './export-sketch-view.js'

const MARKER = '\\\\\\---/// Sketch information - do not modify anything except names'
const VERSION = 'V300  Do not put anything below this section - it will be ignored'
/** The view's default colours and font, as Vensim writes them. */
const STYLE = '$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0'
const END = '///---\\\\\\'

/**
 * From the sketch's first marker line to the end of the file: one `*View` per view of the model, the
 * `///---\\\` line and the settings (`:L<%^E!@`, then the run's name, the time axis and its bounds).
 */
export function sketchSection(model: Model): string {
  const sketchModel = forSketch(model)
  const views = model.views?.length ? model.views : [{ items: [] }]
  const titles = uniqueTitles(views.map((v, i) => viewTitle(v.name, `View ${i + 1}`)))
  const lines: string[] = []
  views.forEach((view, i) => {
    lines.push(MARKER, VERSION, `*${titles[i]}`, STYLE, ...viewObjects(view, sketchModel))
  })
  lines.push(END, ...settings(model))
  return lines.join('\n') + '\n'
}

/** Elements by id and the stocks each flow drains and fills. */
function forSketch(model: Model): SketchModel {
  const elements = new Map<VarId, Element>(model.elements.map((e) => [e.id, e]))
  const drains = new Map<VarId, VarId[]>()
  const fills = new Map<VarId, VarId[]>()
  const add = (to: Map<VarId, VarId[]>, flow: VarId, stock: VarId) => {
    const list = to.get(flow) ?? []
    list.push(stock)
    to.set(flow, list)
  }
  for (const e of model.elements) {
    if (e.kind !== 'stock') continue
    for (const f of e.outflows) add(drains, f, e.id)
    for (const f of e.inflows) add(fills, f, e.id)
  }
  return { elements, drains, fills }
}

/** Vensim finds a view by its name: a name given twice gets a number. */
function uniqueTitles(titles: readonly string[]): string[] {
  const taken = new Set<string>()
  return titles.map((t) => {
    let title = t
    for (let k = 2; taken.has(title.toLowerCase()); k++) title = `${t} ${k}`
    taken.add(title.toLowerCase())
    return title
  })
}

/**
 * The settings Vensim always writes: `1` and `9` the run to load and to make, `4` the time axis, `24`
 * to `26` its bounds; `15`, `19`, `27` and `34` Vensim's defaults. Unit equivalences (`22`) are left out:
 * the model's units are written as they are.
 */
function settings(model: Model): string[] {
  const { start, stop } = model.time
  return [
    ':L<%^E!@',
    '1:Current.vdf',
    '9:Current',
    '15:0,0,0,0,0,0',
    '19:100,0',
    '27:2,',
    '34:0,',
    '4:Time',
    `24:${start}`,
    `25:${stop}`,
    `26:${stop}`,
  ]
}
