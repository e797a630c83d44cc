import type { NamedLoop, VarId } from '@stockflow/model'

/** What the loop analysis found for one of the model's named loops. */
export interface NamedLoopMatch {
  readonly named: NamedLoop
  /** Id of the found loop that matches (the shortest; see `matchNamedLoops`), if any. */
  readonly loop?: string
  /** Whether that loop has exactly the named variables and no others. */
  readonly exact: boolean
  /** How many found loops match (given only when every loop of the model could be listed). */
  readonly candidates?: number
  /** Whether the matched loop has the named polarity. */
  readonly polarityAgrees?: boolean
  /** Named variables the model does not have. */
  readonly unknown: readonly string[]
}

/** The parts of a found loop that matching reads. */
export interface MatchableLoop {
  readonly id: string
  readonly polarity: 'reinforcing' | 'balancing'
  readonly variables: readonly VarId[]
}

/**
 * Whether `loop` passes through `named` in that cyclic order: every named variable is on the loop, and
 * walking the loop once from one of them meets the others in the order given (other variables may
 * come between, since a named loop often leaves out flows and intermediate auxiliaries).
 */
export function containsInCyclicOrder(loop: readonly VarId[], named: readonly VarId[]): boolean {
  if (named.length === 0) return false
  const at = named.map((id) => loop.indexOf(id))
  if (at.some((i) => i < 0)) return false
  if (at.length === 1) return true
  let descents = 0
  for (let j = 0; j < at.length; j++) if (at[(j + 1) % at.length]! <= at[j]!) descents++
  return descents === 1
}

/**
 * Matches the model's named loops to found loops. A found loop matches when it contains the named
 * variables in cyclic order (`containsInCyclicOrder`). Of several, the shortest is taken; among
 * equally short ones, one with the named polarity, then the first in id order.
 */
export function matchNamedLoops(
  named: readonly NamedLoop[],
  loops: readonly MatchableLoop[],
  resolve: (name: string) => VarId | undefined,
): NamedLoopMatch[] {
  return named.map((n) => {
    const ids = n.variables.map(resolve)
    const unknown = n.variables.filter((_, i) => ids[i] === undefined)
    if (unknown.length) return { named: n, exact: false, candidates: 0, unknown }
    const wanted = ids as VarId[]
    const found = loops.filter((l) => containsInCyclicOrder(l.variables, wanted))
    if (found.length === 0) return { named: n, exact: false, candidates: 0, unknown }
    const shortest = Math.min(...found.map((l) => l.variables.length))
    const short = found.filter((l) => l.variables.length === shortest)
    const best = short.find((l) => l.polarity === n.polarity) ?? short[0]!
    return {
      named: n,
      loop: best.id,
      exact: best.variables.length === new Set(wanted).size,
      candidates: found.length,
      polarityAgrees: best.polarity === n.polarity,
      unknown,
    }
  })
}
