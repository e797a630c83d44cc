/** Pure geometry on points in SVG user units (y down): boundaries, curves, arrowheads. */
import type { Point } from './types.js'

/** A point. */
export const pt = (x: number, y: number): Point => ({ x, y })
/** a + b. */
export const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y })
/** a − b. */
export const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y })
/** k·a. */
export const scale = (a: Point, k: number): Point => ({ x: a.x * k, y: a.y * k })
/** Euclidean length. */
export const len = (a: Point): number => Math.hypot(a.x, a.y)
/** Distance between two points. */
export const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y)
/** The midpoint. */
export const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 })

/** The unit vector along `a` (or (1, 0) for a zero vector). */
export function unit(a: Point): Point {
  const l = len(a)
  return l === 0 ? { x: 1, y: 0 } : { x: a.x / l, y: a.y / l }
}

/** `d` turned 90° to the left of its direction of travel, as seen on screen (y down). */
export function leftNormal(d: Point): Point {
  return { x: d.y, y: -d.x }
}

/** An axis-aligned box by its centre and size. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * Where the ray from the centre of `box` toward `toward` leaves the box grown by `pad` on every side.
 * Returns the centre itself when `toward` is the centre.
 */
export function boxBoundaryPoint(box: Box, toward: Point, pad = 0): Point {
  const dx = toward.x - box.x
  const dy = toward.y - box.y
  if (dx === 0 && dy === 0) return { x: box.x, y: box.y }
  const hw = box.width / 2 + pad
  const hh = box.height / 2 + pad
  // The ray hits the vertical sides at |t·dx| = hw, the horizontal ones at |t·dy| = hh; the nearer wins.
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy))
  return { x: box.x + dx * t, y: box.y + dy * t }
}

/** Where the ray from `center` toward `toward` crosses the circle of radius `r`. */
export function circleBoundaryPoint(center: Point, r: number, toward: Point): Point {
  return add(center, scale(unit(sub(toward, center)), r))
}

/** Whether two boxes overlap (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height
}

/** Whether a circle overlaps a box. */
export function circleOverlapsBox(c: Point, r: number, b: Box): boolean {
  const nx = Math.max(b.x - b.width / 2, Math.min(c.x, b.x + b.width / 2))
  const ny = Math.max(b.y - b.height / 2, Math.min(c.y, b.y + b.height / 2))
  return Math.hypot(c.x - nx, c.y - ny) < r
}

/** A point on the quadratic Bézier p0–c–p1 at parameter t. */
export function quadAt(p0: Point, c: Point, p1: Point, t: number): Point {
  const u = 1 - t
  return { x: u * u * p0.x + 2 * u * t * c.x + t * t * p1.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p1.y }
}

/**
 * A smooth path through a polyline's corners: from the first point, quadratic Béziers with the inner
 * points as control points and the midpoints between them as joints, to the last point. It leaves the
 * first point toward the second and reaches the last coming from the one before.
 */
export function smoothSegments(points: readonly Point[]): { from: Point; control: Point; to: Point }[] {
  if (points.length < 2) return []
  if (points.length === 2) return [{ from: points[0]!, control: mid(points[0]!, points[1]!), to: points[1]! }]
  const segs: { from: Point; control: Point; to: Point }[] = []
  let from = points[0]!
  for (let i = 1; i < points.length - 1; i++) {
    const to = i === points.length - 2 ? points[i + 1]! : mid(points[i]!, points[i + 1]!)
    segs.push({ from, control: points[i]!, to })
    from = to
  }
  return segs
}

/** SVG path data of `smoothSegments(points)`, numbers formatted by `fmt`. */
export function smoothPathData(points: readonly Point[], fmt: (n: number) => string): string {
  const segs = smoothSegments(points)
  if (segs.length === 0) return ''
  const p = (q: Point) => `${fmt(q.x)},${fmt(q.y)}`
  if (points.length === 2) return `M${p(points[0]!)}L${p(points[1]!)}`
  return `M${p(segs[0]!.from)}` + segs.map((s) => `Q${p(s.control)} ${p(s.to)}`).join('')
}

/** Samples the smooth path through `points` into a dense polyline (`perSegment` steps per Bézier). */
export function sampleSmooth(points: readonly Point[], perSegment = 16): Point[] {
  const segs = smoothSegments(points)
  if (segs.length === 0) return [...points]
  const out: Point[] = [segs[0]!.from]
  for (const s of segs) for (let i = 1; i <= perSegment; i++) out.push(quadAt(s.from, s.control, s.to, i / perSegment))
  return out
}

/** The point at a fraction of a polyline's length, with the unit direction of travel there. */
export function alongPolyline(points: readonly Point[], fraction: number): { point: Point; direction: Point } {
  const lengths = points.slice(1).map((p, i) => dist(points[i]!, p))
  const total = lengths.reduce((a, b) => a + b, 0)
  let target = Math.max(0, Math.min(1, fraction)) * total
  for (let i = 0; i < lengths.length; i++) {
    const l = lengths[i]!
    if (target <= l || i === lengths.length - 1) {
      const a = points[i]!
      const b = points[i + 1]!
      const t = l === 0 ? 0 : Math.min(1, target / l)
      return { point: add(a, scale(sub(b, a), t)), direction: unit(sub(b, a)) }
    }
    target -= l
  }
  return { point: points[0] ?? { x: 0, y: 0 }, direction: { x: 1, y: 0 } }
}

/** A triangular arrowhead with its tip at `tip`, pointing along `direction`: [tip, left base, right base]. */
export function arrowHead(tip: Point, direction: Point, length = 9, width = 7): [Point, Point, Point] {
  const d = unit(direction)
  const n = leftNormal(d)
  const base = sub(tip, scale(d, length))
  return [tip, add(base, scale(n, width / 2)), sub(base, scale(n, width / 2))]
}

/** The centroid (mean) of points. */
export function centroid(points: readonly Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 }
  let x = 0
  let y = 0
  for (const p of points) {
    x += p.x
    y += p.y
  }
  return { x: x / points.length, y: y / points.length }
}

/** Twice the signed area of a closed polygon; positive when it runs clockwise on screen (y down). */
export function signedArea2(points: readonly Point[]): number {
  let a = 0
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!
    const q = points[(i + 1) % points.length]!
    a += p.x * q.y - q.x * p.y
  }
  return a
}

/** The bounding box of points as min/max corners. */
export function bounds(points: readonly Point[]): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of points) {
    minX = Math.min(minX, p.x)
    minY = Math.min(minY, p.y)
    maxX = Math.max(maxX, p.x)
    maxY = Math.max(maxY, p.y)
  }
  return points.length === 0 ? { minX: 0, minY: 0, maxX: 0, maxY: 0 } : { minX, minY, maxX, maxY }
}
