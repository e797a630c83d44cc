import { StockflowError, canonicalId, flatten } from '@stockflow/model'
import type { Model, VarId, VarName } from '@stockflow/model'
import { didYouMean } from '@stockflow/model/internal'
import { adjacency, causalGraph } from './causal-graph.js'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import { modelEquations } from './equations.js'
import type { ModelEquations } from './equations.js'
import { elementaryCircuits } from './johnson.js'
import { matchNamedLoops } from './named.js'
import type { NamedLoopMatch } from './named.js'
import { linkPolarities } from './polarity.js'
import type { LinkPolarity, Polarity } from './polarity.js'
import { linkScores } from './link-scores.js'
import { shortestLoopsThrough } from './ordered-search.js'
import { strongestLoops } from './strongest.js'
import { rotateToSmallest, shortestIndependentCircuits } from './sils.js'
import { traceModel } from './trace.js'
import type { Trace, TraceOptions } from './trace.js'

/** Loops listed before enumeration stops and says there are more. */
export const DEFAULT_MAX_LOOPS = 10_000

/** One link of a loop with its polarity. */
export interface LoopLink {
  readonly from: VarId
  readonly to: VarId
  readonly polarity: Polarity
  readonly delayed: boolean
  readonly kind: CausalLink['kind']
}

/** A feedback loop: an elementary circuit of the causal graph. */
export interface Loop {
  /** `R1`, `R2`, … and `B1`, `B2`, …, numbered by length, then by variable ids. */
  readonly id: string
  /** Even number of negative links: reinforcing; odd: balancing. For mixed loops, the polarity most of the run. */
  readonly polarity: 'reinforcing' | 'balancing'
  /** Some link changes sign along the run. */
  readonly mixed: boolean
  /** Mixed loops: times where the loop's polarity flips. */
  readonly changes?: readonly number[]
  /** Variable ids in causal order, starting at the first stock of the loop in model order. */
  readonly variables: readonly VarId[]
  /** Display names of `variables`. */
  readonly names: readonly VarName[]
  /** `variables[i] -> variables[i+1]`, the last closing the loop. */
  readonly links: readonly LoopLink[]
  /** The model's named loops this loop matches (`model.loops`). */
  readonly named: readonly { readonly id: string; readonly name: string }[]
}

/** Options of `analyzeLoops`: the run to read, and how many loops to list. */
export interface AnalyzeOptions extends TraceOptions {
  /** Stop listing after this many loops and say so (default 10 000). */
  readonly maxLoops?: number
  /** `all` elementary loops (default), or a shortest `independent` loop set (which needs no enumeration). */
  readonly loopSet?: 'all' | 'independent'
  /**
   * When there are too many loops to list, strongest loops are kept if their share of the listed loops'
   * scores (relative loop score) reaches this at some save time (default 0.01).
   */
  readonly minShare?: number
  /** Simulate for variable signs and numeric polarity (default true); without, unknown links are mixed. */
  readonly simulate?: boolean
}

/** The feedback structure of a model. */
export interface LoopAnalysis {
  readonly model: Model
  /** The options the analysis ran with (its run's settings are reused by `loopDominance`). */
  readonly options: AnalyzeOptions
  readonly graph: CausalGraph
  readonly equations: ModelEquations
  /** The run the polarities were read from. */
  readonly trace?: Trace
  readonly polarities: ReadonlyMap<CausalLink, LinkPolarity>
  /**
   * Loops, shortest first; R and B numbered separately. Every loop; with `loopSet: 'independent'`, a
   * shortest independent loop set plus the named loops' matches; when there are more than `maxLoops`,
   * that and the strongest loops along the run (strongest-path search of Loops That Matter).
   */
  readonly loops: readonly Loop[]
  /** More than `maxLoops` loops: not all of them could be listed. */
  readonly truncated: boolean
  /** `more than N loops` when truncated. */
  readonly message?: string
  /** With `loopSet: 'independent'`: the number of independent loops a full set would have. */
  readonly rank?: number
  /** Each named loop of the model and the loop it matched. */
  readonly named: readonly NamedLoopMatch[]
  /** The loop with an id. */
  loop(id: string): Loop | undefined
  /**
   * Loops through a variable or array element (display name or id, any case), or through any element
   * of an array named whole; throws on an unknown name.
   */
  loopsThrough(variable: string): Loop[]
}

/**
 * Finds a model's feedback loops: builds the causal graph, gives each link a polarity (symbolic where
 * fixed, else numeric along a run of the model), enumerates elementary loops with Johnson's algorithm
 * up to `maxLoops`, names them R/B with stable ids and matches them to the model's named loops. An
 * arrayed model is analysed as its flat model (`analysis.model`), element by element.
 */
