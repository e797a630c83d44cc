/** Layout of a causal-loop diagram: node sizes from their labels, positions from dagre, then links and markers. */
import dagre from '@dagrejs/dagre'
import { boundedLayout } from './bounded-layout.js'
import type { CldGraph, GraphNode } from './cld-graph.js'
import { linkKey } from './cld-graph.js'
import type { Box } from './geometry.js'
import { bounds, sampleSmooth, smoothPathData } from './geometry.js'
import { countCrossings } from './crossings.js'
import type { Direction } from './link-geometry.js'
import {
  axes,
  bowedRoute,
  curveClearOf,
  layeredRoute,
  portOffsets,
  selfLoopRoute,
  sideToward,
  signLabelPoint,
} from './link-geometry.js'
import { MARKER_R, loopCentre, placeMarker, turnsClockwise } from './marker-placement.js'
import { num, round2 } from './svg.js'
import { textWidth, wrapLabel } from './text.js'
import type { CldLayout, CldLinkLayout, CldNodeLayout, LoopMarkerLayout, Point } from './types.js'

/** Label font size and line height of CLD nodes; labels wrap beyond `LABEL_WIDTH`. */
export const FONT_SIZE = 12
export const LINE_HEIGHT = 15
export const LABEL_WIDTH = 112
/** Space around the whole drawing. */
export const MARGIN = 24

/** A node's size from its wrapped label: stocks get a box with padding, other variables just their text. */
export function nodeSize(node: GraphNode): { lines: string[]; width: number; height: number } {
  const lines = wrapLabel(node.name, FONT_SIZE, LABEL_WIDTH)
  const w = Math.max(...lines.map((l) => textWidth(l, FONT_SIZE)))
  const h = lines.length * LINE_HEIGHT
  return node.kind === 'stock' ? { lines, width: w + 18, height: h + 12 } : { lines, width: w + 6, height: h + 2 }
}

/** Lays out the drawn graph: dagre (layered, deterministic) places nodes and routes long links. */
export function layoutCld(
  graph: CldGraph,
  o: { direction?: 'LR' | 'TB'; highlight?: string; top?: number } = {},
): CldLayout {
  const { boxes, routes } = placeNodes(graph, o.direction ?? 'LR')

  const highlighted = graph.loops.find((l) => l.info.id === o.highlight)
  const hiNodes = new Set(highlighted?.nodes ?? [])
  const hiLinks = new Set(highlighted?.links ?? [])

  const direction = o.direction ?? 'LR'
  const links = routeLinks(graph, boxes, routes, direction)

  const linkSamples = links.flatMap(({ points }) => sampleSmooth(points, 8))
  const markers: { id: string; center: Point; clockwise: boolean; loop: (typeof graph.loops)[number] }[] = []
  const circles: { x: number; y: number; r: number }[] = []
  for (const loop of graph.loops) {
    const pts = loop.nodes.map((id) => boxes.get(id)!).filter((b) => b !== undefined)
    if (pts.length === 0) continue
    // Near the centre, a spot off the links too; failing that, one clear of nodes and markers only.
    const c = loopCentre(pts)
    const nodeBoxes = [...boxes.values()]
    const center =
      placeMarker(c, { boxes: nodeBoxes, circles, points: linkSamples }, { rings: 6 }) ??
      placeMarker(c, { boxes: nodeBoxes, circles }) ??
      c
    circles.push({ ...center, r: MARKER_R })
    markers.push({ id: loop.info.id, center, clockwise: turnsClockwise(pts), loop })
  }

  // Shift everything so the drawing starts at MARGIN (below a title, if any).
  const extent = bounds([
    ...[...boxes.values()].flatMap((b) => [
      { x: b.x - b.width / 2, y: b.y - b.height / 2 },
      { x: b.x + b.width / 2, y: b.y + b.height / 2 },
    ]),
    ...links.flatMap(({ points }) => [...points, signLabelPoint(points)]),
    ...markers.flatMap((m) => [
      { x: m.center.x - MARKER_R - 6, y: m.center.y - MARKER_R - 6 },
      { x: m.center.x + MARKER_R + 6, y: m.center.y + MARKER_R + 6 },
    ]),
  ])
  const dx = MARGIN - extent.minX
  const dy = MARGIN + (o.top ?? 0) - extent.minY
  const at = (p: Point): Point => ({ x: round2(p.x + dx), y: round2(p.y + dy) })

  const nodes: CldNodeLayout[] = graph.nodes.map((n) => {
    const b = boxes.get(n.id)!
    const c = at(b)
    const s = nodeSize(n)
    return {
      id: n.id,
      name: n.name,
      kind: n.kind,
      x: c.x,
      y: c.y,
      width: round2(b.width),
      height: round2(b.height),
      lines: s.lines,
      highlighted: hiNodes.has(n.id),
    }
  })
  const linkLayouts: CldLinkLayout[] = links.map(({ l, points }) => {
    const shifted = points.map(at)
    return {
      from: l.from,
      to: l.to,
      ...(l.polarity ? { polarity: l.polarity } : {}),
      delayed: l.delayed,
      via: l.via,
      points: shifted,
      path: smoothPathData(shifted, num),
      label: at(signLabelPoint(points)),
      highlighted: hiLinks.has(linkKey(l.from, l.to)),
    }
  })
  const loops: LoopMarkerLayout[] = markers.map((m) => {
    const c = at(m.center)
    return {
      id: m.id,
      ...(m.loop.info.name !== undefined ? { name: m.loop.info.name } : {}),
      polarity: m.loop.info.polarity,
      x: c.x,
      y: c.y,
      r: MARKER_R,
      clockwise: m.clockwise,
      nodes: m.loop.nodes,
      links: m.loop.links,
      highlighted: m.loop === highlighted,
    }
  })
  return {
    width: round2(extent.maxX - extent.minX + 2 * MARGIN),
    height: round2(extent.maxY - extent.minY + 2 * MARGIN + (o.top ?? 0)),
    nodes,
    links: linkLayouts,
    loops,
  }
}

