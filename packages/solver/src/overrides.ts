import { StockflowError } from '@stockflow/model'
import type { Model, Scenario } from '@stockflow/model'
import type { CompiledModel } from './compile.js'
import type { Slot } from './ir.js'
import { nameMeaning } from './selection.js'

/** One slot an override sets: the value, and which key of its group (in the group's key order) gave it. */
export interface Override {
  readonly slot: Slot
  readonly value: number
  readonly key: number
}

/**
 * The slots one group of overrides sets (a scenario's `set`, or a run's), in the order to apply them:
 * whole arrays first, then patterns by how many subscripts they fix, then names given exactly, keys
 * of equal breadth in the order given. A run applies its scenario's group, then its own. Keys in
 * `perRun` get their values per run: their value here is NaN and unchecked (the run checks it).
 * A mistake names the scenario when the group is one's.
 */
export function resolveOverrides(
  compiled: CompiledModel,
  set: Readonly<Record<string, number>> | undefined,
  scenario?: Scenario,
  perRun?: ReadonlySet<string>,
): Override[] {
  const m = compiled.model
  const out: { slot: Slot; value: number; key: number; fixed: number }[] = []
  let broad = false
  const fail: (message: string) => never = (message) => {
    throw new StockflowError(scenario ? `scenario "${scenario.id}": ${message}` : message)
  }
  let key = 0
  for (const [name, given] of Object.entries(set ?? {})) {
    const meaning = nameMeaning(compiled, name)
    if (!meaning.ok) {
      const why = meaning.unknown ? `model "${m.name}" has no such variable${meaning.detail}` : meaning.detail
      fail(`cannot set "${name}": ${why}`)
    }
    const late = perRun?.has(name) ?? false
    if (!late) checkValue(name, given, fail)
    const value = late ? NaN : given
    if (meaning.fixed !== Infinity) broad = true
    for (const id of meaning.ids) {
      const slot = compiled.program.byId.get(id)!
      if (slot.kind !== 'param' && slot.kind !== 'stock') {
        fail(
          `cannot set "${slot.name}": it is ${slot.kind === 'aux' ? 'an auxiliary' : `a ${slot.kind}`} computed by an equation; only parameters, constants and stock initial values can be set`,
        )
      }
      out.push({ slot, value, key, fixed: meaning.fixed })
    }
    key++
  }
  // Array.prototype.sort is stable: equal breadths keep the order they were given in.
  return broad ? out.sort((a, b) => (a.fixed === b.fixed ? 0 : a.fixed < b.fixed ? -1 : 1)) : out
}

/** A set value must be a number: else the one-line error `simulate` gives (a scenario's names it). */
export function checkValue(name: string, value: unknown, fail: (message: string) => never = raise): void {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(`cannot set "${name}" to ${String(value)}: not a number`)
}

const raise = (message: string): never => {
  throw new StockflowError(message)
}

/** The model's scenario of that id (any case), or an error listing those it has. */
export function findScenario(m: Model, id: string): Scenario {
  const s = (m.scenarios ?? []).find((x) => x.id.toLowerCase() === id.toLowerCase())
  if (!s) {
    const known = (m.scenarios ?? []).map((x) => x.id)
    throw new StockflowError(
      `model "${m.name}" has no scenario "${id}"${known.length ? `; it has ${known.join(', ')}` : ''}`,
    )
  }
  return s
}

/**
 * Checks a run's scenario and `set` as `simulate` would apply them, without running: the scenario
 * exists and every name it or `set` gives is a parameter, constant, stock or element of the model.
 * Experiments call it once before their runs, so a mistake is one error rather than every run failing.
 */
export function checkOverrides(
  compiled: CompiledModel,
  options: { readonly scenario?: string; readonly set?: Readonly<Record<string, number>> },
): void {
  const scenario = options.scenario === undefined ? undefined : findScenario(compiled.model, options.scenario)
  if (scenario) resolveOverrides(compiled, scenario.set, scenario)
  resolveOverrides(compiled, options.set)
}
