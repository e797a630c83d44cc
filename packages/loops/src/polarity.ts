import type { Model, VarId } from '@stockflow/model'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import type { ModelEquations } from './equations.js'
import { numericPartialSigns, signChanges } from './numeric.js'
import { signOfRange } from './sign.js'
import type { Sign } from './sign.js'
import { elementPartialSign } from './symbolic.js'
import type { SignContext } from './symbolic.js'
import type { Trace } from './trace.js'

/** The polarity of a causal link: `+` same direction, `-` opposite, `mixed` when it changes along the run. */
export type Polarity = '+' | '-' | 'mixed'

/**
 * A link's polarity and how it was found: `structural` (flow to stock), `symbolic` (the sign of the
 * partial derivative is fixed by the equation), `numeric` (the sign at each save point of a run) or,
 * for a link between arrayed variables, from its `elements`' links.
 */
export interface LinkPolarity {
  readonly polarity: Polarity
  readonly method: 'structural' | 'symbolic' | 'numeric' | 'elements'
  /** Numeric and mixed variable links: the sign at each save point (1, -1, 0 where no effect or unknown). */
  readonly signs?: Int8Array
  /** Mixed links: times where the sign changes. */
  readonly changes?: readonly number[]
  /** Numeric links that had no effect anywhere along the run (their sign cannot be told). */
  readonly inactive?: boolean
}

/** What the analysis knows about the sign of each variable: from the run, else from the model. */
export function signContext(model: Model, equations: ModelEquations, trace?: Trace): SignContext {
  const elements = new Map(model.elements.map((e) => [e.id, e]))
  const cache = new Map<VarId, Sign>()
  const fromModel = (id: VarId): Sign => {
    const e = elements.get(id)
    if (!e) return '?'
    if (e.kind === 'param') return signOfRange(e.value, e.value)
    if (e.kind === 'stock' && e.nonNegative) return '+'
    if (e.kind === 'flow' && e.nonNegative) return '+'
    if (e.min !== undefined && e.min >= 0) return '+'
    if (e.max !== undefined && e.max <= 0) return '-'
    return '?'
  }
  const fromRun = (id: VarId): Sign => {
    const xs = trace?.series(id)
    if (!xs) return fromModel(id)
    let min = Infinity
    let max = -Infinity
    for (const x of xs) {
      if (x < min) min = x
      if (x > max) max = x
    }
    return xs.length ? signOfRange(min, max) : '?'
  }
  return {
    valueSign(id) {
      let s = cache.get(id)
      if (s === undefined) cache.set(id, (s = fromRun(id)))
      return s
    },
    timeSign: trace ? signOfRange(trace.start, trace.stop) : '?',
    lookups: equations.lookups,
    constantValue(id) {
      const e = elements.get(id)
      if (e?.kind !== 'param') return undefined
      // The run's value: a scenario or `set` may have changed the model's.
      const xs = trace?.series(id)
      return xs ? xs[0] : e.value
    },
  }
}

/**
 * The polarity of every link: inflows +, outflows -, equation links symbolic where the sign of the
 * partial derivative is fixed, else numeric along the run (mixed, with the times it changes, when it
 * takes both signs). Without a run, links of unknown sign are reported mixed.
 */
export function linkPolarities(
  model: Model,
  graph: CausalGraph,
  equations: ModelEquations,
  trace?: Trace,
): Map<CausalLink, LinkPolarity> {
  const ctx = signContext(model, equations, trace)
  const out = new Map<CausalLink, LinkPolarity>()
  for (const link of graph.links) out.set(link, linkPolarity(link, equations, ctx, trace))
  return out
}

/** The polarity of one link (see `linkPolarities`). */
export function linkPolarity(
  link: CausalLink,
  equations: ModelEquations,
  ctx: SignContext,
  trace?: Trace,
): LinkPolarity {
  if (link.kind === 'inflow') return { polarity: '+', method: 'structural' }
  if (link.kind === 'outflow') return { polarity: '-', method: 'structural' }
  const eq = equations.equations.get(link.to)
  if (!eq) return { polarity: 'mixed', method: 'symbolic' }
  const d = elementPartialSign(eq, link.from, ctx)
  if (d === '+' || d === '-') return { polarity: d, method: 'symbolic' }
  if (!trace) return { polarity: 'mixed', method: 'symbolic' }
  return classify(numericPartialSigns(eq, link.from, trace, equations), trace.times)
}

/** A numeric link's polarity from its signs along the run. */
export function classify(signs: Int8Array, times: Float64Array): LinkPolarity {
  let plus = false
  let minus = false
  for (const s of signs) {
    if (s > 0) plus = true
    else if (s < 0) minus = true
  }
  if (plus && minus) return { polarity: 'mixed', method: 'numeric', signs, changes: signChanges(signs, times) }
  if (plus || minus) return { polarity: plus ? '+' : '-', method: 'numeric', signs }
  return { polarity: 'mixed', method: 'numeric', signs, changes: [], inactive: true }
}
