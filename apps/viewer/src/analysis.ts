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

/** Relative loop scores over the run (Loops That Matter), for the dominance panel. */
export interface DominanceResult {
  readonly kind: 'dominance'
  readonly seq: number
  /** `named`: shares among the named loops' matches; `strongest`: the loops with the largest mean share. */
  readonly basis: 'named' | 'strongest'
  /** How many loops were scored (the plotted ones are all of them, or the strongest). */
  readonly scored: number
  readonly times: Float64Array
  readonly loops: readonly {
    readonly id: string
    readonly name?: string
    readonly polarity: 'reinforcing' | 'balancing'
    readonly scores: Float64Array
  }[]
  readonly intervals: readonly DominantInterval[]
}

/** The analysis failed; `message` is for people. */
export interface AnalysisFailure {
  readonly kind: 'error'
  readonly seq: number
  readonly stage: 'loops' | 'dominance'
  readonly message: string
}

export type AnalysisMessage = LoopsResult | DominanceResult | AnalysisFailure

/** Loops plotted when the model names none: the strongest by mean |relative score|. */
const STRONGEST = 10

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
    post(dominanceResult(seq, analysis))
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

function dominanceResult(seq: number, analysis: LoopAnalysis): DominanceResult {
  const matched = analysis.named.filter((n) => n.loop !== undefined)
  if (matched.length) {
    // Several named loops may match one found loop: it is scored once, under the first name.
    const loops = [...new Set(matched.map((n) => n.loop!))].map((id) => analysis.loop(id)!)
    const dominance = loopDominance(analysis, loops)
    return {
      kind: 'dominance',
      seq,
      basis: 'named',
      scored: loops.length,
      times: dominance.times,
      loops: loops.map((loop, j) => {
        const named = matched.find((n) => n.loop === loop.id)!.named
        return { id: named.id, name: named.name, polarity: loop.polarity, scores: dominance.relative[j]! }
      }),
      intervals: dominance.intervals.map((i) => ({
        ...i,
        loop: matched.find((n) => n.loop === i.loop)?.named.id ?? i.loop,
      })),
    }
  }
  const dominance = loopDominance(analysis)
  const strength = dominance.relative.map((r) => {
    let sum = 0
    for (const x of r) if (Number.isFinite(x)) sum += Math.abs(x)
    return sum
  })
  const order = dominance.loops.map((_, j) => j).sort((a, b) => strength[b]! - strength[a]! || a - b)
  const kept = order.slice(0, STRONGEST).sort((a, b) => a - b)
  return {
    kind: 'dominance',
    seq,
    basis: 'strongest',
    scored: dominance.loops.length,
    times: dominance.times,
    loops: kept.map((j) => ({
      id: dominance.loops[j]!.id,
      polarity: dominance.loops[j]!.polarity,
      scores: dominance.relative[j]!,
    })),
    intervals: dominance.intervals,
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err)
}
