import type { CausalLink } from './causal-graph.js'
import { linkScores } from './link-scores.js'
import type { Loop, LoopAnalysis } from './analysis.js'
import { adjacency } from './causal-graph.js'
import { stronglyConnected } from './scc.js'
import { traceModel } from './trace.js'

/** A stretch of save times over which one loop has the largest relative loop score in its partition. */
export interface DominantInterval {
  /** The cycle partition (strongly connected part of the causal graph) the loops belong to. */
  readonly partition: number
  /** First and last save time of the stretch. */
  readonly start: number
  readonly end: number
  readonly loop: string
  readonly polarity: Loop['polarity']
  /** Mean relative loop score of that loop over the stretch (negative for balancing loops). */
  readonly share: number
}

/** Loops That Matter over a run: loop scores, relative loop scores and the dominant loop per interval. */
export interface Dominance {
  /** The save times of the analysis's run. */
  readonly times: Float64Array
  readonly loops: readonly Loop[]
  /** Loop score (product of its link scores) of `loops[j]` at each save time: `scores[j][i]`. */
  readonly scores: readonly Float64Array[]
  /** Loop score over the sum of |loop scores| in the loop's partition, in [-1, 1]; NaN where undefined. */
  readonly relative: readonly Float64Array[]
  /** The partition of each loop. */
  readonly partitions: Int32Array
  /** Consecutive save times with the same dominant loop, per partition, in time order. */
  readonly intervals: readonly DominantInterval[]
  /** Each loop's mean relative score over save times in [from, to), largest magnitude first. */
  between(from: number, to: number): { readonly loop: Loop; readonly mean: number }[]
}

/**
 * Loop dominance by Loops That Matter (Schoenberg, Davidsen & Eberlein, SDR 2020): the model is run
 * again at every dt (same method, clock, scenario and settings as the analysis), link scores are taken
 * over each step (see `linkScores`), a loop's score is the product of its link scores, and its relative
 * score is that over the sum of |scores| of the loops in its partition. Reported at the analysis's save
 * times (the step ending at each). Only the analysis's loops are scored: when the model has more loops
 * than were listed, relative scores are shares of the listed loops (README). An arrayed model at the
 * variable level: a variable loop's score is the sum of the scores of the element loops it stands for.
 */
export function loopDominance(analysis: LoopAnalysis, loops: readonly Loop[] = analysis.loops): Dominance {
  if (analysis.elements) return aggregatedDominance(analysis, analysis.elements, loops)
  const { model, graph, equations } = analysis
  const coarse = analysis.trace ?? traceModel(model, equations, analysis.options)
  const meta = coarse.run.meta
  const fine = traceModel(model, equations, {
    method: meta.method,
    start: meta.start,
    stop: meta.stop,
    dt: meta.dt,
    saveper: meta.dt,
    seed: meta.seed,
    ...(meta.scenario !== undefined ? { scenario: meta.scenario } : {}),
    set: meta.set,
  })
  const every = Math.round(meta.saveper / meta.dt)
  const times = coarse.times
  const rows = Array.from(times, (_, i) => i * every)

  const loopLinks = loops.map((l) => l.links.map((k) => graph.link(k.from, k.to)!))
  const needed = [...new Set(loopLinks.flat())]
  const scored = linkScores(model, graph, equations, fine, needed)
  const scores = loopLinks.map((links) => loopScore(links, scored, rows))
  return dominanceOf(analysis, loops, scores, times)
}

/**
 * An arrayed model at the variable level: each variable loop's score is the sum of the loop scores of
 * the element loops it stands for (`Loop.elementLoops`); relative scores and dominance as for any
 * loop, among the variable loops of a partition of the variable graph (README).
 */
function aggregatedDominance(analysis: LoopAnalysis, elements: LoopAnalysis, loops: readonly Loop[]): Dominance {
  const members = [...new Set(loops.flatMap((l) => l.elementLoops ?? []))].map((id) => elements.loop(id)!)
  const scored = loopDominance(elements, members)
  const index = new Map(members.map((l, j) => [l.id, j]))
  const times = scored.times
  const scores = loops.map((l) => {
    const sum = new Float64Array(times.length)
    sum[0] = NaN // no change before the first step, as for any loop
    for (const id of l.elementLoops ?? []) {
      const s = scored.scores[index.get(id)!]!
      for (let i = 0; i < times.length; i++) sum[i] = sum[i]! + s[i]!
    }
    return sum
  })
  return dominanceOf(analysis, loops, scores, times)
}

