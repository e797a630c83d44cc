/** Layout of a stock-and-flow diagram: the author's view positions, or dagre with pipes kept straight. */
import dagre from '@dagrejs/dagre'
import { dependencyGraph } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { boundedLayout } from './bounded-layout.js'
import { elementResolver } from './cld-graph.js'
import { bounds, sub } from './geometry.js'
import { alignPipes } from './pipe-alignment.js'
import { packStockFlow } from './sf-pack.js'
import { round2 } from './svg.js'
import { CLOUD_R, SF_FONT_SIZE, SF_LABEL_WIDTH, SF_LINE_HEIGHT, connectorCurve } from './stock-flow-geometry.js'
import type { Placed } from './stock-flow-pipes.js'
import { nodeShape, pipesAndClouds, symbolSize } from './stock-flow-pipes.js'
import { fromView } from './stock-flow-view.js'
import { stockSize } from './sf-footprint.js'
import { textWidth, wrapLabel } from './text.js'
import type { ConnectorLayout, Point, StockFlowLayout, StockFlowNodeLayout, StockFlowOptions } from './types.js'

const MARGIN = 24

/** A stock box wide enough for its label inside (auto layout). */
export { stockSize }

/** What the automatic layout draws: lookups only where a view places them. */
type Drawn = Extract<Element, { kind: 'stock' | 'flow' | 'aux' | 'param' }>

/** The stock a flow drains and the stock it fills (undefined: a cloud), by the stocks' flow lists. */
export function flowEnds(model: Model): Map<string, { from?: string; to?: string }> {
  const ends = new Map<string, { from?: string; to?: string }>()
  for (const e of model.elements) if (e.kind === 'flow') ends.set(e.id, {})
  for (const s of model.elements) {
    if (s.kind !== 'stock') continue
    for (const f of s.outflows) {
      const end = ends.get(f)
      if (end && end.from === undefined) end.from = s.id
    }
    for (const f of s.inflows) {
      const end = ends.get(f)
      if (end && end.to === undefined) end.to = s.id
    }
  }
  return ends
}

/** Lays out a stock-and-flow diagram (see LAYOUT.md for the coordinates). */
export function layoutStockFlow(model: Model, options: StockFlowOptions = {}): StockFlowLayout {
  const resolve = elementResolver(model)
  const only = options.nodes && new Set(options.nodes.map((ref) => resolve(ref)?.id))
  const view = options.arranged ?? (options.autoLayout ? undefined : model.views?.[options.view ?? 0])
  // A view may place lookups (Vensim draws its tables): drawn there, shown or hidden with parameters.
  const drawn = model.elements.filter(
    (e) =>
      (only ? only.has(e.id) : (e.kind !== 'param' && e.kind !== 'lookup') || options.params !== false) &&
      (e.kind !== 'lookup' || view !== undefined),
  )
  const ends = flowEnds(model)
  const placed: Placed & { connectors?: ConnectorLayout[] } = view
    ? fromView(drawn, view, ends)
    : drawn.length <= DAGRE_LIMIT
      ? automatic(drawn as Drawn[], model, ends)
      : packed(drawn as Drawn[], model, ends, options.aspect)

  const byId = new Map(placed.nodes.filter((n) => !n.alias).map((n) => [n.id, n]))
  let connectors: ConnectorLayout[] = []
  if (options.connectors !== false && placed.connectors) connectors = placed.connectors
  else if (options.connectors !== false) {
    const seen = new Set<string>()
    for (const e of dependencyGraph(model).edges) {
      if (e.kind !== 'equation') continue
      const a = byId.get(e.from)
      const b = byId.get(e.to)
      const key = `${e.from}->${e.to}`
      if (!a || !b || a === b || b.kind === 'stock' || seen.has(key)) continue
      seen.add(key)
      connectors.push({ from: e.from, to: e.to, ...connectorCurve(nodeShape(a), nodeShape(b)) })
    }
  }

  // Shift so the drawing starts at the margin, and round what is reported.
  const labelRoom = 2 * SF_LINE_HEIGHT + 6
  const ext = bounds([
    ...placed.nodes.flatMap((n) => [
      { x: n.x - Math.max(n.width, SF_LABEL_WIDTH) / 2, y: n.y - n.height / 2 },
      {
        x: n.x + Math.max(n.width, SF_LABEL_WIDTH) / 2,
        y: n.y + n.height / 2 + ((n.kind === 'stock' && !view) || n.alias ? 0 : labelRoom),
      },
    ]),
    ...placed.pipes.flatMap((p) => p.points),
    ...placed.clouds.flatMap((c) => [
      { x: c.x - CLOUD_R, y: c.y - CLOUD_R },
      { x: c.x + CLOUD_R, y: c.y + CLOUD_R },
    ]),
    ...connectors.map((c) => c.control),
  ])
  const top = options.title ? 28 : 0
  const shift = { x: ext.minX - MARGIN, y: ext.minY - MARGIN - top }
  const at = (p: Point): Point => {
    const q = sub(p, shift)
    return { x: round2(q.x), y: round2(q.y) }
  }
  return {
    width: round2(ext.maxX - ext.minX + 2 * MARGIN),
    height: round2(ext.maxY - ext.minY + 2 * MARGIN + top),
    source: view ? 'view' : 'auto',
    nodes: placed.nodes.map((n) => ({ ...n, ...at(n), width: round2(n.width), height: round2(n.height) })),
    pipes: placed.pipes.map((p) => ({ ...p, points: p.points.map(at), valve: at(p.valve) })),
    clouds: placed.clouds.map((c) => ({ ...c, ...at(c) })),
    connectors: connectors.map((c): ConnectorLayout => ({
      ...c,
      start: at(c.start),
      control: at(c.control),
      end: at(c.end),
    })),
  }
}

