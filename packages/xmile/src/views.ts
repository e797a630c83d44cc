import { canonicalId } from '@stockflow/model'
import type { VarId, View, ViewItem, ViewLink } from '@stockflow/model'
import { arcMidpoint } from './view-arcs.js'
import type { ModelDefinition } from './variables.js'
import { displayName } from './variables.js'
import type { XmlNode } from './xml.js'
import { child, childrenOf } from './xml.js'

const PLACED = new Set(['stock', 'flow', 'aux', 'gf'])

function num(node: XmlNode, key: string): number | undefined {
  const text = node.attrs.get(key)
  if (text === undefined || text.trim() === '') return undefined
  const v = Number(text)
  return Number.isFinite(v) ? v : undefined
}

/** One diagram item from an element with `x`/`y` (and a flow's `<pts>`), if it names a model element. */
function item(node: XmlNode, id: VarId | undefined): ViewItem | undefined {
  const x = num(node, 'x')
  const y = num(node, 'y')
  if (id === undefined || x === undefined || y === undefined) return undefined
  const out: { -readonly [K in keyof ViewItem]: ViewItem[K] } = { id, x, y }
  const width = num(node, 'width')
  const height = num(node, 'height')
  if (width !== undefined) out.width = width
  if (height !== undefined) out.height = height
  const pts = child(node, 'pts')
  if (pts) {
    const points = childrenOf(pts, 'pt').flatMap((pt): [number, number][] => {
      const px = num(pt, 'x')
      const py = num(pt, 'y')
      return px === undefined || py === undefined ? [] : [[px, py]]
    })
    if (points.length > 0) out.points = points
  }
  return out
}

/**
 * Diagram positions of one `<model>`: each stock-and-flow `<view>` (interface pages are skipped),
 * or, in the pre-1.0 Stella format, each variable's `<display>`. Items are kept only for names that
 * are elements of the imported model (`prefix` qualifies names inside module instances). A view's
 * `<alias>`es are alias items and its `<connector>`s its links, each arc bent through its midpoint.
 */
export function readViews(
  def: ModelDefinition,
  prefix: string,
  known: (id: VarId) => boolean,
  viewName?: string,
): View[] {
  const idOf = (raw: string | undefined) => {
    if (raw === undefined) return undefined
    const id = canonicalId(prefix + displayName(raw))
    return known(id) ? id : undefined
  }
  const views: View[] = []
  const named = viewName ? { name: viewName } : {}
  const container = child(def.node, 'views')
  for (const view of container ? childrenOf(container, 'view') : []) {
    const type = view.attrs.get('type') ?? 'stock_flow'
    if (type !== 'stock_flow' || view.attrs.get('name') === 'interface') continue
    const items = view.children.flatMap((n) => {
      const it = PLACED.has(n.tag) ? item(n, idOf(n.attrs.get('name'))) : n.tag === 'alias' ? alias(n, idOf) : undefined
      return it ? [it] : []
    })
    const links = view.children.flatMap((n) => (n.tag === 'connector' ? connector(n, idOf, items) : []))
    if (items.length > 0) views.push({ ...named, items, ...(links.length > 0 ? { links } : {}) })
  }
  if (!container) {
    const items = def.variables.flatMap((v) => {
      const display = child(v.node, 'display')
      const it = display ? item(display, idOf(v.name)) : undefined
      return it ? [it] : []
    })
    if (items.length > 0) views.push({ ...named, items })
  }
  return views
}

/** `<alias uid x y><of>name</of></alias>`. */
function alias(node: XmlNode, idOf: (raw: string | undefined) => VarId | undefined): ViewItem | undefined {
  const it = item(node, idOf(child(node, 'of')?.text))
  if (!it) return undefined
  const uid = num(node, 'uid')
  const { points: _points, ...placed } = it
  return { ...placed, kind: 'alias', ...(uid !== undefined && Number.isInteger(uid) ? { uid } : {}) }
}

/** One end of a connector: a name, or an `<alias uid>` inside. */
function connectorEnd(
  node: XmlNode | undefined,
  idOf: (raw: string | undefined) => VarId | undefined,
  items: readonly ViewItem[],
): { item: ViewItem; alias?: number } | undefined {
  if (!node) return undefined
  const ref = child(node, 'alias')
  if (ref) {
    const uid = num(ref, 'uid')
    const it = items.find((i) => i.kind === 'alias' && i.uid === uid)
    return it && uid !== undefined ? { item: it, alias: uid } : undefined
  }
  const id = idOf(node.text)
  const it = items.find((i) => i.id === id && i.kind === undefined)
  return it ? { item: it } : undefined
}

/** `<connector angle><from>…</from><to>…</to></connector>` between items of the view. */
function connector(
  node: XmlNode,
  idOf: (raw: string | undefined) => VarId | undefined,
  items: readonly ViewItem[],
): ViewLink[] {
  const from = connectorEnd(child(node, 'from'), idOf, items)
  const to = connectorEnd(child(node, 'to'), idOf, items)
  if (!from || !to) return []
  const angle = num(node, 'angle')
  const via = angle === undefined ? undefined : arcMidpoint([from.item.x, from.item.y], [to.item.x, to.item.y], angle)
  const round = (v: number) => Math.round(v * 100) / 100
  return [
    {
      from: from.item.id,
      to: to.item.id,
      ...(from.alias !== undefined ? { fromAlias: from.alias } : {}),
      ...(to.alias !== undefined ? { toAlias: to.alias } : {}),
      ...(via ? { points: [[round(via[0]), round(via[1])] as const] } : {}),
    },
  ]
}