/** Dagre's rankers, tried in this order; the layout with the fewest crossings wins (the first on ties). */
const RANKERS = ['network-simplex', 'longest-path', 'tight-tree'] as const

/** Node boxes (centres) and each link's interior route corners, before shifting into the margin. */
interface Placement {
  readonly boxes: ReadonlyMap<string, Box>
  readonly routes: ReadonlyMap<string, readonly Point[]>
}

/**
 * Places the nodes with dagre, once per ranker, and keeps the placement whose routed links cross least.
 * The greedy feedback-arc-set acyclicer reverses far fewer links of a loop-rich graph than dagre's DFS
 * default, which keeps loops compact (12 ranks instead of 37 for the involution model's named loops).
 */
export function placeNodes(graph: Pick<CldGraph, 'nodes' | 'links'>, direction: 'LR' | 'TB'): Placement {
  // Highlighting a loop re-renders the same graph: remember the last few placements (same input, same output).
  const key = JSON.stringify([
    direction,
    graph.nodes.map((n) => [n.id, n.name, n.kind]),
    graph.links.map((l) => [l.from, l.to]),
  ])
  const cached = placements.get(key)
  if (cached) return cached
  const placed = computePlacement(graph, direction)
  placements.set(key, placed)
  if (placements.size > 8) placements.delete(placements.keys().next().value!)
  return placed
}

const placements = new Map<string, Placement>()

