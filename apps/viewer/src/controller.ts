import type { PercentileBands } from '@stockflow/diagram'
import type { Ensemble, ExperimentPlan, Progress } from '@stockflow/experiments'
import type { Model } from '@stockflow/model'
import type { Run } from '@stockflow/solver'
import type { AnalysisMessage, AnalysisRequest, DominanceResult, LoopsResult } from './analysis.ts'
import { monteCarloPlan } from './montecarlo.ts'
import type { MonteCarloSettings, MonteCarloSetup } from './montecarlo.ts'
import { describeError, readModelFile } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'
import { SEEDS, findSeed } from './seeds.ts'
import { Session, defaultVariables } from './session.ts'
import type { ParamSpec } from './session.ts'
import { formatFocus, formatViewState, parseFocus, switchModel } from './state.ts'
import type { ViewState } from './state.ts'
import { UrlWriter } from './url-writer.ts'
import type { AddressBar } from './url-writer.ts'

/** Pause after the last change before the loop analysis (up to a second) runs again. */
export const ANALYSIS_DELAY = 500
/** Why Monte Carlo bands went away when the scenario or a parameter changed. */
export const CHANGED = 'The scenario or parameters changed: run again for bands around the new values.'

/** Percentile bands of a Monte Carlo by variable id, and their legend label. */
export interface Bands {
  readonly label: string
  readonly series: Readonly<Record<string, PercentileBands>>
}

/** Where a Monte Carlo stands (`html[data-montecarlo]`). */
export type MonteCarloPhase = 'idle' | 'running' | 'error' | 'done'

/** What changed, for the views to show; sent synchronously, in order. */
export type ViewerEvent =
  /** Another model (or the same one afresh) is open: build its controls and diagrams. Its first run follows. */
  | { readonly kind: 'opened' }
  /** Parameter values changed (the scenario's, or one the user set: `param`). */
  | { readonly kind: 'values'; readonly param?: ParamSpec }
  /** A new run to draw; `started` is the clock's reading before it was simulated. */
  | { readonly kind: 'ran'; readonly started: number }
  /** The plotted variables or compared scenarios changed. */
  | { readonly kind: 'plotted' }
  /** Monte Carlo bands came or went. */
  | { readonly kind: 'bands' }
  /** Another loop is highlighted, or none. */
  | { readonly kind: 'loop' }
  /** A variable is selected (`state.select`), or none; sent again when the same one is chosen again. */
  | { readonly kind: 'select' }
  /** Another focus view is asked for (`state.focus`), or none. */
  | { readonly kind: 'focus' }
  /** Loop dominance is to be shared among other loops (`dominanceBasis`); a new analysis follows. */
  | { readonly kind: 'dominance-basis' }
  /** A loop analysis is on its way (scheduled or running). */
  | { readonly kind: 'analysis-pending' }
  /** The loops of the analysis arrived (`loops`); dominance follows. */
  | { readonly kind: 'loops' }
  /** The loop dominance arrived (`dominance`). */
  | { readonly kind: 'dominance' }
  | { readonly kind: 'analysis-error'; readonly stage: 'loops' | 'dominance'; readonly message: string }
  /** The Monte Carlo's status line; `done` of `total` runs while running; `ms` once done. */
  | {
      readonly kind: 'montecarlo'
      readonly phase: MonteCarloPhase
      readonly text: string
      readonly done?: number
      readonly total?: number
      readonly ms?: number
    }
  /** A model file was read and compiles: it is about to open. */
  | { readonly kind: 'file-opened'; readonly opened: OpenedModel }
  /** Something went wrong that the user should read (one or a few lines, naming the file). */
  | { readonly kind: 'error'; readonly message: string }
  /** A note above the panels ('' hides it). */
  | { readonly kind: 'notice'; readonly text: string }

/** Runs Monte Carlo plans (in Web Workers: `MonteCarloRunner`). */
export interface MonteCarloPort {
  readonly workers: number
  run(plan: ExperimentPlan, onProgress: Progress): Promise<Ensemble>
  cancel(): void
}

/** What the controller works through: the address bar, the loop analysis, the Monte Carlo runner, a clock. */
export interface ControllerPorts {
  readonly address: AddressBar
  /** Starts a loop analysis; its messages, bearing the request's `seq`, come back through `analysed` (`Analyst`). */
  readonly analyst: { request(request: AnalysisRequest): unknown }
  readonly monteCarlo: MonteCarloPort
  /** Milliseconds, for the URL throttle and the Monte Carlo's duration (`performance.now` by default). */
  readonly now?: () => number
}

