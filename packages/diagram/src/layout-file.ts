/**
 * The arrangement kept beside a model (`<stem>.layout.json`) or in browser storage: the stock-and-flow
 * views the user arranged, by the view they replace. Read as data and checked field by field.
 */
import type { View, ViewItem, ViewLink } from '@stockflow/model'

export const LAYOUT_FILE_FORMAT = 'stockflow-layout'

/** Which view an arrangement replaces: `auto` (the automatic layout) or a model view's index. */
export type ArrangedKey = 'auto' | `${number}`

/** The sidecar's content. */
export interface LayoutFile {
  readonly format: typeof LAYOUT_FILE_FORMAT
  readonly version: 1
  /** The model's name when it was saved (informative). */
  readonly model: string
  readonly stockFlow: Readonly<Partial<Record<ArrangedKey, View>>>
}

/** At most this many items or links in a view, and points in a pipe or link: far beyond any real model. */
const MAX_ITEMS = 20_000
const MAX_POINTS = 1_000
const MAX_TEXT = 1_000

/** A layout file with these views. */
export function layoutFile(model: string, stockFlow: Readonly<Partial<Record<ArrangedKey, View>>>): LayoutFile {
  return { format: LAYOUT_FILE_FORMAT, version: 1, model, stockFlow }
}

/** Whether a string names a view an arrangement may replace. */
export function isArrangedKey(key: string): key is ArrangedKey {
  return key === 'auto' || /^(0|[1-9]\d{0,5})$/.test(key)
}

/**
 * Checks parsed JSON against the layout file's shape and returns it, copied to only the fields known;
 * throws an Error saying where it is wrong (`stockFlow.auto.items[3].x: not a number`).
 */
export function parseLayoutFile(value: unknown): LayoutFile {
  const o = record(value, '')
  if (o.format !== LAYOUT_FILE_FORMAT) throw new Error(`format: not "${LAYOUT_FILE_FORMAT}"`)
  if (o.version !== 1) throw new Error('version: not 1')
  const model = text(o.model, 'model')
  const views = record(o.stockFlow, 'stockFlow')
  const stockFlow: Record<string, View> = {}
  for (const [key, v] of Object.entries(views)) {
    if (!isArrangedKey(key)) throw new Error(`stockFlow.${key.slice(0, 40)}: not "auto" or a view number`)
    stockFlow[key] = parseView(v, `stockFlow.${key}`)
  }
  return layoutFile(model, stockFlow)
}

/** A view checked like `parseLayoutFile` does. */
export function parseView(value: unknown, at: string): View {
  const o = record(value, at)
  const items = list(o.items, `${at}.items`, MAX_ITEMS).map((v, i) => parseItem(v, `${at}.items[${i}]`))
  const links =
    o.links === undefined
      ? undefined
      : list(o.links, `${at}.links`, MAX_ITEMS).map((v, i) => parseLink(v, `${at}.links[${i}]`))
  return {
    ...(o.name !== undefined ? { name: text(o.name, `${at}.name`) } : {}),
    items,
    ...(links ? { links } : {}),
  }
}

function parseItem(value: unknown, at: string): ViewItem {
  const o = record(value, at)
  const kind = o.kind
  if (kind !== undefined && kind !== 'alias' && kind !== 'cloud') throw new Error(`${at}.kind: not "alias" or "cloud"`)
  return {
    id: text(o.id, `${at}.id`),
    x: num(o.x, `${at}.x`),
    y: num(o.y, `${at}.y`),
    ...(o.width !== undefined ? { width: num(o.width, `${at}.width`) } : {}),
    ...(o.height !== undefined ? { height: num(o.height, `${at}.height`) } : {}),
    ...(o.points !== undefined ? { points: points(o.points, `${at}.points`) } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(o.uid !== undefined ? { uid: int(o.uid, `${at}.uid`) } : {}),
  }
}

function parseLink(value: unknown, at: string): ViewLink {
  const o = record(value, at)
  const polarity = o.polarity
  if (polarity !== undefined && polarity !== '+' && polarity !== '-') throw new Error(`${at}.polarity: not + or -`)
  return {
    from: text(o.from, `${at}.from`),
    to: text(o.to, `${at}.to`),
    ...(o.fromAlias !== undefined ? { fromAlias: int(o.fromAlias, `${at}.fromAlias`) } : {}),
    ...(o.toAlias !== undefined ? { toAlias: int(o.toAlias, `${at}.toAlias`) } : {}),
    ...(o.points !== undefined ? { points: points(o.points, `${at}.points`) } : {}),
    ...(polarity !== undefined ? { polarity } : {}),
  }
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${at || 'the file'}: not an object`)
  return value as Record<string, unknown>
}

function list(value: unknown, at: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${at}: not a list`)
  if (value.length > max) throw new Error(`${at}: more than ${max} entries`)
  return value
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw new Error(`${at}: not a name`)
  return value
}

function num(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e7)
    throw new Error(`${at}: not a number`)
  return value
}

function int(value: unknown, at: string): number {
  if (!Number.isInteger(value) || Math.abs(value as number) > 1e9) throw new Error(`${at}: not an integer`)
  return value as number
}

function points(value: unknown, at: string): (readonly [number, number])[] {
  return list(value, at, MAX_POINTS).map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) throw new Error(`${at}[${i}]: not a point [x, y]`)
    return [num(p[0], `${at}[${i}][0]`), num(p[1], `${at}[${i}][1]`)] as const
  })
}
