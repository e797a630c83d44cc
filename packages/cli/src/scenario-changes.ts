import { StockflowError } from '@stockflow/model'
import type { Model, Scenario } from '@stockflow/model'
import { compile } from '@stockflow/solver'
import { arraysOf, nameMeaning } from '@stockflow/solver/internal'
import { exportChanges } from '@stockflow/vensim'
import type { ConstantChange } from '@stockflow/vensim'

/** A scenario as a Vensim changes file: its text, and the names it had to leave out (stock initial values). */
export interface ScenarioChanges {
  readonly text: string
  readonly left: readonly string[]
}

/**
 * Each scenario of a model as a changes file (`.cin`) for the model's `.mdl` export: every name its
 * `set` gives (an element, a pattern, a subrange, a whole array) as the elements it sets, broad names
 * first so the narrower win, as a run applies them. A changes file sets constants only, so a stock's
 * initial value is left out and named.
 */
export function scenarioChanges(model: Model): Map<Scenario, ScenarioChanges> {
  const compiled = compile(model)
  const elementOf = new Map<string, { name: string; subscripts: readonly string[] }>()
  for (const array of arraysOf(compiled).values())
    for (const e of array.elements) elementOf.set(e.id, { name: array.name, subscripts: e.subscripts })
  const out = new Map<Scenario, ScenarioChanges>()
  for (const scenario of model.scenarios ?? []) {
    const sets: { change: ConstantChange; fixed: number }[] = []
    const left: string[] = []
    for (const [key, value] of Object.entries(scenario.set)) {
      const meaning = nameMeaning(compiled, key)
      if (!meaning.ok)
        throw new StockflowError(
          `scenario "${scenario.id}": cannot set "${key}": ${meaning.unknown ? `no such variable${meaning.detail}` : meaning.detail}`,
        )
      for (const id of meaning.ids) {
        const slot = compiled.program.byId.get(id)!
        if (slot.kind !== 'param') {
          left.push(slot.name)
          continue
        }
        const element = elementOf.get(id) ?? { name: slot.name, subscripts: [] }
        sets.push({ change: { ...element, value }, fixed: meaning.fixed })
      }
    }
    // Array.prototype.sort is stable: names as narrow keep their order.
    sets.sort((a, b) => (a.fixed === b.fixed ? 0 : a.fixed < b.fixed ? -1 : 1))
    const title = `scenario "${scenario.id}"${scenario.name ? `: ${scenario.name}` : ''}`
    out.set(scenario, {
      text: exportChanges(
        sets.map((s) => s.change),
        title,
      ),
      left,
    })
  }
  return out
}
