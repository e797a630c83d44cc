import { StockflowError, canonicalId } from '@stockflow/model'
import type { Model, VarId, VarName } from '@stockflow/model'
import { didYouMean } from '@stockflow/model/internal'
import type { CausalGraph, CausalLink } from './causal-graph.js'
import type { ModelEquations } from './equations.js'
import type { Listing } from './listing.js'
import type { Draft, LoopLink } from './loop-builder.js'
import type { NamedLoopMatch } from './named.js'
import type { LinkPolarity } from './polarity.js'
import type { Trace, TraceOptions } from './trace.js'

export type { LoopLink } from './loop-builder.js'

/**
 * A feedback loop: an elementary circuit of the causal graph, or, at the variable level of an arrayed
 * model, a closed walk that element loops project onto (`revisits`).
 */
export interface Loop {
  /** `R1`, `R2`, … and `B1`, `B2`, …, numbered by length, then by variable ids. */
  readonly id: string
  /** Even number of negative links: reinforcing; odd: balancing. For mixed loops, the polarity most of the run. */
  readonly polarity: 'reinforcing' | 'balancing'
  /** Some link changes sign along the run (or, between arrayed variables, has element links of both signs). */
  readonly mixed: boolean
  /** Mixed loops: times where the loop's polarity flips. */
  readonly changes?: readonly number[]
  /** Variable ids in causal order, starting at the first stock of the loop in model order (a walk repeats some). */
  readonly variables: readonly VarId[]
  /** Display names of `variables`. */
  readonly names: readonly VarName[]
  /** `variables[i] -> variables[i+1]`, the last closing the loop. */
  readonly links: readonly LoopLink[]
  /** The model's named loops this loop matches (`model.loops`). */
  readonly named: readonly { readonly id: string; readonly name: string }[]
  /**
   * A loop of an arrayed model at the variable level: the ids of the element loops (in
   * `analysis.elements.loops`) that project onto it (each element loop's variables, reduced to their
   * shortest repeating period, are this loop's).
   */
  readonly elementLoops?: readonly string[]
  /**
   * A loop of an arrayed model at the variable level that passes through some variables more than once
   * (their ids, in order of first visit): a closed walk of the variable graph, not an elementary loop,
   * that element loops through two elements of one variable project onto (`Pop[r,young] -> Aging[r,old]
   * -> Pop[r,old] -> Births[r,young]` gives `Pop -> Aging -> Pop -> Births`).
   */
  readonly revisits?: readonly VarId[]
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
  /**
   * Arrayed models: analyse element by element (`Infected[north]`), as the flat model, rather than
   * variable by variable (`Infected`, the default). No effect on models without arrays.
   */
  readonly elements?: boolean
}

/** The feedback structure of a model. */
export interface LoopAnalysis {
  /** The model analysed: the flat model of an arrayed one at the element level, the model itself otherwise. */
  readonly model: Model
  /** The options the analysis ran with (its run's settings are reused by `loopDominance`). */
  readonly options: AnalyzeOptions
  /** Nodes are the model's variables (`Infected`), or an arrayed model's elements (`Infected[north]`) at the element level. */
  readonly graph: CausalGraph
  /** The (flat) model's equations. */
  readonly equations: ModelEquations
  /** The run the polarities were read from (of the flat model). */
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
  /**
   * An arrayed model at the variable level: its analysis element by element, whose loops the variable
   * loops stand for (`Loop.elementLoops`) and whose loop scores `loopDominance` adds up per variable loop.
   */
  readonly elements?: LoopAnalysis
  /** The loop with an id. */
  loop(id: string): Loop | undefined
  /**
   * Loops through a variable or array element (display name or id, any case), or through any element
   * of an array named whole; at the variable level, an element names its variable. Throws on an unknown name.
   */
  loopsThrough(variable: string): Loop[]
}

/** The parts of a `LoopAnalysis` that `assemble` puts together. */
export interface AnalysisParts {
  readonly model: Model
  readonly options: AnalyzeOptions
  readonly graph: CausalGraph
  readonly equations: ModelEquations
  readonly trace: Trace | undefined
  readonly polarities: ReadonlyMap<CausalLink, LinkPolarity>
  readonly listing: Listing
  readonly elements?: LoopAnalysis
  /** The element loops a variable loop stands for (variable level). */
  readonly elementLoops?: (draft: Draft) => readonly string[]
  /** Nodes a name not in `graph` stands for (variable level: an element's variable). */
  readonly through?: (name: string) => VarId[]
}

/** `{ revisits }` when a closed walk passes through some variables more than once, else nothing. */
function revisits(variables: readonly VarId[]): { revisits?: readonly VarId[] } {
  const seen = new Set<VarId>()
  const again = new Set<VarId>()
  for (const v of variables) (seen.has(v) ? again : seen).add(v)
  return again.size ? { revisits: variables.filter((v, i) => again.has(v) && variables.indexOf(v) === i) } : {}
}

/** A `LoopAnalysis` from a listing of loops. */
export function assemble(parts: AnalysisParts): LoopAnalysis {
  const { model, graph, listing } = parts
  const { ids, named } = listing
  const loops: Loop[] = listing.drafts.map((d) => {
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
      ...(parts.elementLoops ? { elementLoops: parts.elementLoops(d) } : {}),
      ...revisits(d.variables),
    }
  })
  const byId = new Map(loops.map((l) => [l.id, l]))
  return {
    model,
    options: parts.options,
    graph,
    equations: parts.equations,
    ...(parts.trace ? { trace: parts.trace } : {}),
    polarities: parts.polarities,
    loops,
    truncated: listing.truncated,
    ...(listing.truncated ? { message: `more than ${listing.maxLoops} loops` } : {}),
    ...(listing.rank !== undefined ? { rank: listing.rank } : {}),
    named,
    ...(parts.elements ? { elements: parts.elements } : {}),
    loop: (id) => byId.get(id),
    loopsThrough(variable) {
      const id = graph.node(canonicalId(variable))?.id
      // A whole array's name: the loops through any of its elements.
      const prefix = `${canonicalId(variable)}[`
      let ids = id !== undefined ? [id] : graph.nodes.filter((n) => n.id.startsWith(prefix)).map((n) => n.id)
      if (ids.length === 0 && parts.through) ids = parts.through(variable)
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