function computePlacement(graph: Pick<CldGraph, 'nodes' | 'links'>, direction: 'LR' | 'TB'): Placement {
  let best: (Placement & { crossings: number }) | undefined
  // Links left out of one ranker's layout (over dagre's budget: see `boundedLayout`) are left out of the
  // next ones' too, as finding them costs a ranking with all their dummy nodes (seconds for a large graph).
  const leftOut = new Set<string>()
  for (const ranker of RANKERS) {
    const g = new dagre.graphlib.Graph<
      Record<string, unknown>,
      { width: number; height: number; x?: number; y?: number },
      { points?: Point[] }
    >()
    g.setGraph({ rankdir: direction, ranker, acyclicer: 'greedy', nodesep: 26, ranksep: 64, edgesep: 14 })
    g.setDefaultEdgeLabel(() => ({}))
    for (const n of graph.nodes) {
      const s = nodeSize(n)
      g.setNode(n.id, { width: s.width + 8, height: s.height + 8 })
    }
    for (const l of graph.links) {
      if (l.from !== l.to && !leftOut.has(linkKey(l.from, l.to))) g.setEdge(l.from, l.to, {})
    }
    for (const e of boundedLayout(g)) leftOut.add(linkKey(e.v, e.w))
    const boxes = new Map<string, Box>()
    for (const n of graph.nodes) {
      const d = g.node(n.id)
      const s = nodeSize(n)
      boxes.set(n.id, { x: d.x ?? 0, y: d.y ?? 0, width: s.width, height: s.height })
    }
    const routes = new Map<string, readonly Point[]>()
    for (const l of graph.links) {
      if (l.from !== l.to) routes.set(linkKey(l.from, l.to), (g.edge(l.from, l.to)?.points ?? []).slice(1, -1))
    }
    const crossings = countCrossings(
      graph.links
        .filter((l) => l.from !== l.to)
        .map((l) => [boxes.get(l.from)!, ...routes.get(linkKey(l.from, l.to))!, boxes.get(l.to)!]),
    )
    if (!best || crossings < best.crossings) best = { boxes, routes, crossings }
  }
  return best!
}

/**
 * Every link's corners: self-links loop over their node; the others run between ports on the sides of
 * their nodes. Ends sharing a side are spread across it in the order their routes approach it, so
 * arrowheads do not pile up and links both ways between two nodes run side by side.
 */
export function routeLinks(
  graph: Pick<CldGraph, 'links'>,
  boxes: ReadonlyMap<string, Box>,
  routes: ReadonlyMap<string, readonly Point[]>,
  direction: Direction,
): { l: CldGraph['links'][number]; points: Point[] }[] {
  const { main, cross } = axes(direction)
  type End = { link: number; end: 'start' | 'tip'; approach: number }
  const sides = new Map<string, End[]>()
  graph.links.forEach((l, i) => {
    if (l.from === l.to) return
    const a = boxes.get(l.from)!
    const b = boxes.get(l.to)!
    const route = routes.get(linkKey(l.from, l.to)) ?? []
    const first = route[0] ?? b
    const last = route[route.length - 1] ?? a
    const sa = `${l.from}|${sideToward(a, first, direction)}`
    const sb = `${l.to}|${sideToward(b, last, direction)}`
    // Order by where the link comes from across the rank axis; a neighbour in the next rank counts by its position.
    const approachA = route.length > 1 ? first[cross] : b[cross]
    const approachB = route.length > 1 ? last[cross] : a[cross]
    if (!sides.has(sa)) sides.set(sa, [])
    if (!sides.has(sb)) sides.set(sb, [])
    sides.get(sa)!.push({ link: i, end: 'start', approach: approachA })
    sides.get(sb)!.push({ link: i, end: 'tip', approach: approachB })
  })
  const offsets = new Map<string, number>()
  for (const [key, ends] of sides) {
    const box = boxes.get(key.slice(0, key.lastIndexOf('|')))!
    ends.sort((p, q) => p.approach - q.approach || p.link - q.link)
    const offs = portOffsets(ends.length, main === 'x' ? box.height : box.width)
    ends.forEach((e, k) => offsets.set(`${e.link}|${e.end}`, offs[k]!))
  }
  return graph.links.map((l, i) => {
    const a = boxes.get(l.from)!
    if (l.from === l.to) return { l, points: selfLoopRoute(a, direction) }
    const b = boxes.get(l.to)!
    const route = routes.get(linkKey(l.from, l.to)) ?? []
    const points = layeredRoute(a, b, route, direction, offsets.get(`${i}|start`) ?? 0, offsets.get(`${i}|tip`) ?? 0)
    if (route.length > 1) return { l, points }
    // Between neighbouring ranks, the classic bowed arc reads best, unless it would cut through a node.
    const bowed = bowedRoute(points[0]!, points[points.length - 1]!)
    const others = [...boxes].filter(([id]) => id !== l.from && id !== l.to).map(([, box]) => box)
    return { l, points: curveClearOf(bowed, others) ? bowed : points }
  })
}
