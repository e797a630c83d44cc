import { pointsGraph } from './dsl-arrays.js'
import type { Points } from './dsl-options.js'
import { StockflowError } from './errors.js'
import type { GraphicalFunction, LookupMode } from './types.js'

/**
 * An auxiliary's or flow's graphical function in the DSL: its points, or `{ points, mode }` where the
 * mode (as a lookup's) says how to read between and beyond them.
 */
export type GraphOption = Points | { readonly points: Points; readonly mode?: LookupMode }

const MODES: readonly LookupMode[] = ['continuous', 'extrapolate', 'discrete', 'forward']

/** The graph an option gives, as the model keeps it (`continuous`, the default, is left out as lookup() does). */
export function graphOption(option: unknown, where: string): GraphicalFunction | undefined {
  if (option === undefined) return undefined
  if (Array.isArray(option)) return pointsGraph(option, where)
  if (typeof option !== 'object' || option === null || !('points' in option))
    throw new StockflowError(`${where}: give \`graph\` as a list of [x, y] or { points, mode }`)
  const { points, mode } = option as { points: unknown; mode?: unknown }
  const graph = pointsGraph(points, where)
  if (mode === undefined || mode === 'continuous') return graph
  if (!MODES.includes(mode as LookupMode))
    throw new StockflowError(`${where}: graph mode ${JSON.stringify(mode)} is not one of ${MODES.join(', ')}`)
  return { ...graph, mode: mode as LookupMode }
}
