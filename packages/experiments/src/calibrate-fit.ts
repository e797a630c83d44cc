import { StockflowError } from '@stockflow/model'
import { closestName } from '@stockflow/model/internal'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'
import { expandFactors } from './factors.js'

/** The range a fitted parameter may take, and where the search starts (default: the middle). */
export interface FitRange {
  readonly min: number
  readonly max: number
  readonly initial?: number
}

/** One parameter of a calibration, named as the model names it, with a checked range. */
export interface Fit {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly initial: number
}

/**
 * The parameters to fit, named as the model names them, with checked ranges. A pattern or subrange
 * (`Growth[*]`, `Growth[Coast]`) is a parameter per element it names (`Growth[north]`, ...), each with
 * the range given; a bare array name (`Growth`) is one parameter shared by every element.
 */
export function fitSpecs(compiled: CompiledModel, given: Readonly<Record<string, FitRange>>): Fit[] {
  const spec = expandFactors(compiled.model, given, 'calibrate')
  const names = Object.keys(spec)
  if (names.length === 0) throw new StockflowError('calibrate: name at least one parameter to fit')
  const byId = new Map(compiled.variables.map((v) => [v.id, v]))
  const seen = new Map<string, string>()
  return names.map((name) => {
    const meaning = nameMeaning(compiled, name)
    if (!meaning.ok) {
      if (!meaning.unknown) throw new StockflowError(`calibrate: no parameter "${name}": ${meaning.detail}`)
      const settable = compiled.variables.filter((x) => x.kind === 'param' || x.kind === 'stock').map((x) => x.name)
      const guess = closestName(name, settable)
      throw new StockflowError(
        `calibrate: model "${compiled.model.name}" has no parameter "${name}"${guess ? `; did you mean "${guess}"?` : ''}`,
      )
    }
    const vs = meaning.ids.map((id) => byId.get(id)!)
    for (const v of vs) {
      if (v.kind !== 'param' && v.kind !== 'stock')
        throw new StockflowError(
          `calibrate: "${v.name}" is ${v.kind === 'aux' ? 'an auxiliary' : `a ${v.kind}`} computed by an equation; fit a parameter, a constant or a stock's initial value`,
        )
      const twin = seen.get(v.id)
      if (twin !== undefined)
        throw new StockflowError(
          `calibrate: "${twin}" and "${name}" are the same parameter${meaning.array ? ` (both set "${v.name}")` : ''}`,
        )
      seen.set(v.id, name)
    }
    const shown = meaning.array ? name : vs[0]!.name
    const { min, max } = spec[name]!
    if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max))
      throw new StockflowError(
        `calibrate: "${shown}" needs a finite range with min < max, got [${String(min)}, ${String(max)}]`,
      )
    const initial = spec[name]!.initial ?? (min + max) / 2
    if (!(initial >= min && initial <= max))
      throw new StockflowError(
        `calibrate: the initial value ${String(initial)} of "${shown}" is outside [${min}, ${max}]`,
      )
    return { name: shown, min, max, initial }
  })
}
