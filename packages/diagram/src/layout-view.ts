/** A drawn stock-and-flow layout turned back into a model view, so an arrangement or an automatic layout can be kept. */
import type { View, ViewItem, ViewLink } from '@stockflow/model'
import { mid } from './geometry.js'
import type { CloudLayout, PipeLayout, Point, StockFlowLayout } from './types.js'

const r2 = (n: number): number => Math.round(n * 100) / 100

/**
 * The view that draws `layout` again as it is (up to a shift into the margin): every node's centre, a
 * stock's size, a flow's pipe, aliases with their uids, clouds, and one link per connector between the
 * elements' own items (bent through the connector's halfway point, so it is drawn with the same curve).
 */
export function layoutToView(layout: StockFlowLayout, name?: string): View {
  const items: ViewItem[] = []
  const pipes = new Map(layout.pipes.map((p) => [p.flow, p]))
  const clouds = new Map(layout.clouds.map((c) => [`${c.flow}\u0001${c.end}`, c]))
  for (const n of layout.nodes) {
    const at = { id: n.id, x: r2(n.x), y: r2(n.y) }
    if (n.alias) {
      items.push({ ...at, kind: 'alias', ...(n.uid !== undefined ? { uid: n.uid } : {}) })
      continue
    }
    const pipe = n.kind === 'flow' ? pipes.get(n.id) : undefined
    items.push({
      ...at,
      ...(n.kind === 'stock' ? { width: r2(n.width), height: r2(n.height) } : {}),
      ...(pipe ? { points: pipePoints(pipe, clouds) } : {}),
    })
  }
  for (const c of layout.clouds) items.push({ id: c.flow, x: r2(c.x), y: r2(c.y), kind: 'cloud' })
  const own = new Map(layout.nodes.filter((n) => !n.alias).map((n) => [n.id, n]))
  const links: ViewLink[] = []
  for (const c of layout.connectors) {
    const a = own.get(c.from)
    const b = own.get(c.to)
    if (!a || !b) continue
    // A quadratic Bézier passes halfway through the midpoint of its control point and its ends' midpoint.
    const via = mid(c.control, mid(a, b))
    links.push({
      from: c.from,
      to: c.to,
      points: [[r2(via.x), r2(via.y)]],
      ...(c.polarity ? { polarity: c.polarity } : {}),
    })
  }
  return { ...(name !== undefined ? { name } : {}), items, ...(links.length ? { links } : {}) }
}

/** A pipe's points, an end in a cloud at the cloud's centre (as Vensim and XMILE keep it; drawn at its rim). */
function pipePoints(pipe: PipeLayout, clouds: ReadonlyMap<string, CloudLayout>): (readonly [number, number])[] {
  const pts: Point[] = [...pipe.points]
  const from = pipe.from === undefined ? clouds.get(`${pipe.flow}\u0001from`) : undefined
  const to = pipe.to === undefined ? clouds.get(`${pipe.flow}\u0001to`) : undefined
  if (from) pts[0] = from
  if (to) pts[pts.length - 1] = to
  return pts.map((p) => [r2(p.x), r2(p.y)] as const)
}
