/** An author's view drawn as placed: elements, their aliases, the clouds and the connectors drawn. */
import type { Element, View, ViewItem, ViewLink } from '@stockflow/model'
import { dist } from './geometry.js'
import {
  CLOUD_R,
  SF_FONT_SIZE,
  SF_LABEL_WIDTH,
  SF_LINE_HEIGHT,
  VIEW_STOCK_HEIGHT,
  VIEW_STOCK_WIDTH,
  connectorThrough,
} from './stock-flow-geometry.js'
import type { Placed } from './stock-flow-pipes.js'
import { nodeShape, pipesAndClouds, symbolSize } from './stock-flow-pipes.js'
import { textWidth, wrapLabel } from './text.js'
import type { ConnectorLayout, Point, StockFlowNodeLayout } from './types.js'

/** How far from a pipe's end a cloud the author placed may sit and still be that end's cloud. */
const CLOUD_REACH = 4 * CLOUD_R

/** An alias's label: the name in angle brackets, as Vensim draws a shadow variable. */
export function aliasLabel(name: string): string[] {
  return wrapLabel(`<${name}>`, SF_FONT_SIZE, SF_LABEL_WIDTH)
}

/**
 * Positions from a view: x, y are centres; elements without an item are not drawn. Aliases are nodes
 * of their own (`alias: true`, after the elements); a pipe may end at a stock's alias. The view's
 * `links`, when it has them, are the connectors drawn (`connectors`); else the caller draws its own.
 */
export function fromView(
  drawn: readonly Element[],
  view: View,
  ends: ReadonlyMap<string, { from?: string; to?: string }>,
): Placed & { connectors?: ConnectorLayout[] } {
  const elements = new Map(drawn.map((e) => [e.id, e]))
  const nodes: StockFlowNodeLayout[] = []
  const aliases: StockFlowNodeLayout[] = []
  const placedClouds = new Map<string, Point[]>()
  const pipePoints = new Map<string, Point[]>()
  const own = new Map<string, ViewItem>()
  for (const item of view.items) {
    if (item.kind === 'cloud') {
      placedClouds.set(item.id, [...(placedClouds.get(item.id) ?? []), { x: item.x, y: item.y }])
      continue
    }
    const e = elements.get(item.id)
    if (!e) continue
    if (item.kind !== 'alias') {
      if (!own.has(e.id)) own.set(e.id, item)
      continue
    }
    const lines = aliasLabel(e.name)
    aliases.push({
      id: e.id,
      name: e.name,
      kind: e.kind,
      x: item.x,
      y: item.y,
      width: Math.max(...lines.map((l) => textWidth(l, SF_FONT_SIZE))) + 6,
      height: lines.length * SF_LINE_HEIGHT + 4,
      alias: true,
      ...(item.uid !== undefined ? { uid: item.uid } : {}),
    })
  }
  // The elements in model order, then the aliases in the view's.
  for (const e of drawn) {
    const item = own.get(e.id)
    if (!item) continue
    const size = e.kind === 'stock' ? undefined : symbolSize(e.kind)
    nodes.push({
      id: e.id,
      name: e.name,
      kind: e.kind,
      x: item.x,
      y: item.y,
      width: e.kind === 'stock' ? (item.width ?? VIEW_STOCK_WIDTH) : size!,
      height: e.kind === 'stock' ? (item.height ?? VIEW_STOCK_HEIGHT) : size!,
    })
    if (item.points)
      pipePoints.set(
        e.id,
        item.points.map(([x, y]) => ({ x, y })),
      )
  }
  const primary = new Map(nodes.map((n) => [n.id, n]))
  const nearest = <P extends Point>(candidates: readonly P[], p: Point | undefined): P | undefined =>
    p === undefined ? candidates[0] : [...candidates].sort((a, b) => dist(a, p) - dist(b, p))[0]
  const all = [...nodes, ...aliases]
  const { pipes, clouds } = pipesAndClouds(all, ends, (f, end) => ({ x: f.x + (end === 'from' ? -60 : 60), y: f.y }), {
    points: (flow) => pipePoints.get(flow),
    stock: (id, near) => {
      const own = primary.get(id)
      const stocks = [...(own ? [own] : []), ...aliases.filter((a) => a.id === id)]
      return nearest(
        stocks.filter((s) => s.kind === 'stock'),
        near,
      )
    },
    cloud: (flow, p) => {
      const c = nearest(placedClouds.get(flow) ?? [], p)
      return c && dist(c, p) <= CLOUD_REACH ? c : undefined
    },
  })
  const out: Placed & { connectors?: ConnectorLayout[] } = { nodes: all, pipes, clouds }
  if (view.links) out.connectors = authoredConnectors(view.links, primary, aliases)
  return out
}

/** The view's links between drawn nodes, each from its own item or from the alias it names. */
function authoredConnectors(
  links: readonly ViewLink[],
  primary: ReadonlyMap<string, StockFlowNodeLayout>,
  aliases: readonly StockFlowNodeLayout[],
): ConnectorLayout[] {
  const byUid = new Map(aliases.flatMap((a) => (a.uid === undefined ? [] : [[a.uid, a] as const])))
  const node = (id: string, alias: number | undefined) => {
    const n = alias === undefined ? primary.get(id) : byUid.get(alias)
    return n?.id === id ? n : undefined
  }
  const out: ConnectorLayout[] = []
  for (const l of links) {
    const a = node(l.from, l.fromAlias)
    const b = node(l.to, l.toAlias)
    if (!a || !b || a === b) continue
    const mid = l.points?.[Math.floor((l.points.length - 1) / 2)]
    const via = mid && { x: mid[0], y: mid[1] }
    out.push({
      from: l.from,
      to: l.to,
      ...connectorThrough(nodeShape(a), nodeShape(b), via),
      ...(l.polarity ? { polarity: l.polarity } : {}),
    })
  }
  return out
}
