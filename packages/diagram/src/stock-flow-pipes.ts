/** Pipes and clouds of placed flows, shared by the automatic layout and the author's views. */
import { dist } from './geometry.js'
import type { Shape } from './stock-flow-geometry.js'
import { AUX_R, CLOUD_R, PARAM_R, VALVE_R, pipeThrough } from './stock-flow-geometry.js'
import type { CloudLayout, PipeLayout, Point, StockFlowNodeLayout } from './types.js'

/** Nodes, pipes and clouds before the shift into the margin. */
export interface Placed {
  nodes: StockFlowNodeLayout[]
  pipes: PipeLayout[]
  clouds: CloudLayout[]
}

/** The shape a variable's connectors and pipes stop at: a stock's or an alias's box, else a circle. */
export function nodeShape(n: StockFlowNodeLayout): Shape {
  if (n.kind === 'stock' || n.alias) return { kind: 'box', box: n }
  return { kind: 'circle', c: n, r: n.kind === 'flow' ? VALVE_R : n.kind === 'aux' ? AUX_R : PARAM_R }
}

/** The size of a valve's, an auxiliary's, a parameter's or a lookup's symbol. */
export function symbolSize(kind: StockFlowNodeLayout['kind']): number {
  return 2 * (kind === 'flow' ? VALVE_R : kind === 'aux' ? AUX_R : PARAM_R)
}

/** What an author's view adds: the pipe's points, stocks drawn as aliases, and clouds placed. */
export interface PipeHints {
  points(flow: string): readonly Point[] | undefined
  /** The node a pipe end attaches to (the stock, or its alias nearest `near`). */
  stock(id: string, near: Point | undefined): StockFlowNodeLayout | undefined
  /** A cloud the author placed for this flow near `p`, if any. */
  cloud(flow: string, p: Point): Point | undefined
}

/** Pipes and clouds of every placed flow, given where its valve and its stocks are. */
export function pipesAndClouds(
  nodes: readonly StockFlowNodeLayout[],
  ends: ReadonlyMap<string, { from?: string; to?: string }>,
  cloudAt: (flow: StockFlowNodeLayout, end: 'from' | 'to') => Point,
  hints?: PipeHints,
): Pick<Placed, 'pipes' | 'clouds'> {
  const byId = new Map(nodes.filter((n) => !n.alias).map((n) => [n.id, n]))
  const stockOf = (id: string | undefined, near: Point | undefined) =>
    id === undefined ? undefined : hints ? hints.stock(id, near) : byId.get(id)
  const pipes: PipeLayout[] = []
  const clouds: CloudLayout[] = []
  for (const f of nodes) {
    if (f.kind !== 'flow' || f.alias) continue
    const end = ends.get(f.id) ?? {}
    let points = hints?.points(f.id)
    if (points && points.length < 2) points = undefined
    let from = stockOf(end.from, points?.[0])
    let to = stockOf(end.to, points?.[points.length - 1])
    // A pipe drawn from sink to source runs the other way: the model says which stock it drains.
    if (points && ((from && nearerLast(from, points) > 0) || (to && nearerLast(to, points) < 0))) {
      points = [...points].reverse()
      from = stockOf(end.from, points[0])
      to = stockOf(end.to, points[points.length - 1])
    }
    const placedCloud = (p: Point | undefined) => (p && hints?.cloud(f.id, p)) ?? p
    const fromShape: Shape = from
      ? nodeShape(from)
      : { kind: 'circle', c: placedCloud(points?.[0]) ?? cloudAt(f, 'from'), r: CLOUD_R }
    const toShape: Shape = to
      ? nodeShape(to)
      : { kind: 'circle', c: placedCloud(points?.[points.length - 1]) ?? cloudAt(f, 'to'), r: CLOUD_R }
    if (!from && fromShape.kind === 'circle') clouds.push({ flow: f.id, end: 'from', ...fromShape.c })
    if (!to && toShape.kind === 'circle') clouds.push({ flow: f.id, end: 'to', ...toShape.c })
    const pts = points
      ? pipeFromView(points, from ? undefined : fromShape, to ? undefined : toShape)
      : pipeThrough(fromShape, f, toShape)
    pipes.push({
      flow: f.id,
      ...(from ? { from: from.id } : {}),
      ...(to ? { to: to.id } : {}),
      points: pts,
      valve: { x: f.x, y: f.y },
    })
  }
  return { pipes, clouds }
}

/** Positive when the path's last point is nearer the node than its first, negative when farther. */
function nearerLast(n: Point, points: readonly Point[]): number {
  return dist(points[0]!, n) - dist(points[points.length - 1]!, n)
}

/** A view's pipe points, ends at clouds moved to the cloud and pulled back from its centre to its rim. */
function pipeFromView(points: readonly Point[], fromCloud?: Shape, toCloud?: Shape): Point[] {
  const pts = [...points]
  const last = pts.length - 1
  if (fromCloud?.kind === 'circle') pts[0] = towards(fromCloud.c, pts[1]!, CLOUD_R)
  if (toCloud?.kind === 'circle') pts[last] = towards(toCloud.c, pts[last - 1]!, CLOUD_R)
  return pts
}

function towards(a: Point, b: Point, by: number): Point {
  const d = Math.hypot(b.x - a.x, b.y - a.y)
  return d <= by ? a : { x: a.x + ((b.x - a.x) * by) / d, y: a.y + ((b.y - a.y) * by) / d }
}
