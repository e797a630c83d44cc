import { canonicalId, flatten, modelToJSON } from '@stockflow/model'
import type { Element, Model, Scenario } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run, VariableInfo } from '@stockflow/solver'
import { ArrayIndex, dimensionSets, elementMatch, splitElement } from './arrays.ts'

/** A parameter's slider: its model value and the range and step it moves over. */
export interface ParamSpec {
  readonly id: string
  readonly name: string
  readonly units?: string
  readonly doc?: string
  /** The model's own value. */
  readonly value: number
  readonly min: number
  readonly max: number
  readonly step: number
  /** The arrayed parameter an element's slider belongs to (`Population`), and the element (`north`). */
  readonly group?: { readonly id: string; readonly name: string; readonly element: string }
}

let sessions = 0

/**
 * One open model: compiled once, then simulated for every slider move (`simulate(compiled, { set })`).
 * Scenario runs without the user's edits are cached, since they are overlaid unchanged.
 */
export class Session {
  /** Names this session's model in the workers' caches (models are sent to them as JSON text). */
  readonly token = `model-${++sessions}`
  readonly compiled: CompiledModel
  readonly params: readonly ParamSpec[]
  readonly variables: readonly VariableInfo[]
  /** The arrayed variables among `variables`, each with its elements. */
  readonly arrays: ArrayIndex
  private readonly scenarioRuns = new Map<string, Run>()
  private jsonText: string | undefined
  private dims: ReadonlyMap<string, ReadonlySet<string>> | undefined

  /** Compiles the model; throws the compiler's StockflowError (listing every model error). */
  constructor(
    readonly model: Model,
    /** `model=` in the URL. */
    readonly key: string,
    readonly label: string,
  ) {
    this.compiled = compile(model)
    this.params = paramSpecs(model)
    this.variables = this.compiled.variables
    this.arrays = new ArrayIndex(this.variables)
  }

  /** The model as JSON text, for the workers (written once). */
  get json(): string {
    return (this.jsonText ??= modelToJSON(this.model))
  }

  /** The scenario with an id (any case), if the model has it. */
  scenario(id: string | undefined): Scenario | undefined {
    if (id === undefined) return undefined
    const lower = id.toLowerCase()
    return this.model.scenarios?.find((s) => s.id.toLowerCase() === lower)
  }

  /** A parameter's value in a scenario (its own value when the scenario leaves it alone). */
  scenarioValue(scenarioId: string | undefined, param: ParamSpec): number {
    const set = this.scenario(scenarioId)?.set ?? {}
    if (param.group) return elementValue(set, param, (this.dims ??= dimensionSets(this.model))) ?? param.value
    for (const [name, value] of Object.entries(set)) if (canonicalId(name) === param.id) return value
    return param.value
  }

  /** Simulates a scenario with the user's parameter values on top. */
  run(scenarioId: string | undefined, set: Readonly<Record<string, number>>): Run {
    return simulate(this.compiled, { scenario: this.scenario(scenarioId)?.id, set })
  }

  /** A scenario's own run (no user edits), computed once. */
  scenarioRun(scenarioId: string): Run {
    const scenario = this.scenario(scenarioId)
    const key = scenario?.id ?? ''
    let run = this.scenarioRuns.get(key)
    if (!run) {
      run = simulate(this.compiled, { scenario: scenario?.id })
      this.scenarioRuns.set(key, run)
    }
    return run
  }

  /** The element of an id, if any. */
  element(id: string): Element | undefined {
    return this.model.elements.find((e) => e.id === id)
  }
}

/**
 * The slider of a parameter: min/max from the model, else a range around its value, widened to
 * hold every scenario's value; a step of about a hundredth of the range, rounded to a power of ten.
 */
export function paramSpec(
  param: Element & { kind: 'param' },
  scenarios: readonly Scenario[],
  group?: ParamSpec['group'],
  dims: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): ParamSpec {
  const v = param.value
  let min = param.min ?? (v > 0 ? 0 : v < 0 ? 2 * v : 0)
  let max = param.max ?? (v > 0 ? 2 * v : v < 0 ? 0 : 1)
  for (const s of scenarios) {
    const value = group ? elementValue(s.set, { id: param.id, group }, dims) : byId(s.set, param.id)
    if (value === undefined) continue
    min = Math.min(min, value)
    max = Math.max(max, value)
  }
  min = Math.min(min, v)
  max = Math.max(max, v)
  if (max === min) max = min + 1
  const range = max - min
  const integral = Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(v) && range >= 20
  const step = integral ? 1 : 10 ** Math.floor(Math.log10(range / 100))
  return {
    id: param.id,
    name: param.name,
    units: param.units,
    doc: param.doc,
    value: v,
    min,
    max,
    step,
    ...(group ? { group } : {}),
  }
}

/**
 * A slider per parameter, and per element of an arrayed parameter (`Population[north]`, grouped under
 * `Population`), in model order: an arrayed model's parameters are read from its flattened form.
 */
export function paramSpecs(model: Model): ParamSpec[] {
  const scenarios = model.scenarios ?? []
  const own = (m: Model) => m.elements.flatMap((e) => (e.kind === 'param' ? [e] : []))
  if (!own(model).some((e) => e.dimensions?.length)) return own(model).map((e) => paramSpec(e, scenarios))
  const dims = dimensionSets(model)
  return own(flatten(model)).map((e) => {
    const split = splitElement(e.name)
    const group = split && { id: canonicalId(split.base), name: split.base, element: split.subscripts.join(',') }
    return paramSpec(e, scenarios, group, dims)
  })
}

/** The value a set of names gives a parameter by its own id, if it names it. */
function byId(set: Readonly<Record<string, number>>, id: string): number | undefined {
  let found: number | undefined
  for (const [name, value] of Object.entries(set)) if (canonicalId(name) === id) found = value
  return found
}

/**
 * The value a scenario's set gives an element of an arrayed parameter: the narrowest name that
 * covers it wins (`Contact Rate[north]` over `Contact Rate[*]`), as runs apply them.
 */
function elementValue(
  set: Readonly<Record<string, number>>,
  param: Pick<ParamSpec, 'id' | 'group'>,
  dims: ReadonlyMap<string, ReadonlySet<string>>,
): number | undefined {
  const element = { id: param.id, array: param.group!.id, subscripts: param.group!.element.split(',') }
  let best: { fixed: number; value: number } | undefined
  for (const [name, value] of Object.entries(set)) {
    const fixed = elementMatch(name, element, dims)
    if (fixed !== undefined && (!best || fixed >= best.fixed)) best = { fixed, value }
  }
  return best?.value
}

/**
 * Variables plotted by default: the given names that exist (an arrayed variable's name stands for its
 * elements), else the first stocks (up to six, an arrayed stock counting once, with all its elements).
 */
export function defaultVariables(variables: readonly VariableInfo[], names: readonly string[] = []): string[] {
  const ids = new Set(variables.map((v) => v.id))
  const arrays = new ArrayIndex(variables)
  const wanted = names.flatMap((name) => {
    const id = canonicalId(name)
    return ids.has(id) ? [id] : (arrays.array(id)?.elements.map((e) => e.id) ?? [])
  })
  if (wanted.length) return wanted
  const stocks = variables.filter((v) => v.kind === 'stock')
  const pool = stocks.length ? stocks : variables.filter((v) => v.kind !== 'param')
  const chosen: string[] = []
  const seen = new Set<string>()
  for (const v of pool) {
    const key = arrays.arrayOf(v.id)?.id ?? v.id
    if (!seen.has(key) && seen.size === 6) break
    seen.add(key)
    chosen.push(v.id)
  }
  return chosen
}
