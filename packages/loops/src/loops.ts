import { flatten } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { flattenModel, hasArrays } from '@stockflow/model/internal'
import { assemble } from './analysis.js'
import type { AnalyzeOptions, LoopAnalysis } from './analysis.js'
import { causalGraph } from './causal-graph.js'
import { listLoops, weightyLoops } from './listing.js'
import { modelEquations } from './equations.js'
import { linkPolarities } from './polarity.js'
import { traceModel } from './trace.js'
import { elementMatches, variableAnalysis } from './variable-loops.js'

export type { AnalyzeOptions, Loop, LoopAnalysis, LoopLink } from './analysis.js'
export { DEFAULT_MAX_LOOPS } from './listing.js'

/**
 * Finds a model's feedback loops: builds the causal graph, gives each link a polarity (symbolic where
 * fixed, else numeric along a run of the model), enumerates elementary loops with Johnson's algorithm
 * up to `maxLoops`, names them R/B with stable ids and matches them to the model's named loops. An
 * arrayed model is analysed as its flat model, element by element (`analysis.elements`), then at the
 * variable level: its variables are the nodes, a link joins two arrays when some of their elements
 * are linked, and each variable loop lists the element loops it stands for. `elements: true` returns
 * the element-level analysis.
 */
export function analyzeLoops(source: Model, options: AnalyzeOptions = {}): LoopAnalysis {
  const flattened = flattenModel(source)
  // Problems flattening: the error `flatten` gives, naming each.
  if (flattened.issues.some((i) => i.severity === 'error')) flatten(source)
  const model = flattened.flat
  const equations = modelEquations(model)
  const graph = causalGraph(model, equations)
  const trace = options.simulate === false ? undefined : traceModel(model, equations, options)
  const polarities = linkPolarities(model, graph, equations, trace)
  const listing = listLoops(graph, polarities, trace, model.loops ?? [], options, {
    more: (adj, listed) =>
      trace ? weightyLoops(model, graph, equations, trace, adj, listed, options.minShare ?? 0.01) : [],
  })
  const parts = { model, options, graph, equations, trace, polarities, listing }
  const elementLevel = assemble(parts)
  if (!hasArrays(source)) return elementLevel
  const variableLevel = variableAnalysis(source, elementLevel, (name) => flattened.origin(name)?.variable)
  // Element by element, named loops of whole variables are matched through the variable level.
  const named = assemble({ ...parts, listing: { ...listing, named: elementMatches(elementLevel, variableLevel) } })
  return options.elements ? named : { ...variableLevel, elements: named }
}
