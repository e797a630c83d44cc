import { describe, expect, it } from 'vitest'
import { countCrossings, segmentsCross } from '../src/crossings.js'
import {
  alongPolyline,
  arrowHead,
  boxBoundaryPoint,
  centroid,
  circleBoundaryPoint,
  circleOverlapsBox,
  dist,
  sampleSmooth,
  smoothPathData,
  smoothSegments,
} from '../src/geometry.js'
import {
  START_GAP,
  TIP_GAP,
  delayMark,
  layeredRoute,
  portOffsets,
  selfLoopRoute,
  signLabelPoint,
  tipDirection,
} from '../src/link-geometry.js'
import { markerArc } from '../src/loop-marker.js'
import { MARKER_CLEARANCE, MARKER_R, placeMarker, turnsClockwise } from '../src/marker-placement.js'
import { alignPipes } from '../src/pipe-alignment.js'
import { VALVE_R, cloudPath, connectorCurve, shapeBoundary, valveShape } from '../src/stock-flow-geometry.js'
import { escapeXml, num, roundPathData } from '../src/svg.js'
import { textWidth, wrapLabel } from '../src/text.js'

const box = { x: 100, y: 50, width: 60, height: 20 }

/** Whether p lies on the boundary of `box` grown by `pad`. */
function onBoxBoundary(p: { x: number; y: number }, b: typeof box, pad: number): boolean {
  const hw = b.width / 2 + pad
  const hh = b.height / 2 + pad
  const dx = Math.abs(p.x - b.x)
  const dy = Math.abs(p.y - b.y)
  const close = (a: number, c: number) => Math.abs(a - c) < 1e-9
  return (close(dx, hw) && dy <= hh + 1e-9) || (close(dy, hh) && dx <= hw + 1e-9)
}

describe('boundaries', () => {
  it('puts the exit point of a box on the side the ray crosses', () => {
    expect(boxBoundaryPoint(box, { x: 200, y: 50 })).toEqual({ x: 130, y: 50 })
    expect(boxBoundaryPoint(box, { x: 100, y: 0 })).toEqual({ x: 100, y: 40 })
    // A steep diagonal leaves through the bottom, a shallow one through the side.
    expect(boxBoundaryPoint(box, { x: 110, y: 150 })).toEqual({ x: 101, y: 60 })
    expect(boxBoundaryPoint(box, { x: 0, y: 60 })).toEqual({ x: 70, y: 53 })
    expect(boxBoundaryPoint(box, { x: 300, y: 250 }, 5)).toEqual({ x: 115, y: 65 })
    expect(boxBoundaryPoint(box, { x: 100, y: 50 })).toEqual({ x: 100, y: 50 })
  })

  it('puts the exit point of a circle at its radius', () => {
    const p = circleBoundaryPoint({ x: 0, y: 0 }, 10, { x: 30, y: 40 })
    expect(p.x).toBeCloseTo(6)
    expect(p.y).toBeCloseTo(8)
    expect(shapeBoundary({ kind: 'circle', c: { x: 0, y: 0 }, r: 5 }, { x: 0, y: -9 }, 1)).toEqual({ x: 0, y: -6 })
  })

  it('tells circles overlapping boxes', () => {
    expect(circleOverlapsBox({ x: 100, y: 65 }, 10, box)).toBe(true)
    expect(circleOverlapsBox({ x: 100, y: 71 }, 10, box)).toBe(false)
    expect(circleOverlapsBox({ x: 138, y: 68 }, 10, box)).toBe(false)
  })
})

