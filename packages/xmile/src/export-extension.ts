import { canonicalId } from '@stockflow/model'
import type { Dimension, DimensionMapping, Element, Model, NamedLoop, Scenario, ViewItem } from '@stockflow/model'
import { formatNumber } from '@stockflow/model/internal'
import { STOCKFLOW_NAMESPACE } from './export.js'
import { displayName } from './variables.js'
import type { XmlNode } from './xml.js'
import { child, childrenOf, parseXml } from './xml.js'

/**
 * Restores what exportXmile wrote for stockflow alone: the model's doc, view names, loose view items
 * (clouds among them) and flows drawn without a pipe, which auxiliaries without inputs are parameters and which are not, a lookup's units, doc and range,
 * scenarios and named loops (all in `<stockflow:model>`, found by namespace, whatever its prefix),
 * and min/max from standard `<range>` where the model read from `xml` has none. A file without the
 * extension gives the model back unchanged but for `<range>`.
 */
export function applyStockflowExtension(model: Model, xml: string, file = 'model.xmile'): Model {
  const { root } = parseXml(xml, file)
  const models = childrenOf(root, 'model')
  const rootModel = models.find((m) => !m.attrs.has('name')) ?? models[0]
  if (!rootModel) return model
  const ranges = readRanges(rootModel)
  const withEqn = readWithEquation(rootModel)
  const prefix = [...root.attrs].find(([k, v]) => k.startsWith('xmlns:') && v === STOCKFLOW_NAMESPACE)?.[0].slice(6)
  const ext = prefix === undefined ? undefined : child(rootModel, `${prefix}:model`)
  const tag = (name: string) => `${prefix}:${name}`
  const kinds = new Map<string, XmlNode>()
  for (const n of ext ? childrenOf(ext, tag('element')) : []) {
    const name = n.attrs.get('name')
    if (name !== undefined) kinds.set(canonicalId(displayName(name)), n)
  }
  const elements = model.elements.map((e) =>
    restoreElement(e, kinds.get(e.id), ranges.get(e.id), tag, withEqn.has(e.id)),
  )
  const out: { -readonly [K in keyof Model]: Model[K] } = { ...model, elements }
  if (!ext) return out

  const dims = childrenOf(ext, tag('dimension'))
  if (dims.length > 0 && model.dimensions) out.dimensions = restoreDimensions(model.dimensions, dims, tag)

  const doc = child(ext, tag('doc'))
  if (doc) out.doc = doc.text
  const views = (model.views ?? []).map((v) => ({ ...v, items: [...v.items] }))
  for (const n of childrenOf(ext, tag('view'))) {
    const index = Number(n.attrs.get('index'))
    const name = n.attrs.get('name')
    if (views[index] && name !== undefined) views[index] = { ...views[index], name }
  }
  for (const n of childrenOf(ext, tag('unpiped'))) {
    const index = Number(n.attrs.get('view'))
    const id = n.attrs.get('id')
    const view = views[index]
    if (!view || id === undefined) continue
    views[index] = {
      ...view,
      items: view.items.map((item) => {
        if (item.id !== id || item.kind !== undefined) return item
        const { points: _points, ...rest } = item
        return rest
      }),
    }
  }
  for (const n of childrenOf(ext, tag('item'))) {
    const index = Number(n.attrs.get('view'))
    const item = viewItem(n, tag)
    if (!item || !Number.isInteger(index) || index < 0) continue
    while (views.length <= index) views.push({ items: [] })
    // Applying the extension twice must not add the item twice.
    const same = (i: ViewItem) =>
      i.id === item.id && i.kind === item.kind && (!i.kind || (i.x === item.x && i.y === item.y))
    if (views[index]!.items.some(same)) continue
    views[index] = { ...views[index]!, items: [...views[index]!.items, item] }
  }
  if (views.length > 0) out.views = views
  const scenarios = childrenOf(ext, tag('scenario')).flatMap((n) => scenario(n, tag))
  if (scenarios.length > 0) out.scenarios = scenarios
  const loops = childrenOf(ext, tag('loop')).flatMap((n) => loop(n, tag))
  if (loops.length > 0) out.loops = loops
  return out
}

type Tag = (name: string) => string

