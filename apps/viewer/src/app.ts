import { format, select } from 'd3'
import type { Selection } from 'd3'
import { linkKey, renderDominance, renderTrajectories } from '@stockflow/diagram'
import type {
  ChartLayout,
  CldLayout,
  CldLinkInput,
  CldOptions,
  LoopInfo,
  PercentileBands,
  Point,
  Rendered,
  StockFlowLayout,
  TrajectoryData,
} from '@stockflow/diagram'
import type { Ensemble } from '@stockflow/experiments'
import type { Model } from '@stockflow/model'
import { runsToCSV } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import type { AnalysisMessage, DominanceResult, FoundLoop, LoopsResult } from './analysis.ts'
import { Analyst } from './analyst.ts'
import { DiagramRenderer } from './diagram-renderer.ts'
import { cldScope, defaultCldNodes, stockFlowScope } from './diagram-scope.ts'
import type { CldNodes } from './diagram-scope.ts'
import { downloadText } from './export.ts'
import { loopHighlight } from './loop-highlight.ts'
import { monteCarloPlan } from './montecarlo.ts'
import type { MonteCarloSettings, MonteCarloSetup } from './montecarlo.ts'
import { MonteCarloControls } from './montecarlo-controls.ts'
import { MonteCarloRunner } from './montecarlo-runner.ts'
import { describeError, keepFileModel, readModelFile, restoreFileModel } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'
import { Panel } from './panel.ts'
import { dropPendingUrl, keepPendingUrl, takePendingUrl } from './pending-url.ts'
import type { RenderReply } from './render-job.ts'
import { SEEDS, findSeed } from './seeds.ts'
import { Session, defaultVariables } from './session.ts'
import type { ParamSpec } from './session.ts'
import { formatViewState, parseViewState, switchModel } from './state.ts'
import type { ViewState } from './state.ts'

const number = format('.4~g')
/** Pause after the last slider move before the loop analysis (up to a second) runs again. */
const ANALYSIS_DELAY = 500
/** The URL is rewritten at most this often (browsers throttle history updates). */
const URL_DELAY = 150
/** Loops marked in the diagram when the model names none: all of them, up to this many. */
const MAX_MARKERS = 12
/** Loop buttons listed at most (huge models list thousands). */
const MAX_LISTED = 500
/** Why Monte Carlo bands went away when the scenario or a parameter changed. */
const CHANGED = 'The scenario or parameters changed: run again for bands around the new values.'

/** A highlighted loop: a found loop (`loop=B3`), or a marked loop the analysis has not matched (`loop=named:R1`). */
const NAMED_PREFIX = 'named:'

/** The viewer: one open model, its controls and its four panels. */
export class App {
  private state: ViewState = switchModel('')
  private session: Session | undefined
  private defaultVars: readonly string[] = []
  private run: Run | undefined
  private loops: LoopsResult | undefined
  private dominance: DominanceResult | undefined
  private served: OpenedModel | undefined
  private fileModel: OpenedModel | undefined
  private cldNodes: CldNodes = 'all'
  /** What the causal-loop diagram shows, or was last asked to show (see `drawCld`). */
  private cldSignature = ''
  /** The nodes (layout key) of the causal-loop diagram on screen: a new drawing of them keeps the zoom. */
  private cldShownKey = ''
  private analysisTimer: ReturnType<typeof setTimeout> | undefined
  private urlTimer: ReturnType<typeof setTimeout> | undefined
  /** When the URL was last written (performance.now()). */
  private urlWritten = -Infinity
  private started = false
  private readonly drawnWaiters: (() => void)[] = []
  private readonly analyst = new Analyst((m) => this.onAnalysis(m))
  private readonly cldRenderer = new DiagramRenderer<CldLayout>((r, key) => this.onCldDrawn(r, key))
  private readonly stockFlowRenderer = new DiagramRenderer<StockFlowLayout>((r) => this.onStockFlowDrawn(r))
  private readonly monteCarloRunner = new MonteCarloRunner()
  /** Bumped by every Monte Carlo started or dropped, so the result of a dropped one is ignored. */
  private monteCarloSeq = 0
  /** Percentile bands of the last Monte Carlo by variable id, while the settings they came from hold. */
  private bands: { readonly label: string; readonly series: Readonly<Record<string, PercentileBands>> } | undefined
  private readonly sliders = new Map<
    string,
    { input: HTMLInputElement; box: HTMLInputElement; reset: HTMLButtonElement }
  >()

  private readonly modelSelect: HTMLSelectElement
  private readonly scenarioSelect: HTMLSelectElement
  private readonly fileInput: HTMLInputElement
  private readonly message: HTMLElement
  private readonly notice: HTMLElement
  private readonly tooltip: HTMLElement
  private readonly paramsList: HTMLElement
  private readonly varsList: HTMLElement
  private readonly compareList: HTMLElement
  private readonly cld: Panel<CldLayout>
  private readonly trajectories: Panel<ChartLayout>
  private readonly stockFlow: Panel<StockFlowLayout>
  private readonly dominancePanel: Panel<ChartLayout>
  private readonly cldNodesSelect: HTMLSelectElement
  private readonly monteCarlo: MonteCarloControls

