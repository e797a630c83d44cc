import { modelFromJSON } from '@stockflow/model'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import type { DominantInterval, Loop, LoopAnalysis } from '@stockflow/loops'

/** What the analysis worker is asked: a model (as JSON text) and the run to read. */
export interface AnalysisRequest {
  /** The request's number, which every message answering it bears (the latest request's is current). */
  readonly seq: number
  readonly modelJSON: string
  readonly scenario?: string
  readonly set: Readonly<Record<string, number>>
  /** Loops dominance shares scores among: all found loops, or the named ones (the viewer's `dom` choice). */
  readonly basis?: 'all' | 'named'
}

/** A causal link with its polarity, by element ids. */
export interface PlainLink {
  readonly from: string
  readonly to: string
  readonly polarity: '+' | '-' | 'mixed'
  readonly delayed: boolean
}

/** A found loop as plain data (what `@stockflow/loops`' `Loop` holds, minus the link kinds). */
export interface FoundLoop {
  readonly id: string
  readonly polarity: 'reinforcing' | 'balancing'
  readonly mixed: boolean
  readonly variables: readonly string[]
  readonly names: readonly string[]
  readonly links: readonly PlainLink[]
  readonly named: readonly { readonly id: string; readonly name: string }[]
  /** The variables a closed walk (an arrayed model's variable loop) passes more than once, if any. */
  readonly revisits?: readonly string[]
}

/** A named loop of the model and the found loop it matched. */
export interface NamedMatch {
  readonly id: string
  readonly name: string
  readonly polarity: 'reinforcing' | 'balancing'
  readonly variables: readonly string[]
  readonly loop?: string
  readonly polarityAgrees?: boolean
}

/** The loop structure: sent first, as dominance takes longer. */
export interface LoopsResult {
  readonly kind: 'loops'
  readonly seq: number
  readonly loops: readonly FoundLoop[]
  readonly named: readonly NamedMatch[]
  readonly links: readonly PlainLink[]
  readonly truncated: boolean
  readonly message?: string
}

/** A scored loop: its found id, the named loops it matches, and its relative score at each save time. */
export interface ScoredLoop {
  /** The found loop's id, as `stockflow loops` prints it. */
  readonly id: string
  /** The first matching named loop's name, if any (read-outs show it after the id). */
  readonly name?: string
  /** The model's named loops this found loop matches (id and name). */
  readonly named: readonly { readonly id: string; readonly name: string }[]
  readonly polarity: 'reinforcing' | 'balancing'
  readonly scores: Float64Array
}

/** Relative loop scores over the run (Loops That Matter), for the dominance panel. */
export interface DominanceResult {
  readonly kind: 'dominance'
  readonly seq: number
  /**
   * `all`: shares among every found loop, as `stockflow loops --dominance`; `named`: among the found
   * loops the model's named loops match (asked for with `basis: 'named'`, and the model names some).
   */
  readonly basis: 'all' | 'named'
  /** Every scored loop, in the analysis's order (the chart picks the strongest of them). */
  readonly loops: readonly ScoredLoop[]
  readonly times: Float64Array
  /** The dominant loop per interval, verbatim from `loopDominance` (found ids). */
  readonly intervals: readonly DominantInterval[]
  /** Why the basis asked for was not used (the model names no loop the analysis found). */
  readonly note?: string
}

/** The analysis failed; `message` is for people. */
export interface AnalysisFailure {
  readonly kind: 'error'
  readonly seq: number
  readonly stage: 'loops' | 'dominance'
  readonly message: string
}

export type AnalysisMessage = LoopsResult | DominanceResult | AnalysisFailure

/** Runs the loop analysis, then dominance, posting each result as soon as it is ready. */
export function analyze(request: AnalysisRequest, post: (message: AnalysisMessage) => void): void {
  const { seq } = request
  let analysis: LoopAnalysis
  try {
    const model = modelFromJSON(request.modelJSON, 'model')
    analysis = analyzeLoops(model, { scenario: request.scenario, set: request.set })
    post(loopsResult(seq, analysis))
  } catch (err) {
    post({ kind: 'error', seq, stage: 'loops', message: messageOf(err) })
    return
  }
  try {
    post(dominanceResult(seq, analysis, request.basis ?? 'all'))
  } catch (err) {
    post({ kind: 'error', seq, stage: 'dominance', message: messageOf(err) })
  }
}

function loopsResult(seq: number, analysis: LoopAnalysis): LoopsResult {
  const plainLink = (l: Loop['links'][number]): PlainLink => ({
    from: l.from,
    to: l.to,
    polarity: l.polarity,
    delayed: l.delayed,
  })
  return {
    kind: 'loops',
    seq,
    loops: analysis.loops.map((l) => ({
      id: l.id,
      polarity: l.polarity,
      mixed: l.mixed,
      variables: [...l.variables],
      names: [...l.names],
      links: l.links.map(plainLink),
      named: l.named.map((n) => ({ id: n.id, name: n.name })),
      ...(l.revisits ? { revisits: [...l.revisits] } : {}),
    })),
    named: analysis.named.map((n) => ({
      id: n.named.id,
      name: n.named.name,
      polarity: n.named.polarity,
      variables: [...n.named.variables],
      loop: n.loop,
      polarityAgrees: n.polarityAgrees,
    })),
    links: analysis.graph.links.map((l) => ({
      from: l.from,
      to: l.to,
      polarity: analysis.polarities.get(l)?.polarity ?? 'mixed',
      delayed: l.delayed,
    })),
    truncated: analysis.truncated,
    message: analysis.message,
  }
}

/**
 * Loop dominance shared among every found loop (`all`, what `stockflow loops --dominance` prints) or
 * among the found loops the named loops match (`named`); intervals and ids are `loopDominance`'s own.
 */
export function dominanceResult(seq: number, analysis: LoopAnalysis, basis: 'all' | 'named'): DominanceResult {
  const matched = new Set(analysis.named.flatMap((n) => (n.loop === undefined ? [] : [n.loop])))
  const namedOnly = basis === 'named' && matched.size > 0
  const loops = namedOnly ? analysis.loops.filter((l) => matched.has(l.id)) : analysis.loops
  const dominance = loopDominance(analysis, loops)
  return {
    kind: 'dominance',
    seq,
    basis: namedOnly ? 'named' : 'all',
    times: dominance.times,
    loops: dominance.loops.map((loop, j) => ({
      id: loop.id,
      ...(loop.named.length ? { name: loop.named[0]!.name } : {}),
      named: loop.named.map((n) => ({ id: n.id, name: n.name })),
      polarity: loop.polarity,
      scores: dominance.relative[j]!,
    })),
    intervals: dominance.intervals.map((i) => ({ ...i })),
    ...(basis === 'named' && !namedOnly
      ? { note: 'The model names no loop the analysis found: shares are among all loops.' }
      : {}),
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err)
}
