import { select, zoom, zoomIdentity, zoomTransform } from 'd3'
import type { Selection, ZoomBehavior, ZoomTransform } from 'd3'
import type { Point, Rendered } from '@stockflow/diagram'
import { downloadPng, downloadText } from './export.ts'
import {
  declutterReadableLabels,
  drawReadableLabels,
  lodClasses,
  nodeBox,
  nominalSizes,
  unionOf,
} from './readable-labels.ts'

/** A box in diagram units. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** How long a zoom to a place takes (none when the user asks for reduced motion). */
const GLIDE_MS = 250

/** What a panel is told about the pointer: where it is in diagram units, or that it left. */
export type PointerHandler = (point: Point | undefined, event: PointerEvent) => void

/** Options of a `Panel`. */
export interface PanelOptions {
  readonly id: string
  readonly title: string
  /** Pan and zoom with the mouse, the +/− buttons or the keyboard (diagrams, not charts). */
  readonly zoomable: boolean
  /** The file name without extension for exports, e.g. `involution-cld`. */
  readonly fileStem: () => string
  readonly onPointer?: PointerHandler
  readonly onClick?: (point: Point, event: MouseEvent) => void
}

/**
 * A section holding one rendered SVG from @stockflow/diagram, with its export buttons. The SVG string
 * is inserted as is (the renderers escape all model text) inside a base group, with an overlay group
 * on top for highlights and hover rules; both sit in the zoom layer, so overlays pan and zoom along.
 */
export class Panel<L> {
  readonly section: HTMLElement
  readonly toolbar: HTMLElement
  readonly body: HTMLElement
  readonly aside: HTMLElement
  private readonly host: HTMLElement
  private readonly noteLine: HTMLElement
  private rendered: Rendered<L> | undefined
  private svgSelection: Selection<SVGSVGElement, unknown, null, undefined> | undefined
  private layer: Selection<SVGGElement, unknown, null, undefined> | undefined
  private base: Selection<SVGGElement, unknown, null, undefined> | undefined
  /** Highlights and hover marks, drawn in diagram units above the diagram. */
  overlay: Selection<SVGGElement, unknown, null, undefined> | undefined
  private zoomBehavior: ZoomBehavior<SVGSVGElement, unknown> | undefined
  /** Readable copies of the labels that matter (see `readable-labels.ts`), above the overlay. */
  private labels: Selection<SVGGElement, unknown, null, undefined> | undefined
  /** Node ids marked with a class (`on-loop`, `selected`), kept across new renderings. */
  private readonly marks = new Map<string, ReadonlySet<string>>()
  private nominal = { stock: 11, other: 11 }
  private readonly exportButtons: HTMLButtonElement[] = []
  private readonly showListeners: ((rendered: Rendered<L> | undefined) => void)[] = []

  constructor(
    parent: HTMLElement,
    private readonly options: PanelOptions,
  ) {
    const section = select(parent)
      .append('section')
      .attr('class', 'panel')
      .attr('id', `panel-${options.id}`)
      .attr('aria-labelledby', `panel-${options.id}-title`)
    const header = section.append('header').attr('class', 'panel-header')
    header.append('h2').attr('id', `panel-${options.id}-title`).text(options.title)
    this.toolbar = header.append('div').attr('class', 'toolbar').node()!
    this.noteLine = section.append('p').attr('class', 'panel-note').attr('hidden', '').node()!
    const body = section.append('div').attr('class', 'panel-body')
    this.body = body.node()!
    this.host = body
      .append('div')
      .attr('class', 'diagram')
      .attr('role', 'img')
      .attr('aria-label', options.title)
      .node()!
    this.aside = body.append('div').attr('class', 'panel-aside').node()!
    this.section = section.node()!

    if (options.zoomable) {
      const what = options.title.toLowerCase()
      this.button('+', `Zoom in on the ${what} (around the selection or highlighted loop)`, () => this.zoomBy(1.4))
      this.button('−', `Zoom out of the ${what}`, () => this.zoomBy(1 / 1.4))
      this.button('1:1', `Show the ${what} at actual size (key 1)`, () => this.actualSize())
      this.button('Fit', `Fit the ${what} to the panel (key 0)`, () => this.resetZoom())
      // A new panel size is a new scale: the level of detail follows.
      new ResizeObserver(() => this.updateScale()).observe(this.host)
    }
    this.exportButtons.push(
      this.button('SVG', `Export the ${options.title.toLowerCase()} as SVG`, () => this.exportSvg()),
      this.button('PNG', `Export the ${options.title.toLowerCase()} as PNG`, () => void this.exportPng()),
    )
    this.show(undefined, 'Loading…')
  }

