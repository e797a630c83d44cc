import { select } from 'd3'
import type { ChartLayout, CldLayout, StockFlowLayout } from '@stockflow/diagram'
import { Analyst } from './analyst.ts'
import { ChartViews } from './chart-views.ts'
import { ViewerController } from './controller.ts'
import type { ViewerEvent } from './controller.ts'
import { DiagramViews } from './diagram-views.ts'
import type { ViewerContext, ViewerExtension } from './extension.ts'
import { MonteCarloControls } from './montecarlo-controls.ts'
import { MonteCarloRunner } from './montecarlo-runner.ts'
import { FileOpener } from './file-opener.ts'
import type { DataRequest } from './file-opener.ts'
import { keepFileModel, readModelFile, restoreFileModel } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'
import { Panel } from './panel.ts'
import { ParamControls } from './param-controls.ts'
import { dropPendingUrl, keepPendingUrl, takePendingUrl } from './pending-url.ts'
import { ReadOuts } from './read-outs.ts'
import { SEEDS } from './seeds.ts'
import { parseViewState } from './state.ts'
import type { AddressBar } from './url-writer.ts'
import { VariableLists } from './variable-lists.ts'
// ----- Extensions' imports: each stream replaces only its own placeholder line (kept apart for clean merges).
// B (readable at every size):
import { SearchBox } from './search-box.ts'
// C (focus views):
import { FocusView } from './focus-view.ts'
// F (the model as a document):
import { ModelDocument } from './model-document.ts'
// D (arrange and keep):
import { ArrangeControls } from './arrange-controls.ts'
// ----- end of the extensions' imports

/**
 * The viewer: one open model, its controls and its four panels. The controller holds the state and
 * says what changed; this wires its events to the views, and the page's events to the controller.
 */
export class App {
  private started = false
  private readonly controller: ViewerController
  private readonly params: ParamControls
  private readonly lists: VariableLists
  private readonly diagrams: DiagramViews
  private readonly charts: ChartViews
  private readonly readOuts: ReadOuts
  private readonly monteCarlo: MonteCarloControls
  private readonly modelSelect: HTMLSelectElement
  private readonly scenarioSelect: HTMLSelectElement
  private readonly fileInput: HTMLInputElement
  private readonly opener: FileOpener
  private readonly dataRequest: HTMLElement
  private readonly message: HTMLElement
  private readonly notice: HTMLElement
  /** What the extensions are made with. */
  readonly context: ViewerContext
  /** Told every event after the viewer's own views (see `extension.ts`), in the order registered. */
  private readonly extensions: ViewerExtension[] = []