  constructor(private readonly root: HTMLElement) {
    const $ = <E extends HTMLElement>(id: string) => root.querySelector<E>(`#${id}`)!
    this.modelSelect = $('model-select')
    this.scenarioSelect = $('scenario-select')
    this.fileInput = $('file-input')
    this.message = $('message')
    this.notice = $('notice')
    this.tooltip = $('tooltip')
    this.paramsList = $('params')
    this.varsList = $('variables')
    this.compareList = $('compare')
    const panels = $('panels')
    const stem = (what: string) => () =>
      `${this.session?.model.name ?? 'model'}-${what}`.replace(/[^\p{L}\p{N}._-]+/gu, '_')

    this.cld = new Panel<CldLayout>(panels, {
      id: 'cld',
      title: 'Causal-loop diagram',
      zoomable: true,
      fileStem: stem('cld'),
      onPointer: (p, e) => this.hoverCld(p, e),
      onClick: (p) => this.clickCld(p),
    })
    this.cldNodesSelect = select(this.cld.toolbar)
      .insert('label', ':first-child')
      .text('Show ')
      .append('select')
      .attr('id', 'cld-nodes')
      .on('change', () => {
        this.cldNodes = this.cldNodesSelect.value as CldNodes
        this.drawCld()
      })
      .node()!
    this.trajectories = new Panel<ChartLayout>(panels, {
      id: 'trajectories',
      title: 'Trajectories',
      zoomable: false,
      fileStem: stem('trajectories'),
      onPointer: (p, e) => this.hoverChart(this.trajectories, p, e, 'trajectories'),
    })
    this.trajectories.button('CSV', 'Export the plotted runs as CSV', () => this.exportCsv())
    this.monteCarlo = new MonteCarloControls(this.trajectories.aside, {
      run: (settings) => void this.runMonteCarlo(settings),
      clear: () => this.dropMonteCarlo('', true),
    })
    this.dominancePanel = new Panel<ChartLayout>(panels, {
      id: 'dominance',
      title: 'Loop dominance',
      zoomable: false,
      fileStem: stem('dominance'),
      onPointer: (p, e) => this.hoverChart(this.dominancePanel, p, e, 'dominance'),
    })

    this.stockFlow = new Panel<StockFlowLayout>(panels, {
      id: 'stock-flow',
      title: 'Stock-and-flow diagram',
      zoomable: true,
      fileStem: stem('stock-flow'),
      onPointer: (p, e) => this.hoverStockFlow(p, e),
    })
    this.modelSelect.addEventListener('change', () => this.chooseModel(this.modelSelect.value))
    this.scenarioSelect.addEventListener('change', () => this.chooseScenario(this.scenarioSelect.value || undefined))
    $('open-file').addEventListener('click', () => this.fileInput.click())
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0]
      if (file) void this.openFile(file)
      this.fileInput.value = ''
    })
    $('reset-params').addEventListener('click', () => this.resetParams())
    $('message-close').addEventListener('click', () => this.clearMessage())
    filterBox($('param-filter'), this.paramsList)
    filterBox($('var-filter'), this.varsList)
    this.listenForDrops()
    window.addEventListener('popstate', () => {
      // Another history entry: a change still waiting to be written belonged to the one left.
      clearTimeout(this.urlTimer)
      this.urlTimer = undefined
      dropPendingUrl()
      void this.start()
    })
    let resize: ReturnType<typeof setTimeout> | undefined
    let width = NaN
    new ResizeObserver(() => {
      // Charts are drawn at the panel's width: a new height (the Monte Carlo status under the chart
      // growing a line) needs no redraw, which would cost a frame or two on a large model.
      if (this.trajectories.body.clientWidth === width) return
      width = this.trajectories.body.clientWidth
      clearTimeout(resize)
      resize = setTimeout(() => {
        this.drawTrajectories()
        this.drawDominance()
      }, 100)
    }).observe(this.trajectories.body)
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
    this.served ??= await fetchServed()
    this.fileModel ??= restoreFileModel()
    const key = state.model.toLowerCase()
    const fallback = (why: string) => {
      this.showNotice(`${why}; showing the ${SEEDS[0]!.label.toLowerCase()} model`)
      return { ...switchModel(SEEDS[0]!.id) }
    }
    let chosen: ViewState = { ...state, model: key }
    if (key === '') chosen = { ...state, model: this.served ? 'served' : SEEDS[0]!.id }
    else if (key === 'served' && !this.served) chosen = fallback('No model is served here')
    else if (key === 'file' && !this.fileModel)
      chosen = fallback('The model opened from a file is no longer in browser storage')
    else if (key !== 'served' && key !== 'file' && !findSeed(key))
      chosen = fallback(`There is no model "${state.model}"`)
    // A kept or served model that no longer compiles: its error is shown over the default seed.
    if (!this.open(chosen, 'replace') && !this.session) this.open(switchModel(SEEDS[0]!.id), 'replace')
    await this.diagramsDrawn()
  }

  /** Resolves when neither diagram waits for the worker (drawn, or failed with a message shown). */
  private diagramsDrawn(): Promise<void> {
    return new Promise((resolve) => {
      this.drawnWaiters.push(resolve)
      this.checkDrawn()
    })
  }

  private checkDrawn(): void {
    const { cld, stockFlow } = document.documentElement.dataset
    if (cld === 'pending' || stockFlow === 'pending') return
    for (const resolve of this.drawnWaiters.splice(0)) resolve()
  }

  /** Opens the model of a state; on failure shows why and keeps the current model. */
  private open(state: ViewState, history: 'push' | 'replace' | 'none'): boolean {
    const source = this.modelOf(state.model)
    if (!source) return false
    let session: Session
    try {
      session = new Session(source.model, state.model, source.label)
    } catch (err) {
      this.showError(describeError(err, source.label))
      return false
    }
    this.use(session, state, source.defaultVars ?? [], history)
    return true
  }

  private modelOf(key: string): { model: Model; label: string; defaultVars?: readonly string[] } | undefined {
    if (key === 'served' && this.served) return { model: this.served.model, label: this.served.fileName }
    if (key === 'file' && this.fileModel) return { model: this.fileModel.model, label: this.fileModel.fileName }
    const seed = findSeed(key)
    return seed && { model: seed.model, label: seed.label, defaultVars: seed.defaultVars }
  }

  /** Makes a compiled model the open one: controls, runs, diagrams, then the loop analysis. */
  private use(
    session: Session,
    state: ViewState,
    defaultVars: readonly string[],
    history: 'push' | 'replace' | 'none',
  ) {
    this.dropMonteCarlo('')
    this.session = session
    this.loops = this.dominance = undefined
    this.cldSignature = ''
    this.defaultVars = defaultVariables(session.variables, defaultVars)
    this.state = normalise(state, session)
    this.cldNodes = defaultCldNodes(session.model)
    document.title = `${session.model.name} · stockflow viewer`
    select(this.root)
      .select('#model-doc')
      .text(session.model.doc ?? '')
    this.buildModelSelect()
    this.buildScenarioSelect()
    this.buildCldNodesSelect()
    this.buildSliders()
    this.buildVariables()
    this.buildCompare()
    this.simulate()
    this.drawCld()
    this.drawStockFlow()
    this.drawLoopList()
    this.drawDominance()
    this.requestAnalysis(0)
    if (history !== 'none') this.writeUrl(history)
  }

  // ----- choosing models, scenarios, parameters, variables

  private chooseModel(key: string): void {
    if (key === this.state.model) return
    this.showNotice('')
    if (!this.open(switchModel(key), 'push')) this.modelSelect.value = this.state.model
  }

  private async openFile(file: File): Promise<void> {
    let opened: OpenedModel
    let session: Session
    try {
      opened = readModelFile(file.name, await file.text())
      session = new Session(opened.model, 'file', file.name)
    } catch (err) {
      this.showError(describeError(err, file.name))
      return
    }
    this.clearMessage()
    this.fileModel = opened
    const kept = keepFileModel(opened)
    const notes = [...opened.warnings.slice(0, 3), ...(kept ? [kept] : [])]
    this.showNotice(notes.length ? notes.join('\n') : `Opened ${file.name}`)
    this.use(session, switchModel('file'), [], 'push')
  }

  private chooseScenario(id: string | undefined): void {
    // A scenario sets its own parameter values: the user's edits of the last one are dropped.
    this.state = { ...this.state, scenario: id, set: {} }
    this.dropMonteCarlo(CHANGED)
    this.updateSliders()
    this.simulate()
    this.requestAnalysis()
    this.writeUrl('replace')
  }

  private setParam(param: ParamSpec, value: number): void {
    const session = this.session!
    const set = { ...this.state.set }
    if (Math.abs(value - session.scenarioValue(this.state.scenario, param)) < param.step / 2) delete set[param.id]
    else set[param.id] = value
    this.state = { ...this.state, set }
    this.dropMonteCarlo(CHANGED)
    this.updateSlider(param)
    this.simulate()
    this.requestAnalysis()
    this.writeUrl('replace')
  }

  private resetParams(): void {
    this.state = { ...this.state, set: {} }
    this.dropMonteCarlo(CHANGED)
    this.updateSliders()
    this.simulate()
    this.requestAnalysis()
    this.writeUrl('replace')
  }

  private toggleVariable(id: string, on: boolean): void {
    const current = this.state.vars ?? this.defaultVars
    const vars = on ? [...current.filter((v) => v !== id), id] : current.filter((v) => v !== id)
    this.state = { ...this.state, vars }
    select(this.varsList)
      .selectAll<HTMLInputElement, string>('input')
      .property('checked', (d) => vars.includes(d))
    this.drawTrajectories()
    this.writeUrl('replace')
  }

  private toggleCompare(id: string, on: boolean): void {
    const compare = on
      ? [...this.state.compare.filter((c) => c !== id), id]
      : this.state.compare.filter((c) => c !== id)
    this.state = { ...this.state, compare }
    this.drawTrajectories()
    this.writeUrl('replace')
  }

  private selectLoop(key: string | undefined): void {
    this.state = { ...this.state, loop: key === this.state.loop ? undefined : key }
    this.drawLoopList()
    this.drawHighlight()
    this.writeUrl('replace')
  }

  // ----- controls

  private buildModelSelect(): void {
    const options = [
      ...SEEDS.map((s) => ({ value: s.id, text: s.label })),
      ...(this.served ? [{ value: 'served', text: `Served: ${this.served.fileName}` }] : []),
      ...(this.fileModel ? [{ value: 'file', text: `File: ${this.fileModel.fileName}` }] : []),
    ]
    select(this.modelSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.modelSelect.value = this.state.model
  }

  private buildScenarioSelect(): void {
    const scenarios = this.session!.model.scenarios ?? []
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
    this.scenarioSelect.value = this.state.scenario ?? ''
    this.scenarioSelect.disabled = scenarios.length === 0
  }

  private buildCldNodesSelect(): void {
    const model = this.session!.model
    const named = (model.loops?.length ?? 0) > 0
    const stocks = model.elements.some((e) => e.kind === 'stock')
    const options: { value: CldNodes; text: string }[] = [
      ...(named ? [{ value: 'loops' as const, text: 'stocks and named loops' }] : []),
      ...(stocks ? [{ value: 'stocks' as const, text: 'stocks (others condensed)' }] : []),
      { value: 'all', text: 'all variables' },
      { value: 'params', text: 'all variables and parameters' },
    ]
    select(this.cldNodesSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    this.cldNodesSelect.value = this.cldNodes
  }

  private buildSliders(): void {
    const session = this.session!
    this.sliders.clear()
    const rows = select(this.paramsList)
      .selectAll<HTMLDivElement, ParamSpec>('div.param')
      .data(session.params, (d) => d.id)
      .join((enter) => {
        const row = enter.append('div').attr('class', 'param')
        const label = row.append('label').attr('class', 'param-name')
        label.append('span').attr('class', 'name')
        label.append('input').attr('type', 'range').attr('class', 'slider')
        row.append('input').attr('type', 'number').attr('class', 'value')
        row.append('button').attr('type', 'button').attr('class', 'reset').text('↺')
        return row
      })
    rows.attr('data-id', (d) => d.id).attr('title', (d) => d.doc ?? '')
    rows.select('.name').text((d) => (d.units && d.units !== '1' ? `${d.name} (${d.units})` : d.name))
    rows.each((param, i, nodes) => {
      const row = select(nodes[i]!)
      const input = row.select<HTMLInputElement>('input.slider').node()!
      const box = row.select<HTMLInputElement>('input.value').node()!
      const reset = row.select<HTMLButtonElement>('button.reset').node()!
      for (const el of [input, box]) {
        el.min = String(param.min)
        el.max = String(param.max)
        el.step = String(param.step)
      }
      input.id = `param-${i}`
      box.setAttribute('aria-label', `${param.name} value`)
      reset.setAttribute('aria-label', `Reset ${param.name}`)
      reset.title = `Reset ${param.name} to the scenario's value`
      input.oninput = () => this.setParam(param, Number(input.value))
      box.onchange = () => {
        const value = Number(box.value)
        if (box.value.trim() !== '' && Number.isFinite(value)) this.setParam(param, value)
        else this.updateSlider(param)
      }
      reset.onclick = () => this.setParam(param, session.scenarioValue(this.state.scenario, param))
      this.sliders.set(param.id, { input, box, reset })
    })
    select(this.root)
      .select('#params-count')
      .text(session.params.length ? `(${session.params.length})` : '(none)')
    this.updateSliders()
  }

  private updateSliders(): void {
    for (const param of this.session!.params) this.updateSlider(param)
  }

  private updateSlider(param: ParamSpec): void {
    const s = this.sliders.get(param.id)
    if (!s) return
    const value = this.paramValue(param)
    // Typing or dragging: leave the control being used alone.
    if (document.activeElement !== s.input) s.input.value = String(value)
    if (document.activeElement !== s.box) s.box.value = String(value)
    const edited = param.id in this.state.set
    s.reset.disabled = !edited
    s.input.closest('.param')?.classList.toggle('edited', edited)
  }

  private paramValue(param: ParamSpec): number {
    return this.state.set[param.id] ?? this.session!.scenarioValue(this.state.scenario, param)
  }

  private buildVariables(): void {
    const session = this.session!
    const vars = this.state.vars ?? this.defaultVars
    const rows = select(this.varsList)
      .selectAll<HTMLLabelElement, string>('label')
      .data(
        session.variables.map((v) => v.id),
        (d) => d,
      )
      .join((enter) => {
        const label = enter.append('label').attr('class', 'variable')
        label.append('input').attr('type', 'checkbox')
        label.append('span').attr('class', 'name')
        label.append('span').attr('class', 'kind')
        return label
      })
      .order()
    const info = new Map(session.variables.map((v) => [v.id, v]))
    rows.attr('data-id', (d) => d)
    rows.select('.name').text((d) => info.get(d)!.name)
    rows.select('.kind').text((d) => info.get(d)!.kind)
    rows
      .select<HTMLInputElement>('input')
      .property('checked', (d) => vars.includes(d))
      .on('change', (event: Event, d) => this.toggleVariable(d, (event.target as HTMLInputElement).checked))
  }

  private buildCompare(): void {
    const scenarios = this.session!.model.scenarios ?? []
    select(this.root)
      .select('#compare-section')
      .classed('hidden', scenarios.length === 0)
    const rows = select(this.compareList)
      .selectAll<HTMLLabelElement, string>('label')
      .data(
        scenarios.map((s) => s.id),
        (d) => d,
      )
      .join((enter) => {
        const label = enter.append('label').attr('class', 'compare')
        label.append('input').attr('type', 'checkbox')
        label.append('span')
        return label
      })
    const byId = new Map(scenarios.map((s) => [s.id, s]))
    rows.select('span').text((d) => (byId.get(d)?.name ? `${d}: ${byId.get(d)!.name}` : d))
    rows
      .select<HTMLInputElement>('input')
      .property('checked', (d) => this.state.compare.includes(d))
      .on('change', (event: Event, d) => this.toggleCompare(d, (event.target as HTMLInputElement).checked))
  }

  // ----- runs and drawing

  /** Re-simulates with the current scenario and parameters and redraws the trajectories at once. */
  private simulate(): void {
    const start = performance.now()
    try {
      this.run = this.session!.run(this.state.scenario, this.state.set)
    } catch (err) {
      this.showError(describeError(err, this.session!.label))
      return
    }
    this.drawTrajectories()
    const ms = performance.now() - start
    const root = document.documentElement
    root.dataset.redraws = String(Number(root.dataset.redraws ?? 0) + 1)
    root.dataset.redrawMs = ms.toFixed(2)
  }

  private runLabel(): string {
    const edited = Object.keys(this.state.set).length > 0
    const base = this.session!.scenario(this.state.scenario)?.id ?? 'model values'
    return edited ? `${base} (edited)` : base
  }

  /** The runs plotted: the current one, then the compared scenarios (unedited). */
  private shownRuns(): { label: string; run: Run }[] {
    if (!this.run) return []
    const current = { label: this.runLabel(), run: this.run }
    const edited = Object.keys(this.state.set).length > 0
    const others = this.state.compare
      .filter((id) => edited || id.toLowerCase() !== (this.state.scenario ?? '').toLowerCase())
      .map((id) => ({ label: id, run: this.session!.scenarioRun(id) }))
    return [current, ...others]
  }

  /** Ids of the plotted variables, in order. */
  private plottedVars(): string[] {
    const ids = new Set(this.session?.variables.map((v) => v.id))
    return (this.state.vars ?? this.defaultVars).filter((v) => ids.has(v))
  }

  private drawTrajectories(): void {
    const session = this.session
    if (!session || !this.run) return
    const info = new Map(session.variables.map((v) => [v.id, v]))
    const vars = this.plottedVars()
    const bands = this.bands
    if (vars.length === 0) {
      this.trajectories.show(undefined, 'Choose variables to plot in the list of variables.')
      return
    }
    const runs = this.shownRuns()
    const data: TrajectoryData = {
      times: this.run.times,
      runs: runs.map(({ label, run }) => ({
        label,
        series: Object.fromEntries(vars.map((v) => [info.get(v)!.name, run.get(v)])),
      })),
      variables: vars.map((v) => ({ name: info.get(v)!.name, units: info.get(v)!.units })),
      timeUnits: session.model.time.units,
      ...(bands && {
        bands: {
          label: bands.label,
          series: Object.fromEntries(
            vars.flatMap((v) => (bands.series[v] ? [[info.get(v)!.name, bands.series[v]]] : [])),
          ),
        },
      }),
    }
    const width = Math.max(360, Math.round(this.trajectories.body.clientWidth - 16))
    const columns = Math.max(1, Math.min(vars.length, Math.floor(width / 300), 4))
    this.trajectories.show(
      safely(() => renderTrajectories(data, { width, columns })),
      'The trajectories cannot be drawn yet.',
    )
  }

  // ----- Monte Carlo

  /** Runs a Monte Carlo around the current values in Web Workers, then draws its bands. */
  private async runMonteCarlo(settings: MonteCarloSettings): Promise<void> {
    const session = this.session
    if (!session) return
    this.dropMonteCarlo('', true)
    const seq = this.monteCarloSeq
    const root = document.documentElement
    const vars = this.plottedVars()
    let setup: MonteCarloSetup
    try {
      if (vars.length === 0) throw new Error('choose variables to plot first: the bands are drawn for them')
      const params = session.params.map((spec) => ({
        spec,
        value: this.paramValue(spec),
        edited: spec.id in this.state.set,
      }))
      setup = monteCarloPlan(session.model, params, session.scenario(this.state.scenario)?.id, vars, settings)
    } catch (err) {
      this.monteCarlo.idle(`No Monte Carlo: ${messageOf(err)}.`)
      root.dataset.montecarlo = 'error'
      return
    }
    const { runs } = setup.plan
    const varying = `${setup.varied.length} parameter${setup.varied.length === 1 ? '' : 's'} ±${Math.round(settings.spread * 1000) / 10}%`
    const workers = `${this.monteCarloRunner.workers} worker${this.monteCarloRunner.workers === 1 ? '' : 's'}`
    const progress = (done: number) => `${done} of ${runs} runs varying ${varying}, on ${workers}…`
    const started = performance.now()
    root.dataset.montecarlo = 'running'
    this.monteCarlo.running(0, runs, progress(0))
    let ensemble: Ensemble
    try {
      ensemble = await this.monteCarloRunner.run(setup.plan, (done) => {
        if (seq === this.monteCarloSeq) this.monteCarlo.running(done, runs, progress(done))
      })
    } catch (err) {
      if (seq !== this.monteCarloSeq) return
      this.monteCarlo.idle(`The Monte Carlo failed: ${messageOf(err)}`)
      root.dataset.montecarlo = 'error'
      return
    }
    // Percentiles of a thousand runs take a few milliseconds per variable: one variable per task, so
    // frames can be drawn in between.
    const series: Record<string, PercentileBands> = {}
    for (const v of vars) {
      if (seq !== this.monteCarloSeq) return
      series[v] = ensemble.bands(v)
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    if (seq !== this.monteCarloSeq) return
    const ok = runs - ensemble.failures.length
    this.bands = { label: `Monte Carlo, ${ok} runs`, series }
    this.drawTrajectories()
    const ms = performance.now() - started
    const failed = ensemble.failures.length
      ? `; ${ensemble.failures.length} failed (${ensemble.failures[0]!.message}) and are left out`
      : ''
    const held = setup.held ? ` (${setup.held} held: zero or a date)` : ''
    this.monteCarlo.idle(
      `${runs} runs varying ${varying}${held}, seed ${settings.seed}, in ${(ms / 1000).toFixed(1)} s on ${workers}${failed}.`,
      true,
    )
    root.dataset.montecarlo = 'done'
    root.dataset.montecarloMs = ms.toFixed(0)
  }

  /** Stops a Monte Carlo in progress and removes its bands, which belong to other settings now. */
  private dropMonteCarlo(note: string, redraw = false): void {
    const root = document.documentElement
    this.monteCarloSeq++
    this.monteCarloRunner.cancel()
    if (this.bands === undefined && root.dataset.montecarlo !== 'running') return
    this.bands = undefined
    root.dataset.montecarlo = 'idle'
    this.monteCarlo.idle(note)
    if (redraw) this.drawTrajectories()
  }

  /**
   * Asks the diagram worker for the causal-loop diagram, unless what it shows (nodes, links and their
   * signs, marked loops) is what it already shows or was last asked for. New nodes need a new layout
   * (seconds for a large model): the panel says so meanwhile; new signs or markers on the same nodes
   * keep the old drawing until the new one comes.
   */
  private drawCld(): void {
    const session = this.session!
    const scope = cldScope(session.model, this.cldNodes)
    const options: CldOptions = {
      nodes: scope.nodes,
      params: scope.params,
      loops: this.markedLoops(),
      ...(this.loops ? { links: this.loops.links as readonly CldLinkInput[] } : {}),
    }
    const layoutKey = JSON.stringify([session.token, scope.nodes, scope.params])
    const signature = JSON.stringify([
      layoutKey,
      options.loops?.map((l) => [l.id, l.polarity]),
      options.links?.map((l) => `${l.from}>${l.to}${l.polarity ?? ''}${l.delayed ? 'd' : ''}`),
    ])
    this.cld.note(scope.note)
    if (signature === this.cldSignature) return this.drawHighlight()
    this.cldSignature = signature
    if (layoutKey !== this.cldShownKey) {
      this.cld.show(undefined, `Laying out the diagram${scope.count ? ` (${scope.count} variables)` : ''}…`)
      this.cldShownKey = ''
    }
    document.documentElement.dataset.cld = 'pending'
    this.cldRenderer.request(session.token, session.json, { diagram: 'cld', options }, layoutKey)
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
    if (shown) this.drawHighlight()
    if (reply.seq === this.cldRenderer.latest) {
      root.dataset.cld = 'ready'
      root.dataset.cldMs = reply.ms.toFixed(0)
      this.checkDrawn()
    }
  }

  /** Loops marked in the diagram: the named ones, else the found ones when there are few. */
  private markedLoops(): readonly LoopInfo[] {
    const named = this.session!.model.loops ?? []
    if (named.length) return named
    const found = this.loops?.loops ?? []
    return found.length <= MAX_MARKERS ? found : []
  }

  /** Asks the diagram worker for the stock-and-flow diagram (of a part of a large model: see `stockFlowScope`). */
  private drawStockFlow(): void {
    const session = this.session!
    const scope = stockFlowScope(session.model)
    this.stockFlow.note(scope.note)
    this.stockFlow.show(undefined, `Laying out the diagram (${scope.count} variables)…`)
    document.documentElement.dataset.stockFlow = 'pending'
    const options = scope.nodes ? { nodes: scope.nodes } : {}
    this.stockFlowRenderer.request(session.token, session.json, { diagram: 'stock-flow', options }, session.token)
  }

  private onStockFlowDrawn(reply: RenderReply<StockFlowLayout>): void {
    const root = document.documentElement
    if (reply.kind === 'error') {
      this.stockFlow.show(undefined, `The stock-and-flow diagram cannot be drawn: ${reply.message}`)
      root.dataset.stockFlow = 'error'
      return this.checkDrawn()
    }
    this.stockFlow.show(reply.rendered, 'The stock-and-flow diagram cannot be drawn yet.')
    if (reply.seq === this.stockFlowRenderer.latest) {
      root.dataset.stockFlow = 'ready'
      root.dataset.stockFlowMs = reply.ms.toFixed(0)
      this.checkDrawn()
    }
  }

  private drawDominance(): void {
    const d = this.dominance
    const aside = select(this.dominancePanel.aside)
    if (!d) {
      this.dominancePanel.show(undefined, this.loops === undefined ? 'Analysing the loops…' : 'Scoring the loops…')
      aside.selectAll('*').remove()
      return
    }
    if (d.loops.length === 0) {
      this.dominancePanel.show(undefined, 'The model has no feedback loops.')
      aside.selectAll('*').remove()
      return
    }
    const width = Math.max(360, Math.round(this.dominancePanel.body.clientWidth - 16))
    this.dominancePanel.show(
      safely(() =>
        renderDominance({ times: d.times, loops: d.loops, timeUnits: this.session!.model.time.units }, { width }),
      ),
      'The dominance chart cannot be drawn yet.',
    )
    aside.selectAll('*').remove()
    aside
      .append('p')
      .attr('class', 'note')
      .text(
        d.basis === 'named'
          ? `Relative loop scores (Loops That Matter) of the ${d.loops.length} named loops, as shares among them.`
          : d.loops.length < d.scored
            ? `Relative loop scores (Loops That Matter) of the ${d.loops.length} strongest of ${d.scored} loops.`
            : `Relative loop scores (Loops That Matter) of the model's ${d.loops.length === 1 ? 'loop' : `${d.loops.length} loops`}.`,
      )
    const details = aside.append('details')
    details.append('summary').text(`Dominant loop per interval (${d.intervals.length})`)
    details
      .append('ul')
      .attr('class', 'intervals')
      .selectAll('li')
      .data(d.intervals)
      .join('li')
      .text(
        (i) =>
          `${i.start === i.end ? i.start : `${i.start}–${i.end}`}: ${i.loop} ${i.polarity} (${Math.round(Math.abs(i.share) * 100)}%)`,
      )
  }

  private drawLoopList(): void {
    const aside = select(this.cld.aside)
    aside.selectAll('*').remove()
    const heading = aside.append('h3').attr('id', 'loops-heading')
    const result = this.loops
    const named = this.session!.model.loops ?? []
    if (!result) {
      heading.text('Loops')
      aside.append('p').attr('class', 'note').text('Finding the feedback loops…')
      return
    }
    heading.text(`Loops (${result.loops.length}${result.truncated ? ' listed' : ''})`)
    if (result.truncated)
      aside
        .append('p')
        .attr('class', 'note')
        .text(`${result.message}: listing the independent, named and strongest loops.`)
    if (result.loops.length === 0) aside.append('p').attr('class', 'note').text('No feedback loops.')
    type Item = { key: string; text: string; title: string; polarity: string; disabled?: boolean }
    const buttons = (parent: Selection<HTMLElement, unknown, null, undefined>, items: readonly Item[]) =>
      parent
        .append('ul')
        .attr('class', 'loops')
        .selectAll('li')
        .data(items)
        .join('li')
        .append('button')
        .attr('type', 'button')
        .attr('class', (d) => `loop ${d.polarity}`)
        .attr('data-loop', (d) => d.key)
        .attr('aria-pressed', (d) => String(d.key === this.state.loop))
        .attr('title', (d) => d.title)
        .property('disabled', (d) => d.disabled ?? false)
        .text((d) => d.text)
        .on('click', (_event: MouseEvent, d) => this.selectLoop(d.key))
    const found: Item[] = result.loops.slice(0, MAX_LISTED).map((l) => ({
      key: l.id,
      text: `${l.id} ${l.polarity}${l.mixed ? ' (mixed)' : ''}, ${l.links.length} links${l.named.length ? ` = ${l.named.map((n) => n.id).join(', ')}` : ''}`,
      title: describeLoop(l),
      polarity: l.polarity,
    }))
    if (named.length) {
      const group = aside.append<HTMLElement>('div').attr('class', 'loop-group')
      group.append('h4').text('Named loops')
      buttons(
        group,
        result.named.map((n) => {
          const loop = n.loop === undefined ? undefined : result.loops.find((l) => l.id === n.loop)
          const note = !loop
            ? ' (not found in the model)'
            : n.polarityAgrees === false
              ? ` (found ${loop.polarity})`
              : ''
          return {
            key: loop ? loop.id : NAMED_PREFIX + n.id,
            text: `${n.id} ${n.name}${note}`,
            title: loop ? describeLoop(loop) : n.variables.join(' → '),
            polarity: loop?.polarity ?? n.polarity,
          }
        }),
      )
      const details = aside.append<HTMLElement>('details').attr('class', 'all-loops')
      details.append('summary').text(`All loops found (${result.loops.length})`)
      buttons(details, found)
    } else if (found.length) {
      buttons(aside.append<HTMLElement>('div').attr('class', 'loop-group'), found)
    }
    aside.append('p').attr('class', 'highlight-note').attr('aria-live', 'polite')
    this.drawHighlight()
  }

  /** Draws the highlighted loop over the diagram (from the layout, so no re-layout is needed). */
  private drawHighlight(): void {
    const overlay = this.cld.overlay
    const layout = this.cld.current?.layout
    const note = select(this.cld.aside).select('.highlight-note')
    overlay?.selectAll('.loop-highlight').remove()
    const key = this.state.loop
    this.cld.dim(false)
    note.text('')
    if (!overlay || !layout || key === undefined) return
    const shown = this.highlighted(layout, key)
    if (!shown) return
    const { links, nodes, text } = shown
    this.cld.dim(true)
    const g = overlay.append('g').attr('class', 'loop-highlight').attr('pointer-events', 'none')
    g.selectAll('path')
      .data(links)
      .join('path')
      .attr('d', (l) => l.path)
    g.selectAll('rect')
      .data(nodes)
      .join('rect')
      .attr('x', (n) => n.x - n.width / 2 - 3)
      .attr('y', (n) => n.y - n.height / 2 - 3)
      .attr('width', (n) => n.width + 6)
      .attr('height', (n) => n.height + 6)
      .attr('rx', 6)
    note.text(text)
  }

  /** The links and nodes of the diagram a loop key covers, and a line describing the loop. */
  private highlighted(layout: CldLayout, key: string) {
    const found = key.startsWith(NAMED_PREFIX) ? undefined : this.loops?.loops.find((l) => l.id === key)
    if (found) {
      const h = loopHighlight(layout, found)
      const partial = h.drawn < h.total
      return {
        links: h.links,
        nodes: h.nodes,
        text: `${describeLoop(found)}${partial ? ` (${h.drawn} of ${h.total} variables drawn; show all variables for the whole loop)` : ''}`,
      }
    }
    // A marked loop the analysis has not matched (yet): the renderer knows its links.
    const marker = layout.loops.find((m) => m.id === key.slice(NAMED_PREFIX.length))
    if (!marker) return undefined
    const keys = new Set(marker.links)
    const ids = new Set(marker.nodes)
    return {
      links: layout.links.filter((l) => keys.has(linkKey(l.from, l.to))),
      nodes: layout.nodes.filter((n) => ids.has(n.id)),
      text: `${marker.id}${marker.name ? ` ${marker.name}` : ''} ${marker.polarity}`,
    }
  }

  // ----- hover read-outs

  private hoverCld(p: Point | undefined, event: PointerEvent): void {
    const layout = this.cld.current?.layout
    if (!p || !layout) return this.hideTooltip()
    const node = layout.nodes.find((n) => Math.abs(p.x - n.x) <= n.width / 2 && Math.abs(p.y - n.y) <= n.height / 2)
    if (node) return this.showTooltip(event, this.describeVariable(node.id))
    const marker = layout.loops.find((m) => Math.hypot(p.x - m.x, p.y - m.y) <= m.r + 2)
    if (marker) {
      return this.showTooltip(event, [
        `${marker.id}${marker.name ? ` ${marker.name}` : ''}`,
        `${marker.polarity}; click to highlight`,
      ])
    }
    this.hideTooltip()
  }

  private clickCld(p: Point): void {
    const layout = this.cld.current?.layout
    if (!layout) return
    const marker = layout.loops.find((m) => Math.hypot(p.x - m.x, p.y - m.y) <= m.r + 2)
    if (marker) {
      const named = this.loops?.named.find((n) => n.id === marker.id)
      const isFound = this.loops?.loops.some((l) => l.id === marker.id) && !(this.session!.model.loops ?? []).length
      this.selectLoop(named?.loop ?? (isFound ? marker.id : NAMED_PREFIX + marker.id))
      return
    }
    const node = layout.nodes.find((n) => Math.abs(p.x - n.x) <= n.width / 2 && Math.abs(p.y - n.y) <= n.height / 2)
    if (node && this.session!.variables.some((v) => v.id === node.id)) {
      const on = !(this.state.vars ?? this.defaultVars).includes(node.id)
      this.toggleVariable(node.id, on)
    }
  }

  private hoverStockFlow(p: Point | undefined, event: PointerEvent): void {
    const layout = this.stockFlow.current?.layout
    if (!p || !layout) return this.hideTooltip()
    const node = layout.nodes.find((n) => Math.abs(p.x - n.x) <= n.width / 2 && Math.abs(p.y - n.y) <= n.height / 2)
    if (node) this.showTooltip(event, this.describeVariable(node.id))
    else this.hideTooltip()
  }

  /** A variable's read-out: name, kind, units, its value at the end of the run and its range. */
  private describeVariable(id: string): string[] {
    const session = this.session!
    const info = session.variables.find((v) => v.id === id)
    const element = session.element(id)
    if (!info || !this.run) return [element?.name ?? id]
    const values = this.run.get(id)
    const last = values[values.length - 1]!
    let min = Infinity
    let max = -Infinity
    for (const v of values) {
      if (v < min) min = v
      if (v > max) max = v
    }
    const units = info.units && info.units !== '1' ? ` ${info.units}` : ''
    const equation =
      element?.kind === 'stock'
        ? `initial ${element.initial}`
        : element?.kind === 'aux' || element?.kind === 'flow'
          ? `= ${element.equation}`
          : undefined
    return [
      `${info.name} (${info.kind})`,
      `${number(last)}${units} at ${number(this.run.times[this.run.times.length - 1]!)}; from ${number(min)} to ${number(max)}`,
      ...(equation ? [equation.length > 140 ? equation.slice(0, 139) + '…' : equation] : []),
    ]
  }

  /** Trajectories and dominance: the values at the time under the pointer, with a rule across the panel. */
  private hoverChart(
    panel: Panel<ChartLayout>,
    p: Point | undefined,
    event: PointerEvent,
    what: 'trajectories' | 'dominance',
  ) {
    const overlay = panel.overlay
    overlay?.selectAll('.rule').remove()
    const layout = panel.current?.layout
    const chart = layout?.panels.find(
      (c) => p && p.x >= c.x && p.x <= c.x + c.width && p.y >= c.y && p.y <= c.y + c.height,
    )
    if (!p || !chart || !overlay) return this.hideTooltip()
    const [t0, t1] = chart.xDomain
    const t = t0 + ((p.x - chart.x) / chart.width) * (t1 - t0)
    const times = what === 'trajectories' ? this.run?.times : this.dominance?.times
    if (!times?.length) return this.hideTooltip()
    const i = nearest(times, t)
    const x = chart.x + ((times[i]! - t0) / (t1 - t0 || 1)) * chart.width
    overlay
      .append('line')
      .attr('class', 'rule')
      .attr('pointer-events', 'none')
      .attr('x1', x)
      .attr('x2', x)
      .attr('y1', chart.y)
      .attr('y2', chart.y + chart.height)
    const when = `at ${number(times[i]!)}${this.session?.model.time.units ? ` ${this.session.model.time.units}` : ''}`
    if (what === 'trajectories') {
      const id = this.session!.variables.find((v) => v.name === chart.variable)?.id ?? chart.variable
      const units = chart.units && chart.units !== '1' ? ` ${chart.units}` : ''
      const lines = this.shownRuns().map(({ label, run }) => `${label}: ${number(run.get(id)[i]!)}${units}`)
      const b = this.bands?.series[id]
      if (b && b.p50.length === times.length)
        lines.push(
          `Monte Carlo median ${number(b.p50[i]!)}${units}, 5–95%: ${number(b.p5[i]!)} to ${number(b.p95[i]!)}`,
        )
      this.showTooltip(event, [`${chart.variable} ${when}`, ...lines])
    } else {
      const rows = this.dominance!.loops.map((l) => ({ l, s: l.scores[i]! }))
        .filter((r) => Number.isFinite(r.s))
        .sort((a, b) => Math.abs(b.s) - Math.abs(a.s))
        .slice(0, 8)
        .map(({ l, s }) => `${l.id}${l.name ? ` ${l.name}` : ''}: ${Math.round(s * 100)}%`)
      this.showTooltip(event, [`Relative loop scores ${when}`, ...(rows.length ? rows : ['no scores at this time'])])
    }
  }

  private showTooltip(event: PointerEvent, lines: readonly string[]): void {
    const t = select(this.tooltip)
    t.selectAll('div')
      .data(lines)
      .join('div')
      .text((d) => d)
    this.tooltip.hidden = false
    const pad = 14
    const { innerWidth, innerHeight } = window
    const w = this.tooltip.offsetWidth
    const h = this.tooltip.offsetHeight
    const left = event.clientX + pad + w > innerWidth ? event.clientX - pad - w : event.clientX + pad
    const top = event.clientY + pad + h > innerHeight ? event.clientY - pad - h : event.clientY + pad
    this.tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true
  }

  // ----- loop analysis

  private requestAnalysis(delay = ANALYSIS_DELAY): void {
    clearTimeout(this.analysisTimer)
    document.documentElement.dataset.analysis = 'pending'
    const session = this.session!
    const { scenario, set } = this.state
    this.analysisTimer = setTimeout(() => {
      this.analyst.request({ modelJSON: session.json, scenario: session.scenario(scenario)?.id, set })
    }, delay)
  }

  private onAnalysis(message: AnalysisMessage): void {
    const root = document.documentElement
    if (message.kind === 'loops') {
      this.loops = message
      this.drawLoopList()
      // Polarities arrive with the analysis: redraw the diagram with its + and − (same layout).
      this.drawCld()
      root.dataset.loops = String(message.loops.length)
    } else if (message.kind === 'dominance') {
      this.dominance = message
      this.drawDominance()
      root.dataset.analysis = 'ready'
    } else {
      if (message.stage === 'loops') {
        select(this.cld.aside).selectAll('*').remove()
        select(this.cld.aside)
          .append('p')
          .attr('class', 'note')
          .text(`The loops could not be analysed: ${message.message}`)
      }
      this.dominance = undefined
      this.dominancePanel.show(undefined, `Loop dominance could not be computed: ${message.message}`)
      root.dataset.analysis = 'error'
    }
  }

  // ----- files, messages, URL

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
      const file = e.dataTransfer?.files[0]
      if (!file) return
      e.preventDefault()
      void this.openFile(file)
    })
  }

  private exportCsv(): void {
    const runs = this.shownRuns()
    if (!runs.length) return
    const csv = runs.length === 1 ? runs[0]!.run.toCSV() : runsToCSV(runs)
    const scenario = this.state.scenario ? `-${this.state.scenario}` : ''
    downloadText(`${this.session!.model.name}${scenario}.csv`.replace(/[^\p{L}\p{N}._-]+/gu, '_'), csv, 'text/csv')
  }

  private showError(text: string): void {
    select(this.message).select('.text').text(text)
    this.message.hidden = false
  }

  private clearMessage(): void {
    this.message.hidden = true
  }

  private showNotice(text: string): void {
    this.notice.textContent = text
    this.notice.hidden = text === ''
  }

  private writeUrl(history: 'push' | 'replace'): void {
    clearTimeout(this.urlTimer)
    this.urlTimer = undefined
    if (history === 'push') return this.writeUrlNow('push')
    // The first change is written at once, so a reload right after an edit keeps it; a burst of them
    // (a slider dragged) at most every URL_DELAY ms, as browsers throttle history updates.
    const wait = this.urlWritten + URL_DELAY - performance.now()
    if (wait <= 0) return this.writeUrlNow('replace')
    // The delayed write keeps the pending URL: a reload may already be under way, to the old address,
    // when the timer fires (seen in CI), and the pending URL is what carries the change across it.
    this.urlTimer = setTimeout(() => this.writeUrlNow('replace', true), wait)
    keepPendingUrl(location.search, formatViewState(this.state))
  }

  private writeUrlNow(history: 'push' | 'replace', keepPending = false): void {
    clearTimeout(this.urlTimer)
    this.urlTimer = undefined
    this.urlWritten = performance.now()
    if (!keepPending) dropPendingUrl()
    const url = formatViewState(this.state) + location.hash
    if (url === location.search + location.hash) return
    if (history === 'push') window.history.pushState(null, '', url)
    else window.history.replaceState(null, '', url)
  }
}

