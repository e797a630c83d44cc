import { MAX_FLAT_ELEMENTS } from './array-limits.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import { jsonSyntaxError } from './json-error.js'
import type {
  Dimension,
  DimensionMapping,
  Element,
  ElementEquation,
  GraphicalFunction,
  Model,
  NamedLoop,
  Scenario,
  TimeSpec,
  View,
  ViewItem,
  ViewLink,
} from './types.js'

/** JSON writes -0 as 0; a constant of -0 (1/k is then -Infinity) is written as `-0` through this mark. */
const NEGATIVE_ZERO = '\u0000-0'

/** The model as pretty JSON text (plain data, nothing else); -0 stays -0, so a model read back runs the same. */
export function modelToJSON(model: Model): string {
  const text = JSON.stringify(model, (_, v: unknown) => (Object.is(v, -0) ? NEGATIVE_ZERO : v), 2)
  return text.replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0') + '\n'
}

type Json = Record<string, unknown>

/** Reads a JSON model, checking its shape; the text is only ever data, never code. */
export function modelFromJSON(text: string, file = 'model.json'): Model {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    const { line, column, problem } = jsonSyntaxError(err instanceof Error ? err.message : String(err), text)
    // "file: not valid JSON" first, as the viewer and older callers match it; then where and what.
    const where = line === undefined ? '' : ` at line ${line}, column ${column}`
    throw new StockflowError(`${file}: not valid JSON${where}: ${problem}`)
  }
  return modelFromData(raw, file)
}

/** Checks plain data (already parsed JSON) and returns a clean Model built from known fields only. */
export function modelFromData(raw: unknown, file = 'model'): Model {
  const r = new Reader(file)
  const root = r.object(raw, 'the model')
  const name = r.string(root, 'name', 'the model')
  const time = r.time(r.object(root.time, 'time'))
  if (!Array.isArray(root.elements)) r.fail('the model', '"elements" must be an array')
  const elements = (root.elements as unknown[]).map((e, i) => r.element(e, i))
  const model: { -readonly [K in keyof Model]: Model[K] } = { name, time, elements }
  if (root.doc !== undefined) model.doc = r.string(root, 'doc', 'the model')
  if (root.dimensions !== undefined)
    model.dimensions = r.list(root.dimensions, 'dimensions', (d, where) => r.dimension(d, where))
  if (root.scenarios !== undefined)
    model.scenarios = r.list(root.scenarios, 'scenarios', (s, where) => r.scenario(s, where))
  if (root.loops !== undefined) model.loops = r.list(root.loops, 'loops', (l, where) => r.loop(l, where))
  if (root.views !== undefined) model.views = r.list(root.views, 'views', (v, where) => r.view(v, where))
  return model
}

class Reader {
  constructor(private readonly file: string) {}

  fail(where: string, message: string): never {
    throw new StockflowError(`${this.file}: ${where}: ${message}`)
  }

  object(v: unknown, where: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(where, 'expected an object')
    return v as Json
  }

  string(o: Json, key: string, where: string): string {
    const v = o[key]
    if (typeof v !== 'string') this.fail(where, `"${key}" must be a string`)
    return v
  }

  number(o: Json, key: string, where: string): number {
    const v = o[key]
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(where, `"${key}" must be a finite number`)
    return v
  }

  optional<T>(o: Json, key: string, read: () => T): T | undefined {
    return o[key] === undefined ? undefined : read()
  }

  list<T>(v: unknown, key: string, read: (item: unknown, where: string) => T): T[] {
    if (!Array.isArray(v)) this.fail(key, 'must be an array')
    return v.map((item, i) => read(item, `${key}[${i}]`))
  }

  strings(o: Json, key: string, where: string): string[] {
    const v = o[key]
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
      this.fail(where, `"${key}" must be an array of strings`)
    return [...(v as string[])]
  }

  numbers(o: Json, key: string, where: string): number[] {
    const v = o[key]
    if (!Array.isArray(v) || v.some((n) => typeof n !== 'number' || !Number.isFinite(n)))
      this.fail(where, `"${key}" must be an array of numbers`)
    return [...(v as number[])]
  }

  time(o: Json): TimeSpec {
    const t: { -readonly [K in keyof TimeSpec]: TimeSpec[K] } = {
      start: this.number(o, 'start', 'time'),
      stop: this.number(o, 'stop', 'time'),
      dt: this.number(o, 'dt', 'time'),
    }
    if (o.saveper !== undefined) t.saveper = this.number(o, 'saveper', 'time')
    if (o.units !== undefined) t.units = this.string(o, 'units', 'time')
    if (o.method !== undefined) {
      const m = this.string(o, 'method', 'time')
      if (m !== 'euler' && m !== 'rk2' && m !== 'rk4' && m !== 'adaptive')
        this.fail('time', `unknown method "${m}" (euler, rk2, rk4, adaptive)`)
      t.method = m
    }
    return t
  }