  constructor(private readonly root: HTMLElement) {
    const $ = <E extends HTMLElement>(id: string) => root.querySelector<E>(`#${id}`)!
    this.modelSelect = $('model-select')
    this.scenarioSelect = $('scenario-select')
    this.fileInput = $('file-input')
    this.message = $('message')
    this.notice = $('notice')
    this.dataRequest = $('data-request')
    const controller = (this.controller = new ViewerController(
      {
        address: browserAddressBar(),
        analyst: new Analyst((m) => controller.analysed(m)),
        monteCarlo: new MonteCarloRunner(),
      },
      (event) => this.show(event),
    ))
    this.params = new ParamControls(
      { list: $('params'), count: $('params-count'), filter: $('param-filter'), resetAll: $('reset-params') },
      controller,
    )
    this.lists = new VariableLists(
      {
        variables: $('variables'),
        variableFilter: $('var-filter'),
        compare: $('compare'),
        compareSection: $('compare-section'),
      },
      controller,
    )
    this.readOuts = new ReadOuts($('tooltip'), controller)

    const panels = $('panels')
    const stem = (what: string) => () =>
      `${controller.session?.model.name ?? 'model'}-${what}`.replace(/[^\p{L}\p{N}._-]+/gu, '_')
    const cld: Panel<CldLayout> = new Panel<CldLayout>(panels, {
      id: 'cld',
      title: 'Causal-loop diagram',
      zoomable: true,
      fileStem: stem('cld'),
      onPointer: (p, e) => this.readOuts.hoverCld(cld, p, e),
      onClick: (p) => this.diagrams.clickCld(p),
    })
    const trajectories: Panel<ChartLayout> = new Panel<ChartLayout>(panels, {
      id: 'trajectories',
      title: 'Trajectories',
      zoomable: false,
      fileStem: stem('trajectories'),
      onPointer: (p, e) => this.readOuts.hoverChart(trajectories, p, e, 'trajectories'),
    })
    trajectories.button('CSV', 'Export the plotted runs as CSV', () => this.charts.exportCsv())
    this.monteCarlo = new MonteCarloControls(trajectories.aside, {
      run: (settings) => void controller.runMonteCarlo(settings),
      clear: () => controller.dropMonteCarlo('', true),
    })
    const dominance: Panel<ChartLayout> = new Panel<ChartLayout>(panels, {
      id: 'dominance',
      title: 'Loop dominance',
      zoomable: false,
      fileStem: stem('dominance'),
      onPointer: (p, e) => this.readOuts.hoverChart(dominance, p, e, 'dominance'),
    })
    const stockFlow: Panel<StockFlowLayout> = new Panel<StockFlowLayout>(panels, {
      id: 'stock-flow',
      title: 'Stock-and-flow diagram',
      zoomable: true,
      fileStem: stem('stock-flow'),
      onPointer: (p, e) => this.readOuts.hoverStockFlow(stockFlow, p, e),
    })
    this.diagrams = new DiagramViews(cld, stockFlow, controller)
    this.charts = new ChartViews(trajectories, dominance, controller)
    this.context = {
      controller,
      panels,
      headerTools: $('header-tools'),
      cld,
      stockFlow,
      diagrams: this.diagrams,
      stem,
    }
    // ----- Extensions, in page order: each stream replaces only its own placeholder line, e.g.
    // `this.extensions.push(new SearchBox(this.context))` (the lines between stay, so merges are clean).
    // B (readable at every size):
    this.extensions.push(new SearchBox(this.context))
    // C (focus views):
    this.extensions.push(new FocusView(this.context))
    // F (the model as a document):
    this.extensions.push(new ModelDocument(this.context))
    // D (arrange and keep):
    this.extensions.push(new ArrangeControls(this.context))
    // ----- end of the extensions

    this.modelSelect.addEventListener('change', () => {
      if (!controller.chooseModel(this.modelSelect.value)) this.modelSelect.value = controller.state.model
    })
    this.scenarioSelect.addEventListener('change', () =>
      controller.chooseScenario(this.scenarioSelect.value || undefined),
    )
    this.opener = new FileOpener({
      openText: (fileName, text) => controller.openFile(fileName, text),
      openModel: (opened) => controller.openModel(opened),
      error: (message) => this.show({ kind: 'error', message }),
      request: (request) => this.showRequest(request),
    })
    $('open-file').addEventListener('click', () => this.fileInput.click())
    this.fileInput.addEventListener('change', () => {
      void this.opener.open([...(this.fileInput.files ?? [])])
      this.fileInput.value = ''
    })
    const dataInput = $<HTMLInputElement>('data-input')
    $('add-data').addEventListener('click', () => dataInput.click())
    dataInput.addEventListener('change', () => {
      void this.opener.addData([...(dataInput.files ?? [])])
      dataInput.value = ''
    })
    $('data-cancel').addEventListener('click', () => this.opener.cancel())
    $('message-close').addEventListener('click', () => this.clearMessage())
    this.listenForDrops()
    window.addEventListener('popstate', () => {
      controller.leftHistoryEntry()
      void this.start()
    })
    let resize: ReturnType<typeof setTimeout> | undefined
    let width = NaN
    new ResizeObserver(() => {
      // Charts are drawn at the panel's width: a new height (the Monte Carlo status under the chart
      // growing a line) needs no redraw, which would cost a frame or two on a large model.
      if (trajectories.body.clientWidth === width) return
      width = trajectories.body.clientWidth
      clearTimeout(resize)
      resize = setTimeout(() => {
        this.charts.drawTrajectories()
        this.charts.drawDominance()
      }, 100)
    }).observe(trajectories.body)
  }

  /**
   * Opens the model the URL names (or the served one, or the default seed) with the URL's view state.
   * Resolves once its diagrams are drawn too (they are laid out in a worker, after the first run).
   */
  async start(): Promise<void> {
    if (!this.started) {
      this.started = true
      const search = takePendingUrl(location.search, navigationType() === 'reload')
      if (search !== location.search) window.history.replaceState(null, '', search + location.hash)
    }
    const state = parseViewState(location.search, '')
    this.controller.served ??= await fetchServed()
    this.controller.fileModel ??= restoreFileModel()
    this.controller.start(state)
    await this.diagrams.drawn()
  }

  /** Shows what the controller says changed: the viewer's own views, then the extensions. */
  private show(event: ViewerEvent): void {
    this.showOwn(event)
    for (const extension of this.extensions) extension.show(event)
  }