  /** Adds a toolbar button. */
  button(text: string, label: string, action: () => void): HTMLButtonElement {
    return select(this.toolbar)
      .append('button')
      .attr('type', 'button')
      .attr('aria-label', label)
      .attr('title', label)
      .text(text)
      .on('click', action)
      .node()!
  }

  /** Says what the panel shows when it is not the obvious (part of a large model); '' hides the line. */
  note(text: string): void {
    this.noteLine.textContent = text
    this.noteLine.hidden = text === ''
  }

  /** The current rendering, if any. */
  get current(): Rendered<L> | undefined {
    return this.rendered
  }

  /**
   * Shows a rendering (keeping the zoom when `keepZoom`), or a message in its place. Returns false
   * when the rendering was empty (a renderer not implemented yet) and the message was shown instead.
   */
  show(rendered: Rendered<L> | undefined, message = '', keepZoom = false): boolean {
    const previous = this.svgSelection ? zoomTransform(this.svgSelection.node()!) : zoomIdentity
    const empty = rendered === undefined || !/<svg[^>]*>[\s\S]*<[a-z]/i.test(rendered.svg.replace(/<svg[^>]*\/>/, ''))
    this.rendered = empty ? undefined : rendered
    for (const b of this.exportButtons) b.disabled = empty
    if (empty) {
      this.svgSelection = this.layer = this.base = this.overlay = undefined
      this.host.replaceChildren()
      select(this.host).append('p').attr('class', 'empty').text(message)
      this.shown()
      return false
    }
    this.host.innerHTML = rendered.svg
    const svgNode = this.host.querySelector('svg')!
    const svg = select(svgNode)
    // Diagrams fill their panel and pan and zoom; charts are drawn at the panel's width already.
    if (this.options.zoomable) svg.attr('width', '100%').attr('height', '100%')
    else svg.style('max-width', '100%').style('height', 'auto')
    svg.attr('focusable', 'false').attr('aria-hidden', 'true')
    const layer = svg.append('g').attr('class', 'zoom-layer')
    const base = layer.append('g').attr('class', 'base')
    for (const child of [...svgNode.childNodes]) {
      if (child !== layer.node() && !(child instanceof SVGDefsElement || child instanceof SVGStyleElement))
        base.node()!.appendChild(child)
    }
    this.overlay = layer.append('g').attr('class', 'overlay')
    this.labels = layer.append('g').attr('class', 'readable-labels').attr('pointer-events', 'none')
    if (this.options.zoomable) fitViewBox(svgNode, base.node()!)
    this.svgSelection = svg
    this.layer = layer
    this.base = base
    this.listen(svg)
    if (this.options.zoomable) {
      this.nominal = nominalSizes(base.node()!)
      for (const [cls, ids] of this.marks) this.applyMark(cls, ids)
      this.drawLabels()
      this.enableZoom(svg, layer, keepZoom ? previous : zoomIdentity)
    }
    this.shown()
    return true
  }

  /**
   * Calls `listener` after every `show`, with the rendering now in the DOM (undefined: a message shows
   * instead); returns a function that stops the calls.
   */
  onShow(listener: (rendered: Rendered<L> | undefined) => void): () => void {
    this.showListeners.push(listener)
    return () => {
      const i = this.showListeners.indexOf(listener)
      if (i >= 0) this.showListeners.splice(i, 1)
    }
  }

