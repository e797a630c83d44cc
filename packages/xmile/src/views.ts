import { canonicalId } from '@stockflow/model'
import type { VarId, View, ViewItem } from '@stockflow/model'
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
 * are elements of the imported model (`prefix` qualifies names inside module instances).
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
  const container = child(def.node, 'views')
  for (const view of container ? childrenOf(container, 'view') : []) {
    const type = view.attrs.get('type') ?? 'stock_flow'
    if (type !== 'stock_flow' || view.attrs.get('name') === 'interface') continue
    const items = view.children.flatMap((n) => {
      const it = PLACED.has(n.tag) ? item(n, idOf(n.attrs.get('name'))) : undefined
      return it ? [it] : []
    })
    if (items.length > 0) views.push({ ...(viewName ? { name: viewName } : {}), items })
  }
  if (!container) {
    const items = def.variables.flatMap((v) => {
      const display = child(v.node, 'display')
      const it = display ? item(display, idOf(v.name)) : undefined
      return it ? [it] : []
    })
    if (items.length > 0) views.push({ ...(viewName ? { name: viewName } : {}), items })
  }
  return views
}
