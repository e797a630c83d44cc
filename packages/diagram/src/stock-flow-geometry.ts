/** Pure geometry of stock-and-flow symbols: valves, clouds, connector curves, pipe ends. */
import type { Box } from './geometry.js'
import { add, boxBoundaryPoint, circleBoundaryPoint, dist, leftNormal, mid, scale, sub, unit } from './geometry.js'
import type { Point } from './types.js'

/** Radius of an auxiliary's circle, of a parameter's, of the valve's reach and a cloud's half width. */
export const AUX_R = 9
export const PARAM_R = 7
export const VALVE_R = 9
export const CLOUD_R = 13

/** Label font size, line height and wrap width in stock-and-flow diagrams. */
export const SF_FONT_SIZE = 11
export const SF_LINE_HEIGHT = 13
export const SF_LABEL_WIDTH = 96

/** XMILE's default stock size (Stella draws 45 × 35 when a view gives none). */
export const VIEW_STOCK_WIDTH = 45
export const VIEW_STOCK_HEIGHT = 35

/** The boundary a connector or pipe stops at: a box (stocks) or a circle (valves, auxiliaries, clouds). */
export type Shape =
  { readonly kind: 'box'; readonly box: Box } | { readonly kind: 'circle'; readonly c: Point; readonly r: number }

/** Where the ray from a shape's centre toward `toward` leaves it, `pad` further out. */
export function shapeBoundary(shape: Shape, toward: Point, pad = 0): Point {
  return shape.kind === 'box'
    ? boxBoundaryPoint(shape.box, toward, pad)
    : circleBoundaryPoint(shape.c, shape.r + pad, toward)
}

/** The centre of a shape. */
export function shapeCentre(shape: Shape): Point {
  return shape.kind === 'box' ? { x: shape.box.x, y: shape.box.y } : shape.c
}

/**
 * A connector from one shape to another: a quadratic Bézier bowing to the left of its direction by
 * `bow` of its length, leaving and reaching the shapes' boundaries facing its control point.
 */
export function connectorCurve(a: Shape, b: Shape, bow = 0.18): { start: Point; control: Point; end: Point } {
  const ca = shapeCentre(a)
  const cb = shapeCentre(b)
  const d = sub(cb, ca)
  const control = add(mid(ca, cb), scale(leftNormal(unit(d)), bow * Math.hypot(d.x, d.y)))
  return { start: shapeBoundary(a, control, 2), control, end: shapeBoundary(b, control, 3) }
}

/**
 * A connector the author bent through `via` (Vensim's arc handle): the quadratic Bézier through `via`
 * halfway, or straight without one; it leaves and reaches the shapes facing its control point.
 */
export function connectorThrough(a: Shape, b: Shape, via?: Point): { start: Point; control: Point; end: Point } {
  const m = mid(shapeCentre(a), shapeCentre(b))
  const control = via ? sub(scale(via, 2), m) : m
  return { start: shapeBoundary(a, control, 2), control, end: shapeBoundary(b, control, 3) }
}

/**
 * The valve on a pipe at `c`, for a pipe running along `direction`: two triangles meeting at the centre
 * (a bow tie across the pipe) and the stem and handle above it.
 */
export function valveShape(c: Point, direction: Point): { left: Point[]; right: Point[]; stem: [Point, Point] } {
  const d = unit(direction)
  const n = leftNormal(d)
  const r = VALVE_R
  const left = [c, add(sub(c, scale(d, r)), scale(n, r * 0.8)), sub(sub(c, scale(d, r)), scale(n, r * 0.8))]
  const right = [c, add(add(c, scale(d, r)), scale(n, r * 0.8)), sub(add(c, scale(d, r)), scale(n, r * 0.8))]
  // The stem points up on screen whichever way the pipe runs.
  const up = n.y <= 0 ? n : scale(n, -1)
  return { left, right, stem: [add(c, scale(up, r * 0.8)), add(c, scale(up, r * 1.5))] }
}

/** Path data of a cloud centred on `c` with half width `r`: five bumps around a flattened ellipse. */
export function cloudPath(c: Point, r = CLOUD_R, fmt: (n: number) => string = String): string {
  const bumps = 6
  const rx = r * 0.78
  const ry = r * 0.5
  const pts: Point[] = []
  for (let i = 0; i < bumps; i++) {
    const a = Math.PI - (2 * Math.PI * i) / bumps
    pts.push({ x: c.x + rx * Math.cos(a), y: c.y - ry * Math.sin(a) })
  }
  const br = r * 0.42
  let d = `M${fmt(pts[0]!.x)},${fmt(pts[0]!.y)}`
  for (let i = 1; i <= bumps; i++) {
    const p = pts[i % bumps]!
    d += `A${fmt(br)},${fmt(br)} 0 0 1 ${fmt(p.x)},${fmt(p.y)}`
  }
  return d + 'Z'
}

/** Where a pipe between two shapes starts and ends, passing through the valve. */
export function pipeThrough(from: Shape, valve: Point, to: Shape): Point[] {
  const start = shapeBoundary(from, valve)
  const end = shapeBoundary(to, valve)
  return dist(start, end) === 0 ? [start, end] : [start, valve, end]
}
