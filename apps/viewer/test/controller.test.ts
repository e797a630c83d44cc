// The viewer's controller without a browser: fake address bar, analyst and Monte Carlo runner, fake
// timers where timing matters (the analysis delay, the URL throttle).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { inProcess, runPlan } from '@stockflow/experiments'
import type { Ensemble, ExperimentPlan, Progress } from '@stockflow/experiments'
import { modelToJSON } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.ts'
import type { AnalysisRequest, DominanceResult, LoopsResult } from '../src/analysis.ts'
import { ANALYSIS_DELAY, CHANGED, ViewerController } from '../src/controller.ts'
import type { MonteCarloPort, ViewerEvent } from '../src/controller.ts'
import { MONTE_CARLO_DEFAULTS } from '../src/montecarlo.ts'
import { parseViewState } from '../src/state.ts'
import { URL_DELAY } from '../src/url-writer.ts'
import type { AddressBar } from '../src/url-writer.ts'

/** An address bar that records what is written. */
class FakeAddressBar implements AddressBar {
  hash = ''
  readonly writes: string[] = []
  pending: { from: string; to: string } | undefined

  constructor(public search: string) {}

  push(url: string): void {
    this.writes.push(`push ${url}`)
    this.search = url
  }

  replace(url: string): void {
    this.writes.push(`replace ${url}`)
    this.search = url
  }

  keepPending(from: string, to: string): void {
    this.pending = { from, to }
  }

  dropPending(): void {
    this.pending = undefined
  }
}

/** A Monte Carlo runner whose runs finish when the test says (each with an in-process ensemble of its plan). */
class FakeRunner implements MonteCarloPort {
  readonly workers = 2
  cancels = 0
  readonly calls: {
    plan: ExperimentPlan
    progress: Progress
    finish: () => Promise<void>
    fail: (e: Error) => void
  }[] = []

  run(plan: ExperimentPlan, progress: Progress): Promise<Ensemble> {
    return new Promise((resolve, reject) => {
      this.calls.push({
        plan,
        progress,
        finish: async () => resolve(await runPlan(plan, { executor: inProcess() })),
        fail: reject,
      })
    })
  }

  cancel(): void {
    this.cancels++
  }
}

function harness(search: string) {
  const address = new FakeAddressBar(search)
  const analyses: AnalysisRequest[] = []
  const runner = new FakeRunner()
  const events: ViewerEvent[] = []
  const controller = new ViewerController(
    { address, analyst: { request: (r) => analyses.push(r) }, monteCarlo: runner, now: () => Date.now() },
    (e) => events.push(e),
  )
  const kinds = () => events.splice(0).map((e) => e.kind)
  const start = () => controller.start(parseViewState(search, ''))
  return { controller, address, analyses, runner, events, kinds, start }
}

const tariffOf = (c: ViewerController) => c.session!.params.find((p) => p.id === 'added_tariff')!

/** An analysis' loops (none found) and dominance (nothing scored), answering request `seq`. */
const loopsOf = (seq: number): LoopsResult => ({
  kind: 'loops',
  seq,
  loops: [],
  named: [],
  links: [],
  truncated: false,
})
const dominanceOf = (seq: number): DominanceResult => ({
  kind: 'dominance',
  seq,
  basis: 'all',
  times: new Float64Array(0),
  loops: [],
  intervals: [],
})

/** A found loop, to give an analysis some. */
const fakeLoop: LoopsResult['loops'][number] = {
  id: 'R1',
  polarity: 'reinforcing',
  mixed: false,
  variables: [],
  names: [],
  links: [],
  named: [],
}