  element(v: unknown, i: number): Element {
    const o = this.object(v, `elements[${i}]`)
    const name = this.string(o, 'name', `elements[${i}]`)
    const where = `element "${name}"`
    const base: Json & { name: string; id: string } = {
      name,
      id: o.id === undefined ? canonicalId(name) : this.string(o, 'id', where),
    }
    for (const key of ['units', 'doc'] as const) if (o[key] !== undefined) base[key] = this.string(o, key, where)
    for (const key of ['min', 'max'] as const) if (o[key] !== undefined) base[key] = this.number(o, key, where)
    const flag = (key: string) => {
      if (o[key] === undefined) return {}
      if (typeof o[key] !== 'boolean') this.fail(where, `"${key}" must be true or false`)
      return o[key] ? { [key]: true } : {}
    }
    const equation = (key: string) => (typeof o[key] === 'number' ? String(o[key]) : this.string(o, key, where))
    if (o.dimensions !== undefined) base.dimensions = this.strings(o, 'dimensions', where)
    if (o.perElement !== undefined)
      base.perElement = this.list(o.perElement, `${where}.perElement`, (p, w) => this.elementEquation(p, w))
    switch (o.kind) {
      case 'stock':
        return {
          kind: 'stock',
          ...base,
          initial: equation('initial'),
          // Flows may be named as written ("Heat Loss"); the model holds their ids.
          inflows: o.inflows === undefined ? [] : this.strings(o, 'inflows', where).map(canonicalId),
          outflows: o.outflows === undefined ? [] : this.strings(o, 'outflows', where).map(canonicalId),
          ...flag('nonNegative'),
        } as Element
      case 'flow':
        return {
          kind: 'flow',
          ...base,
          equation: equation('equation'),
          ...flag('nonNegative'),
          ...this.graph(o, where),
        } as Element
      case 'aux':
        return { kind: 'aux', ...base, equation: equation('equation'), ...this.graph(o, where) } as Element
      case 'param':
        return { kind: 'param', ...base, value: this.number(o, 'value', where) } as Element
      case 'lookup': {
        const mode = o.mode === undefined ? {} : { mode: this.string(o, 'mode', where) }
        if (mode.mode !== undefined && !['continuous', 'extrapolate', 'discrete', 'forward'].includes(mode.mode)) {
          this.fail(where, `unknown lookup mode "${mode.mode}" (continuous, extrapolate, discrete, forward)`)
        }
        return {
          kind: 'lookup',
          ...base,
          x: this.numbers(o, 'x', where),
          y: this.numbers(o, 'y', where),
          ...mode,
        } as Element
      }
      default:
        return this.fail(where, `unknown kind ${JSON.stringify(o.kind)} (stock, flow, aux, param, lookup)`)
    }
  }

  /** A dimension: named elements, or `size: n` for the elements "1" to "n"; a parent, aliases, mappings. */
  dimension(v: unknown, where: string): Dimension {
    const o = this.object(v, where)
    const name = this.string(o, 'name', where)
    const at = `dimension "${name}"`
    let elements: string[]
    if (o.elements !== undefined) elements = this.strings(o, 'elements', at)
    else if (o.size !== undefined) {
      const size = this.number(o, 'size', at)
      if (!Number.isInteger(size) || size < 1) this.fail(at, '"size" must be a whole number from 1')
      if (size > MAX_FLAT_ELEMENTS)
        this.fail(at, `"size" ${size} is more than the limit of ${MAX_FLAT_ELEMENTS} elements; use a smaller size`)
      elements = Array.from({ length: size }, (_, i) => String(i + 1))
    } else this.fail(at, 'give its "elements" (names) or its "size" (a number)')
    const d: { -readonly [K in keyof Dimension]: Dimension[K] } = { name, elements }
    if (o.parent !== undefined) d.parent = this.string(o, 'parent', at)
    if (o.aliases !== undefined) d.aliases = this.strings(o, 'aliases', at)
    if (o.mappings !== undefined) {
      d.mappings = this.list(o.mappings, `${at}.mappings`, (m, w): DimensionMapping => {
        const mo = this.object(m, w)
        return {
          to: this.string(mo, 'to', w),
          ...(mo.elements !== undefined ? { elements: this.strings(mo, 'elements', w) } : {}),
        }
      })
    }
    return d
  }

  /** One per-element equation: its subscripts, and an equation or a graph. */
  elementEquation(v: unknown, where: string): ElementEquation {
    const o = this.object(v, where)
    const out: { -readonly [K in keyof ElementEquation]: ElementEquation[K] } = {
      subscripts: this.strings(o, 'subscripts', where),
    }
    if (o.equation !== undefined)
      out.equation = typeof o.equation === 'number' ? String(o.equation) : this.string(o, 'equation', where)
    if (o.graph !== undefined) out.graph = this.points(this.object(o.graph, `${where}.graph`), `${where}.graph`)
    if (out.equation === undefined && out.graph === undefined) this.fail(where, 'give it an "equation" or a "graph"')
    return out
  }

