import { StockflowError, parseEquation } from '@stockflow/model'
import type { Element, Expr, GraphicalFunction, Model, NamedLoop, Scenario, View, ViewItem } from '@stockflow/model'
import { walk } from '@stockflow/model/internal'
import { coversEveryElement } from './array-variables.js'
import { Dimensions } from './dimensions.js'
import { dimensionExtension, dimensionsNode, elementNodes, variableDimensions } from './export-arrays.js'
import { printXmile, xmileName, xmileNumber as num } from './export-expression.js'
import { xmileGraph } from './export-forward.js'
import { node, render } from './export-xml.js'
import { takeoffAngle } from './view-arcs.js'
import type { Node } from './export-xml.js'

/** The XMILE 1.0 namespace. */
export const XMILE_NAMESPACE = 'http://docs.oasis-open.org/xmile/ns/XMILE/v1.0'

/** stockflow's vendor namespace: what XMILE has no place for travels in `<stockflow:model>`. */
export const STOCKFLOW_NAMESPACE = 'https://stockflow.dev/xmile/v1'

/** isee's namespace, for Stella's save interval (`isee:save_interval`, which XMILE 1.0 lacks). */
export const ISEE_NAMESPACE = 'http://iseesystems.com/XMILE'

/** The version written into `<product>` (kept equal to package.json by a test). */
export const PRODUCT_VERSION = '0.1.0'

/**
 * The model as an XMILE 1.0 document.
 *
 * - `<header>`: vendor and product `stockflow`, the model name as `<name>`.
 * - `<sim_specs>` at the top level: start, stop, dt, `method` (`euler`, `rk2`, `rk4`; adaptive is
 *   `rk45,rk4`, the fallback idiom of XMILE 3.4.1), `time_units`, and the save interval as
 *   `isee:save_interval` (Stella's spelling; XMILE 1.0 has none).
 * - `<dimensions>` after it, and in each arrayed variable its `<dimensions>` and one `<element>` per
 *   per-element equation (see export-arrays.ts); subscripts in equations as `a[north, *]`.
 * - `<variables>` in model order: stocks (`<eqn>` initial value, `<inflow>`, `<outflow>`,
 *   `<non_negative/>`), flows (`<non_negative/>` for uniflows), auxiliaries, parameters as
 *   auxiliaries with a number, lookups as named `<gf>`; `<units>`, `<doc>`, and min/max as `<range>`.
 *   Inline graphs are `<gf>` inside the aux or flow. Equations in XMILE syntax: `IF c THEN a ELSE b`,
 *   AND/OR/NOT, `=` and `<>`, MOD as an operator, names underscored or double-quoted.
 * - `<views>`: one `<view>` per model view, items as `<stock>`/`<flow>`/`<aux>` with x, y, width,
 *   height and a flow's `<pts>`, aliases as `<alias>`, links as `<connector>` (the angle of the arc
 *   through the link's point; a link into an alias goes to the element, as XMILE 1.0 has it).
 * - `<stockflow:model>` (last in `<model>`): the model's doc, view names, the kind of each
 *   auxiliary without inputs (`param` or `aux`), what a named `<gf>` cannot carry (units, doc,
 *   range), diagram items that name no element and clouds, flows drawn without a pipe, each
 *   dimension's subrange parent, aliases and mappings, scenarios and loops. Readers that do not know the
 *   namespace ignore it (XMILE 2.2.1); nothing in it changes what the standard part computes.
 *
 * Throws a StockflowError naming the element when an equation does not parse or a text holds a
 * character XML cannot carry.
 */
export function exportXmile(model: Model): string {
  return new Writer(model).document()
}

const sf = (tag: string) => `stockflow:${tag}`

class Writer {
  private readonly byId = new Map<string, Element>()
  private readonly names = new Map<string, string>()
  private readonly dims: Dimensions

  constructor(private readonly model: Model) {
    this.dims = new Dimensions(model.dimensions ?? [])
    for (const e of model.elements) {
      if (this.byId.has(e.id)) continue
      this.byId.set(e.id, e)
      this.names.set(e.id, e.name)
    }
  }

