/**
 * One view of a model as the object lines of a Vensim sketch, numbered from 1 in the order written, as
 * Vensim numbers them: a word (`10`) per stock, auxiliary, parameter and lookup; a shadow word per alias;
 * per flow its new clouds (`12`), its two pipes (`1`, sink then source), its valve (`11`) and its name
 * (`10`, attached to the valve); a cloud per cloud; then a connector (`1`) per link. Words keep the
 * view's order, so the sketch reads back into the same items.
 */
import type { Element, VarId, View, ViewItem, ViewLink } from '@stockflow/model'
import type { HalfSize } from './export-sketch-names.js'
import { CLOUD_SIZE, sketchName, stockSize, wordSize } from './export-sketch-names.js'
import type { PipeContext, PipeTarget, Point } from './export-sketch-pipes.js'
import { planPipes } from './export-sketch-pipes.js'

/** The model as the writer needs it: elements by id, and which stocks each flow drains and fills. */
export interface SketchModel {
  readonly elements: ReadonlyMap<VarId, Element>
  readonly drains: ReadonlyMap<VarId, readonly VarId[]>
  readonly fills: ReadonlyMap<VarId, readonly VarId[]>
}

type Slot =
  | { readonly t: 'word'; readonly uid: number; readonly index: number; readonly shadow: boolean }
  | { readonly t: 'cloud'; readonly uid: number; readonly at: Point; readonly size: HalfSize }
  | { readonly t: 'valve'; readonly uid: number; readonly index: number; readonly vertical: boolean }
  | { readonly t: 'label'; readonly uid: number; readonly index: number; readonly vertical: boolean }
  | {
      readonly t: 'pipe'
      readonly uid: number
      readonly valve: number
      readonly to: number | { readonly item: number }
      readonly source: boolean
      readonly at: Point
    }

const round = (v: number) => Math.round(v) + 0
const pt = (p: Point) => `(${round(p[0])},${round(p[1])})`

/** The object lines of one view. */
export function viewObjects(view: View, model: SketchModel): string[] {
  const items = view.items.filter((it) => placeable(it, model))
  const writer = new ViewWriter(items, model)
  return writer.write(view.links ?? [])
}

/** An item the sketch can draw: a finite position, an element of the model; a cloud, of a flow. */
function placeable(it: ViewItem, model: SketchModel): boolean {
  const element = model.elements.get(it.id)
  if (!element || !Number.isFinite(it.x) || !Number.isFinite(it.y)) return false
  return it.kind !== 'cloud' || element.kind === 'flow'
}

class ViewWriter {
  private next = 1
  private readonly slots: Slot[] = []
  /** Each item's word (a flow's: its name, attached to the valve); a cloud's comment. */
  private readonly objectOf = new Map<number, number>()
  /** The element's own word, an alias's word by its uid, an element's first alias. */
  private readonly own = new Map<VarId, number>()
  private readonly aliasByUid = new Map<number, number>()
  private readonly firstAlias = new Map<VarId, number>()
  private readonly shadows = new Set<number>()
  private readonly pipes: PipeContext

  constructor(
    private readonly items: readonly ViewItem[],
    private readonly model: SketchModel,
  ) {
    // An element's first own item is its own; a repeated one is drawn as a shadow, as Vensim would.
    const seen = new Set<VarId>()
    items.forEach((it, index) => {
      if (it.kind === 'cloud') return
      if (it.kind === 'alias' || seen.has(it.id)) this.shadows.add(index)
      else seen.add(it.id)
    })
    this.pipes = {
      items,
      drains: model.drains,
      fills: model.fills,
      isStock: (id) => model.elements.get(id)?.kind === 'stock',
      boxOf: (index) => this.sizeOf(index),
    }
  }

  write(links: readonly ViewLink[]): string[] {
    this.items.forEach((it, index) => this.place(it, index))
    const lines = this.slots.map((s) => this.line(s))
    for (const link of links) {
      const line = this.connector(link)
      if (line) lines.push(line)
    }
    return lines
  }

  private uid(): number {
    return this.next++
  }

  private kindOf(it: ViewItem) {
    return this.model.elements.get(it.id)!.kind
  }

  private place(it: ViewItem, index: number): void {
    if (it.kind !== 'cloud' && !this.shadows.has(index) && this.kindOf(it) === 'flow') return this.placeFlow(index)
    const uid = this.uid()
    this.objectOf.set(index, uid)
    if (it.kind === 'cloud') {
      this.slots.push({ t: 'cloud', uid, at: [it.x, it.y], size: halfOf(it) ?? CLOUD_SIZE })
    } else if (this.shadows.has(index)) {
      if (it.kind === 'alias' && it.uid !== undefined && !this.aliasByUid.has(it.uid)) this.aliasByUid.set(it.uid, uid)
      if (!this.firstAlias.has(it.id)) this.firstAlias.set(it.id, uid)
      this.slots.push({ t: 'word', uid, index, shadow: true })
    } else {
      this.own.set(it.id, uid)
      this.slots.push({ t: 'word', uid, index, shadow: false })
    }
  }