/** Relative scores, partitions and dominant intervals of loops with these scores. */
function dominanceOf(
  analysis: LoopAnalysis,
  loops: readonly Loop[],
  scores: readonly Float64Array[],
  times: Float64Array,
): Dominance {
  const { graph } = analysis
  const comp = stronglyConnected(adjacency(graph))
  const partitions = Int32Array.from(loops, (l) => comp[graph.indexOf(l.variables[0]!)]!)
  const relative = scores.map(() => new Float64Array(times.length))
  for (let i = 0; i < times.length; i++) {
    const total = new Map<number, number>()
    const infinite = new Map<number, number>()
    scores.forEach((s, j) => {
      const p = partitions[j]!
      const x = Math.abs(s[i]!)
      if (x === Infinity) infinite.set(p, (infinite.get(p) ?? 0) + 1)
      total.set(p, (total.get(p) ?? 0) + x)
    })
    scores.forEach((s, j) => {
      const p = partitions[j]!
      const sum = total.get(p)!
      const x = s[i]!
      // At an inflection the scores of the loops acting there grow without bound; they share the change.
      relative[j]![i] = infinite.has(p)
        ? Math.abs(x) === Infinity
          ? Math.sign(x) / infinite.get(p)!
          : 0
        : Number.isNaN(sum)
          ? NaN
          : sum === 0
            ? 0
            : x / sum
    })
  }
  const intervals = dominantIntervals(loops, relative, partitions, times)
  return {
    times,
    loops,
    scores,
    relative,
    partitions,
    intervals,
    between(from, to) {
      return loops
        .map((loop, j) => {
          let sum = 0
          let count = 0
          for (let i = 0; i < times.length; i++) {
            const r = relative[j]![i]!
            if (times[i]! < from || times[i]! >= to || Number.isNaN(r)) continue
            sum += r
            count++
          }
          return { loop, mean: count ? sum / count : 0 }
        })
        .sort((a, b) => Math.abs(b.mean) - Math.abs(a.mean) || (a.loop.id < b.loop.id ? -1 : 1))
    },
  }
}

/** The product of a loop's link scores at the given rows. */
function loopScore(
  links: readonly CausalLink[],
  scored: ReadonlyMap<CausalLink, Float64Array>,
  rows: readonly number[],
) {
  return Float64Array.from(rows, (k) => {
    let p = 1
    for (const l of links) p *= scored.get(l)![k]!
    return p
  })
}

function dominantIntervals(
  loops: readonly Loop[],
  relative: readonly Float64Array[],
  partitions: Int32Array,
  times: Float64Array,
): DominantInterval[] {
  const out: DominantInterval[] = []
  for (const p of [...new Set(partitions)].sort((a, b) => a - b)) {
    const members = loops.flatMap((_, j) => (partitions[j] === p ? [j] : []))
    let current: { j: number; start: number; end: number; sum: number; count: number } | undefined
    const close = () => {
      if (!current) return
      const loop = loops[current.j]!
      out.push({
        partition: p,
        start: current.start,
        end: current.end,
        loop: loop.id,
        polarity: loop.polarity,
        share: current.sum / current.count,
      })
    }
    for (let i = 0; i < times.length; i++) {
      let best = -1
      let size = 0
      for (const j of members) {
        const r = Math.abs(relative[j]![i]!)
        if (r > size) {
          size = r
          best = j
        }
      }
      if (best < 0) continue // no loop active (or the scores are undefined) at this time
      if (current && current.j === best) {
        current.end = times[i]!
        current.sum += relative[best]![i]!
        current.count++
        continue
      }
      close()
      current = { j: best, start: times[i]!, end: times[i]!, sum: relative[best]![i]!, count: 1 }
    }
    close()
  }
  return out
}
