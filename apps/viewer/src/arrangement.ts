import type { ArrangedKey, LayoutFile } from '@stockflow/diagram'
import { layoutFile } from '@stockflow/diagram'
import type { View, ViewItem, ViewLink } from '@stockflow/model'

/** A node of a view: an element's own item, or its alias with this uid. */
export interface NodeRef {
  readonly id: string
  readonly alias?: number
}

/** What moving a node drags along: a stock its pipe ends, a flow its pipe and clouds. */
export type MovedKind = 'stock' | 'flow' | 'other'

type Pt = readonly [number, number]

/** A stock's size in a view that gives none (XMILE's default, as the diagram draws it). */
const STOCK_WIDTH = 45
const STOCK_HEIGHT = 35
/** How near a stock's edge a pipe's end must be to be attached to it; how near a cloud to be in it. */
const EDGE_REACH = 6
const CLOUD_REACH = 52

/**
 * The view with one node moved by (dx, dy), in the view's units. A moved stock takes the ends of the
 * pipes at its edges along (each pipe then bends at its valve); a moved flow takes its whole pipe and its
 * clouds, its ends at stocks staying on their edges. Links the author bent move their bend halfway.
 */
export function moveNode(view: View, node: NodeRef, kindOf: (id: string) => MovedKind, dx: number, dy: number): View {
  // An alias is the name drawn again: it has no pipe or clouds of its own to take along.
  const kind = node.alias !== undefined ? 'other' : kindOf(node.id)
  const at = view.items.findIndex((i) => sameNode(i, node))
  if (at < 0 || (dx === 0 && dy === 0)) return view
  const old = view.items[at]!
  const items = [...view.items]
  items[at] = { ...old, x: old.x + dx, y: old.y + dy }
  const shift = (p: Pt): Pt => [p[0] + dx, p[1] + dy]

  if (kind === 'stock') {
    const before = box(old)
    const after = box(items[at]!)
    items.forEach((item, i) => {
      if (!item.points || item.points.length < 2 || item.kind) return
      const pts = withValve(item)
      const ends = [0, pts.length - 1].filter((e) => near(before, pts[e]!))
      if (ends.length === 0) return
      for (const e of ends) pts[e] = edgeToward(after, pts[e === 0 ? 1 : pts.length - 2]!)
      items[i] = { ...item, points: pts }
    })
  } else if (kind === 'flow' && old.points && old.points.length >= 2 && !old.kind) {
    const pts = withValve(old).map(shift)
    const last = pts.length - 1
    for (const e of [0, last]) {
      const p = old.points[e === 0 ? 0 : old.points.length - 1]!
      const cloud = items.findIndex(
        (c) => c.kind === 'cloud' && c.id === old.id && Math.hypot(c.x - p[0], c.y - p[1]) <= CLOUD_REACH,
      )
      if (cloud >= 0) {
        const c = items[cloud]!
        items[cloud] = { ...c, x: c.x + dx, y: c.y + dy }
        continue
      }
      const stock = items.find((s) => s.kind !== 'cloud' && kindOf(s.id) === 'stock' && near(box(s), p))
      // An end at a stock stays on the stock's edge, facing the moved pipe.
      if (stock) pts[e] = edgeToward(box(stock), pts[e === 0 ? 1 : last - 1]!)
    }
    items[at] = { ...items[at]!, points: pts }
  } else if (kind === 'flow') {
    for (const [i, c] of items.entries())
      if (c.kind === 'cloud' && c.id === old.id) items[i] = { ...c, x: c.x + dx, y: c.y + dy }
  }

  const links = view.links?.map((l): ViewLink => {
    const moves = endIs(l.from, l.fromAlias, node) || endIs(l.to, l.toAlias, node)
    return moves && l.points ? { ...l, points: l.points.map(([x, y]) => [x + dx / 2, y + dy / 2] as const) } : l
  })
  return { ...view, items, ...(links ? { links } : {}) }
}

/**
 * A saved arrangement brought up to date with the model: elements it lacks (added to the model since)
 * are placed as `base` places them, moved by the average offset between the two.
 */
