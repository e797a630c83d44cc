import type { Model } from '@stockflow/model'
import { compile } from './compile.js'
import type { CompiledModel } from './compile.js'
import { evaluateSeries } from './evaluate-series.js'
import type { Run } from './run.js'
import { simulate } from './simulate.js'
import type { SimulateOptions } from './simulate.js'
import { Trajectory } from './trajectory.js'
import type { Verdict } from './trajectory.js'

/** One scenario's run, ready to be asked about its variables or expressions over them. */
export interface ScenarioRun {
  readonly id: string
  readonly run: Run
  /** A variable by name, or an expression such as `Capacity / World_Demand`, over the whole run. */
  series(nameOrExpression: string): Trajectory
}

/** What a check sees: runs of the model's scenarios, simulated once and shared by every check. */
export interface CheckContext {
  /** The run of a scenario of the model (by id, any case); without an id, the model as it is. */
  scenario(id?: string): ScenarioRun
}

/** A named behaviour check (Vensim's Reality Check, as code): every verdict it returns must pass. */
export interface Check {
  readonly name: string
  readonly verify: (ctx: CheckContext) => Verdict | readonly Verdict[]
}

/** A model's checks, with the simulation settings they run under. */
export interface CheckSuite {
  readonly model: Model
  readonly checks: readonly Check[]
  readonly options: SimulateOptions
}

/** The result of one check: pass, and the details of each verdict (or of the error that stopped it). */
export interface CheckResult {
  readonly name: string
  readonly pass: boolean
  readonly detail: string
}

/** A named check. */
export function check(name: string, verify: Check['verify']): Check {
  return { name, verify }
}

/** Bundles a model's checks; `options` (method, dt, ...) apply to every scenario run. */
export function defineChecks(model: Model, checks: readonly Check[], options: SimulateOptions = {}): CheckSuite {
  return { model, checks, options }
}

/** Runs every check; scenarios are simulated once, on first use. A check that throws fails with the message. */
export function runChecks(suite: CheckSuite): CheckResult[] {
  let compiled: CompiledModel | undefined
  const runs = new Map<string, ScenarioRun>()
  const ctx: CheckContext = {
    scenario(id) {
      const key = (id ?? '').toLowerCase()
      let s = runs.get(key)
      if (!s) {
        compiled ??= compile(suite.model)
        const run = simulate(compiled, { ...suite.options, ...(id !== undefined ? { scenario: id } : {}) })
        const label = run.meta.scenario ?? 'the model'
        s = {
          id: label,
          run,
          series: (name) => new Trajectory(`${name} in ${label}`, run.times, evaluateSeries(run, name)),
        }
        runs.set(key, s)
      }
      return s
    },
  }
  return suite.checks.map((c) => {
    try {
      const out = c.verify(ctx)
      const verdicts: readonly Verdict[] = Array.isArray(out) ? out : [out as Verdict]
      const failed = verdicts.filter((v) => !v.pass)
      const shown = failed.length ? failed : verdicts
      return {
        name: c.name,
        pass: failed.length === 0 && verdicts.length > 0,
        detail: shown.map((v) => v.detail).join('; ') || 'no verdict',
      }
    } catch (err) {
      return { name: c.name, pass: false, detail: `error: ${err instanceof Error ? err.message : String(err)}` }
    }
  })
}