/** min/max of each variable's `<range>`, by id. */
function readRanges(model: XmlNode): Map<string, { min?: number; max?: number }> {
  const out = new Map<string, { min?: number; max?: number }>()
  const variables = child(model, 'variables')
  for (const v of variables?.children ?? []) {
    const range = child(v, 'range')
    const name = v.attrs.get('name')
    if (!range || name === undefined) continue
    const min = number(range.attrs.get('min'))
    const max = number(range.attrs.get('max'))
    out.set(canonicalId(displayName(name)), {
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    })
  }
  return out
}

/** Ids of the variables with an apply-to-all `<eqn>` (an arrayed one may have none). */
function readWithEquation(model: XmlNode): Set<string> {
  const out = new Set<string>()
  for (const v of child(model, 'variables')?.children ?? []) {
    const name = v.attrs.get('name')
    if (name !== undefined && child(v, 'eqn')) out.add(canonicalId(displayName(name)))
  }
  return out
}

/**
 * The dimensions as stockflow wrote them: each one's subrange parent (none when the entry has none,
 * whatever the importer inferred), aliases and mappings; an alias, written as a dimension of its own
 * for other readers, is folded back into the dimension it names.
 */
function restoreDimensions(dims: readonly Dimension[], entries: readonly XmlNode[], tag: Tag): Dimension[] {
  const byName = new Map(entries.map((n) => [canonicalId(displayName(n.attrs.get('name') ?? '')), n]))
  const aliases = new Set(
    entries.flatMap((n) => childrenOf(n, tag('alias')).map((a) => canonicalId(displayName(a.attrs.get('name') ?? '')))),
  )
  return dims
    .filter((d) => !aliases.has(canonicalId(d.name)))
    .map((d) => {
      const n = byName.get(canonicalId(d.name))
      if (!n) return d
      const { parent: _parent, aliases: _aliases, mappings: _mappings, ...rest } = d
      const parent = n.attrs.get('parent')
      const alias = childrenOf(n, tag('alias')).flatMap((a) => a.attrs.get('name') ?? [])
      const mappings = childrenOf(n, tag('mapping')).flatMap((m): DimensionMapping[] => {
        const to = m.attrs.get('to')
        if (to === undefined) return []
        const elements = childrenOf(m, tag('elem')).flatMap((x) => x.attrs.get('name') ?? [])
        return [{ to, ...(elements.length > 0 ? { elements } : {}) }]
      })
      return {
        ...rest,
        ...(parent !== undefined ? { parent } : {}),
        ...(alias.length > 0 ? { aliases: alias } : {}),
        ...(mappings.length > 0 ? { mappings } : {}),
      }
    })
}

function restoreElement(
  e: Element,
  ext: XmlNode | undefined,
  range: { min?: number; max?: number } | undefined,
  tag: Tag,
  withEqn: boolean,
): Element {
  let out: Element = e
  if (range && e.min === undefined && e.max === undefined && (range.min !== undefined || range.max !== undefined)) {
    out = withBase(out, { min: range.min, max: range.max })
  }
  const kind = ext?.attrs.get('kind')
  if (kind === 'aux' && out.kind === 'param') {
    const { kind: _param, value, ...rest } = out
    // An arrayed auxiliary whose elements all have equations may have had no main one.
    const equation = withEqn || !rest.perElement ? formatNumber(value) : ''
    out = { kind: 'aux', ...baseOf(rest), ...arrayOf(rest), equation }
  } else if (kind === 'param' && out.kind === 'aux' && !out.graph) {
    const value = out.equation.trim() === '' && out.perElement ? 0 : Number(out.equation.trim() || NaN)
    const numbers = (out.perElement ?? []).every((pe) => !pe.graph && Number.isFinite(Number(pe.equation ?? NaN)))
    if (Number.isFinite(value) && numbers) {
      const { kind: _aux, equation: _eq, graph: _graph, ...rest } = out
      out = { kind: 'param', ...baseOf(rest), ...arrayOf(rest), value }
    }
  } else if (kind === 'lookup' && out.kind === 'lookup' && ext) {
    const doc = child(ext, tag('doc'))?.text
    out = withBase(out, {
      units: ext.attrs.get('units'),
      doc,
      min: number(ext.attrs.get('min')),
      max: number(ext.attrs.get('max')),
    })
  }
  return out
}