  document(): string {
    const m = this.model
    const variables = m.elements.map((e) => this.variable(e))
    const views = (m.views ?? []).map((v) => this.view(v))
    const modelChildren = [node('variables', [], variables)]
    if (views.length > 0) modelChildren.push(node('views', [], views))
    const extension = this.extension()
    if (extension.children!.length > 0) modelChildren.push(extension)
    const header = node(
      'header',
      [],
      [
        node('vendor', [], 'stockflow'),
        node(
          'product',
          [
            ['version', PRODUCT_VERSION],
            ['lang', 'en'],
          ],
          'stockflow',
        ),
        node('name', [], this.checked(m.name, 'the model name')),
        ...(views.length > 0 ? [node('options', [], [node('has_model_view')])] : []),
      ],
    )
    const root = node(
      'xmile',
      [
        ['version', '1.0'],
        ['xmlns', XMILE_NAMESPACE],
        ['xmlns:stockflow', STOCKFLOW_NAMESPACE],
        ['xmlns:isee', ISEE_NAMESPACE],
      ],
      [
        header,
        this.simSpecs(),
        ...(m.dimensions && m.dimensions.length > 0
          ? [dimensionsNode(m.dimensions, (t, w) => this.checked(t, w))]
          : []),
        node('model', [], modelChildren),
      ],
    )
    return '<?xml version="1.0" encoding="utf-8"?>\n' + render(root, 0)
  }

  private simSpecs(): Node {
    const t = this.model.time
    const method = t.method === undefined ? undefined : t.method === 'adaptive' ? 'rk45,rk4' : t.method
    return node(
      'sim_specs',
      [
        ['method', method],
        ['time_units', t.units === undefined ? undefined : this.checked(t.units, 'the time units')],
        ['isee:save_interval', t.saveper === undefined ? undefined : num(t.saveper)],
      ],
      [node('start', [], num(t.start)), node('stop', [], num(t.stop)), node('dt', [], num(t.dt))],
    )
  }

  private variable(e: Element): Node {
    const where = `element "${e.name}"`
    const name: [string, string] = ['name', this.checked(e.name, `${where}: its name`)]
    const common = (): Node[] => [
      ...(e.units !== undefined ? [node('units', [], this.checked(e.units, `${where}: its units`))] : []),
      ...(e.doc !== undefined ? [node('doc', [], this.checked(e.doc, `${where}: its doc`))] : []),
      ...(e.min !== undefined || e.max !== undefined
        ? [
            node('range', [
              ['min', opt(e.min)],
              ['max', opt(e.max)],
            ]),
          ]
        : []),
    ]
    const dims = variableDimensions(e)
    const eqn = (text: string, field: string) => node('eqn', [], this.equation(text, e, field))
    // An arrayed variable whose elements all have their own equations may leave the main one empty.
    const main = (text: string, field: string) => (text === '' && e.perElement ? [] : [eqn(text, field)])
    const elements = (field: string) =>
      elementNodes(e, (pe) => [
        ...(pe.equation !== undefined ? [eqn(pe.equation, `${field} of [${pe.subscripts.join(', ')}]`)] : []),
        ...(pe.graph ? [gf(pe.graph)] : []),
      ])
    switch (e.kind) {
      case 'stock':
        return node(
          'stock',
          [name],
          [
            ...dims,
            ...main(e.initial, 'initial value'),
            ...elements('initial value'),
            ...e.inflows.map((f) => node('inflow', [], this.nameText(f))),
            ...e.outflows.map((f) => node('outflow', [], this.nameText(f))),
            ...(e.nonNegative ? [node('non_negative')] : []),
            ...common(),
          ],
        )
      case 'flow':
        return node(
          'flow',
          [name],
          [
            ...dims,
            ...main(e.equation, 'equation'),
            ...(e.graph ? [gf(e.graph)] : []),
            ...elements('equation'),
            ...(e.nonNegative ? [node('non_negative')] : []),
            ...common(),
          ],
        )
      case 'aux':
        return node(
          'aux',
          [name],
          [
            ...dims,
            ...main(e.equation, 'equation'),
            ...(e.graph ? [gf(e.graph)] : []),
            ...elements('equation'),
            ...common(),
          ],
        )
      case 'param': {
        // A value its elements all override is not written (it reads back as 0, which no element uses).
        const covered =
          e.perElement !== undefined &&
          e.dimensions !== undefined &&
          coversEveryElement(
            e.perElement.map((pe) => pe.subscripts),
            e.dimensions,
            this.dims,
          )
        const value = covered && e.value === 0 ? [] : [node('eqn', [], num(e.value))]
        return node('aux', [name], [...dims, ...value, ...elements('value'), ...common()])
      }
      case 'lookup':
        return gf(
          e,
          name,
          dims,
          elementNodes(e, (pe) => (pe.graph ? [gf(pe.graph)] : [])),
        )
    }
  }