  /** x, y and an optional mode of a graphical function. */
  points(o: Json, where: string): GraphicalFunction {
    const mode = o.mode === undefined ? undefined : this.string(o, 'mode', where)
    if (
      mode !== undefined &&
      mode !== 'continuous' &&
      mode !== 'extrapolate' &&
      mode !== 'discrete' &&
      mode !== 'forward'
    ) {
      this.fail(where, `unknown lookup mode "${mode}" (continuous, extrapolate, discrete, forward)`)
    }
    return { x: this.numbers(o, 'x', where), y: this.numbers(o, 'y', where), ...(mode ? { mode } : {}) }
  }

  /** The optional `graph` of an auxiliary or flow. */
  graph(o: Json, where: string): { graph?: GraphicalFunction } {
    return o.graph === undefined ? {} : { graph: this.points(this.object(o.graph, `${where}.graph`), `${where}.graph`) }
  }

  scenario(v: unknown, where: string): Scenario {
    const o = this.object(v, where)
    const set = this.object(o.set, `${where}.set`)
    const values: Record<string, number> = {}
    // defineProperty, so that a key such as "__proto__" stays data instead of reaching the setter.
    for (const key of Object.keys(set)) {
      Object.defineProperty(values, key, {
        value: this.number(set, key, `${where}.set`),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return {
      id: this.string(o, 'id', where),
      ...(o.name !== undefined ? { name: this.string(o, 'name', where) } : {}),
      ...(o.doc !== undefined ? { doc: this.string(o, 'doc', where) } : {}),
      set: values,
    }
  }

  loop(v: unknown, where: string): NamedLoop {
    const o = this.object(v, where)
    const polarity = this.string(o, 'polarity', where)
    if (polarity !== 'reinforcing' && polarity !== 'balancing')
      this.fail(where, '"polarity" must be "reinforcing" or "balancing"')
    return {
      id: this.string(o, 'id', where),
      name: this.string(o, 'name', where),
      polarity,
      variables: this.strings(o, 'variables', where),
      ...(o.story !== undefined ? { story: this.string(o, 'story', where) } : {}),
    }
  }

  view(v: unknown, where: string): View {
    const o = this.object(v, where)
    const uids = new Set<number>()
    const items = this.list(o.items, `${where}.items`, (item, w): ViewItem => {
      const it = this.object(item, w)
      const out: { -readonly [K in keyof ViewItem]: ViewItem[K] } = {
        id: this.string(it, 'id', w),
        x: this.number(it, 'x', w),
        y: this.number(it, 'y', w),
      }
      if (it.width !== undefined) out.width = this.number(it, 'width', w)
      if (it.height !== undefined) out.height = this.number(it, 'height', w)
      if (it.points !== undefined) out.points = this.points2d(it.points, `${w}.points`)
      if (it.kind !== undefined) {
        if (it.kind !== 'alias' && it.kind !== 'cloud') this.fail(w, '"kind" must be "alias" or "cloud"')
        out.kind = it.kind
      }
      if (it.uid !== undefined) {
        const uid = this.number(it, 'uid', w)
        if (!Number.isInteger(uid)) this.fail(w, '"uid" must be an integer')
        if (uids.has(uid)) this.fail(w, `"uid" ${uid} is already an item's uid in this view`)
        uids.add(uid)
        out.uid = uid
      }
      return out
    })
    const view: { -readonly [K in keyof View]: View[K] } = {
      ...(o.name !== undefined ? { name: this.string(o, 'name', where) } : {}),
      items,
    }
    if (o.links !== undefined) {
      const aliasOf = new Map(items.flatMap((i) => (i.kind === 'alias' && i.uid !== undefined ? [[i.uid, i.id]] : [])))
      view.links = this.list(o.links, `${where}.links`, (link, w): ViewLink => {
        const l = this.object(link, w)
        const out: { -readonly [K in keyof ViewLink]: ViewLink[K] } = {
          from: this.string(l, 'from', w),
          to: this.string(l, 'to', w),
        }
        for (const key of ['fromAlias', 'toAlias'] as const) {
          if (l[key] === undefined) continue
          const uid = this.number(l, key, w)
          const end = key === 'fromAlias' ? out.from : out.to
          if (!aliasOf.has(uid)) this.fail(w, `"${key}" ${uid} is not the uid of an alias in this view`)
          if (aliasOf.get(uid) !== end)
            this.fail(w, `"${key}" ${uid} is an alias of "${aliasOf.get(uid)}", not of "${end}"`)
          out[key] = uid
        }
        if (l.points !== undefined) out.points = this.points2d(l.points, `${w}.points`)
        if (l.polarity !== undefined) {
          if (l.polarity !== '+' && l.polarity !== '-') this.fail(w, '"polarity" must be "+" or "-"')
          out.polarity = l.polarity
        }
        return out
      })
    }
    return view
  }

  /** A list of `[x, y]` points. */
  points2d(v: unknown, where: string): [number, number][] {
    return this.list(v, where, (p, pw) => {
      if (!Array.isArray(p) || p.length !== 2 || p.some((n) => typeof n !== 'number' || !Number.isFinite(n)))
        this.fail(pw, 'a point is [x, y]')
      return [p[0] as number, p[1] as number]
    })
  }
}
