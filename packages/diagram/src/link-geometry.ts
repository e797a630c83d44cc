/** Geometry of causal links in a layered layout: ports on node sides, S-curves in the gaps, signs, delay marks. */
import type { Box } from './geometry.js'
import { add, alongPolyline, dist, leftNormal, sampleSmooth, scale, sub, unit } from './geometry.js'
import type { Point } from './types.js'

/** Gap between a link's start and its source box, and between its arrow tip and the target box. */
export const START_GAP = 3
export const TIP_GAP = 4
/** Spacing of link ends sharing one side of a node (about an arrowhead's width). */
export const PORT_STEP = 7

/** Layered direction: `LR` ranks run left to right (links leave and enter nodes sideways), `TB` top to bottom. */
export type Direction = 'LR' | 'TB'

/** The rank axis (`main`) and the axis across it (`cross`) of a direction. */
export function axes(direction: Direction): { main: 'x' | 'y'; cross: 'x' | 'y' } {
  return direction === 'LR' ? { main: 'x', cross: 'y' } : { main: 'y', cross: 'x' }
}

function point(main: 'x' | 'y', m: number, c: number): Point {
  return main === 'x' ? { x: m, y: c } : { x: c, y: m }
}

/** The side of `box` a link uses to reach `toward`: +1 (right/bottom) or -1 (left/top) along the rank axis. */
export function sideToward(box: Box, toward: Point, direction: Direction): 1 | -1 {
  const { main } = axes(direction)
  return toward[main] >= box[main] ? 1 : -1
}

/**
 * Offsets across the rank axis for `n` link ends sharing one side of a node, centred and `PORT_STEP`
 * apart, squeezed so they span at most the side's length plus 10.
 */
export function portOffsets(n: number, sideLength: number): number[] {
  if (n <= 1) return n === 1 ? [0] : []
  const step = Math.min(PORT_STEP, (sideLength + 10) / (n - 1))
  return Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * step)
}

/**
 * The corners of a link from box `a` to box `b` in a layered layout. `route` holds the layout's interior
 * corners (gap midpoints and the dummy positions of a long link). The link leaves `a` on the side facing
 * its route at cross offset `offA`, turns within the first gap, follows the route, turns within the last
 * gap and reaches `b` on the side facing it at offset `offB`, so it never cuts across a rank's nodes.
 */
export function layeredRoute(
  a: Box,
  b: Box,
  route: readonly Point[],
  direction: Direction,
  offA = 0,
  offB = 0,
): Point[] {
  const { main, cross } = axes(direction)
  const half = (box: Box) => (main === 'x' ? box.width : box.height) / 2
  const first = route[0] ?? b
  const last = route[route.length - 1] ?? a
  const sa = sideToward(a, first, direction)
  const sb = sideToward(b, last, direction)
  const start = point(main, a[main] + sa * (half(a) + START_GAP), a[cross] + offA)
  const tip = point(main, b[main] + sb * (half(b) + TIP_GAP), b[cross] + offB)
  if (route.length <= 1) {
    // Neighbouring ranks: an S-curve turning halfway between the two sides.
    const m = route.length === 1 ? route[0]![main] : (start[main] + tip[main]) / 2
    return [start, point(main, m, start[cross]), point(main, m, tip[cross]), tip]
  }
  return [start, point(main, first[main], start[cross]), ...route, point(main, last[main], tip[cross]), tip]
}

/** How far a link between neighbouring ranks bows to the left of its direction: a share of its length, capped. */
export const BEND = 0.16
export const MAX_BEND = 30

/** A gently bowed link from `start` to `tip` (the classic CLD arc): one control point left of the chord's middle. */
export function bowedRoute(start: Point, tip: Point): Point[] {
  const chord = sub(tip, start)
  const bow = Math.min(MAX_BEND, BEND * Math.hypot(chord.x, chord.y))
  return [start, add(add(start, scale(chord, 0.5)), scale(leftNormal(unit(chord)), bow)), tip]
}

/** Whether the smooth curve through `points` keeps `clearance` away from every box. */
export function curveClearOf(points: readonly Point[], boxes: Iterable<Box>, clearance = 3): boolean {
  const samples = sampleSmooth(points, 12)
  for (const b of boxes) {
    const hw = b.width / 2 + clearance
    const hh = b.height / 2 + clearance
    if (samples.some((p) => Math.abs(p.x - b.x) < hw && Math.abs(p.y - b.y) < hh)) return false
  }
  return true
}

/** A link from a box to itself: a loop over its top (LR) or around its right side (TB). */
export function selfLoopRoute(box: Box, direction: Direction = 'LR'): Point[] {
  if (direction === 'TB') {
    const right = box.x + box.width / 2
    const h = Math.max(6, box.height / 3)
    return [
      { x: right + START_GAP, y: box.y - h },
      { x: right + 34, y: box.y - h * 1.8 },
      { x: right + 34, y: box.y + h * 1.8 },
      { x: right + TIP_GAP, y: box.y + h },
    ]
  }
  const top = box.y - box.height / 2
  const w = Math.max(16, box.width / 4)
  return [
    { x: box.x - w, y: top - START_GAP },
    { x: box.x - w * 1.6, y: top - 34 },
    { x: box.x + w * 1.6, y: top - 34 },
    { x: box.x + w, y: top - TIP_GAP },
  ]
}

/** The direction the smooth curve through `points` has at its tip (from the last corner to the tip). */
export function tipDirection(points: readonly Point[]): Point {
  const n = points.length
  return unit(sub(points[n - 1]!, points[n - 2]!))
}

/** Where a link's `+`/`-` goes: back from the tip past the arrowhead, to the left of the direction. */
export function signLabelPoint(points: readonly Point[], back = 16, aside = 7): Point {
  const tip = points[points.length - 1]!
  const d = tipDirection(points)
  return add(sub(tip, scale(d, back)), scale(leftNormal(d), aside))
}

/** The delay mark: two short strokes across the curve at its middle, `gap` apart along it. */
export function delayMark(points: readonly Point[], size = 7, gap = 4): [Point, Point][] {
  const { point: p, direction } = alongPolyline(sampleSmooth(points), 0.5)
  const n = scale(leftNormal(direction), size)
  return [-gap / 2, gap / 2].map((o): [Point, Point] => {
    const c = add(p, scale(direction, o))
    return [add(c, n), sub(c, n)]
  })
}

/** Length of the straight line from first to last point. */
export function chordLength(points: readonly Point[]): number {
  return dist(points[0]!, points[points.length - 1]!)
}