describe('causal links', () => {
  const a = { x: 0, y: 0, width: 80, height: 30 }
  const b = { x: 300, y: 100, width: 60, height: 20 }
  const linkRoute = (p: typeof a, q: typeof a, route: { x: number; y: number }[]) => layeredRoute(p, q, route, 'LR')

  it('starts on the source boundary and ends with the tip on the target boundary', () => {
    for (const route of [
      [],
      [{ x: 150, y: -40 }],
      [
        { x: 150, y: -40 },
        { x: 200, y: -40 },
        { x: 250, y: -40 },
      ],
    ]) {
      const pts = linkRoute(a, b, route)
      expect(onBoxBoundary(pts[0]!, a, START_GAP)).toBe(true)
      expect(onBoxBoundary(pts[pts.length - 1]!, b, TIP_GAP)).toBe(true)
    }
  })

  it('leaves and enters sideways, turning in the gap between ranks', () => {
    expect(linkRoute(a, b, [])).toEqual([
      { x: 43, y: 0 },
      { x: 154.5, y: 0 },
      { x: 154.5, y: 100 },
      { x: 266, y: 100 },
    ])
    // A feedback link to the left leaves from the left side and enters its target's right side.
    const back = linkRoute(b, a, [])
    expect(back[0]).toEqual({ x: 300 - 30 - START_GAP, y: 100 })
    expect(back[back.length - 1]).toEqual({ x: 40 + TIP_GAP, y: 0 })
    // Top to bottom, the same on the other axis.
    const tb = layeredRoute(a, b, [], 'TB')
    expect(tb[0]).toEqual({ x: 0, y: 15 + START_GAP })
    expect(tb[tb.length - 1]).toEqual({ x: 300, y: 100 - 10 - TIP_GAP })
  })

  it('keeps a long link on its route', () => {
    const route = [
      { x: 100, y: -40 },
      { x: 150, y: -40 },
      { x: 200, y: -40 },
    ]
    const pts = layeredRoute(a, b, route, 'LR', 3, -3)
    expect(pts.slice(2, 5)).toEqual(route)
    expect(pts[0]).toEqual({ x: 43, y: 3 })
    expect(pts[1]).toEqual({ x: 100, y: 3 })
    expect(pts[5]).toEqual({ x: 200, y: 97 })
  })

  it('spreads link ends sharing a side', () => {
    expect(portOffsets(1, 17)).toEqual([0])
    expect(portOffsets(3, 17)).toEqual([-7, 0, 7])
    expect(portOffsets(6, 17).map((v) => Math.round(v * 10) / 10)).toEqual([-13.5, -8.1, -2.7, 2.7, 8.1, 13.5])
  })

  it('points the arrowhead along the last leg, tip first', () => {
    const pts = linkRoute(a, b, [])
    const d = tipDirection(pts)
    expect(d).toEqual({ x: 1, y: 0 })
    const [tip, l, r] = arrowHead(pts[3]!, d, 9, 7)
    expect(tip).toEqual(pts[3])
    expect(dist(l, r)).toBeCloseTo(7)
    expect(dist(tip, { x: (l.x + r.x) / 2, y: (l.y + r.y) / 2 })).toBeCloseTo(9)
  })

  it('places the sign beside the arrowhead, on the left of the direction', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ]
    expect(signLabelPoint(pts, 15, 8)).toEqual({ x: 85, y: -8 })
    expect(signLabelPoint(pts)).toEqual({ x: 84, y: -7 })
  })

  it('draws the delay mark as two strokes across the middle of the curve', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ]
    const [s1, s2] = delayMark(pts, 7, 4)
    expect(s1[0].x).toBeCloseTo(48)
    expect(s2[0].x).toBeCloseTo(52)
    expect(Math.abs(s1[0].y - s1[1].y)).toBeCloseTo(14)
    expect(s1[0].x).toBeCloseTo(s1[1].x)
  })

  it('loops a self-link over the top of its box', () => {
    const pts = selfLoopRoute(a)
    expect(pts[0]!.y).toBeLessThan(a.y - a.height / 2)
    expect(pts[pts.length - 1]!.y).toBeLessThan(a.y - a.height / 2)
    expect(pts[0]!.x).toBeLessThan(pts[pts.length - 1]!.x)
  })

  it('builds a smooth path that starts and ends at the route ends', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 50, y: 0 },
      { x: 50, y: 50 },
      { x: 100, y: 50 },
    ]
    const segs = smoothSegments(pts)
    expect(segs[0]!.from).toEqual(pts[0])
    expect(segs[segs.length - 1]!.to).toEqual(pts[3])
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.from).toEqual(segs[i - 1]!.to)
    expect(smoothPathData(pts, num)).toBe('M0,0Q50,0 50,25Q50,50 100,50')
    const sampled = sampleSmooth(pts, 4)
    expect(sampled[sampled.length - 1]).toEqual(pts[3])
    expect(alongPolyline(pts, 0.5).point).toEqual({ x: 50, y: 25 })
  })
})