/** Lets pending promise callbacks and zero-delay timers run (real timers). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('the viewer controller opening models', () => {
  it("opens the URL's model with its state, dropping what the model does not have", () => {
    const h = harness('?model=Involution&scenario=s1&p.added_tariff=0.3&p.nope=1&var=price&var=nope&cmp=S0&cmp=S9')
    h.start()
    expect(h.controller.session!.key).toBe('involution')
    expect(h.controller.state).toEqual({
      model: 'involution',
      scenario: 'S1',
      set: { added_tariff: 0.3 },
      vars: ['price'],
      compare: ['S0'],
      loop: undefined,
    })
    expect(h.kinds()).toEqual(['opened', 'ran', 'analysis-pending'])
    expect(h.controller.run!.get('added_tariff')[0]).toBe(0.3)
    expect(h.address.writes).toEqual(['replace ?model=involution&scenario=S1&p.added_tariff=0.3&var=price&cmp=S0'])
  })

  it('falls back to the first seed with a notice when the URL names no model it has', () => {
    for (const [search, notice] of [
      ['?model=nope', 'There is no model "nope"; showing the involution doom loop model'],
      ['?model=served', 'No model is served here; showing the involution doom loop model'],
      [
        '?model=file',
        'The model opened from a file is no longer in browser storage; showing the involution doom loop model',
      ],
    ]) {
      const h = harness(search!)
      h.start()
      expect(h.events[0]).toEqual({ kind: 'notice', text: notice })
      expect(h.controller.state.model).toBe('involution')
    }
  })

  it('opens the served model when the URL names none, and the default seed when a served model does not compile', () => {
    const h = harness('')
    h.controller.served = { model: teacup, fileName: 'teacup.json', warnings: [] }
    h.start()
    expect(h.controller.state.model).toBe('served')
    expect(h.controller.session!.label).toBe('teacup.json')

    const broken = harness('?model=served')
    const bad = {
      ...teacup,
      elements: [...teacup.elements, { kind: 'aux' as const, id: 'x', name: 'x', equation: 'nope +' }],
    }
    broken.controller.served = { model: bad, fileName: 'bad.json', warnings: [] }
    broken.start()
    expect(broken.events[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('bad.json') })
    expect(broken.controller.state.model).toBe('involution')
  })

  it('opens a file, or says why not and keeps the open model', () => {
    const h = harness('?model=sir')
    h.start()
    h.kinds()
    expect(h.controller.openFile('broken.json', '{"name": "x", "elements": [')).toBe(false)
    expect(h.events).toEqual([{ kind: 'error', message: expect.stringMatching(/^broken\.json: /) }])
    expect(h.controller.state.model).toBe('sir')
    h.kinds()
    expect(h.controller.openFile('cup.json', modelToJSON(teacup))).toBe(true)
    expect(h.kinds()).toEqual(['file-opened', 'opened', 'ran', 'analysis-pending'])
    expect(h.controller.state.model).toBe('file')
    expect(h.controller.fileModel?.fileName).toBe('cup.json')
    expect(h.address.writes.at(-1)).toBe('push ?model=file')
  })

  it('opens a model read from a .mdl file, or says why it does not compile', () => {
    const h = harness('?model=sir')
    h.start()
    h.kinds()
    const bad = {
      ...teacup,
      elements: [...teacup.elements, { kind: 'aux' as const, id: 'x', name: 'x', equation: 'nope +' }],
    }
    expect(h.controller.openModel({ model: bad, fileName: 'bad.mdl', warnings: [] })).toBe(false)
    expect(h.events).toEqual([{ kind: 'error', message: expect.stringMatching(/^bad\.mdl: /) }])
    h.kinds()
    expect(h.controller.openModel({ model: teacup, fileName: 'cup.mdl', warnings: ['a warning'] })).toBe(true)
    expect(h.kinds()).toEqual(['file-opened', 'opened', 'ran', 'analysis-pending'])
    expect(h.controller.fileModel?.fileName).toBe('cup.mdl')
    expect(h.controller.state.model).toBe('file')
  })

  it('switches models from the menu, pushing a history entry', () => {
    const h = harness('?model=sir')
    h.start()
    h.kinds()
    expect(h.controller.chooseModel('sir')).toBe(true)
    expect(h.events).toEqual([])
    expect(h.controller.chooseModel('teacup')).toBe(true)
    expect(h.kinds()).toEqual(['notice', 'opened', 'ran', 'analysis-pending'])
    expect(h.address.writes).toEqual(['push ?model=teacup'])
  })
})

describe('the viewer controller state', () => {
  it('keeps a parameter the user set, unless it is within half a step of the scenario value', () => {
    const h = harness('?model=involution&scenario=S1')
    h.start()
    h.kinds()
    const tariff = tariffOf(h.controller)
    expect(h.controller.paramValue(tariff)).toBe(0.5)
    h.controller.setParam(tariff, 0.8)
    expect(h.events).toEqual([
      { kind: 'values', param: tariff },
      { kind: 'ran', started: expect.any(Number) },
      { kind: 'analysis-pending' },
    ])
    expect(h.controller.isEdited(tariff)).toBe(true)
    expect(h.controller.shownRuns().map((r) => r.label)).toEqual(['S1 (edited)'])
    h.controller.setParam(tariff, 0.504)
    expect(h.controller.isEdited(tariff)).toBe(false)
    h.controller.setParam(tariff, 0.9)
    h.controller.resetParam(tariff)
    expect(h.controller.state.set).toEqual({})
    h.controller.setParam(tariff, 0.9)
    h.controller.chooseScenario('S0')
    expect(h.controller.state).toMatchObject({ scenario: 'S0', set: {} })
    expect(h.controller.paramValue(tariff)).toBe(0)
  })

  it('plots and compares what the user ticks, and overlays compared scenarios unless they are the run itself', () => {
    const h = harness('?model=involution&scenario=S1')
    h.start()
    h.kinds()
    const first = h.controller.chosenVars[0]!
    h.controller.toggleVariable(first, false)
    h.controller.toggleVariable('price', true)
    expect(h.controller.chosenVars.at(-1)).toBe('price')
    expect(h.controller.chosenVars).not.toContain(first)
    h.controller.toggleCompare('S1', true)
    h.controller.toggleCompare('S0', true)
    expect(h.kinds()).toEqual(['plotted', 'plotted', 'plotted', 'plotted'])
    expect(h.controller.shownRuns().map((r) => r.label)).toEqual(['S1', 'S0'])
    h.controller.toggleCompare('S1', false)
    expect(h.controller.state.compare).toEqual(['S0'])
  })

  it('highlights a loop, and none when it is chosen again', () => {
    const h = harness('?model=sir')
    h.start()
    h.controller.selectLoop('R1')
    expect(h.controller.state.loop).toBe('R1')
    h.controller.selectLoop('R1')
    expect(h.controller.state.loop).toBeUndefined()
  })
})

describe('the viewer controller selection, focus and dominance basis', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('opens with the selection, focus and basis of the URL, dropping what the model lacks', () => {
    const h = harness('?model=sir&sel=infectious&focus=causes:infectious:03&dom=named')
    h.start()
    expect(h.controller.state).toMatchObject({ select: 'infectious', focus: 'causes:infectious:3', dominance: 'named' })
    expect(h.controller.dominanceBasis).toBe('named')
    expect(h.address.writes).toEqual(['replace ?model=sir&sel=infectious&focus=causes%3Ainfectious%3A3&dom=named'])
    for (const search of ['?model=sir&sel=nope&focus=uses:nope:2', '?model=sir&focus=causes:infectious:0&dom=x']) {
      const other = harness(search)
      other.start()
      expect(other.controller.state).toMatchObject({ select: undefined, focus: undefined, dominance: undefined })
      expect(other.controller.dominanceBasis).toBe('all')
    }
  })

  it('selects a variable, sending `select` each time, and clears the selection for an unknown id', () => {
    const h = harness('?model=sir')
    h.start()
    h.kinds()
    h.controller.selectVariable('infectious')
    h.controller.selectVariable('infectious')
    expect(h.controller.state.select).toBe('infectious')
    h.controller.selectVariable('nope')
    expect(h.controller.state.select).toBeUndefined()
    h.controller.selectVariable('infectious')
    h.controller.selectVariable()
    expect(h.controller.state.select).toBeUndefined()
    expect(h.kinds()).toEqual(['select', 'select', 'select', 'select', 'select'])
  })

  it('sets a focus view, and drops a loop focus the analysis did not find', () => {
    const h = harness('?model=sir&focus=loop:R9')
    h.start()
    expect(h.controller.state.focus).toBe('loop:R9')
    vi.advanceTimersByTime(0)
    h.kinds()
    const { seq } = h.analyses[0]!
    const found = { ...loopsOf(seq), loops: [{ ...fakeLoop, id: 'R1' }] }
    h.controller.analysed(found)
    expect(h.kinds()).toEqual(['loops', 'focus'])
    expect(h.controller.state.focus).toBeUndefined()
    h.controller.setFocus('loop:R1')
    expect(h.controller.state.focus).toBe('loop:R1')
    h.controller.setFocus('sector:2')
    expect(h.controller.state.focus).toBe('sector:2')
    h.controller.setFocus('uses:nope:2')
    expect(h.controller.state.focus).toBeUndefined()
    h.controller.setFocus('uses:susceptible:2')
    h.controller.setFocus(undefined)
    expect(h.controller.state.focus).toBeUndefined()
    expect(h.kinds()).toEqual(['focus', 'focus', 'focus', 'focus', 'focus'])
    vi.advanceTimersByTime(1000)
    expect(h.address.search).toBe('?model=sir')
  })

  it('asks for the analysis again, at once, with another dominance basis', () => {
    const h = harness('?model=sir')
    h.start()
    vi.advanceTimersByTime(0)
    h.kinds()
    h.controller.setDominanceBasis('all')
    expect(h.events).toEqual([])
    h.controller.setDominanceBasis('named')
    expect(h.kinds()).toEqual(['dominance-basis', 'analysis-pending'])
    vi.advanceTimersByTime(0)
    expect(h.analyses.map((a) => a.basis)).toEqual(['all', 'named'])
    expect(h.controller.dominanceBasis).toBe('named')
    vi.advanceTimersByTime(1000)
    expect(h.address.search).toBe('?model=sir&dom=named')
  })
})

describe('the viewer controller timing', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks for the loop analysis at once for a new model, then half a second after the last change', () => {
    const h = harness('?model=involution')
    h.start()
    expect(h.analyses).toHaveLength(0)
    vi.advanceTimersByTime(0)
    expect(h.analyses).toEqual([
      { seq: expect.any(Number), modelJSON: h.controller.session!.json, scenario: undefined, set: {}, basis: 'all' },
    ])
    const tariff = tariffOf(h.controller)
    for (const v of [0.1, 0.2, 0.3]) {
      h.controller.setParam(tariff, v)
      vi.advanceTimersByTime(ANALYSIS_DELAY - 1)
    }
    expect(h.analyses).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(h.analyses).toHaveLength(2)
    expect(h.analyses[1]).toMatchObject({ set: { added_tariff: 0.3 } })
  })

  it('keeps the results of the analysis and forgets the dominance after an error', () => {
    const h = harness('?model=sir')
    h.start()
    vi.advanceTimersByTime(0)
    const { seq } = h.analyses[0]!
    const loops = loopsOf(seq)
    h.controller.analysed(loops)
    expect(h.controller.loops).toBe(loops)
    const dominance = dominanceOf(seq)
    h.controller.analysed(dominance)
    expect(h.controller.dominance).toBe(dominance)
    h.kinds()
    h.controller.analysed({ kind: 'error', seq, stage: 'dominance', message: 'no' })
    expect(h.events).toEqual([{ kind: 'analysis-error', stage: 'dominance', message: 'no' }])
    expect(h.controller.dominance).toBeUndefined()
  })

  it("drops the previous model's analysis when it answers after a switch, before the new request goes out", () => {
    const h = harness('?model=sir')
    h.start()
    vi.advanceTimersByTime(0)
    const old = h.analyses[0]!
    expect(h.controller.chooseModel('teacup')).toBe(true)
    h.kinds()
    // The analyst answers the SIR request late: the teacup's request is still waiting for its timer.
    expect(h.analyses).toHaveLength(1)
    h.controller.analysed(loopsOf(old.seq))
    h.controller.analysed(dominanceOf(old.seq))
    h.controller.analysed({ kind: 'error', seq: old.seq, stage: 'dominance', message: 'late' })
    expect(h.events).toEqual([])
    expect(h.controller.loops).toBeUndefined()
    expect(h.controller.dominance).toBeUndefined()

    vi.advanceTimersByTime(0)
    const fresh = h.analyses[1]!
    expect(fresh.modelJSON).toBe(h.controller.session!.json)
    expect(fresh.seq).not.toBe(old.seq)
    // Even after the new request went out, the old answers stay dropped; the new ones are taken.
    h.controller.analysed(loopsOf(old.seq))
    expect(h.controller.loops).toBeUndefined()
    const loops = loopsOf(fresh.seq)
    h.controller.analysed(loops)
    expect(h.controller.loops).toBe(loops)
    expect(h.kinds()).toEqual(['loops'])
  })

  it('drops the dominance of the values before a change, arriving while the new analysis waits', () => {
    const h = harness('?model=involution')
    h.start()
    vi.advanceTimersByTime(0)
    const before = h.analyses[0]!
    h.controller.analysed(loopsOf(before.seq))
    h.controller.setParam(tariffOf(h.controller), 0.3)
    h.kinds()
    h.controller.analysed(dominanceOf(before.seq))
    expect(h.events).toEqual([])
    expect(h.controller.dominance).toBeUndefined()
    vi.advanceTimersByTime(ANALYSIS_DELAY)
    const after = h.analyses[1]!
    expect(after.set).toEqual({ added_tariff: 0.3 })
    const dominance = dominanceOf(after.seq)
    h.controller.analysed(dominance)
    expect(h.controller.dominance).toBe(dominance)
  })

  it('writes the first change to the URL at once and a burst at most every URL_DELAY ms, keeping the waiting one', () => {
    const h = harness('?model=involution')
    h.start()
    // Opening wrote the URL (unchanged, so nothing to write); a while later, a change.
    expect(h.address.writes).toEqual([])
    vi.advanceTimersByTime(URL_DELAY)
    const tariff = tariffOf(h.controller)
    h.controller.setParam(tariff, 0.3)
    expect(h.address.writes).toEqual(['replace ?model=involution&p.added_tariff=0.3'])
    expect(h.address.pending).toBeUndefined()
    vi.advanceTimersByTime(10)
    h.controller.setParam(tariff, 0.35)
    h.controller.setParam(tariff, 0.37)
    expect(h.address.writes).toHaveLength(1)
    // Until it is written, the change waits where a reload finds it.
    expect(h.address.pending).toEqual({
      from: '?model=involution&p.added_tariff=0.3',
      to: '?model=involution&p.added_tariff=0.37',
    })
    vi.advanceTimersByTime(URL_DELAY - 11)
    expect(h.address.writes).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(h.address.writes).toEqual([
      'replace ?model=involution&p.added_tariff=0.3',
      'replace ?model=involution&p.added_tariff=0.37',
    ])
    // Written by the timer, the pending URL stays: a reload may be on its way to the old address.
    expect(h.address.pending).toBeDefined()
    vi.advanceTimersByTime(URL_DELAY)
    h.controller.toggleCompare('S1', true)
    expect(h.address.writes.at(-1)).toBe('replace ?model=involution&p.added_tariff=0.37&cmp=S1')
    expect(h.address.pending).toBeUndefined()
  })

  it('drops a change waiting for the URL when another history entry is shown', () => {
    const h = harness('?model=involution')
    h.start()
    vi.advanceTimersByTime(URL_DELAY)
    const tariff = tariffOf(h.controller)
    h.controller.setParam(tariff, 0.3)
    h.controller.setParam(tariff, 0.4)
    expect(h.address.pending).toBeDefined()
    h.controller.leftHistoryEntry()
    expect(h.address.pending).toBeUndefined()
    vi.advanceTimersByTime(10 * URL_DELAY)
    expect(h.address.writes).toEqual(['replace ?model=involution&p.added_tariff=0.3'])
  })
})

describe('the viewer controller Monte Carlo', () => {
  const settings = { ...MONTE_CARLO_DEFAULTS, runs: 20 }

  it('runs around the current values, reports progress and keeps bands for the plotted variables', async () => {
    const h = harness('?model=involution&var=price&var=exports')
    h.start()
    h.kinds()
    const running = h.controller.runMonteCarlo(settings)
    const call = h.runner.calls[0]!
    expect(call.plan.runs).toBe(20)
    expect(call.plan.vars).toEqual(['price', 'exports'])
    call.progress(10, 20)
    expect(h.events).toEqual([
      {
        kind: 'montecarlo',
        phase: 'running',
        text: expect.stringMatching(/^0 of 20 runs varying \d+ parameters ±20%, on 2 workers…$/),
        done: 0,
        total: 20,
      },
      { kind: 'montecarlo', phase: 'running', text: expect.stringMatching(/^10 of 20 runs/), done: 10, total: 20 },
    ])
    h.events.length = 0
    await call.finish()
    await running
    expect(h.kinds()).toEqual(['bands', 'montecarlo'])
    expect(Object.keys(h.controller.bands!.series)).toEqual(['price', 'exports'])
    expect(h.controller.bands!.label).toBe('Monte Carlo, 20 runs')

    // A parameter moved: the bands belong to other values.
    h.controller.setParam(tariffOf(h.controller), 0.2)
    expect(h.events[0]).toEqual({ kind: 'montecarlo', phase: 'idle', text: CHANGED })
    expect(h.controller.bands).toBeUndefined()
  })

  it('ignores the result of a Monte Carlo dropped while it ran', async () => {
    const h = harness('?model=involution')
    h.start()
    const first = h.controller.runMonteCarlo(settings)
    const cancels = h.runner.cancels
    h.controller.dropMonteCarlo('', true)
    expect(h.runner.cancels).toBe(cancels + 1)
    expect(h.events.at(-2)).toEqual({ kind: 'montecarlo', phase: 'idle', text: '' })
    expect(h.events.at(-1)).toEqual({ kind: 'bands' })
    h.kinds()
    await h.runner.calls[0]!.finish()
    await first
    await settle()
    expect(h.events).toEqual([])
    expect(h.controller.bands).toBeUndefined()
  })

  it('ignores the result of a Monte Carlo still running when another model opens', async () => {
    const h = harness('?model=involution&var=price')
    h.start()
    const running = h.controller.runMonteCarlo(settings)
    const call = h.runner.calls[0]!
    expect(h.controller.chooseModel('teacup')).toBe(true)
    h.kinds()
    call.progress(10, 20)
    await call.finish()
    await running
    await settle()
    expect(h.events).toEqual([])
    expect(h.controller.bands).toBeUndefined()
  })

  it('says why it cannot run, or why the runs failed', async () => {
    const h = harness('?model=involution&var=')
    h.start()
    h.kinds()
    await h.controller.runMonteCarlo(settings)
    expect(h.events).toEqual([
      {
        kind: 'montecarlo',
        phase: 'error',
        text: 'No Monte Carlo: choose variables to plot first: the bands are drawn for them.',
      },
    ])
    h.controller.toggleVariable('price', true)
    h.events.length = 0
    const running = h.controller.runMonteCarlo({ ...settings, vary: 'edited' })
    await running
    expect(h.events.at(-1)).toMatchObject({ phase: 'error', text: expect.stringContaining('no parameter is edited') })
    const failing = h.controller.runMonteCarlo(settings)
    h.runner.calls.at(-1)!.fail(new Error('the worker died\nat line 3'))
    await failing
    expect(h.events.at(-1)).toEqual({
      kind: 'montecarlo',
      phase: 'error',
      text: 'The Monte Carlo failed: the worker died',
    })
  })
})