type Base = Pick<Element, 'name' | 'id' | 'units' | 'doc' | 'min' | 'max'>

/** The array fields of an element, when it has them. */
function arrayOf(e: Pick<Element, 'dimensions' | 'perElement'>): Pick<Element, 'dimensions' | 'perElement'> {
  return {
    ...(e.dimensions !== undefined ? { dimensions: e.dimensions } : {}),
    ...(e.perElement !== undefined ? { perElement: e.perElement } : {}),
  }
}

/** The shared fields in the order the DSL writes them (name, id, units, doc, min, max). */
function baseOf(e: Base): Base {
  return {
    name: e.name,
    id: e.id,
    ...(e.units !== undefined ? { units: e.units } : {}),
    ...(e.doc !== undefined ? { doc: e.doc } : {}),
    ...(e.min !== undefined ? { min: e.min } : {}),
    ...(e.max !== undefined ? { max: e.max } : {}),
  }
}

/** The element with shared fields filled in where it had none, keeping the DSL's key order. */
function withBase<E extends Element>(e: E, extra: Partial<Pick<Element, 'units' | 'doc' | 'min' | 'max'>>): E {
  const { kind, name: _n, id: _i, units: _u, doc: _d, min: _mn, max: _mx, ...rest } = e
  const merged: { -readonly [K in keyof Base]: Base[K] } = { ...baseOf(e) }
  if (merged.units === undefined && extra.units !== undefined) merged.units = extra.units
  if (merged.doc === undefined && extra.doc !== undefined) merged.doc = extra.doc
  if (merged.min === undefined && extra.min !== undefined) merged.min = extra.min
  if (merged.max === undefined && extra.max !== undefined) merged.max = extra.max
  return { kind, ...baseOf(merged), ...rest } as unknown as E
}

function number(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const v = Number(text)
  return Number.isFinite(v) ? v : undefined
}

function viewItem(n: XmlNode, tag: Tag): ViewItem | undefined {
  const id = n.attrs.get('id')
  const x = number(n.attrs.get('x'))
  const y = number(n.attrs.get('y'))
  if (id === undefined || x === undefined || y === undefined) return undefined
  const out: { -readonly [K in keyof ViewItem]: ViewItem[K] } = { id, x, y }
  const width = number(n.attrs.get('width'))
  const height = number(n.attrs.get('height'))
  if (width !== undefined) out.width = width
  if (height !== undefined) out.height = height
  const kind = n.attrs.get('kind')
  if (kind === 'alias' || kind === 'cloud') out.kind = kind
  const uid = number(n.attrs.get('uid'))
  if (uid !== undefined) out.uid = uid
  const pts = childrenOf(n, tag('pt')).flatMap((pt): [number, number][] => {
    const px = number(pt.attrs.get('x'))
    const py = number(pt.attrs.get('y'))
    return px === undefined || py === undefined ? [] : [[px, py]]
  })
  if (pts.length > 0) out.points = pts
  return out
}

function scenario(n: XmlNode, tag: Tag): Scenario[] {
  const id = n.attrs.get('id')
  if (id === undefined) return []
  const set: Record<string, number> = {}
  for (const s of childrenOf(n, tag('set'))) {
    const name = s.attrs.get('name')
    const value = number(s.attrs.get('value'))
    // defineProperty, so that a name such as "__proto__" stays data.
    if (name !== undefined && value !== undefined)
      Object.defineProperty(set, name, { value, enumerable: true, writable: true, configurable: true })
  }
  const name = n.attrs.get('name')
  const doc = child(n, tag('doc'))?.text
  return [{ id, ...(name !== undefined ? { name } : {}), ...(doc !== undefined ? { doc } : {}), set }]
}

function loop(n: XmlNode, tag: Tag): NamedLoop[] {
  const id = n.attrs.get('id')
  const name = n.attrs.get('name')
  const polarity = n.attrs.get('polarity')
  if (id === undefined || name === undefined || (polarity !== 'reinforcing' && polarity !== 'balancing')) return []
  const variables = childrenOf(n, tag('variable')).flatMap((v) => {
    const name = v.attrs.get('name')
    return name === undefined ? [] : [name]
  })
  const story = child(n, tag('story'))?.text
  return [{ id, name, polarity, variables, ...(story !== undefined ? { story } : {}) }]
}