/** A model to open: the model, the name to show, and the variables it plots first. */
interface ModelSource {
  readonly model: Model
  readonly label: string
  readonly defaultVars?: readonly string[]
}

/**
 * The viewer without its page: the open model (a `Session`) and its view state (scenario, parameter
 * values, plotted variables, compared scenarios, highlighted loop), the current run, the loop analysis
 * and when to ask for it, the Monte Carlo and its bands, and the URL kept in step. It never touches
 * the DOM: it tells its listener what changed (`ViewerEvent`), and the views draw.
 */
export class ViewerController {
  /** The model `stockflow view` serves, if this page was served that way. */
  served: OpenedModel | undefined
  /** The model last opened from a file (kept in browser storage), if any. */
  fileModel: OpenedModel | undefined
  private viewState: ViewState = switchModel('')
  private openSession: Session | undefined
  private defaults: readonly string[] = []
  private currentRun: Run | undefined
  private loopsResult: LoopsResult | undefined
  private dominanceResult: DominanceResult | undefined
  private bandsShown: Bands | undefined
  private analysisTimer: ReturnType<typeof setTimeout> | undefined
  /**
   * The number of the latest loop analysis asked for (or scheduled): messages bearing another are about
   * another model or other values, still on their way when it was asked for, and are dropped.
   */
  private analysisSeq = 0
  /** Bumped by every Monte Carlo started or dropped, so the result of a dropped one is ignored. */
  private monteCarloSeq = 0
  private monteCarloPhase: MonteCarloPhase = 'idle'
  private readonly url: UrlWriter
  private readonly now: () => number

  constructor(
    private readonly ports: ControllerPorts,
    private readonly listener: (event: ViewerEvent) => void,
  ) {
    this.now = ports.now ?? (() => performance.now())
    this.url = new UrlWriter(ports.address, () => formatViewState(this.viewState), this.now)
  }

  // ----- what the views read

  get state(): ViewState {
    return this.viewState
  }

  /** The open model, once one is. */
  get session(): Session | undefined {
    return this.openSession
  }

  /** The run of the current scenario and values (undefined when it failed). */
  get run(): Run | undefined {
    return this.currentRun
  }

  get loops(): LoopsResult | undefined {
    return this.loopsResult
  }

  get dominance(): DominanceResult | undefined {
    return this.dominanceResult
  }

  /** The bands of the last Monte Carlo, while the values they were drawn around hold. */
  get bands(): Bands | undefined {
    return this.bandsShown
  }

  /** Which loops dominance shares scores among: all found loops (the default) or the named ones. */
  get dominanceBasis(): 'all' | 'named' {
    return this.viewState.dominance ?? 'all'
  }

  /** Variables chosen for plotting (the model's defaults until the user picks). */
  get chosenVars(): readonly string[] {
    return this.viewState.vars ?? this.defaults
  }

  /** Ids of the plotted variables, in order (the chosen ones the model has). */
  plottedVars(): string[] {
    const ids = new Set(this.openSession?.variables.map((v) => v.id))
    return this.chosenVars.filter((v) => ids.has(v))
  }

  /** A parameter's value now: the user's, else the scenario's. */
  paramValue(param: ParamSpec): number {
    return this.viewState.set[param.id] ?? this.openSession!.scenarioValue(this.viewState.scenario, param)
  }

  /** Whether the user set a parameter away from the scenario's value. */
  isEdited(param: ParamSpec): boolean {
    return param.id in this.viewState.set
  }

  /** The runs plotted: the current one, then the compared scenarios (unedited). */
  shownRuns(): { label: string; run: Run }[] {
    if (!this.currentRun) return []
    const current = { label: this.runLabel(), run: this.currentRun }
    const edited = Object.keys(this.viewState.set).length > 0
    const others = this.viewState.compare
      .filter((id) => edited || id.toLowerCase() !== (this.viewState.scenario ?? '').toLowerCase())
      .map((id) => ({ label: id, run: this.openSession!.scenarioRun(id) }))
    return [current, ...others]
  }

