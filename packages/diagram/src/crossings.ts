/** Counting crossings between routed links: the score that picks among candidate layouts. */
import type { Point } from './types.js'

function orient(p: Point, q: Point, r: Point): number {
  return Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x))
}

/** Whether segments ab and cd cross at a point inside both (touching or collinear does not count). */
export function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0
}

/**
 * The number of crossings between different polylines (each pair of crossing segments counts once).
 * Segments are swept left to right, so only those overlapping in x are compared: a large graph's
 * thousands of segments would make every pair millions.
 */
export function countCrossings(lines: readonly (readonly Point[])[]): number {
  const segs: { a: Point; b: Point; line: number; minX: number; maxX: number }[] = []
  lines.forEach((pts, line) => {
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!
      const b = pts[i]!
      segs.push({ a, b, line, minX: Math.min(a.x, b.x), maxX: Math.max(a.x, b.x) })
    }
  })
  segs.sort((s, t) => s.minX - t.minX)
  let n = 0
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!
    for (let j = i + 1; j < segs.length && segs[j]!.minX <= s.maxX; j++) {
      const t = segs[j]!
      if (s.line !== t.line && segmentsCross(s.a, s.b, t.a, t.b)) n++
    }
  }
  return n
}
