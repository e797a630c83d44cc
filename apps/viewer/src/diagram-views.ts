import { select } from 'd3'
import type {
  CldLayout,
  CldLinkInput,
  CldOptions,
  LoopInfo,
  Point,
  StockFlowLayout,
  StockFlowOptions,
} from '@stockflow/diagram'
import type { LoopsResult } from './analysis.ts'
import { DiagramRenderer } from './diagram-renderer.ts'
import { cldScope, defaultCldNodes, stockFlowScope } from './diagram-scope.ts'
import type { CldNodes } from './diagram-scope.ts'
import { markerAt, nodeAt } from './hit-test.ts'
import { NAMED_PREFIX } from './loop-highlight.ts'
import { LoopList } from './loop-list.ts'
import type { LoopListModel } from './loop-list.ts'
import type { Panel } from './panel.ts'
import type { RenderReply } from './render-job.ts'

/** Loops marked in the diagram when the model names none: all of them, up to this many. */
const MAX_MARKERS = 12

/** What the diagrams read and ask for (the controller). */
export interface DiagramModel extends LoopListModel {
  readonly loops: LoopsResult | undefined
  readonly chosenVars: readonly string[]
  toggleVariable(id: string, on: boolean): void
}

/**
 * The causal-loop diagram (with its **Show** menu and loop list) and the stock-and-flow diagram, both
 * laid out and drawn in Web Workers. `html[data-cld]` and `html[data-stock-flow]` say where each stands.
 */
export class DiagramViews {
  readonly loopList: LoopList
  private cldNodes: CldNodes = 'all'
  /** What the causal-loop diagram shows, or was last asked to show (see `drawCld`). */
  private cldSignature = ''
  /** The nodes (layout key) of the causal-loop diagram on screen: a new drawing of them keeps the zoom. */
  private cldShownKey = ''
  private readonly drawnWaiters: (() => void)[] = []
  private readonly cldRenderer = new DiagramRenderer<CldLayout>((r, key) => this.onCldDrawn(r, key))
  private readonly stockFlowRenderer = new DiagramRenderer<StockFlowLayout>((r) => this.onStockFlowDrawn(r))
  private readonly nodesSelect: HTMLSelectElement
  /** The stock-and-flow diagram's **View** picker, shown when the model has several views. */
  private readonly viewSelect: HTMLSelectElement
  private stockFlowView = 0
  /** The next stock-and-flow drawing replaces the one shown at its zoom (`redrawStockFlow`). */
  private stockFlowKeepZoom = false
  /**
   * More options for the stock-and-flow diagram of a view (index into the model's views; 0 without
   * views), e.g. an arrangement; `key` names them in the layout key, so other options mean a new layout.
   */
  stockFlowExtra: (view: number) => { options: Partial<StockFlowOptions>; key: string } = () => ({
    options: {},
    key: '',
  })

  constructor(
    private readonly cld: Panel<CldLayout>,
    private readonly stockFlow: Panel<StockFlowLayout>,
    private readonly model: DiagramModel,
  ) {
    this.loopList = new LoopList(cld, model)
    this.nodesSelect = select(cld.toolbar)
      .insert('label', ':first-child')
      .text('Show ')
      .append('select')
      .attr('id', 'cld-nodes')
      .on('change', () => {
        this.cldNodes = this.nodesSelect.value as CldNodes
        this.drawCld()
      })
      .node()!
    const viewLabel = select(stockFlow.toolbar).insert('label', ':first-child').attr('hidden', '')
    this.viewSelect = viewLabel
      .text('View ')
      .append('select')
      .attr('id', 'stock-flow-view')
      .on('change', () => {
        this.stockFlowView = Number(this.viewSelect.value)
        this.drawStockFlow()
      })
      .node()!
  }

  /** A new model: its **Show** choice, both diagrams asked for, the loop list waiting for the analysis. */
  opened(): void {
    const model = this.model.session!.model
    this.cldSignature = ''
    this.cldNodes = defaultCldNodes(model)
    this.buildNodesSelect()
    this.buildViewSelect()
    this.drawCld()
    this.drawStockFlow()
    this.loopList.draw()
  }

