/**
 * Where a flow's pipes go when its view is written as a Vensim sketch: each end of the pipe to the
 * stock the model fills or drains there (its item or an alias of it), to one of the flow's clouds, or,
 * when the view has neither, to a new cloud at the end of the pipe.
 */
import type { VarId, ViewItem } from '@stockflow/model'
import type { HalfSize } from './export-sketch-names.js'

export type Point = readonly [number, number]

/** What a pipe end reaches: an item of the view (by index), or a cloud to add at a point. */
export type PipeTarget = { readonly item: number } | { readonly cloud: Point }

/** One pipe, from the valve to its target; `at` is the point the arrow keeps, where the pipe meets it. */
export interface PipeEnd {
  readonly target: PipeTarget
  readonly at: Point
}

/** A flow's pipes: `source` from where it takes, `sink` to where it puts. */
export interface FlowPipes {
  readonly source?: PipeEnd
  readonly sink?: PipeEnd
  /** Whether the pipe runs up and down at the valve (Vensim turns the valve and puts its name aside). */
  readonly vertical: boolean
}

/** What the planner needs to know of the view and the model. */
export interface PipeContext {
  readonly items: readonly ViewItem[]
  /** The stocks a flow drains (outflow) and fills (inflow). */
  readonly drains: ReadonlyMap<VarId, readonly VarId[]>
  readonly fills: ReadonlyMap<VarId, readonly VarId[]>
  readonly isStock: (id: VarId) => boolean
  /** The box a stock's item (its own or an alias) is written with, half sizes. */
  readonly boxOf: (index: number) => HalfSize
}

/** Nearer than this to the valve, a pipe end is the valve itself: that side has no pipe. */
const AT_VALVE = 1

/** A pipe's end this near a stock's box touches it. */
const TOUCHES = 2

/** What a new cloud costs: more than any distance, so only an end with nothing to reach gets one. */
const NEW_CLOUD = 1e9

/** Distance from `p` to the box of item `index` (0 inside it or on its edge). */
function toBox(p: Point, item: ViewItem, size: HalfSize): number {
  const dx = Math.max(0, Math.abs(p[0] - item.x) - size.w)
  const dy = Math.max(0, Math.abs(p[1] - item.y) - size.h)
  return Math.hypot(dx, dy)
}

interface Candidate {
  readonly item: number
  readonly cost: number
  readonly cloud: boolean
}

/**
 * The items one end may reach: the model's stock there (its item or an alias), the flow's clouds, and
 * any other stock the pipe's end touches (a pipe drawn into a stock the equations do not name).
 */
function candidates(flow: VarId, stocks: readonly VarId[], at: Point, ctx: PipeContext): Candidate[] {
  const out: Candidate[] = []
  ctx.items.forEach((it, index) => {
    if (it.kind === 'cloud') {
      if (it.id === flow) out.push({ item: index, cost: Math.hypot(at[0] - it.x, at[1] - it.y), cloud: true })
    } else if (ctx.isStock(it.id)) {
      const cost = toBox(at, it, ctx.boxOf(index))
      if (stocks.includes(it.id) || cost <= TOUCHES) out.push({ item: index, cost, cloud: false })
    }
  })
  return out
}

/** The pipes of the flow drawn by item `index`, from its points; without points, to its stocks' items. */
export function planPipes(index: number, ctx: PipeContext): FlowPipes {
  const item = ctx.items[index]!
  const valve: Point = [item.x, item.y]
  const drains = ctx.drains.get(item.id) ?? []
  const fills = ctx.fills.get(item.id) ?? []
  const pts = item.points && item.points.length >= 2 ? item.points : undefined
  if (!pts) return withoutPoints(item, drains, fills, ctx)
  const first = pts[0]!
  const last = pts[pts.length - 1]!
  const needs = (p: Point) => Math.hypot(p[0] - valve[0], p[1] - valve[1]) >= AT_VALVE
  const from = needs(first) ? candidates(item.id, drains, first, ctx) : undefined
  const to = needs(last) ? candidates(item.id, fills, last, ctx) : undefined
  // The cheapest pair, a cloud serving one end only; a new cloud only for an end left without a candidate.
  let best: { cost: number; s?: Candidate; k?: Candidate } = { cost: Infinity }
  for (const s of [...(from ?? []), undefined])
    for (const k of [...(to ?? []), undefined]) {
      if (s && k && s.cloud && s.item === k.item) continue
      const cost = (s ? s.cost : from ? NEW_CLOUD : 0) + (k ? k.cost : to ? NEW_CLOUD : 0)
      if (cost < best.cost) best = { cost, ...(s ? { s } : {}), ...(k ? { k } : {}) }
    }
  const end = (want: boolean, c: Candidate | undefined, at: Point): PipeEnd | undefined =>
    !want ? undefined : { target: c ? { item: c.item } : { cloud: at }, at }
  const source = end(from !== undefined, best.s, first)
  const sink = end(to !== undefined, best.k, last)
  return { ...(source ? { source } : {}), ...(sink ? { sink } : {}), vertical: isVertical(first, last) }
}

/** A flow the view gives no pipe: pipes to the own items of its stocks in the view, if any. */
function withoutPoints(item: ViewItem, drains: readonly VarId[], fills: readonly VarId[], ctx: PipeContext): FlowPipes {
  const own = (stocks: readonly VarId[]): PipeEnd | undefined => {
    const index = ctx.items.findIndex((it) => it.kind === undefined && stocks.includes(it.id) && ctx.isStock(it.id))
    if (index < 0) return undefined
    const it = ctx.items[index]!
    // The stock's centre: the pipe leaves the valve toward it and stops at its edge.
    return { target: { item: index }, at: [it.x, it.y] }
  }
  const source = own(drains)
  const sink = own(fills)
  const a = source?.at ?? [item.x, item.y]
  const b = sink?.at ?? [item.x, item.y]
  return { ...(source ? { source } : {}), ...(sink ? { sink } : {}), vertical: isVertical(a, b) }
}

function isVertical(a: Point, b: Point): boolean {
  return Math.abs(b[1] - a[1]) > Math.abs(b[0] - a[0])
}