export function analyzeLoops(source: Model, options: AnalyzeOptions = {}): LoopAnalysis {
  // An arrayed model's loops run through its elements: `Population[North] -> Births[North] -> ...`.
  const model = flatten(source)
  const equations = modelEquations(model)
  const graph = causalGraph(model, equations)
  const trace = options.simulate === false ? undefined : traceModel(model, equations, options)
  const polarities = linkPolarities(model, graph, equations, trace)
  const maxLoops = options.maxLoops ?? DEFAULT_MAX_LOOPS

  const adj = adjacency(graph)
  const found = elementaryCircuits(adj, maxLoops)
  const all = found.truncated ? undefined : found.circuits
  const build = new LoopBuilder(graph, polarities, trace)
  const sils = options.loopSet === 'independent' || !all ? shortestIndependentCircuits(adj) : undefined
  const allDrafts = all ? sortDrafts(all.map((c) => build.draft(c))) : undefined
  const resolve = (name: string) => graph.node(canonicalId(name))?.id

  // Named loops: matched among all loops when they could be listed, else by a search for each.
  const byKey = new Map(allDrafts?.map((d) => [d.id, d]))
  const matches: (NamedLoopMatch & { readonly draft?: Draft })[] = allDrafts
    ? matchNamedLoops(model.loops ?? [], allDrafts, resolve).map((m) =>
        m.loop === undefined ? m : { ...m, draft: byKey.get(m.loop)! },
      )
    : (model.loops ?? []).map((n) => {
        const sequence = n.variables.map((v) => graph.indexOf(resolve(v) ?? ''))
        const drafts = sequence.includes(-1) ? [] : shortestLoopsThrough(adj, sequence).map((c) => build.draft(c))
        // Only some loops were searched, so how many match is unknown.
        const { candidates: _unknown, ...m } = matchNamedLoops([n], sortDrafts(drafts), resolve)[0]!
        return m.loop === undefined ? m : { ...m, draft: drafts.find((d) => d.id === m.loop)! }
      })
  const matched = matches.flatMap((m) => (m.draft ? [m.draft] : []))

  const base = sils ? sils.circuits.map((c) => build.draft(c)) : allDrafts!
  if (!allDrafts && trace && options.loopSet !== 'independent') {
    base.push(
      ...weightyLoops(model, graph, equations, trace, adj, base, options.minShare ?? 0.01).map((c) => build.draft(c)),
    )
  }
  const reported = new Map<string, Draft>()
  for (const d of [...base, ...matched]) reported.set(d.id, d)
  const drafts = sortDrafts([...reported.values()])
  // Ids come from the full list when there is one, so a loop keeps its id in any subset.
  const ids = assignIds(allDrafts ?? drafts)
  const named: NamedLoopMatch[] = matches.map(({ draft: _draft, ...m }) =>
    m.loop === undefined ? m : { ...m, loop: ids.get(m.loop)! },
  )
  const rank = sils?.rank
  const loops: Loop[] = drafts.map((d) => {
    const id = ids.get(d.id)!
    return {
      id,
      polarity: d.polarity,
      mixed: d.mixed,
      ...(d.mixed ? { changes: d.changes } : {}),
      variables: d.variables,
      names: d.variables.map((v) => graph.node(v)!.name),
      links: d.links,
      named: named.filter((m) => m.loop === id).map((m) => ({ id: m.named.id, name: m.named.name })),
    }
  })
  const truncated = found.truncated
  const byId = new Map(loops.map((l) => [l.id, l]))
  return {
    model,
    options,
    graph,
    equations,
    ...(trace ? { trace } : {}),
    polarities,
    loops,
    truncated,
    ...(truncated ? { message: `more than ${maxLoops} loops` } : {}),
    ...(rank !== undefined ? { rank } : {}),
    named,
    loop: (id) => byId.get(id),
    loopsThrough(variable) {
      const id = resolve(variable)
      // A whole array's name: the loops through any of its elements.
      const prefix = `${canonicalId(variable)}[`
      const ids = id !== undefined ? [id] : graph.nodes.filter((n) => n.id.startsWith(prefix)).map((n) => n.id)
      if (ids.length === 0) {
        const hint = didYouMean(
          variable,
          graph.nodes.map((n) => n.name),
        )
        throw new StockflowError(`model "${model.name}" has no variable "${variable}"${hint}`)
      }
      return loops.filter((l) => ids.some((i) => l.variables.includes(i)))
    },
  }
}

/**
 * Loops that carry weight along the run, for models with too many loops to list: those found by the
 * strongest-path search whose relative loop score, among themselves and `listed`, reaches `minShare`.
 */
