import { allDeps, initialDeps, instantDeps } from './deps.js'
import type { VarId } from './id.js'
import type { Model } from './types.js'
import { flattenModel, hasArrays } from './flatten.js'
import { parseModel } from './parse-model.js'

/**
 * One causal dependency: `from` is read by `to`'s equation (`equation`), its initial value
 * (`initial`), or `from` is a flow into (`inflow`) or out of (`outflow`) the stock `to`.
 * `instant` is false where a stateful builtin (SMTH, DELAY) integrates `from` on the way.
 */
export interface DependencyEdge {
  readonly from: VarId
  readonly to: VarId
  readonly kind: 'equation' | 'initial' | 'inflow' | 'outflow'
  readonly instant: boolean
}

/** The model's variables and who reads whom, for loop analysis and diagrams. */
export interface DependencyGraph {
  readonly nodes: readonly VarId[]
  readonly edges: readonly DependencyEdge[]
  /** Ids that `id` reads (its causes). */
  causesOf(id: VarId): VarId[]
  /** Ids that read `id` (its effects). */
  effectsOf(id: VarId): VarId[]
}

/**
 * Builds the dependency graph of a model; unparseable equations contribute no edges. A model with
 * arrays is graphed element by element: its nodes are `pop[north]` and the like.
 */
export function dependencyGraph(model: Model): DependencyGraph {
  const edges: DependencyEdge[] = []
  const { flat, parsed } = hasArrays(model) ? flattenModel(model) : { flat: model, parsed: parseModel(model) }
  for (const p of parsed) {
    const to = p.element.id
    if (p.equation) {
      const instant = new Set(instantDeps(p.equation))
      for (const from of allDeps(p.equation)) edges.push({ from, to, kind: 'equation', instant: instant.has(from) })
    }
    if (p.initial) for (const from of initialDeps(p.initial)) edges.push({ from, to, kind: 'initial', instant: true })
    if (p.element.kind === 'stock') {
      for (const from of p.element.inflows) edges.push({ from, to, kind: 'inflow', instant: true })
      for (const from of p.element.outflows) edges.push({ from, to, kind: 'outflow', instant: true })
    }
  }
  const causes = new Map<VarId, VarId[]>()
  const effects = new Map<VarId, VarId[]>()
  for (const e of edges) {
    if (e.kind === 'initial') continue
    if (!causes.has(e.to)) causes.set(e.to, [])
    if (!effects.has(e.from)) effects.set(e.from, [])
    causes.get(e.to)!.push(e.from)
    effects.get(e.from)!.push(e.to)
  }
  return {
    nodes: flat.elements.map((e) => e.id),
    edges,
    causesOf: (id) => [...new Set(causes.get(id) ?? [])],
    effectsOf: (id) => [...new Set(effects.get(id) ?? [])],
  }
}
