import { StockflowError } from '@stockflow/model'
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
  /** For a check over elements (`checkEach`): each element's (or combination's) own result, in order. */
  readonly elements?: readonly ElementResult[]
}

/** One element's part in a `checkEach`: the element (`north`, or `north,young` for several dimensions). */
export interface ElementResult {
  readonly element: string
  readonly pass: boolean
  readonly detail: string
}

/**
 * A dimension a check ranges over: a plain `{ name, elements }` object, such as a model's dimension or
 * the typed DSL's (whose elements are literal types, so the check's callback gets those types).
 */
export interface CheckDimension<E extends string = string> {
  readonly name: string
  readonly elements: readonly E[]
}

/** The element types of a tuple of dimensions, in order: the arguments of a `checkEach` callback. */
export type ElementsOf<D extends readonly CheckDimension[]> = {
  -readonly [K in keyof D]: D[K] extends CheckDimension<infer E> ? E : never
}

/** A named check. */
export function check(name: string, verify: Check['verify']): Check {
  return { name, verify }
}

/**
 * A check that must hold for every element of a dimension, or for every combination of elements of
 * several (`[Region, Age]`, the last fastest): `verify` runs once per element with the element's name.
 * It passes when every element passes; its detail names the failing elements, each with its own
 * detail, and its result lists every element's (`CheckResult.elements`). An element whose verify
 * throws fails with the message.
 *
 *     checkEach('infection peaks before day 60', Region, ({ scenario }, region) => {
 *       const infected = scenario().series(`Infected[${region}]`)
 *       return infected.until(60).max().isAbove(infected.from(60).max())
 *     })
 */
export function checkEach<E extends string>(
  name: string,
  dimension: CheckDimension<E>,
  verify: (ctx: CheckContext, element: E) => Verdict | readonly Verdict[],
): Check
export function checkEach<const D extends readonly CheckDimension[]>(
  name: string,
  dimensions: D,
  verify: (ctx: CheckContext, ...elements: ElementsOf<D>) => Verdict | readonly Verdict[],
): Check
export function checkEach(
  name: string,
  dimensions: CheckDimension | readonly CheckDimension[],
  verify: (ctx: CheckContext, ...elements: string[]) => Verdict | readonly Verdict[],
): Check {
  const list: readonly CheckDimension[] = isDimension(dimensions) ? [dimensions] : dimensions
  const empty = list.find((d) => d.elements.length === 0)
  if (list.length === 0 || empty)
    throw new StockflowError(
      `checkEach "${name}": ${empty ? `dimension "${empty.name}" has no elements` : 'give at least one dimension'}`,
    )
  let combinations: string[][] = [[]]
  for (const d of list) combinations = combinations.flatMap((c) => d.elements.map((e) => [...c, e]))
  const over = list.map((d) => d.name).join(' × ')
  return {
    name,
    verify: (ctx) => {
      const elements = combinations.map((c): ElementResult => {
        const element = c.join(',')
        try {
          const { pass, detail } = combine(verify(ctx, ...c))
          return { element, pass, detail }
        } catch (err) {
          return { element, pass: false, detail: `error: ${err instanceof Error ? err.message : String(err)}` }
        }
      })
      const failed = elements.filter((e) => !e.pass)
      const detail = failed.length
        ? `fails for ${failed.map((e) => e.element).join(', ')} (${failed.length} of ${elements.length} of ${over}): ${failed.map((e) => `${e.element}: ${e.detail}`).join('; ')}`
        : `holds for all ${elements.length} of ${over}: ${elements.map((e) => e.element).join(', ')}`
      return { pass: failed.length === 0, detail, elements } satisfies EachVerdict
    },
  }
}

/** What a `checkEach` returns: the summary verdict and each element's, which the result keeps. */
interface EachVerdict extends Verdict {
  readonly elements: readonly ElementResult[]
}

function isDimension(d: CheckDimension | readonly CheckDimension[]): d is CheckDimension {
  return !Array.isArray(d)
}

/** The verdicts of one check as one: pass when all pass, the failing details (else all) joined. */
function combine(out: Verdict | readonly Verdict[]): Verdict {
  const verdicts: readonly Verdict[] = Array.isArray(out) ? out : [out as Verdict]
  const failed = verdicts.filter((v) => !v.pass)
  const shown = failed.length ? failed : verdicts
  return {
    pass: failed.length === 0 && verdicts.length > 0,
    detail: shown.map((v) => v.detail).join('; ') || 'no verdict',
  }
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
      const each = !Array.isArray(out) && 'elements' in out ? (out as EachVerdict).elements : undefined
      return { name: c.name, ...combine(out), ...(each ? { elements: each } : {}) }
    } catch (err) {
      return { name: c.name, pass: false, detail: `error: ${err instanceof Error ? err.message : String(err)}` }
    }
  })
}
