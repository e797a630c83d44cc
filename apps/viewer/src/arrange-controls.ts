import { drag, select } from 'd3'
import { layoutToView } from '@stockflow/diagram'
import type { ArrangedKey, Rendered, StockFlowLayout } from '@stockflow/diagram'
import { modelToJSON } from '@stockflow/model'
import type { Model, View } from '@stockflow/model'
import { exportXmile } from '@stockflow/xmile'
import { Arrangements, moveNode, reconcile } from './arrangement.ts'
import type { MovedKind, NodeRef } from './arrangement.ts'
import type { ViewerEvent } from './controller.ts'
import { stockFlowScope } from './diagram-scope.ts'
import { downloadText } from './export.ts'
import type { ViewerContext, ViewerExtension } from './extension.ts'
import { browserKey, browserStore, serverStore } from './layout-store.ts'
import type { LayoutStore } from './layout-store.ts'

/** A drag shorter than this (diagram units) is a click, not a move. */
const MIN_MOVE = 2

/**
 * Arranging the stock-and-flow diagram: drag a node to move it (its pipe ends and clouds come along),
 * **Undo**, **Reset layout**, and **XMILE** / **JSON** to export the model with the arrangement as its
 * views. Under `stockflow view` the arrangement is saved beside the model; otherwise in this browser.
 */
export class ArrangeControls implements ViewerExtension {
  private arrangements = new Arrangements()
  private store: LayoutStore | undefined
  private served: Promise<LayoutStore | undefined> | undefined
  /** The view the diagram was last asked for (an index into the model's views; 0 without views). */
  private view = 0
  /** Bumped on every change, so the diagram's layout key changes with the arrangement. */
  private revision = 0
  private opening = 0
  /** Arranged views still to be brought up to date with the automatic layout (elements added since). */
  private stale = new Set<ArrangedKey>()
  /** A node that did not move and where it was drawn, to keep the drawing still across the redraw. */
  private anchor: { id: string; x: number; y: number; viewBox: string } | undefined
  private readonly undoButton: HTMLButtonElement
  private readonly resetButton: HTMLButtonElement
  private readonly status: HTMLElement

