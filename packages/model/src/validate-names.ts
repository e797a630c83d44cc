import { arraysAmong, dimensionElements, meaningOf } from './element-names.js'
import type { ArrayVariable, DimensionElements, NameMeaning } from './element-names.js'
import type { Issue } from './errors.js'
import { canonicalId } from './id.js'
import { constantValue } from './parse-model.js'
import type { ParsedElement } from './parse-model.js'
import type { Element, Model, NamedLoop, Scenario } from './types.js'

/**
 * Names a modeler writes as plain strings, checked against the model: a scenario's keys (what a run of
 * it sets, read as `simulate` reads them) and a named loop's variables (what the loop analysis matches).
 * Nothing else reads them before a run, where a misspelt loop variable only makes the loop unmatched.
 */

/**
 * Reports, one issue per name, a scenario key that names nothing (with a did-you-mean), names a variable
 * an equation computes, or has a value that is not a number, and a named loop's variable that is not a
 * variable or one element of an array. `flat` is the model with one variable per element (the model
 * itself when it has no arrays), `parsed` its equations in order.
 */
export function checkStringNames(model: Model, flat: Model, parsed: readonly ParsedElement[], issues: Issue[]): void {
  if (!model.scenarios?.length && !model.loops?.length) return
  const names = new ModelNames(model, flat)
  for (const s of model.scenarios ?? []) checkScenario(s, model.name, names, parsed, issues)
  for (const l of model.loops ?? []) checkLoop(l, model.name, names, issues)
}

/** The model's names as runs read them, built on first need (a model may have scenarios but no loops). */
class ModelNames {
  /** Flat variables (lookups are not variables of a run) by id, with their index in `flat.elements`. */
  readonly variables = new Map<string, { element: Element; index: number }>()
  private arrays?: ReadonlyMap<string, ArrayVariable>
  private dimensions?: DimensionElements
  private names?: readonly string[]
  private elementIds?: ReadonlySet<string>

  constructor(
    private readonly model: Model,
    private readonly flat: Model,
  ) {
    flat.elements.forEach((element, index) => {
      if (element.kind !== 'lookup' && !this.variables.has(element.id))
        this.variables.set(element.id, { element, index })
    })
  }

  /** What a name means: a variable or element, a whole array, a pattern, a subrange; or why none. */
  meaning(name: string): NameMeaning {
    return meaningOf(
      name,
      (id) => this.variables.has(id),
      () => (this.arrays ??= arraysAmong(this.flat.elements.filter((e) => e.kind !== 'lookup'))),
      () => (this.names ??= this.model.elements.filter((e) => e.kind !== 'lookup').map((e) => e.name)),
      () => (this.dimensions ??= dimensionElements(this.model)),
    )
  }

  /** Whether a name is one node of the loop analysis: a variable of the model or one element of an array. */
  isLoopNode(name: string): boolean {
    this.elementIds ??= new Set([...this.model.elements.map((e) => e.id), ...this.flat.elements.map((e) => e.id)])
    return this.elementIds.has(canonicalId(name))
  }
}

function checkScenario(
  scenario: Scenario,
  modelName: string,
  names: ModelNames,
  parsed: readonly ParsedElement[],
  issues: Issue[],
): void {
  // Worded as the run's own refusal of the scenario, so `check` and `run --scenario` say the same.
  const fail = (message: string) =>
    issues.push({ severity: 'error', code: 'scenario-key', message: `scenario "${scenario.id}": ${message}` })
  for (const [key, value] of Object.entries(scenario.set ?? {})) {
    const meaning = names.meaning(key)
    if (!meaning.ok) {
      fail(
        `cannot set "${key}": ${meaning.unknown ? `model "${modelName}" has no such variable` : ''}${meaning.detail}`,
      )
      continue
    }
    if (typeof value !== 'number' || Number.isNaN(value)) {
      fail(`cannot set "${key}" to ${String(value)}: not a number`)
      continue
    }
    const computed = meaning.ids
      .map((id) => names.variables.get(id)!)
      .find(({ element, index }) => !settable(element, parsed[index]))
    if (computed) {
      const e = computed.element
      fail(
        `cannot set "${e.name}": it is ${e.kind === 'aux' ? 'an auxiliary' : `a ${e.kind}`} computed by an equation; only parameters, constants and stock initial values can be set`,
      )
    }
  }
}

/** Whether a run may set the variable: a parameter, a stock's initial value, or an auxiliary that is a constant. */
function settable(e: Element, parsed: ParsedElement | undefined): boolean {
  if (e.kind === 'param' || e.kind === 'stock') return true
  if (e.kind !== 'aux' || e.graph) return false
  // As the solver decides: a constant auxiliary becomes a parameter a run can set. One that does not
  // parse is reported already; calling it computed as well would send the modeler the wrong way.
  return parsed?.equation === undefined || constantValue(parsed.equation) !== undefined
}

// A warning, not an error: a misspelt name in a named loop spoils the loop's match, not the runs.
function checkLoop(loop: NamedLoop, modelName: string, names: ModelNames, issues: Issue[]): void {
  const label = `named loop "${loop.id}"${loop.name && loop.name !== loop.id ? ` (${loop.name})` : ''}`
  for (const v of loop.variables ?? []) {
    if (names.isLoopNode(v)) continue
    const meaning = names.meaning(v)
    // A flattened model's array, named whole: the analysis reads its elements as that variable.
    if (meaning.ok && meaning.array && canonicalId(meaning.array.name) === canonicalId(v)) continue
    const why = meaning.ok
      ? ` stands for ${plural(meaning.ids.length, 'element')}; name the variable${meaning.array ? ` (${meaning.array.name})` : ''} or one element`
      : meaning.unknown
        ? ` is not a variable of model "${modelName}"${meaning.detail}`
        : `: ${meaning.detail}`
    issues.push({ severity: 'warning', code: 'loop-variable', message: `${label}: "${v}"${why}` })
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