  private view(v: View): Node {
    // XMILE names aliases and connectors by uid: the aliases keep theirs, the rest get the next free ones.
    let next = Math.max(0, ...v.items.map((i) => (i.uid !== undefined && Number.isInteger(i.uid) ? i.uid : 0))) + 1
    const uids = new Map<ViewItem, number>()
    const items = v.items.flatMap((item) => {
      const e = this.byId.get(item.id)
      if (!e || item.kind === 'cloud') return []
      const place: [string, string | number | undefined][] = [
        ['x', num(item.x)],
        ['y', num(item.y)],
        ['width', opt(item.width)],
        ['height', opt(item.height)],
      ]
      if (item.kind === 'alias') {
        const uid = item.uid !== undefined && Number.isInteger(item.uid) ? item.uid : next++
        uids.set(item, uid)
        return [node('alias', [['uid', uid], ...place], [node('of', [], e.name)])]
      }
      const tag = e.kind === 'stock' ? 'stock' : e.kind === 'flow' ? 'flow' : 'aux'
      // A flow in a view must have its pipe; without points it is one point at the valve.
      const pts = tag === 'flow' ? [node('pts', [], points(item.points ?? [[item.x, item.y]]))] : []
      return [node(tag, [['name', e.name], ...place], pts)]
    })
    const end = (id: string, alias: number | undefined) =>
      v.items.find(
        (i) => i.id === id && (alias === undefined ? i.kind === undefined : i.kind === 'alias' && i.uid === alias),
      )
    for (const link of v.links ?? []) {
      const from = end(link.from, link.fromAlias)
      // XMILE 1.0 names only the source by alias: a link into an alias goes to the element's own item.
      const to = end(link.to, undefined)
      const fromElement = this.byId.get(link.from)
      const toElement = this.byId.get(link.to)
      if (!from || !to || !fromElement || !toElement) continue
      const mid = link.points?.[Math.floor((link.points.length - 1) / 2)]
      const angle = takeoffAngle([from.x, from.y], [to.x, to.y], mid)
      const source = from.kind === 'alias' ? [node('alias', [['uid', uids.get(from)]])] : fromElement.name
      items.push(
        node(
          'connector',
          [
            ['uid', next++],
            ['angle', num(Math.round(angle * 1000) / 1000)],
          ],
          [node('from', [], source), node('to', [], toElement.name)],
        ),
      )
    }
    return node('view', [], items)
  }

  /** stockflow data XMILE has no place for, in the vendor namespace. */
  private extension(): Node {
    const m = this.model
    const children: Node[] = []
    if (m.doc !== undefined) children.push(node(sf('doc'), [], this.checked(m.doc, 'the model doc')))
    ;(m.views ?? []).forEach((v, index) => {
      if (v.name !== undefined)
        children.push(
          node(sf('view'), [
            ['index', index],
            ['name', this.checked(v.name, 'a view name')],
          ]),
        )
      for (const item of v.items) {
        if (!this.byId.has(item.id) || item.kind === 'cloud') children.push(this.looseItem(item, index))
        // The schema wants a pipe on every flow: one without points got its valve as the only point.
        else if (item.kind === undefined && this.byId.get(item.id)!.kind === 'flow' && item.points === undefined)
          children.push(
            node(sf('unpiped'), [
              ['view', index],
              ['id', item.id],
            ]),
          )
      }
    })
    children.push(...dimensionExtension(m.dimensions ?? [], sf))
    for (const e of m.elements) {
      // A reader may take any auxiliary without inputs for a parameter: say which each one is.
      const constant = e.kind === 'param' || (e.kind === 'aux' && constantAux(e))
      if (constant)
        children.push(
          node(sf('element'), [
            ['name', e.name],
            ['kind', e.kind],
          ]),
        )
      if (
        e.kind === 'lookup' &&
        (e.units !== undefined || e.doc !== undefined || e.min !== undefined || e.max !== undefined)
      ) {
        const where = `element "${e.name}"`
        children.push(
          node(
            sf('element'),
            [
              ['name', e.name],
              ['kind', 'lookup'],
              ['units', e.units === undefined ? undefined : this.checked(e.units, `${where}: its units`)],
              ['min', opt(e.min)],
              ['max', opt(e.max)],
            ],
            e.doc === undefined ? [] : [node(sf('doc'), [], this.checked(e.doc, `${where}: its doc`))],
          ),
        )
      }
    }
    for (const s of m.scenarios ?? []) children.push(this.scenario(s))
    for (const l of m.loops ?? []) children.push(this.loop(l))
    return node(sf('model'), [], children)
  }