/** Drops what the model does not have (unknown parameters, variables, scenarios) from a state. */
function normalise(state: ViewState, session: Session): ViewState {
  const params = new Set(session.params.map((p) => p.id))
  const variables = new Set(session.variables.map((v) => v.id))
  const scenario = session.scenario(state.scenario)?.id
  return {
    model: state.model,
    scenario,
    set: Object.fromEntries(Object.entries(state.set).filter(([id]) => params.has(id))),
    vars: state.vars?.filter((v) => variables.has(v)),
    compare: state.compare.flatMap((c) => session.scenario(c)?.id ?? []),
    loop: state.loop,
  }
}

/** `A → B → C → A`, with the loop's id and polarity. */
function describeLoop(loop: FoundLoop): string {
  const named = loop.named.length ? ` (${loop.named.map((n) => `${n.id} ${n.name}`).join('; ')})` : ''
  return `${loop.id} ${loop.polarity}${named}: ${[...loop.names, loop.names[0]].join(' → ')}`
}

/** An error's first line, for a status line. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err)
}

/** How this page was loaded: `navigate`, `reload`, `back_forward` or `prerender`. */
function navigationType(): string | undefined {
  return (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type
}

/** The index of the time nearest to t (times increasing). */
function nearest(times: ArrayLike<number>, t: number): number {
  let lo = 0
  let hi = times.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (times[mid]! <= t) lo = mid
    else hi = mid
  }
  return Math.abs(times[hi]! - t) < Math.abs(times[lo]! - t) ? hi : lo
}

/** A renderer's output, or undefined (shown as an empty panel) when it throws. */
function safely<L>(render: () => Rendered<L>): Rendered<L> | undefined {
  try {
    return render()
  } catch (err) {
    console.error(err)
    return undefined
  }
}

/** Hides the rows of a list whose text does not contain the filter box's text. */
function filterBox(input: HTMLInputElement, list: HTMLElement): void {
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase()
    for (const row of list.children) {
      ;(row as HTMLElement).hidden = q !== '' && !(row.textContent ?? '').toLowerCase().includes(q)
    }
  })
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
