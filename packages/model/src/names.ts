import { canonicalId } from './id.js'

/** The known name closest to `name` (for "did you mean"), or undefined when nothing is close. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const target = canonicalId(name)
  let best: string | undefined
  let bestScore = Infinity
  for (const c of candidates) {
    const d = editDistance(target, canonicalId(c))
    if (d < bestScore) {
      bestScore = d
      best = c
    }
  }
  return best !== undefined && bestScore < target.length && bestScore <= Math.max(2, Math.floor(target.length / 3))
    ? best
    : undefined
}

/** `; did you mean "X"?` for the known name closest to `name`, or nothing when none is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closestName(name, candidates)
  return close === undefined ? '' : `; did you mean "${close}"?`
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]!
}
