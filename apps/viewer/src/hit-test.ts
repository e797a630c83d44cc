/** What is under the pointer in a laid-out diagram or chart. Pure, so it tests without a browser. */
import type { LoopMarkerLayout, Point } from '@stockflow/diagram'

/** The node whose box holds a point, if any (diagram units). */
export function nodeAt<
  N extends { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
>(nodes: readonly N[], p: Point): N | undefined {
  return nodes.find((n) => Math.abs(p.x - n.x) <= n.width / 2 && Math.abs(p.y - n.y) <= n.height / 2)
}

/** The loop marker under a point, if any (a little slack around its circle). */
export function markerAt(markers: readonly LoopMarkerLayout[], p: Point): LoopMarkerLayout | undefined {
  return markers.find((m) => Math.hypot(p.x - m.x, p.y - m.y) <= m.r + 2)
}

/** The index of the time nearest to t (times increasing). */
export function nearest(times: ArrayLike<number>, t: number): number {
  let lo = 0
  let hi = times.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (times[mid]! <= t) lo = mid
    else hi = mid
  }
  return Math.abs(times[hi]! - t) < Math.abs(times[lo]! - t) ? hi : lo
}