  private showOwn(event: ViewerEvent): void {
    const controller = this.controller
    const root = document.documentElement
    switch (event.kind) {
      case 'opened': {
        const session = controller.session!
        document.title = `${session.model.name} · stockflow viewer`
        select(this.root)
          .select('#model-doc')
          .text(session.model.doc ?? '')
        this.buildModelSelect()
        this.buildScenarioSelect()
        this.params.build(session.params)
        this.lists.build(session.variables, session.model.scenarios ?? [])
        this.diagrams.opened()
        this.charts.drawDominance()
        return
      }
      case 'values':
        return this.params.update(event.param)
      case 'ran': {
        this.charts.drawTrajectories()
        root.dataset.redraws = String(Number(root.dataset.redraws ?? 0) + 1)
        root.dataset.redrawMs = (performance.now() - event.started).toFixed(2)
        return
      }
      case 'plotted':
        this.lists.check()
        return this.charts.drawTrajectories()
      case 'bands':
        return this.charts.drawTrajectories()
      case 'loop':
        // The list shows which is pressed; the highlight is drawn even before the list has loops.
        this.diagrams.loopList.draw()
        return this.diagrams.loopList.highlight()
      case 'analysis-pending':
        root.dataset.analysis = 'pending'
        return
      case 'loops':
        this.diagrams.loopList.draw()
        // Polarities arrive with the analysis: redraw the diagram with its + and − (same layout).
        this.diagrams.drawCld()
        root.dataset.loops = String(controller.loops!.loops.length)
        return
      case 'dominance':
        this.charts.drawDominance()
        root.dataset.analysis = 'ready'
        return
      case 'analysis-error':
        if (event.stage === 'loops') this.diagrams.loopList.failed(event.message)
        this.charts.failed(event.message)
        root.dataset.analysis = 'error'
        return
      case 'montecarlo':
        if (event.phase === 'running') this.monteCarlo.running(event.done ?? 0, event.total ?? 0, event.text)
        else this.monteCarlo.idle(event.text, event.phase === 'done')
        root.dataset.montecarlo = event.phase
        if (event.ms !== undefined) root.dataset.montecarloMs = event.ms.toFixed(0)
        return
      case 'file-opened': {
        const { opened } = event
        this.clearMessage()
        const kept = keepFileModel(opened)
        const notes = [...opened.warnings.slice(0, 3), ...(kept ? [kept] : [])]
        return this.showNotice(notes.length ? notes.join('\n') : `Opened ${opened.fileName}`)
      }
      case 'error':
        select(this.message).select('.text').text(event.message)
        this.message.hidden = false
        return
      case 'notice':
        return this.showNotice(event.text)
    }
  }

  private buildModelSelect(): void {
    const { served, fileModel } = this.controller
    const options = [
      ...SEEDS.map((s) => ({ value: s.id, text: s.label })),
      ...(served ? [{ value: 'served', text: `Served: ${served.fileName}` }] : []),
      ...(fileModel ? [{ value: 'file', text: `File: ${fileModel.fileName}` }] : []),
    ]
    select(this.modelSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.modelSelect.value = this.controller.state.model
  }

  private buildScenarioSelect(): void {
    const scenarios = this.controller.session!.model.scenarios ?? []
    const options = [
      { value: '', text: 'Model values' },
      ...scenarios.map((s) => ({ value: s.id, text: s.name ? `${s.id}: ${s.name}` : s.id })),
    ]
    select(this.scenarioSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.scenarioSelect.value = this.controller.state.scenario ?? ''
    this.scenarioSelect.disabled = scenarios.length === 0
  }

  /** The question for a `.mdl` model's missing data files, or none. */
  private showRequest(request: DataRequest | undefined): void {
    const shown = !this.dataRequest.hidden
    this.dataRequest.hidden = request === undefined
    this.dataRequest.querySelector('.text')!.textContent = request?.text ?? ''
    this.dataRequest
      .querySelector('#data-input')!
      .setAttribute('aria-label', `Data files for ${request?.fileName ?? 'the model'}`)
    if (!request) return
    this.clearMessage()
    if (!shown) this.dataRequest.querySelector<HTMLElement>('#add-data')!.focus()
  }

  private listenForDrops(): void {
    const body = document.body
    let depth = 0
    body.addEventListener('dragenter', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return
      depth++
      body.classList.add('dragging')
    })
    body.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) body.classList.remove('dragging')
    })
    body.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    })
    body.addEventListener('drop', (e) => {
      depth = 0
      body.classList.remove('dragging')
      const files = [...(e.dataTransfer?.files ?? [])]
      if (files.length === 0) return
      e.preventDefault()
      void this.opener.open(files)
    })
  }

  private clearMessage(): void {
    this.message.hidden = true
  }

  private showNotice(text: string): void {
    this.notice.textContent = text
    this.notice.hidden = text === ''
  }
}

/** The page's address and history, and the URL waiting to be written kept in sessionStorage. */
function browserAddressBar(): AddressBar {
  return {
    get search() {
      return location.search
    },
    get hash() {
      return location.hash
    },
    push: (url) => window.history.pushState(null, '', url),
    replace: (url) => window.history.replaceState(null, '', url),
    keepPending: keepPendingUrl,
    dropPending: dropPendingUrl,
  }
}

/** How this page was loaded: `navigate`, `reload`, `back_forward` or `prerender`. */
function navigationType(): string | undefined {
  return (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type
}

/** The model `stockflow view` serves at `model.json`, if this page was served that way. */
async function fetchServed(): Promise<OpenedModel | undefined> {
  try {
    const response = await fetch('model.json', { headers: { accept: 'application/json' }, cache: 'no-store' })
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined
    const text = await response.text()
    const model = readModelFile('model.json', text).model
    return { model, fileName: model.name, warnings: [] }
  } catch {
    return undefined
  }
}
