import { canonicalId } from '@stockflow/model'
import type { Model, NamedLoop, VarId } from '@stockflow/model'
import { adjacency } from './causal-graph.js'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import type { ModelEquations } from './equations.js'
import { elementaryCircuits } from './johnson.js'
import { linkScores } from './link-scores.js'
import { LoopBuilder, assignIds, sortDrafts } from './loop-builder.js'
import type { Draft } from './loop-builder.js'
import { matchNamedLoops } from './named.js'
import type { NamedLoopMatch } from './named.js'
import { shortestLoopsThrough } from './ordered-search.js'
import type { LinkPolarity } from './polarity.js'
import { rotateToSmallest, shortestIndependentCircuits } from './sils.js'
import { strongestLoops } from './strongest.js'
import type { Trace } from './trace.js'

/** Loops listed before enumeration stops and says there are more. */
export const DEFAULT_MAX_LOOPS = 10_000

/** What to list: as `AnalyzeOptions` has it. */
export interface ListingOptions {
  readonly maxLoops?: number
  readonly loopSet?: 'all' | 'independent'
}

/** A graph's loops before they become `Loop`s: drafts in display order, their ids, the named loops' matches. */
export interface Listing {
  readonly drafts: readonly Draft[]
  /** Draft key → `R1`/`B2`. */
  readonly ids: ReadonlyMap<string, string>
  readonly named: readonly NamedLoopMatch[]
  readonly truncated: boolean
  readonly maxLoops: number
  readonly rank?: number
}

/** How one level (elements or variables) fills in what enumeration leaves open. */
export interface ListingHooks {
  /** When there are too many loops to list, further loops worth listing besides the independent set. */
  more(adj: readonly (readonly number[])[], listed: readonly Draft[]): Int32Array[]
  /** A last say on a draft's polarity (variable loops whose links never all have a sign). */
  settle?(draft: Draft): Draft
  /** The node a name in a named loop stands for, when the graph has no node of that name. */
  resolve?(name: string): VarId | undefined
}

/**
 * The loops of a causal graph: every elementary loop (Johnson) up to `maxLoops`; beyond that, or with
 * `loopSet: 'independent'`, a shortest independent loop set plus `hooks.more`; the named loops matched
 * among them (or searched for one by one when not all could be listed). Ids come from the full list
 * when there is one, so a loop keeps its id in any subset.
 */
export function listLoops(
  graph: CausalGraph,
  polarities: ReadonlyMap<CausalLink, LinkPolarity>,
  trace: Trace | undefined,
  namedLoops: readonly NamedLoop[],
  options: ListingOptions,
  hooks: ListingHooks,
): Listing {
  const maxLoops = options.maxLoops ?? DEFAULT_MAX_LOOPS
  const adj = adjacency(graph)
  const found = elementaryCircuits(adj, maxLoops)
  const all = found.truncated ? undefined : found.circuits
  const build = new LoopBuilder(graph, polarities, trace)
  const draft = (c: Int32Array) => {
    const d = build.draft(c)
    return hooks.settle ? hooks.settle(d) : d
  }
  const sils = options.loopSet === 'independent' || !all ? shortestIndependentCircuits(adj) : undefined
  const allDrafts = all ? sortDrafts(all.map(draft)) : undefined
  const resolve = (name: string) => graph.node(canonicalId(name))?.id ?? hooks.resolve?.(name)

  // Named loops: matched among all loops when they could be listed, else by a search for each.
  const byKey = new Map(allDrafts?.map((d) => [d.id, d]))
  const matches: (NamedLoopMatch & { readonly draft?: Draft })[] = allDrafts
    ? matchNamedLoops(namedLoops, allDrafts, resolve).map((m) =>
        m.loop === undefined ? m : { ...m, draft: byKey.get(m.loop)! },
      )
    : namedLoops.map((n) => {
        const sequence = n.variables.map((v) => graph.indexOf(resolve(v) ?? ''))
        const drafts = sequence.includes(-1) ? [] : shortestLoopsThrough(adj, sequence).map(draft)
        // Only some loops were searched, so how many match is unknown.
        const { candidates: _unknown, ...m } = matchNamedLoops([n], sortDrafts(drafts), resolve)[0]!
        return m.loop === undefined ? m : { ...m, draft: drafts.find((d) => d.id === m.loop)! }
      })
  const matched = matches.flatMap((m) => (m.draft ? [m.draft] : []))

  const base = sils ? sils.circuits.map(draft) : allDrafts!
  if (!allDrafts && options.loopSet !== 'independent') base.push(...hooks.more(adj, base).map(draft))
  const reported = new Map<string, Draft>()
  for (const d of [...base, ...matched]) reported.set(d.id, d)
  const drafts = sortDrafts([...reported.values()])
  const ids = assignIds(allDrafts ?? drafts)
  const named: NamedLoopMatch[] = matches.map(({ draft: _draft, ...m }) =>
    m.loop === undefined ? m : { ...m, loop: ids.get(m.loop)! },
  )
  return {
    drafts,
    ids,
    named,
    truncated: found.truncated,
    maxLoops,
    ...(sils ? { rank: sils.rank } : {}),
  }
}

/**
 * Loops that carry weight along the run, for models with too many loops to list: those found by the
 * strongest-path search whose relative loop score, among themselves and `listed`, reaches `minShare`.
 */
export function weightyLoops(
  model: Model,
  graph: CausalGraph,
  equations: ModelEquations,
  trace: Trace,
  adj: readonly (readonly number[])[],
  listed: readonly Draft[],
  minShare: number,
): Int32Array[] {
  const scores = linkScores(model, graph, equations, trace)
  const linkAt = (u: number, v: number) => scores.get(graph.link(graph.nodes[u]!.id, graph.nodes[v]!.id)!)!
  const stocks = graph.nodes.flatMap((n, i) => (n.kind === 'stock' ? [i] : []))
  const strong = strongestLoops(adj, (u, v, row) => linkAt(u, v)[row]!, trace.times.length, stocks)
  const known = new Set(listed.map((d) => rotateToSmallest(d.circuit).join(',')))
  const fresh = strong.filter((c) => !known.has(c.join(',')))
  return keepShares(
    fresh,
    listed.map((d) => d.circuit),
    linkAt,
    trace.times.length,
    minShare,
  )
}

/**
 * The circuits whose relative loop score, among themselves and `others`, reaches `minShare` at some
 * row (loop score: the product of its link scores; see `linkScores`).
 */
function keepShares(
  circuits: readonly Int32Array[],
  others: readonly Int32Array[],
  linkAt: (u: number, v: number) => Float64Array,
  rows: number,
  minShare: number,
): Int32Array[] {
  const all = [...circuits, ...others]
  const scores = all.map((c) => {
    const s = new Float64Array(rows).fill(1)
    c.forEach((u, i) => {
      const l = linkAt(u, c[(i + 1) % c.length]!)
      for (let r = 0; r < rows; r++) s[r] = s[r]! * l[r]!
    })
    return s
  })
  const best = new Float64Array(circuits.length)
  for (let r = 0; r < rows; r++) {
    let total = 0
    for (const s of scores) total += Number.isFinite(s[r]!) ? Math.abs(s[r]!) : 0
    if (!(total > 0)) continue
    for (let j = 0; j < circuits.length; j++) {
      const x = Math.abs(scores[j]![r]!)
      if (Number.isFinite(x)) best[j] = Math.max(best[j]!, x / total)
    }
  }
  return circuits.filter((_, j) => best[j]! >= minShare)
}