  /** Resolves when neither diagram waits for its worker (drawn, or failed with a message shown). */
  drawn(): Promise<void> {
    return new Promise((resolve) => {
      this.drawnWaiters.push(resolve)
      this.checkDrawn()
    })
  }

  /**
   * A click in the causal-loop diagram: a loop marker highlights its loop, a variable (every element of
   * an arrayed one) is plotted, or no longer when it was.
   */
  clickCld(p: Point): void {
    const layout = this.cld.current?.layout
    if (!layout) return
    const marker = markerAt(layout.loops, p)
    const loops = this.model.loops
    if (marker) {
      const named = loops?.named.find((n) => n.id === marker.id)
      const isFound = loops?.loops.some((l) => l.id === marker.id) && !(this.model.session!.model.loops ?? []).length
      this.model.selectLoop(named?.loop ?? (isFound ? marker.id : NAMED_PREFIX + marker.id))
      return
    }
    const node = nodeAt(layout.nodes, p)
    if (!node) return
    // An arrayed variable (`infected`) is run as its elements (`infected[north]`, …): all plotted or none.
    const session = this.model.session!
    const ids = session.variables.some((v) => v.id === node.id)
      ? [node.id]
      : (session.arrays.array(node.id)?.elements.map((e) => e.id) ?? [])
    const chosen = new Set(this.model.chosenVars)
    const on = !ids.every((id) => chosen.has(id))
    for (const id of ids) if (chosen.has(id) !== on) this.model.toggleVariable(id, on)
  }

  /**
   * Asks the diagram worker for the causal-loop diagram, unless what it shows (nodes, links and their
   * signs, marked loops) is what it already shows or was last asked for. New nodes need a new layout
   * (seconds for a large model): the panel says so meanwhile; new signs or markers on the same nodes
   * keep the old drawing until the new one comes.
   */
  drawCld(): void {
    const session = this.model.session!
    const loops = this.model.loops
    const scope = cldScope(session.model, this.cldNodes)
    const options: CldOptions = {
      nodes: scope.nodes,
      params: scope.params,
      loops: this.markedLoops(),
      ...(loops ? { links: loops.links as readonly CldLinkInput[] } : {}),
    }
    const layoutKey = JSON.stringify([session.token, scope.nodes, scope.params])
    const signature = JSON.stringify([
      layoutKey,
      options.loops?.map((l) => [l.id, l.polarity]),
      options.links?.map((l) => `${l.from}>${l.to}${l.polarity ?? ''}${l.delayed ? 'd' : ''}`),
    ])
    this.cld.note(scope.note)
    if (signature === this.cldSignature) return this.loopList.highlight()
    this.cldSignature = signature
    if (layoutKey !== this.cldShownKey) {
      this.cld.show(undefined, `Laying out the diagram${scope.count ? ` (${scope.count} variables)` : ''}…`)
      this.cldShownKey = ''
    }
    document.documentElement.dataset.cld = 'pending'
    this.cldRenderer.request(session.token, session.json, { diagram: 'cld', options }, layoutKey)
  }

  /**
   * Has the causal-loop diagram show a variable its **Show** choice leaves out (all variables, with the
   * parameters for a parameter), e.g. one searched for; nothing when it shows all already.
   */
  revealInCld(id: string): void {
    const element = this.model.session?.model.elements.find((e) => e.id === id)
    if (!element || this.cldNodes === 'params') return
    const choice: CldNodes = element.kind === 'param' ? 'params' : 'all'
    if (this.cldNodes === choice) return
    this.cldNodes = choice
    this.nodesSelect.value = choice
    this.drawCld()
  }