  private looseItem(item: ViewItem, index: number): Node {
    return node(
      sf('item'),
      [
        ['view', index],
        ['id', this.checked(item.id, 'a view item id')],
        ['x', num(item.x)],
        ['y', num(item.y)],
        ['width', opt(item.width)],
        ['height', opt(item.height)],
        ['kind', item.kind],
        ['uid', item.uid],
      ],
      (item.points ?? []).map(([x, y]) =>
        node(sf('pt'), [
          ['x', num(x)],
          ['y', num(y)],
        ]),
      ),
    )
  }

  private scenario(s: Scenario): Node {
    const where = `scenario "${s.id}"`
    return node(
      sf('scenario'),
      [
        ['id', this.checked(s.id, `${where}: its id`)],
        ['name', s.name === undefined ? undefined : this.checked(s.name, `${where}: its name`)],
      ],
      [
        ...(s.doc === undefined ? [] : [node(sf('doc'), [], this.checked(s.doc, `${where}: its doc`))]),
        ...Object.entries(s.set).map(([k, v]) =>
          node(sf('set'), [
            ['name', this.checked(k, `${where}: a name`)],
            ['value', num(v)],
          ]),
        ),
      ],
    )
  }

  private loop(l: NamedLoop): Node {
    const where = `loop "${l.id}"`
    return node(
      sf('loop'),
      [
        ['id', this.checked(l.id, `${where}: its id`)],
        ['name', this.checked(l.name, `${where}: its name`)],
        ['polarity', l.polarity],
      ],
      [
        ...(l.story === undefined ? [] : [node(sf('story'), [], this.checked(l.story, `${where}: its story`))]),
        ...l.variables.map((v) => node(sf('variable'), [['name', this.checked(v, `${where}: a variable`)]])),
      ],
    )
  }

  /** An element's name (by id) as XMILE equation text. */
  private nameText(id: string): string {
    return xmileName(this.names.get(id) ?? id)
  }

  private equation(text: string, e: Element, field: string): string {
    let expr: Expr
    try {
      expr = parseEquation(text)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      throw new StockflowError(
        `model "${this.model.name}": element "${e.name}": its ${field} cannot be written as XMILE: ${message}`,
      )
    }
    return this.checked(
      printXmile(expr, (id, raw) => xmileName(this.names.get(id) ?? raw)),
      `element "${e.name}"`,
    )
  }

  /** The text, if XML 1.0 can hold every character of it; else a StockflowError naming where. */
  private checked(text: string, where: string): string {
    const bad = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(text)
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
      throw new StockflowError(`model "${this.model.name}": ${where} holds U+${code}, which XML cannot carry`)
    }
    return text
  }
}

/** An auxiliary made of numbers only (each element's equation too): a reader may take it for a parameter. */
function constantAux(e: Element & { kind: 'aux' }): boolean {
  if (e.graph || (e.perElement ?? []).some((pe) => pe.graph || pe.equation === undefined)) return false
  const main = e.equation === '' ? e.perElement !== undefined : hasNoInputs(e.equation)
  return main && (e.perElement ?? []).every((pe) => hasNoInputs(pe.equation!))
}

function hasNoInputs(text: string): boolean {
  let inputs = 0
  try {
    walk(parseEquation(text), (n) => {
      if (n.type !== 'num' && n.type !== 'unary' && n.type !== 'binary' && n.type !== 'if') inputs++
    })
  } catch {
    return false
  }
  return inputs === 0
}

/** A `<gf>`; a named one (a lookup) may hold its dimensions and elements, and leave out points they all override. */
function gf(graph: GraphicalFunction, name?: [string, string], dims: Node[] = [], elements: Node[] = []): Node {
  const g = xmileGraph(graph)
  const attrs: [string, string][] = []
  if (name) attrs.push(name)
  if (g.mode !== undefined) attrs.push(['type', g.mode])
  const points =
    g.y.length === 0 && elements.length > 0
      ? []
      : [node('xpts', [], g.x.map(num).join(',')), node('ypts', [], g.y.map(num).join(','))]
  return node('gf', attrs, [...dims, ...points, ...elements])
}

function points(pts: readonly (readonly [number, number])[]): Node[] {
  return pts.map(([x, y]) =>
    node('pt', [
      ['x', num(x)],
      ['y', num(y)],
    ]),
  )
}

function opt(v: number | undefined): string | undefined {
  return v === undefined ? undefined : num(v)
}