function weightyLoops(
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
  return keepShares(fresh, listed.map(circuitOf), linkAt, trace.times.length, minShare)
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

/** A loop before it has its R/B id; `id` is its canonical key (variable ids from the smallest). */
interface Draft {
  readonly id: string
  /** Node indices in display order. */
  readonly circuit: Int32Array
  /** Ids rotated to start at the smallest id: the sort key. */
  readonly sortKey: readonly VarId[]
  readonly variables: readonly VarId[]
  readonly links: readonly LoopLink[]
  readonly polarity: 'reinforcing' | 'balancing'
  readonly mixed: boolean
  readonly changes: readonly number[]
}

/** Turns circuits of node indices into loops with links, polarity and a canonical key. */
class LoopBuilder {
  private readonly stocks: Uint8Array

  constructor(
    private readonly graph: CausalGraph,
    private readonly polarities: ReadonlyMap<CausalLink, LinkPolarity>,
    private readonly trace: Trace | undefined,
  ) {
    this.stocks = Uint8Array.from(graph.nodes, (n) => (n.kind === 'stock' ? 1 : 0))
  }

  draft(circuit: Int32Array): Draft {
    const n = circuit.length
    // Shown from the loop's first stock in model order (its first node when it has no stock).
    let start = 0
    let best = Infinity
    for (let i = 0; i < n; i++) {
      const v = circuit[i]!
      const rank = (this.stocks[v] ? 0 : this.graph.nodes.length) + v
      if (rank < best) {
        best = rank
        start = i
      }
    }
    const variables = Array.from({ length: n }, (_, i) => this.graph.nodes[circuit[(start + i) % n]!]!.id)
    const causal = variables.map((from, i) => this.graph.link(from, variables[(i + 1) % n]!)!)
    const links: LoopLink[] = causal.map((l) => ({
      from: l.from,
      to: l.to,
      polarity: this.polarities.get(l)!.polarity,
      delayed: l.delayed,
      kind: l.kind,
    }))
    let k = 0
    for (let i = 1; i < n; i++) if (variables[i]! < variables[k]!) k = i
    const sortKey = Array.from({ length: n }, (_, i) => variables[(k + i) % n]!)
    const mixed = links.some((l) => l.polarity === 'mixed')
    const { polarity, changes } = mixed
      ? this.mixedPolarity(causal)
      : { polarity: links.filter((l) => l.polarity === '-').length % 2 ? 'balancing' : 'reinforcing', changes: [] }
    return {
      id: sortKey.join('\u0000'),
      circuit: Int32Array.from(variables, (v) => this.graph.indexOf(v)),
      sortKey,
      variables,
      links,
      polarity: polarity as Draft['polarity'],
      mixed,
      changes,
    }
  }

  /** The loop's sign at each save point (product of link signs); its polarity is the one most points show. */
  private mixedPolarity(links: readonly CausalLink[]): { polarity: Draft['polarity']; changes: number[] } {
    const times = this.trace?.times
    if (!times) {
      // No run to read the signs from: the links of known sign decide.
      const negative = links.filter((l) => this.polarities.get(l)!.polarity === '-').length
      return { polarity: negative % 2 ? 'balancing' : 'reinforcing', changes: [] }
    }
    let reinforcing = 0
    let balancing = 0
    let last = 0
    const changes: number[] = []
    for (let i = 0; i < times.length; i++) {
      let sign = 1
      for (const l of links) {
        const p = this.polarities.get(l)!
        const s = p.signs ? p.signs[i]! : p.polarity === '-' ? -1 : 1
        sign *= s
        if (sign === 0) break
      }
      if (sign === 0) continue
      if (sign > 0) reinforcing++
      else balancing++
      if (last !== 0 && sign !== last) changes.push(times[i]!)
      last = sign
    }
    return { polarity: balancing > reinforcing ? 'balancing' : 'reinforcing', changes }
  }
}

function circuitOf(d: Draft): Int32Array {
  return d.circuit
}

function sortDrafts(drafts: Draft[]): Draft[] {
  return drafts.sort((a, b) => {
    if (a.sortKey.length !== b.sortKey.length) return a.sortKey.length - b.sortKey.length
    for (let i = 0; i < a.sortKey.length; i++) {
      const x = a.sortKey[i]!
      const y = b.sortKey[i]!
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  })
}

function assignIds(sorted: readonly Draft[]): Map<string, string> {
  const ids = new Map<string, string>()
  let r = 0
  let b = 0
  for (const d of sorted) ids.set(d.id, d.polarity === 'reinforcing' ? `R${++r}` : `B${++b}`)
  return ids
}