  constructor(private readonly context: ViewerContext) {
    const panel = context.stockFlow
    this.undoButton = panel.button('Undo', 'Undo the last move in the stock-and-flow diagram (Ctrl+Z)', () =>
      this.undo(),
    )
    this.resetButton = panel.button('Reset layout', 'Put the stock-and-flow diagram back as it was laid out', () =>
      this.reset(),
    )
    panel.button('XMILE', 'Export the model with this arrangement as XMILE (with views)', () => this.export('xmile'))
    panel.button('JSON', 'Export the model with this arrangement as JSON (with views)', () => this.export('json'))
    this.undoButton.classList.add('arrange-undo')
    this.resetButton.classList.add('arrange-reset')
    this.status = select(panel.toolbar)
      .append('span')
      .attr('class', 'arrange-status')
      .attr('role', 'status')
      .style('font-size', '12px')
      .style('color', '#555')
      .node()!
    panel.section.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
        event.preventDefault()
        this.undo()
      }
    })
    context.diagrams.stockFlowExtra = (view) => {
      this.view = view
      const key = this.key(view)
      const arranged = this.stale.has(key) ? undefined : this.arrangements.get(key)
      return arranged ? { options: { arranged }, key: `arranged:${this.revision}` } : { options: {}, key: '' }
    }
    panel.onShow((rendered) => this.attach(rendered))
    this.update()
  }

  show(event: ViewerEvent): void {
    if (event.kind === 'opened') void this.open()
  }

  /** Reads the opened model's arrangement from where it is kept, and draws it. */
  private async open(): Promise<void> {
    const opening = ++this.opening
    this.arrangements = new Arrangements()
    this.store = undefined
    this.stale.clear()
    this.anchor = undefined
    this.update()
    const { controller } = this.context
    const which = controller.state.model
    let store: LayoutStore | undefined
    if (which === 'served') {
      this.served ??= serverStore()
      store = await this.served
    }
    const session = controller.session
    if (opening !== this.opening || !session) return
    const model = session.model
    store ??= browserStore(browserKey(which, model.name, controller.fileModel?.fileName))
    this.store = store
    this.arrangements = new Arrangements(store.kept)
    this.bringUpToDate(model)
    if (this.arrangements.size > 0) {
      this.revision++
      this.context.diagrams.redrawStockFlow()
    }
    this.update()
  }

  /** Saved views that lack elements of the model get them where the model's view (or the automatic layout) puts them. */
  private bringUpToDate(model: Model): void {
    for (const [i, view] of (model.views ?? []).entries()) {
      const key = String(i) as ArrangedKey
      const saved = this.arrangements.get(key)
      if (saved) this.arrangements.replace(key, reconcile(saved, view))
    }
    const auto = this.arrangements.get('auto')
    if (!auto || model.views?.length) return
    const drawn = stockFlowScope(model).nodes ?? model.elements.filter((e) => e.kind !== 'lookup').map((e) => e.id)
    const placed = new Set(auto.items.filter((i) => !i.kind).map((i) => i.id))
    // The automatic layout is drawn once first; `attach` then fills the gaps from it.
    if (drawn.some((id) => !placed.has(id))) this.stale.add('auto')
  }

  /** After every drawing: nodes become draggable; a drawing after a move is kept where it was on screen. */
  private attach(rendered: Rendered<StockFlowLayout> | undefined): void {
    const svg = this.context.stockFlow.svg
    if (!rendered || !svg) return
    const layout = rendered.layout
    if (this.stale.has('auto') && layout.source === 'auto' && this.key(this.view) === 'auto') {
      this.stale.delete('auto')
      const saved = this.arrangements.get('auto')
      if (saved) {
        this.arrangements.replace('auto', reconcile(saved, autoView(layout)))
        this.revision++
        this.context.diagrams.redrawStockFlow()
      }
    }
    // A drawing asked for before the latest move (a redraw already under way when it was dropped) lays
    // the model out afresh: draw the arrangement again rather than leave the move unseen.
    const key = this.key(this.view)
    if (layout.source === 'auto' && !this.stale.has(key) && this.arrangements.get(key)) {
      this.revision++
      this.context.diagrams.redrawStockFlow()
    }
    this.keepStill(svg, layout)
    let moved = { dx: 0, dy: 0 }
    // An alias the view gives no uid cannot be told from the element's own item in the view: not draggable.
    const nodes = select(svg)
      .selectAll<SVGGElement, unknown>('g[data-node]')
      .filter(function () {
        return !this.classList.contains('alias') || this.hasAttribute('data-alias')
      })
      .style('cursor', 'move')
    const commit = (ref: NodeRef, dx: number, dy: number) => this.move(ref, dx, dy, layout, svg)
    nodes.call(
      drag<SVGGElement, unknown>()
        .clickDistance(4)
        .on('start', () => (moved = { dx: 0, dy: 0 }))
        .on('drag', function (event: { dx: number; dy: number }) {
          moved = { dx: moved.dx + event.dx, dy: moved.dy + event.dy }
          this.setAttribute('transform', `translate(${moved.dx},${moved.dy})`)
        })
        .on('end', function () {
          const { dx, dy } = moved
          if (Math.hypot(dx, dy) < MIN_MOVE) {
            this.removeAttribute('transform')
            return
          }
          const alias = this.getAttribute('data-alias')
          const ref: NodeRef = { id: this.getAttribute('data-node')!, ...(alias ? { alias: Number(alias) } : {}) }
          commit(ref, dx, dy)
        }),
    )
  }

  /** Commits a move of `ref` by (dx, dy) diagram units in the drawing of `layout`. */
  private move(ref: NodeRef, dx: number, dy: number, layout: StockFlowLayout, svg: SVGSVGElement): void {
    const session = this.context.controller.session
    if (!session) return
    const model = session.model
    const key = this.key(this.view)
    const base = this.arrangements.get(key) ?? model.views?.[this.view] ?? autoView(layout)
    const kinds = new Map(model.elements.map((e) => [e.id, e.kind]))
    const kindOf = (id: string): MovedKind => {
      const kind = kinds.get(id)
      return kind === 'stock' || kind === 'flow' ? kind : 'other'
    }
    const still = layout.nodes.find((n) => !n.alias && n.id !== ref.id)
    this.anchor = still && { id: still.id, x: still.x, y: still.y, viewBox: svg.getAttribute('viewBox') ?? '' }
    this.change(key, moveNode(base, ref, kindOf, dx, dy))
  }

  private undo(): void {
    if (!this.arrangements.undo()) return
    this.changed()
  }

  private reset(): void {
    const key = this.key(this.view)
    if (!this.arrangements.get(key)) return
    this.change(key, undefined)
  }

  private change(key: ArrangedKey, view: View | undefined): void {
    this.arrangements.set(key, view)
    this.changed()
  }

  /** Draws the arrangement now, keeps it, and updates the buttons. */
  private changed(): void {
    this.revision++
    this.context.diagrams.redrawStockFlow()
    this.update()
    const session = this.context.controller.session
    const store = this.store
    if (!session || !store) return
    this.say('Saving…')
    store.save(this.arrangements.toFile(session.model.name)).then(
      () => this.say(`Saved in ${store.where}`),
      (err: unknown) => this.say(`Not saved: ${err instanceof Error ? err.message : String(err)}`),
    )
  }

  /** Downloads the model with its views arranged as now. */
  private export(format: 'xmile' | 'json'): void {
    const session = this.context.controller.session
    if (!session) return
    const model = session.model
    const views = this.views(model)
    const out: Model = { ...model, ...(views.length ? { views } : {}) }
    const stem = this.context.stem('arranged')()
    if (format === 'xmile') downloadText(`${stem}.xmile`, exportXmile(out), 'application/xml')
    else downloadText(`${stem}.json`, modelToJSON(out), 'application/json')
  }

  /** The model's views as arranged; a model without views gets the drawing shown (with its connectors). */
  private views(model: Model): View[] {
    if (model.views?.length) return model.views.map((v, i) => this.arrangements.get(String(i) as ArrangedKey) ?? v)
    const shown = this.context.stockFlow.current?.layout
    if (shown) return [layoutToView(shown, model.name)]
    const auto = this.arrangements.get('auto')
    return auto ? [auto] : []
  }

  /** Moves the new drawing's viewBox by as much as a node that did not move moved in it. */
  private keepStill(svg: SVGSVGElement, layout: StockFlowLayout): void {
    const anchor = this.anchor
    this.anchor = undefined
    if (!anchor || !anchor.viewBox) return
    const now = layout.nodes.find((n) => !n.alias && n.id === anchor.id)
    const box = anchor.viewBox.split(/[\s,]+/).map(Number)
    if (!now || box.length !== 4 || box.some((n) => !Number.isFinite(n))) return
    const [x, y, w, h] = box as [number, number, number, number]
    svg.setAttribute('viewBox', `${x + now.x - anchor.x} ${y + now.y - anchor.y} ${w} ${h}`)
  }

  private key(view: number): ArrangedKey {
    return this.context.controller.session?.model.views?.length ? (String(view) as ArrangedKey) : 'auto'
  }

  private update(): void {
    this.undoButton.disabled = !this.arrangements.canUndo
    this.resetButton.disabled = !this.arrangements.get(this.key(this.view))
    const where = this.store?.where
    this.say(where ? `Drag nodes to arrange; kept in ${where}` : 'Drag nodes to arrange')
  }

  private say(text: string): void {
    this.status.textContent = text
  }
}

/** The automatic layout as a view to arrange; its connectors are drawn afresh from the model each time. */
function autoView(layout: StockFlowLayout): View {
  const { links: _links, ...view } = layoutToView(layout)
  return view
}