export function reconcile(saved: View, base: View): View {
  const own = new Map(saved.items.filter((i) => !i.kind).map((i) => [i.id, i]))
  const missing = base.items.filter((i) => !i.kind && !own.has(i.id))
  if (missing.length === 0) return saved
  const common = base.items.filter((i) => !i.kind && own.has(i.id))
  const mean = (f: (i: ViewItem) => number) =>
    common.length ? common.reduce((s, i) => s + f(i), 0) / common.length : 0
  const dx = mean((i) => own.get(i.id)!.x - i.x)
  const dy = mean((i) => own.get(i.id)!.y - i.y)
  const added = new Set(missing.map((i) => i.id))
  const moved = base.items
    .filter((i) => added.has(i.id) && i.kind !== 'alias')
    .map((i) => ({
      ...i,
      x: i.x + dx,
      y: i.y + dy,
      ...(i.points ? { points: i.points.map(([x, y]) => [x + dx, y + dy] as const) } : {}),
    }))
  return { ...saved, items: [...saved.items, ...moved] }
}

/** One step back: the view an arrangement had before a change (undefined: none was arranged). */
interface Step {
  readonly key: ArrangedKey
  readonly before: View | undefined
}

/** The arranged views of one model, with the changes made since it opened, to undo one by one. */
export class Arrangements {
  private readonly views = new Map<ArrangedKey, View>()
  private readonly steps: Step[] = []

  constructor(file?: LayoutFile) {
    for (const [key, view] of Object.entries(file?.stockFlow ?? {})) if (view) this.views.set(key as ArrangedKey, view)
  }

  get(key: ArrangedKey): View | undefined {
    return this.views.get(key)
  }

  /** Arranges a view (`undefined`: back to the model's or the automatic layout), as a step to undo. */
  set(key: ArrangedKey, view: View | undefined): void {
    const before = this.views.get(key)
    if (before === view) return
    this.steps.push({ key, before })
    this.put(key, view)
  }

  /** Replaces a view without a step to undo (a saved one brought up to date). */
  replace(key: ArrangedKey, view: View): void {
    this.put(key, view)
  }

  get canUndo(): boolean {
    return this.steps.length > 0
  }

  /** Takes the last change back; returns the view key it changed, if any. */
  undo(): ArrangedKey | undefined {
    const step = this.steps.pop()
    if (!step) return undefined
    this.put(step.key, step.before)
    return step.key
  }

  get size(): number {
    return this.views.size
  }

  /** What is kept: the layout file of these views. */
  toFile(model: string): LayoutFile {
    return layoutFile(model, Object.fromEntries(this.views))
  }

  private put(key: ArrangedKey, view: View | undefined): void {
    if (view) this.views.set(key, view)
    else this.views.delete(key)
  }
}

function sameNode(item: ViewItem, node: NodeRef): boolean {
  if (item.id !== node.id) return false
  return node.alias === undefined ? item.kind === undefined : item.kind === 'alias' && item.uid === node.alias
}

function endIs(id: string, alias: number | undefined, node: NodeRef): boolean {
  return id === node.id && alias === node.alias
}

interface Box {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

function box(i: ViewItem): Box {
  return { x: i.x, y: i.y, w: i.width ?? STOCK_WIDTH, h: i.height ?? STOCK_HEIGHT }
}

function near(b: Box, p: Pt): boolean {
  return Math.abs(p[0] - b.x) <= b.w / 2 + EDGE_REACH && Math.abs(p[1] - b.y) <= b.h / 2 + EDGE_REACH
}

/** A pipe's points with its valve among them, so that moving one end bends the pipe at the valve. */
function withValve(flow: ViewItem): Pt[] {
  const pts = [...flow.points!]
  if (pts.length === 2) pts.splice(1, 0, [flow.x, flow.y])
  return pts
}

/** Where the ray from a box's centre toward `p` leaves the box. */
function edgeToward(b: Box, p: Pt): Pt {
  const dx = p[0] - b.x
  const dy = p[1] - b.y
  if (dx === 0 && dy === 0) return [b.x, b.y]
  const t = Math.min(dx === 0 ? Infinity : b.w / 2 / Math.abs(dx), dy === 0 ? Infinity : b.h / 2 / Math.abs(dy))
  return [round(b.x + dx * t), round(b.y + dy * t)]
}

const round = (n: number): number => Math.round(n * 100) / 100
