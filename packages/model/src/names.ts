import { canonicalId } from './id.js'

/**
 * Did-you-mean for names, in one place: every "no such name" message (validation, flattening, the
 * command line's --set, --vary, --vars, --output) asks here. Names compare by canonical id (case,
 * spaces and underscores ignored) with an edit distance that counts a swap of two letters as one.
 */

/**
 * The known names closest to `name`, at most `count`: the closest, then others exactly as close (a tie
 * is when a second name helps: `Pop[est]` for east and west). None when nothing is close, that is
 * when more than a third of the name (at least 2 edits) would have to change.
 */
export function closestNames(name: string, candidates: readonly string[], count = 2): string[] {
  const target = canonicalId(name)
  const limit = Math.min(target.length - 1, Math.max(2, Math.floor(target.length / 3)))
  let best = limit
  let found: { name: string; id: string }[] = []
  for (const c of candidates) {
    const id = canonicalId(c)
    // Measured only as far as the best so far: a 100k-element array is searched in one pass.
    const d = editDistance(target, id, best)
    if (d > best) continue
    if (d < best || found.length === 0) {
      best = d
      found = [{ name: c, id }]
    } else if (found.length < count && !found.some((f) => f.id === id)) found.push({ name: c, id })
  }
  return found.map((f) => f.name)
}

/** The known name closest to `name` (for "did you mean"), or undefined when nothing is close. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  return closestNames(name, candidates, 1)[0]
}

/** `; did you mean "X"?` (or `"X" or "Y"?` for a tie) for the known names closest to `name`, or nothing. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  return suggestion(closestNames(name, candidates))
}

/** `; did you mean "X"?` or `; did you mean "X" or "Y"?` for names already chosen; nothing for none. */
export function suggestion(names: readonly string[]): string {
  return names.length === 0 ? '' : `; did you mean ${names.map((n) => `"${n}"`).join(' or ')}?`
}

/** Three rows of the distance table, reused: allocating them per comparison was most of the time. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]

/**
 * Edit distance with adjacent transpositions (optimal string alignment); anything above `limit` is
 * reported as limit + 1, and lengths further apart than the limit are not compared at all.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Int32Array(2 * b.length + 2))
  let before = rows[0]!
  let prev = rows[1]!
  let cur = rows[2]!
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1)
    const swap = i > 1 ? a.charCodeAt(i - 2) : -1
    cur[0] = i
    let low = i
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1)
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1))
      if (j > 1 && ai === b.charCodeAt(j - 2) && swap === bj) d = Math.min(d, before[j - 2]! + 1)
      cur[j] = d
      if (d < low) low = d
    }
    // Every later row is at least this row's smallest entry: stop once it passes the limit.
    if (low > limit) return limit + 1
    const spare = before
    before = prev
    prev = cur
    cur = spare
  }
  return prev[b.length]!
}