describe('loop markers', () => {
  it('stays at the centroid when it is free', () => {
    const c = centroid([
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 50, y: 90 },
    ])
    expect(placeMarker(c, { boxes: [], circles: [] })).toEqual({ x: 50, y: 30 })
  })

  it('moves off nodes and earlier markers to the nearest free spot', () => {
    const blocker = { x: 0, y: 0, width: 40, height: 20 }
    const p = placeMarker({ x: 0, y: 0 }, { boxes: [blocker], circles: [] })!
    expect(circleOverlapsBox(p, MARKER_R + MARKER_CLEARANCE, blocker)).toBe(false)
    expect(dist(p, { x: 0, y: 0 })).toBeLessThanOrEqual(MARKER_R + MARKER_CLEARANCE + 10 + 8)
    const q = placeMarker({ x: 200, y: 0 }, { boxes: [], circles: [{ x: 200, y: 0, r: MARKER_R }] })!
    expect(dist(q, { x: 200, y: 0 })).toBeGreaterThanOrEqual(2 * MARKER_R + MARKER_CLEARANCE)
    // Off the links when asked, and nothing when no ring is free.
    const line = Array.from({ length: 21 }, (_, i) => ({ x: -50 + 5 * i, y: 0 }))
    const s = placeMarker({ x: 0, y: 0 }, { boxes: [], circles: [], points: line })!
    expect(Math.abs(s.y)).toBeGreaterThanOrEqual(MARKER_R + MARKER_CLEARANCE)
    expect(
      placeMarker({ x: 0, y: 0 }, { boxes: [{ x: 0, y: 0, width: 500, height: 500 }], circles: [] }, { rings: 3 }),
    ).toBeUndefined()
  })

  it('turns the circular arrow the way the loop runs on screen', () => {
    const square = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ]
    expect(turnsClockwise(square)).toBe(true)
    expect(turnsClockwise([...square].reverse())).toBe(false)
    const cw = markerArc({ x: 0, y: 0, r: 10, clockwise: true })
    expect(cw.d).toMatch(/^M5,-8.66A10,10 0 1 1 -5,-8.66$/)
    // The arrowhead of a clockwise arc ends its travel heading right, along the top.
    expect(cw.head[0].x).toBeGreaterThan(-5)
  })
})

describe('stock-and-flow symbols', () => {
  it('draws a valve as a bow tie across the pipe with the stem above', () => {
    const v = valveShape({ x: 0, y: 0 }, { x: 1, y: 0 })
    expect(v.left[0]).toEqual({ x: 0, y: 0 })
    expect(Math.min(...v.left.map((p) => p.x))).toBeCloseTo(-VALVE_R)
    expect(Math.max(...v.right.map((p) => p.x))).toBeCloseTo(VALVE_R)
    expect(v.stem[1].y).toBeLessThan(v.stem[0].y)
    expect(valveShape({ x: 0, y: 0 }, { x: -1, y: 0 }).stem[1].y).toBeLessThan(0)
  })

  it('closes a cloud path', () => {
    expect(cloudPath({ x: 0, y: 0 }, 13, num)).toMatch(/^M-10.14,0(A5.46,5.46 0 0 1 [-\d.]+,[-\d.]+){6}Z$/)
  })

  it('ends connectors on the boundaries of their shapes', () => {
    const from = { kind: 'box' as const, box }
    const to = { kind: 'circle' as const, c: { x: 300, y: 50 }, r: 9 }
    const c = connectorCurve(from, to)
    expect(onBoxBoundary(c.start, box, 2)).toBe(true)
    expect(dist(c.end, to.c)).toBeCloseTo(12)
    expect(c.control.y).toBeLessThan(50)
  })

  it('puts each pipe chain on one row and moves what it then covers', () => {
    const items = [
      { key: 's', x: 0, y: 0, width: 60, height: 40 },
      { key: 'v', x: 100, y: 30, width: 20, height: 20 },
      { key: 't', x: 200, y: 10, width: 60, height: 40 },
      { key: 'a', x: 100, y: 5, width: 20, height: 20 },
    ]
    const y = alignPipes(items, [
      ['s', 'v'],
      ['v', 't'],
    ])
    expect([y.get('s'), y.get('v'), y.get('t')]).toEqual([0, 0, 0])
    expect(Math.abs(y.get('a')!)).toBeGreaterThanOrEqual(20 + 6)
  })
})

describe('crossings', () => {
  it('counts proper crossings between different polylines only', () => {
    expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 10, y: 0 })).toBe(true)
    expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 0 }, { x: 20, y: 5 })).toBe(false)
    const x = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
    ]
    const y = [
      { x: 0, y: 10 },
      { x: 10, y: 0 },
    ]
    expect(countCrossings([x, y])).toBe(1)
    expect(countCrossings([x, x.slice().reverse()])).toBe(0)
  })
})

describe('text and numbers', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;')
  })

  it('rounds to 2 decimals without -0', () => {
    expect(num(1.005)).toBe('1')
    expect(num(2.345678)).toBe('2.35')
    expect(num(-0.001)).toBe('0')
    expect(roundPathData('M1.23456,-7.891L1e-7,3')).toBe('M1.23,-7.89L0,3')
  })

  it('wraps labels at spaces, wide characters anywhere', () => {
    expect(wrapLabel('Provinces Prioritising Sector', 12, 80)).toEqual(['Provinces', 'Prioritising', 'Sector'])
    expect(wrapLabel('Price', 12, 80)).toEqual(['Price'])
    expect(wrapLabel('地方政府债务规模', 12, 50)).toEqual(['地方政府', '债务规模'])
    expect(textWidth('地方', 12)).toBe(24)
  })
})
