import { StockflowError, canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { expandNames } from '@stockflow/solver/internal'

/**
 * The factors an experiment's `vary` stands for. A name with subscripts that names several elements
 * (`Growth[*]`, `x[north,*]`, a subrange `Growth[Coast]`) is one factor per element, named like the
 * element (`Growth[north]`), each drawn on its own; a bare array name (`Growth`) stays one factor whose
 * value every element shares; anything else stays as given (an unknown name fails later, in the plan).
 * An element also named on its own keeps that entry; two patterns drawing the same element are refused
 * (errors start with `label`).
 */
export function expandFactors<T>(model: Model, vary: Readonly<Record<string, T>>, label = 'vary'): Record<string, T> {
  const entries = Object.entries(vary)
  const given = new Map<string, string>()
  const expanded = entries.map(([name, value]) => {
    const elements = name.includes('[') ? expandNames(model, [name]) : [name]
    const each = elements.length !== 1 || elements[0] !== name
    if (!each) {
      const twin = given.get(canonicalId(name))
      if (twin !== undefined) throw new StockflowError(`${label}: "${twin}" and "${name}" are the same parameter`)
      given.set(canonicalId(name), name)
    }
    return { name, value, elements: each ? elements : undefined }
  })
  const out: Record<string, T> = {}
  const drawnBy = new Map<string, string>()
  for (const { name, value, elements } of expanded) {
    if (!elements) {
      out[name] = value
      continue
    }
    for (const element of elements) {
      const id = canonicalId(element)
      if (given.has(id)) continue
      const other = drawnBy.get(id)
      if (other !== undefined)
        throw new StockflowError(
          `${label}: "${other}" and "${name}" both vary "${element}"; name each element in one of them`,
        )
      drawnBy.set(id, name)
      out[element] = value
    }
  }
  return out
}
