/**
 * XMILE draws a connector as the circular arc that leaves its source at `angle` (degrees,
 * counterclockwise from 3 o'clock, y up) and reaches its target; a view link bends through a point.
 * These convert between the two on screen coordinates (y down).
 */

type P = readonly [number, number]

/** Below this many degrees off the straight line an arc is drawn straight. */
const STRAIGHT_DEGREES = 0.5

const cross = (a: P, b: P) => a[0] * b[1] - a[1] * b[0]
const minus = (a: P, b: P): [number, number] => [a[0] - b[0], a[1] - b[1]]
const degrees = (d: P) => ((((Math.atan2(-d[1], d[0]) * 180) / Math.PI) % 360) + 360) % 360

/** The angle a connector leaves `from` at to pass through `via` on its way to `to` (straight without `via`). */
export function takeoffAngle(from: P, to: P, via?: P): number {
  const chord = minus(to, from)
  if (!via || Math.abs(cross(minus(via, from), chord)) < 1e-9 * (1 + Math.hypot(...chord) ** 2)) return degrees(chord)
  // The circle through the three points; the tangent at `from` turns the way the path turns.
  const [ax, ay] = from
  const [bx, by] = via
  const [cx, cy] = to
  const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
  const a2 = ax * ax + ay * ay
  const b2 = bx * bx + by * by
  const c2 = cx * cx + cy * cy
  const centre: P = [
    (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d,
    (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d,
  ]
  const r = minus(from, centre)
  const turn = Math.sign(cross(minus(via, from), minus(to, via)))
  const t: P = [-r[1], r[0]]
  const inward = Math.sign(cross(t, minus(centre, from)))
  return degrees(inward === turn ? t : [-t[0], -t[1]])
}

/** The point halfway along the arc leaving `from` at `angle` for `to`; undefined when it is (nearly) straight. */
export function arcMidpoint(from: P, to: P, angle: number): [number, number] | undefined {
  const chord = minus(to, from)
  const length = Math.hypot(...chord)
  if (length === 0) return undefined
  const off = Math.abs(((angle - degrees(chord) + 540) % 360) - 180)
  if (off < STRAIGHT_DEGREES) return undefined
  const a = (angle * Math.PI) / 180
  const d: P = [Math.cos(a), -Math.sin(a)]
  const n: P = [-d[1], d[0]]
  const along = n[0] * chord[0] + n[1] * chord[1]
  if (Math.abs(along) < 1e-9 * length) return undefined
  const radius = (length * length) / (2 * along)
  const centre: P = [from[0] + radius * n[0], from[1] + radius * n[1]]
  const mid: P = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]
  let u = minus(mid, centre)
  const ul = Math.hypot(...u)
  // A half circle: the chord's midpoint is the centre, the arc's midpoint lies across the chord.
  u = ul < 1e-9 * length ? [-chord[1] / length, chord[0] / length] : [u[0] / ul, u[1] / ul]
  const R = Math.abs(radius)
  const side = Math.sign(cross(chord, d))
  const m1: [number, number] = [centre[0] + R * u[0], centre[1] + R * u[1]]
  const m2: [number, number] = [centre[0] - R * u[0], centre[1] - R * u[1]]
  return Math.sign(cross(chord, minus(m1, from))) === side ? m1 : m2
}