  /** New clouds, the sink's pipe, the source's pipe, the valve and the flow's name, numbered in that order. */
  private placeFlow(index: number): void {
    const { source, sink, vertical } = planPipes(index, this.pipes)
    const target = (t: PipeTarget): number | { item: number } => {
      if ('item' in t) return { item: t.item }
      const uid = this.uid()
      this.slots.push({ t: 'cloud', uid, at: t.cloud, size: CLOUD_SIZE })
      return uid
    }
    const ends = [
      ...(sink ? [{ end: sink, source: false, to: target(sink.target) }] : []),
      ...(source ? [{ end: source, source: true, to: target(source.target) }] : []),
    ].map((p) => ({ ...p, uid: this.uid() }))
    const valve = this.uid()
    const label = this.uid()
    for (const p of ends) this.slots.push({ t: 'pipe', uid: p.uid, valve, to: p.to, source: p.source, at: p.end.at })
    this.slots.push({ t: 'valve', uid: valve, index, vertical }, { t: 'label', uid: label, index, vertical })
    this.objectOf.set(index, label)
    this.own.set(this.items[index]!.id, label)
  }

  /** The half size a word is written with: the view's, else one fitting its name. */
  private sizeOf(index: number): HalfSize {
    const it = this.items[index]!
    const name = this.model.elements.get(it.id)!.name
    const given = halfOf(it)
    if (given) return given
    return !this.shadows.has(index) && this.kindOf(it) === 'stock' ? stockSize(name) : wordSize(name)
  }

  private line(s: Slot): string {
    switch (s.t) {
      case 'cloud':
        return `12,${s.uid},48,${round(s.at[0])},${round(s.at[1])},${s.size.w},${s.size.h},0,3,0,0,-1,0,0,0`
      case 'word': {
        const it = this.items[s.index]!
        const name = sketchName(this.model.elements.get(it.id)!.name)
        const { w, h } = this.sizeOf(s.index)
        const at = `${round(it.x)},${round(it.y)},${w},${h}`
        // A shadow is grey, as Vensim draws them; a stock is a box (shape 3), any other a word (8).
        if (s.shadow) return `10,${s.uid},${name},${at},8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|12||128-128-128`
        return `10,${s.uid},${name},${at},${this.kindOf(it) === 'stock' ? 3 : 8},3,0,0,0,0,0,0`
      }
      case 'valve': {
        const it = this.items[s.index]!
        const size = s.vertical ? '8,6,33,3,0,0,4' : '6,8,34,3,0,0,1'
        return `11,${s.uid},48,${round(it.x)},${round(it.y)},${size},0,0,0`
      }
      case 'label': {
        // Below a valve on a level pipe, beside one on an upright pipe (shape 40: a word attached to its valve).
        const it = this.items[s.index]!
        const { w, h } = wordSize(this.model.elements.get(it.id)!.name)
        const x = round(it.x) + (s.vertical ? 8 + w : 0)
        const y = round(it.y) + (s.vertical ? 0 : 8 + h)
        return `10,${s.uid},${sketchName(this.model.elements.get(it.id)!.name)},${x},${y},${w},${h},40,3,0,0,-1,0,0,0`
      }
      case 'pipe': {
        const to = typeof s.to === 'number' ? s.to : this.objectOf.get(s.to.item)!
        // Thickness 22 draws the pipe's double line; shape 100 marks the source's end (no arrowhead).
        return `1,${s.uid},${s.valve},${to},${s.source ? 100 : 4},0,0,22,0,0,0,-1--1--1,,1|${pt(s.at)}|`
      }
    }
  }

  /** A connector between the words of its ends; none when an end is not drawn in this view. */
  private connector(link: ViewLink): string | undefined {
    const from = this.end(link.from, link.fromAlias)
    const to = this.end(link.to, link.toAlias)
    if (from === undefined || to === undefined || from === to) return undefined
    const points = link.points ?? []
    // Straight (shape 0) keeps the point (0,0); one point is an arc through it (1), more a polyline (2).
    const shape = points.length === 0 ? 0 : points.length === 1 ? 1 : 2
    const list = points.length === 0 ? '1|(0,0)|' : `${points.length}|${points.map((p) => pt(p) + '|').join('')}`
    const polarity = link.polarity === '+' ? 43 : link.polarity === '-' ? 45 : 0
    return `1,${this.uid()},${from},${to},${shape},0,${polarity},0,0,64,0,-1--1--1,,${list}`
  }

  private end(id: VarId, alias: number | undefined): number | undefined {
    const viaAlias = alias === undefined ? undefined : this.aliasByUid.get(alias)
    return viaAlias ?? this.own.get(id) ?? this.firstAlias.get(id)
  }
}

/** The view's size of an item as half sizes, when it gives one. */
function halfOf(it: ViewItem): HalfSize | undefined {
  if (it.width === undefined || it.height === undefined || !(it.width > 0) || !(it.height > 0)) return undefined
  return { w: Math.max(1, round(it.width / 2)), h: Math.max(1, round(it.height / 2)) }
}