  private buildNodesSelect(): void {
    const model = this.model.session!.model
    const named = (model.loops?.length ?? 0) > 0
    const stocks = model.elements.some((e) => e.kind === 'stock')
    const options: { value: CldNodes; text: string }[] = [
      ...(named ? [{ value: 'loops' as const, text: 'stocks and named loops' }] : []),
      ...(stocks ? [{ value: 'stocks' as const, text: 'stocks (others condensed)' }] : []),
      { value: 'all', text: 'all variables' },
      { value: 'params', text: 'all variables and parameters' },
    ]
    select(this.nodesSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.nodesSelect.value = this.cldNodes
  }

  /** One choice per view of the model (a Vensim sketch has several), by name; hidden for one view or none. */
  private buildViewSelect(): void {
    const views = this.model.session!.model.views ?? []
    this.stockFlowView = 0
    select(this.viewSelect)
      .selectAll('option')
      .data(views.map((v, i) => ({ value: String(i), text: v.name ?? `View ${i + 1}` })))
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.viewSelect.value = '0'
    this.viewSelect.parentElement!.hidden = views.length < 2
  }

  private checkDrawn(): void {
    const { cld, stockFlow } = document.documentElement.dataset
    if (cld === 'pending' || stockFlow === 'pending') return
    for (const resolve of this.drawnWaiters.splice(0)) resolve()
  }

  private onCldDrawn(reply: RenderReply<CldLayout>, layoutKey: string): void {
    const root = document.documentElement
    if (reply.kind === 'error') {
      this.cld.show(undefined, `The causal-loop diagram cannot be drawn: ${reply.message}`)
      this.cldShownKey = ''
      root.dataset.cld = 'error'
      return this.checkDrawn()
    }
    const shown = this.cld.show(
      reply.rendered,
      'The causal-loop diagram cannot be drawn yet.',
      layoutKey === this.cldShownKey,
    )
    this.cldShownKey = layoutKey
    this.cld.section.dataset.nodes = this.cldNodes
    if (shown) this.loopList.highlight()
    if (reply.seq === this.cldRenderer.latest) {
      root.dataset.cld = 'ready'
      root.dataset.cldMs = reply.ms.toFixed(0)
      this.checkDrawn()
    }
  }

  /** Loops marked in the diagram: the named ones, else the found ones when there are few. */
  private markedLoops(): readonly LoopInfo[] {
    const named = this.model.session!.model.loops ?? []
    if (named.length) return named
    const found = this.model.loops?.loops ?? []
    return found.length <= MAX_MARKERS ? found : []
  }

  /**
   * Draws the stock-and-flow diagram again with what `stockFlowExtra` gives now; the drawing shown stays,
   * at its zoom, until the new one replaces it.
   */
  redrawStockFlow(): void {
    if (!this.model.session) return
    this.drawStockFlow(true)
  }

  /** Asks the diagram worker for the stock-and-flow diagram (of a part of a large model: see `stockFlowScope`). */
  private drawStockFlow(keepShown = false): void {
    const session = this.model.session!
    const scope = stockFlowScope(session.model)
    this.stockFlow.note(scope.note)
    this.stockFlowKeepZoom = keepShown && this.stockFlow.current !== undefined
    if (!this.stockFlowKeepZoom) this.stockFlow.show(undefined, `Laying out the diagram (${scope.count} variables)…`)
    document.documentElement.dataset.stockFlow = 'pending'
    const view = session.model.views?.length ? { view: this.stockFlowView } : {}
    const extra = this.stockFlowExtra(this.stockFlowView)
    const options: StockFlowOptions = { ...(scope.nodes ? { nodes: scope.nodes } : {}), ...view, ...extra.options }
    const layoutKey = `${session.token}#${this.stockFlowView}#${extra.key}`
    this.stockFlowRenderer.request(session.token, session.json, { diagram: 'stock-flow', options }, layoutKey)
  }

  private onStockFlowDrawn(reply: RenderReply<StockFlowLayout>): void {
    const root = document.documentElement
    if (reply.kind === 'error') {
      this.stockFlow.show(undefined, `The stock-and-flow diagram cannot be drawn: ${reply.message}`)
      root.dataset.stockFlow = 'error'
      return this.checkDrawn()
    }
    this.stockFlow.show(reply.rendered, 'The stock-and-flow diagram cannot be drawn yet.', this.stockFlowKeepZoom)
    if (reply.seq === this.stockFlowRenderer.latest) {
      root.dataset.stockFlow = 'ready'
      root.dataset.stockFlowMs = reply.ms.toFixed(0)
      this.checkDrawn()
    }
  }
}