  private runLabel(): string {
    const edited = Object.keys(this.viewState.set).length > 0
    const base = this.openSession!.scenario(this.viewState.scenario)?.id ?? 'model values'
    return edited ? `${base} (edited)` : base
  }

  // ----- opening models

  /**
   * Opens the model a URL's state names, with that state: the served model, the file kept in browser
   * storage, or a seed; the default seed with a notice when it names none of these.
   */
  start(state: ViewState): void {
    const key = state.model.toLowerCase()
    const fallback = (why: string) => {
      this.emit({ kind: 'notice', text: `${why}; showing the ${SEEDS[0]!.label.toLowerCase()} model` })
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
    if (!this.open(chosen, 'replace') && !this.openSession) this.open(switchModel(SEEDS[0]!.id), 'replace')
  }

  /** Opens another model from the menu; false (the current one stays) when it does not compile. */
  chooseModel(key: string): boolean {
    if (key === this.viewState.model) return true
    this.emit({ kind: 'notice', text: '' })
    return this.open(switchModel(key), 'push')
  }

  /** Opens the model of a state; on failure says why and keeps the current model. */
  open(state: ViewState, history: 'push' | 'replace' | 'none'): boolean {
    const source = this.modelOf(state.model)
    if (!source) return false
    let session: Session
    try {
      session = new Session(source.model, state.model, source.label)
    } catch (err) {
      this.emit({ kind: 'error', message: describeError(err, source.label) })
      return false
    }
    this.use(session, state, source.defaultVars ?? [], history)
    return true
  }

  /** Opens a model file's text (`.json` or XMILE); on failure says why and keeps the current model. */
  openFile(fileName: string, text: string): boolean {
    let opened: OpenedModel
    try {
      opened = readModelFile(fileName, text)
    } catch (err) {
      this.emit({ kind: 'error', message: describeError(err, fileName) })
      return false
    }
    return this.openModel(opened)
  }

  /** Opens a model read from a file (a `.mdl` file: see `FileOpener`); false, saying why, when it does not compile. */
  openModel(opened: OpenedModel): boolean {
    let session: Session
    try {
      session = new Session(opened.model, 'file', opened.fileName)
    } catch (err) {
      this.emit({ kind: 'error', message: describeError(err, opened.fileName) })
      return false
    }
    this.fileModel = opened
    this.emit({ kind: 'file-opened', opened })
    this.use(session, switchModel('file'), [], 'push')
    return true
  }

  private modelOf(key: string): ModelSource | undefined {
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
  ): void {
    this.dropMonteCarlo('')
    this.openSession = session
    this.loopsResult = this.dominanceResult = undefined
    this.defaults = defaultVariables(session.variables, defaultVars)
    this.viewState = normalise(state, session)
    this.emit({ kind: 'opened' })
    this.simulate()
    this.requestAnalysis(0)
    if (history !== 'none') this.url.write(history)
  }

  // ----- the user's changes

  chooseScenario(id: string | undefined): void {
    // A scenario sets its own parameter values: the user's edits of the last one are dropped.
    this.valuesChanged({ ...this.viewState, scenario: id, set: {} })
  }

  setParam(param: ParamSpec, value: number): void {
    const session = this.openSession!
    const set = { ...this.viewState.set }
    if (Math.abs(value - session.scenarioValue(this.viewState.scenario, param)) < param.step / 2) delete set[param.id]
    else set[param.id] = value
    this.valuesChanged({ ...this.viewState, set }, param)
  }

  /** Sets a parameter back to the scenario's value. */
  resetParam(param: ParamSpec): void {
    this.setParam(param, this.openSession!.scenarioValue(this.viewState.scenario, param))
  }

  resetParams(): void {
    this.valuesChanged({ ...this.viewState, set: {} })
  }

  private valuesChanged(state: ViewState, param?: ParamSpec): void {
    this.viewState = state
    this.dropMonteCarlo(CHANGED)
    this.emit({ kind: 'values', ...(param && { param }) })
    this.simulate()
    this.requestAnalysis()
    this.url.write('replace')
  }

  toggleVariable(id: string, on: boolean): void {
    const current = this.chosenVars
    const vars = on ? [...current.filter((v) => v !== id), id] : current.filter((v) => v !== id)
    this.viewState = { ...this.viewState, vars }
    this.emit({ kind: 'plotted' })
    this.url.write('replace')
  }

  toggleCompare(id: string, on: boolean): void {
    const compare = on
      ? [...this.viewState.compare.filter((c) => c !== id), id]
      : this.viewState.compare.filter((c) => c !== id)
    this.viewState = { ...this.viewState, compare }
    this.emit({ kind: 'plotted' })
    this.url.write('replace')
  }

  /** Highlights a loop (a key of the loop list), or none when it is the one highlighted. */
  selectLoop(key: string | undefined): void {
    this.viewState = { ...this.viewState, loop: key === this.viewState.loop ? undefined : key }
    this.emit({ kind: 'loop' })
    this.url.write('replace')
  }

  /** Selects a variable (an element or variable id of the open model); undefined or an unknown id clears it. */
  selectVariable(id?: string): void {
    const known = id !== undefined && this.openSession !== undefined && knownIds(this.openSession).has(id)
    this.viewState = { ...this.viewState, select: known ? id : undefined }
    this.emit({ kind: 'select' })
    this.url.write('replace')
  }

  /**
   * Shows a focus view (`causes:<id>:<depth>`, `uses:<id>:<depth>`, `loop:<foundId>`, `sector:<n>`: see
   * `parseFocus`), or none for undefined; a spec that is malformed or names no variable of the model is none.
   */
  setFocus(spec?: string): void {
    const focus = spec === undefined ? undefined : checkFocus(spec, this.openSession, this.loopsResult)
    this.viewState = { ...this.viewState, focus }
    this.emit({ kind: 'focus' })
    this.url.write('replace')
  }

  /** Shares loop dominance among all found loops or the named ones; the analysis runs again at once. */
  setDominanceBasis(basis: 'all' | 'named'): void {
    if (basis === this.dominanceBasis) return
    this.viewState = { ...this.viewState, dominance: basis === 'named' ? 'named' : undefined }
    this.emit({ kind: 'dominance-basis' })
    if (this.openSession) this.requestAnalysis(0)
    this.url.write('replace')
  }

  /** Another history entry is shown (back or forward): a URL change still waiting is dropped. */
  leftHistoryEntry(): void {
    this.url.abandon()
  }

  // ----- runs and the loop analysis

  /** Re-simulates with the current scenario and parameters. */
  private simulate(): void {
    const session = this.openSession!
    const started = this.now()
    try {
      this.currentRun = session.run(this.viewState.scenario, this.viewState.set)
    } catch (err) {
      this.emit({ kind: 'error', message: describeError(err, session.label) })
      return
    }
    this.emit({ kind: 'ran', started })
  }

  private requestAnalysis(delay = ANALYSIS_DELAY): void {
    clearTimeout(this.analysisTimer)
    // Numbered now, not when sent: what arrives meanwhile answers an earlier request.
    const seq = ++this.analysisSeq
    this.emit({ kind: 'analysis-pending' })
    const session = this.openSession!
    const { scenario, set } = this.viewState
    const basis = this.dominanceBasis
    this.analysisTimer = setTimeout(() => {
      const request = { seq, modelJSON: session.json, scenario: session.scenario(scenario)?.id, set, basis }
      this.ports.analyst.request(request)
    }, delay)
  }

  /** A message of the loop analysis; one answering any but the latest request is dropped. */
  analysed(message: AnalysisMessage): void {
    if (message.seq !== this.analysisSeq) return
    if (message.kind === 'loops') {
      this.loopsResult = message
      this.emit({ kind: 'loops' })
      // A loop focus (from the URL) can be checked only now that the loops are known.
      const focus = this.viewState.focus
      if (focus !== undefined && checkFocus(focus, this.openSession, message) === undefined) this.setFocus(undefined)
    } else if (message.kind === 'dominance') {
      this.dominanceResult = message
      this.emit({ kind: 'dominance' })
    } else {
      this.dominanceResult = undefined
      this.emit({ kind: 'analysis-error', stage: message.stage, message: message.message })
    }
  }

  // ----- Monte Carlo

  /** Runs a Monte Carlo around the current values, then keeps its bands for the plotted variables. */
  async runMonteCarlo(settings: MonteCarloSettings): Promise<void> {
    const session = this.openSession
    if (!session) return
    this.dropMonteCarlo('', true)
    const seq = this.monteCarloSeq
    const vars = this.plottedVars()
    let setup: MonteCarloSetup
    try {
      if (vars.length === 0) throw new Error('choose variables to plot first: the bands are drawn for them')
      const params = session.params.map((spec) => ({ spec, value: this.paramValue(spec), edited: this.isEdited(spec) }))
      setup = monteCarloPlan(session.model, params, session.scenario(this.viewState.scenario)?.id, vars, settings)
    } catch (err) {
      this.monteCarloStatus('error', `No Monte Carlo: ${messageOf(err)}.`)
      return
    }
    const runner = this.ports.monteCarlo
    const { runs } = setup.plan
    const varying = `${setup.varied.length} parameter${setup.varied.length === 1 ? '' : 's'} ±${Math.round(settings.spread * 1000) / 10}%`
    const workers = `${runner.workers} worker${runner.workers === 1 ? '' : 's'}`
    const progress = (done: number) => `${done} of ${runs} runs varying ${varying}, on ${workers}…`
    const started = this.now()
    this.monteCarloStatus('running', progress(0), { done: 0, total: runs })
    let ensemble: Ensemble
    try {
      ensemble = await runner.run(setup.plan, (done) => {
        if (seq === this.monteCarloSeq) this.monteCarloStatus('running', progress(done), { done, total: runs })
      })
    } catch (err) {
      if (seq !== this.monteCarloSeq) return
      this.monteCarloStatus('error', `The Monte Carlo failed: ${messageOf(err)}`)
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
    this.bandsShown = { label: `Monte Carlo, ${ok} runs`, series }
    this.emit({ kind: 'bands' })
    const ms = this.now() - started
    const failed = ensemble.failures.length
      ? `; ${ensemble.failures.length} failed (${ensemble.failures[0]!.message}) and are left out`
      : ''
    const held = setup.held ? ` (${setup.held} held: zero or a date)` : ''
    const text = `${runs} runs varying ${varying}${held}, seed ${settings.seed}, in ${(ms / 1000).toFixed(1)} s on ${workers}${failed}.`
    this.monteCarloStatus('done', text, { ms })
  }

  /** Stops a Monte Carlo in progress and removes its bands, which belong to other values now. */
  dropMonteCarlo(note: string, redraw = false): void {
    this.monteCarloSeq++
    this.ports.monteCarlo.cancel()
    if (this.bandsShown === undefined && this.monteCarloPhase !== 'running') return
    this.bandsShown = undefined
    this.monteCarloStatus('idle', note)
    if (redraw) this.emit({ kind: 'bands' })
  }

  private monteCarloStatus(
    phase: MonteCarloPhase,
    text: string,
    extra: { done?: number; total?: number; ms?: number } = {},
  ): void {
    this.monteCarloPhase = phase
    this.emit({ kind: 'montecarlo', phase, text, ...extra })
  }

  private emit(event: ViewerEvent): void {
    this.listener(event)
  }
}

/**
 * Drops what the model does not have (unknown parameters, variables, scenarios, a selected variable or
 * focus it lacks) from a state. A loop focus is checked once the loops are known (`analysed`).
 */
export function normalise(state: ViewState, session: Session): ViewState {
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
    select: state.select !== undefined && knownIds(session).has(state.select) ? state.select : undefined,
    focus: state.focus === undefined ? undefined : checkFocus(state.focus, session, undefined),
    dominance: state.dominance,
  }
}

/** The ids a selection or focus may name: the model's elements (as drawn) and its variables (as run). */
function knownIds(session: Session): Set<string> {
  return new Set([...session.model.elements.map((e) => e.id), ...session.variables.map((v) => v.id)])
}

/**
 * A focus spec written the one way (`formatFocus`), or undefined when it is malformed or names a
 * variable the model lacks, or a loop the analysis did not find (unchecked until `loops` are known).
 */
function checkFocus(spec: string, session: Session | undefined, loops: LoopsResult | undefined): string | undefined {
  const focus = parseFocus(spec)
  if (!focus || !session) return undefined
  if ((focus.kind === 'causes' || focus.kind === 'uses') && !knownIds(session).has(focus.id)) return undefined
  if (focus.kind === 'loop' && loops && !loops.loops.some((l) => l.id === focus.id)) return undefined
  return formatFocus(focus)
}

/** An error's first line, for a status line. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err)
}