/**
 * Variables the automatic layout gives to dagre at most: small models read best its way, and beyond
 * this it takes seconds and draws long, tangled pipes; larger ones are packed (`sf-pack.ts`).
 */
export const DAGRE_LIMIT = 40

/** The packed layout of `drawn`, its flows' ends cut to the stocks drawn. */
function packed(
  drawn: readonly Drawn[],
  model: Model,
  ends: ReadonlyMap<string, { from?: string; to?: string }>,
  aspect: number | undefined,
): Placed {
  const ids = new Set(drawn.map((e) => e.id))
  const kept = new Map(
    [...ends].map(([f, e]) => [
      f,
      {
        ...(e.from !== undefined && ids.has(e.from) ? { from: e.from } : {}),
        ...(e.to !== undefined && ids.has(e.to) ? { to: e.to } : {}),
      },
    ]),
  )
  const links = dependencyGraph(model).edges.filter((e) => e.kind === 'equation' && ids.has(e.from) && ids.has(e.to))
  return packStockFlow({ elements: drawn, ends: kept, links, ...(aspect !== undefined ? { aspect } : {}) })
}

/**
 * Dagre, left to right: stocks, valves and clouds chained along their pipes (heavy edges, kept straight),
 * auxiliaries and parameters pulled toward what they feed (light edges). Labels of valves and circles sit
 * below them; their nodes reserve as much room above so the symbol stays at the node's centre.
 */
function automatic(
  drawn: readonly Drawn[],
  model: Model,
  ends: ReadonlyMap<string, { from?: string; to?: string }>,
): Placed {
  const g = new dagre.graphlib.Graph<
    Record<string, unknown>,
    { width: number; height: number; x?: number; y?: number },
    { weight?: number; minlen?: number }
  >()
  g.setGraph({ rankdir: 'LR', acyclicer: 'greedy', nodesep: 30, ranksep: 46 })
  g.setDefaultEdgeLabel(() => ({}))
  const ids = new Set(drawn.map((e) => e.id))
  const v = (id: string) => `v\u0001${id}`
  const cloud = (flow: string, end: string) => `c\u0001${flow}\u0001${end}`
  const pipes: [string, string][] = []
  for (const e of drawn) {
    if (e.kind === 'stock') {
      g.setNode(v(e.id), stockSize(e.name))
      continue
    }
    const lines = wrapLabel(e.name, SF_FONT_SIZE, SF_LABEL_WIDTH)
    const labelW = Math.max(...lines.map((l) => textWidth(l, SF_FONT_SIZE)))
    const s = symbolSize(e.kind)
    g.setNode(v(e.id), { width: Math.max(s, labelW), height: s + 2 * (lines.length * SF_LINE_HEIGHT + 4) })
  }
  for (const e of drawn) {
    if (e.kind !== 'flow') continue
    const end = ends.get(e.id) ?? {}
    const src = end.from !== undefined && ids.has(end.from) ? v(end.from) : cloud(e.id, 'from')
    const dst = end.to !== undefined && ids.has(end.to) ? v(end.to) : cloud(e.id, 'to')
    if (src !== v(end.from ?? '')) g.setNode(src, { width: 2 * CLOUD_R, height: 2 * CLOUD_R })
    if (dst !== v(end.to ?? '')) g.setNode(dst, { width: 2 * CLOUD_R, height: 2 * CLOUD_R })
    g.setEdge(src, v(e.id), { weight: 10 })
    g.setEdge(v(e.id), dst, { weight: 10 })
    pipes.push([src, v(e.id)], [v(e.id), dst])
  }
  for (const edge of dependencyGraph(model).edges) {
    if (edge.kind !== 'equation' || !ids.has(edge.from) || !ids.has(edge.to) || edge.from === edge.to) continue
    if (g.hasEdge(v(edge.from), v(edge.to)) || g.hasEdge(v(edge.to), v(edge.from))) continue
    g.setEdge(v(edge.from), v(edge.to), { weight: 1 })
  }
  boundedLayout(g)
  const items = g.nodes().map((key) => {
    const d = g.node(key)
    return { key, x: d.x ?? 0, y: d.y ?? 0, width: d.width, height: d.height }
  })
  const rows = alignPipes(items, pipes)
  const nodes: StockFlowNodeLayout[] = drawn.map((e) => {
    const d = g.node(v(e.id))
    const size = e.kind === 'stock' ? stockSize(e.name) : { width: symbolSize(e.kind), height: symbolSize(e.kind) }
    return { id: e.id, name: e.name, kind: e.kind, x: d.x ?? 0, y: rows.get(v(e.id)) ?? 0, ...size }
  })
  const cloudAt = (f: StockFlowNodeLayout, end: 'from' | 'to') => {
    const d = g.node(cloud(f.id, end))
    return { x: d?.x ?? f.x, y: rows.get(cloud(f.id, end)) ?? f.y }
  }
  return { nodes, ...pipesAndClouds(nodes, ends, cloudAt) }
}