  /** The diagram's `<svg>` element in the page, while a rendering is shown. */
  get svg(): SVGSVGElement | undefined {
    return this.svgSelection?.node() ?? undefined
  }

  private shown(): void {
    for (const listener of [...this.showListeners]) listener(this.rendered)
  }

  /** A point of the page in diagram units (through the zoom), if a diagram is shown. */
  toDiagram(clientX: number, clientY: number): Point | undefined {
    const m = this.layer?.node()?.getScreenCTM()
    if (!m) return undefined
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse())
    return { x: p.x, y: p.y }
  }

  /**
   * Screen pixels per diagram unit now (the fit to the panel times the zoom); the `<svg>` carries it as
   * the CSS variable `--s`, with the level-of-detail classes it implies.
   */
  get scale(): number {
    const m = this.layer?.node()?.getScreenCTM()
    return m ? Math.hypot(m.a, m.b) : NaN
  }

  /**
   * Marks the nodes `ids` (their `[data-node]` groups) with the class `cls`, unmarking the others, and
   * keeps the mark on later renderings. `on-loop` and `selected` nodes keep readable labels; the zoom
   * buttons centre on the `selected` nodes, else on the `on-loop` ones.
   */
  mark(cls: string, ids: Iterable<string>): void {
    const set = new Set(ids)
    const before = this.marks.get(cls) ?? new Set<string>()
    if (before.size === set.size && [...set].every((id) => before.has(id))) return
    if (set.size) this.marks.set(cls, set)
    else this.marks.delete(cls)
    this.applyMark(cls, set)
    this.drawLabels()
  }

  /** The box in diagram units of the node `id` as drawn (its shapes and label, not a flow's pipe). */
  nodeBox(id: string): Box | undefined {
    const g = this.base?.node()?.querySelector<SVGGElement>(`[data-node="${CSS.escape(id)}"]`)
    return g ? nodeBox(g) : undefined
  }

  /** Whether a node `id` is drawn. */
  has(id: string): boolean {
    return this.base?.node()?.querySelector(`[data-node="${CSS.escape(id)}"]`) != null
  }

  /**
   * Glides the view to centre `box` (diagram units): zoomed out if needed to show it whole, zoomed in
   * to at least `minScale` screen pixels per unit if given (but never so far that it does not fit).
   */
  focusOn(box: Box, minScale?: number): void {
    const svg = this.svgSelection
    const behavior = this.zoomBehavior
    const view = this.visible()
    if (!svg || !behavior || !view) return
    const current = zoomTransform(svg.node()!)
    const base = this.scale / current.k
    const fit = Math.min((view.width * 0.9) / Math.max(box.width, 1), (view.height * 0.9) / Math.max(box.height, 1))
    const wanted = minScale === undefined ? current.k : Math.max(current.k, minScale / base)
    const [lo, hi] = behavior.scaleExtent()
    const k = Math.min(hi, Math.max(lo, Math.min(fit, wanted)))
    this.glideTo(this.centred(box, k, view))
  }

  /** Centres `box` (diagram units) as `focusOn` does, unless it is all in view already. */
  bringIntoView(box: Box): void {
    const svg = this.svgSelection?.node()
    const view = this.visible()
    if (!svg || !view) return
    const t = zoomTransform(svg)
    const [x0, y0] = t.apply([box.x, box.y])
    const [x1, y1] = t.apply([box.x + box.width, box.y + box.height])
    const inside = x0 >= view.x && y0 >= view.y && x1 <= view.x + view.width && y1 <= view.y + view.height
    if (!inside) this.focusOn(box)
  }

  /** Fades the diagram under the overlay (while a loop is highlighted). */
  dim(on: boolean): void {
    this.base?.classed('dimmed', on)
  }

  /** Downloads the diagram as the renderer drew it (no zoom, no overlay). */
  exportSvg(): void {
    if (!this.rendered) return
    downloadText(`${this.options.fileStem()}.svg`, this.rendered.svg, 'image/svg+xml')
  }

  /** Downloads the diagram as a PNG, drawn on a canvas at twice its size. */
  async exportPng(): Promise<void> {
    if (!this.rendered) return
    await downloadPng(`${this.options.fileStem()}.png`, this.rendered.svg)
  }

  private listen(svg: Selection<SVGSVGElement, unknown, null, undefined>): void {
    const { onPointer, onClick } = this.options
    if (onPointer) {
      svg.on('pointermove', (event: PointerEvent) => onPointer(this.toDiagram(event.clientX, event.clientY), event))
      svg.on('pointerleave', (event: PointerEvent) => onPointer(undefined, event))
    }
    if (onClick) {
      svg.on('click', (event: MouseEvent) => {
        if (event.defaultPrevented) return // the end of a drag
        const p = this.toDiagram(event.clientX, event.clientY)
        if (p) onClick(p, event)
      })
    }
  }

  private enableZoom(
    svg: Selection<SVGSVGElement, unknown, null, undefined>,
    layer: Selection<SVGGElement, unknown, null, undefined>,
    initial: ZoomTransform,
  ): void {
    // A large diagram fits at a small scale: zooming in must still reach a few times its actual size.
    const fitted = svg.node()!.getScreenCTM()?.a ?? 1
    const behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.25, Math.max(12, 4 / (fitted || 1))])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        layer.attr('transform', event.transform.toString())
        this.updateScale()
      })
    svg.call(behavior).on('dblclick.zoom', null)
    svg.call(behavior.transform, initial)
    this.zoomBehavior = behavior
    this.updateScale()
    // Keyboard: arrows pan, +/- zoom (around the selection), 0 fits, 1 is actual size.
    const host = select(this.host).attr('tabindex', 0)
    host.on('keydown', (event: KeyboardEvent) => {
      const pan: Record<string, [number, number]> = {
        ArrowLeft: [40, 0],
        ArrowRight: [-40, 0],
        ArrowUp: [0, 40],
        ArrowDown: [0, -40],
      }
      if (event.key in pan) svg.call(behavior.translateBy, ...pan[event.key]!)
      else if (event.key === '+' || event.key === '=') this.zoomBy(1.4)
      else if (event.key === '-') this.zoomBy(1 / 1.4)
      else if (event.key === '0') this.resetZoom()
      else if (event.key === '1') this.actualSize()
      else return
      event.preventDefault()
    })
  }

  /**
   * Zooms by `k` around the selection, else the highlighted loop (centring it), else the middle of
   * the panel.
   */
  private zoomBy(k: number): void {
    const svg = this.svgSelection
    const behavior = this.zoomBehavior
    if (!svg || !behavior) return
    const anchor = this.anchor()
    const view = this.visible()
    if (!anchor || !view) return void svg.call(behavior.scaleBy, k)
    const [lo, hi] = behavior.scaleExtent()
    const scaled = Math.min(hi, Math.max(lo, zoomTransform(svg.node()!).k * k))
    this.glideTo(this.centred(anchor, scaled, view))
  }

  /** One diagram unit to one CSS pixel, centred on the selection or highlighted loop, else where it is. */
  private actualSize(): void {
    const svg = this.svgSelection
    const view = this.visible()
    if (!svg || !view || !this.zoomBehavior) return
    const t = zoomTransform(svg.node()!)
    const k = t.k / this.scale
    const middle = { x: view.x + view.width / 2, y: view.y + view.height / 2 }
    const at = this.anchor() ?? { x: (middle.x - t.x) / t.k, y: (middle.y - t.y) / t.k, width: 0, height: 0 }
    this.glideTo(this.centred(at, k, view))
  }

  /** What the zoom centres on: the selected nodes, else the highlighted loop's. */
  private anchor(): Box | undefined {
    for (const cls of ['selected', 'on-loop']) {
      const ids = this.marks.get(cls)
      if (!ids) continue
      const box = unionOf([...ids].map((id) => this.nodeBox(id) as DOMRect | undefined))
      if (box) return box
    }
    return undefined
  }

  /** The part of the `<svg>`'s user space (the zoom's frame) the panel shows. */
  private visible(): Box | undefined {
    const svg = this.svgSelection?.node()
    const m = svg?.getScreenCTM()
    if (!svg || !m) return undefined
    const r = svg.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return undefined
    const inverse = m.inverse()
    const a = new DOMPoint(r.left, r.top).matrixTransform(inverse)
    const b = new DOMPoint(r.right, r.bottom).matrixTransform(inverse)
    return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y }
  }

  /** The zoom at scale `k` that puts the middle of `box` in the middle of `view`. */
  private centred(box: Box, k: number, view: Box): ZoomTransform {
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    return zoomIdentity.translate(view.x + view.width / 2 - k * cx, view.y + view.height / 2 - k * cy).scale(k)
  }

  private glideTo(t: ZoomTransform): void {
    const svg = this.svgSelection
    const behavior = this.zoomBehavior
    if (!svg || !behavior) return
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    if (still) svg.call(behavior.transform, t)
    else svg.transition().duration(GLIDE_MS).call(behavior.transform, t)
  }

  /** Sets `--s` and the level-of-detail classes for the scale now. */
  private updateScale(): void {
    const svg = this.svgSelection?.node()
    const s = this.scale
    if (!svg || !Number.isFinite(s) || s <= 0) return
    svg.style.setProperty('--s', String(s))
    const lod = lodClasses(s, this.nominal)
    svg.classList.toggle('lod-enlarge', lod.enlarge)
    svg.classList.toggle('lod-detail-hidden', lod.detailHidden)
    const labels = this.labels?.node()
    if (labels) declutterReadableLabels(labels, s)
  }

  private applyMark(cls: string, ids: ReadonlySet<string>): void {
    const base = this.base?.node()
    if (!base) return
    for (const g of base.querySelectorAll(`[data-node].${cls}`)) g.classList.remove(cls)
    for (const id of ids) for (const g of base.querySelectorAll(`[data-node="${CSS.escape(id)}"]`)) g.classList.add(cls)
  }

  private drawLabels(): void {
    const base = this.base?.node()
    const into = this.labels?.node()
    if (!base || !into || !this.options.zoomable) return
    const prominent = new Set([...this.marks.values()].flatMap((ids) => [...ids]))
    drawReadableLabels(base, into, prominent)
    for (const [cls, ids] of this.marks)
      for (const l of into.querySelectorAll('[data-for]'))
        if (ids.has(l.getAttribute('data-for')!)) l.classList.add(cls)
    declutterReadableLabels(into, this.scale)
  }

  private resetZoom(): void {
    if (this.svgSelection && this.zoomBehavior) this.svgSelection.call(this.zoomBehavior.transform, zoomIdentity)
  }
}

/**
 * Widens a diagram's viewBox to hold everything drawn in it. A view's positions are the author's, and
 * a long name wrapped under a variable at the bottom of a Vensim sketch can reach past the box the
 * renderer reserved for labels; cut off, it could not be read.
 */
function fitViewBox(svg: SVGSVGElement, content: SVGGElement): void {
  const box = svg.viewBox.baseVal
  if (!box || box.width === 0 || box.height === 0) return
  let drawn: DOMRect
  try {
    drawn = content.getBBox()
  } catch {
    return // not laid out (a hidden panel): the renderer's box stays
  }
  const pad = 4
  const minX = Math.min(box.x, drawn.x - pad)
  const minY = Math.min(box.y, drawn.y - pad)
  const maxX = Math.max(box.x + box.width, drawn.x + drawn.width + pad)
  const maxY = Math.max(box.y + box.height, drawn.y + drawn.height + pad)
  if (minX === box.x && minY === box.y && maxX === box.x + box.width && maxY === box.y + box.height) return
  svg.setAttribute('viewBox', `${minX} ${minY} ${maxX - minX} ${maxY - minY}`)
}
