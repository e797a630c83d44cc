/** Where loop markers go: each loop's centroid, moved to the nearest free spot if something is there. */
import type { Box } from './geometry.js'
import { centroid, circleOverlapsBox, dist, signedArea2 } from './geometry.js'
import type { Point } from './types.js'

/** Marker radius and the clearance kept around it. */
export const MARKER_R = 14
export const MARKER_CLEARANCE = 4

/**
 * The first spot, from `candidate` outward on rings `step` apart (16 angles each, starting to the
 * right and turning clockwise), where a circle of radius `r` clears every box and earlier marker by
 * `clearance` and stays `clearance` away from every point in `points` (samples of the links).
 * Undefined when nothing within `rings` rings is free.
 */
export function placeMarker(
  candidate: Point,
  obstacles: {
    boxes: readonly Box[]
    circles: readonly { x: number; y: number; r: number }[]
    points?: readonly Point[]
  },
  o: { r?: number; clearance?: number; step?: number; rings?: number } = {},
): Point | undefined {
  const r = o.r ?? MARKER_R
  const clearance = o.clearance ?? MARKER_CLEARANCE
  const step = o.step ?? 8
  const rings = o.rings ?? 40
  const points = obstacles.points ?? []
  const free = (p: Point) =>
    obstacles.boxes.every((b) => !circleOverlapsBox(p, r + clearance, b)) &&
    obstacles.circles.every((c) => dist(p, c) >= r + c.r + clearance) &&
    points.every((q) => dist(p, q) >= r + clearance)
  if (free(candidate)) return candidate
  for (let k = 1; k <= rings; k++) {
    const count = 16
    for (let i = 0; i < count; i++) {
      const a = (2 * Math.PI * i) / count
      const p = { x: candidate.x + k * step * Math.cos(a), y: candidate.y + k * step * Math.sin(a) }
      if (free(p)) return p
    }
  }
  return undefined
}

/** A loop's marker centre before placement: the centroid of its nodes. */
export function loopCentre(nodes: readonly Point[]): Point {
  return centroid(nodes)
}

/** Whether a loop through these points (in causal order) turns clockwise on screen. */
export function turnsClockwise(nodes: readonly Point[]): boolean {
  return signedArea2(nodes) >= 0
}
