/** How good a stock-and-flow layout is: overlapping node boxes, aspect, crossings (tests and the bench). */
import type { Box } from './geometry.js'
import { countCrossings } from './crossings.js'
import { AUX_R, PARAM_R, SF_FONT_SIZE, SF_LABEL_WIDTH, SF_LINE_HEIGHT, VALVE_R } from './stock-flow-geometry.js'
import { TEXT_SLACK } from './sf-footprint.js'
import { stockLabel } from './stock.js'
import { textWidth, wrapLabel } from './text.js'
import type { PipeLayout, Point, StockFlowLayout, StockFlowNodeLayout } from './types.js'

/** What `stockFlowMetrics` reports. */
export interface StockFlowMetrics {
  /** Pairs of node boxes (symbol and label as a browser may draw it, pipes left out) that overlap. */
  readonly overlaps: number
  /** The drawing's width over its height. */
  readonly aspect: number
  /** Crossings between pipes and connectors (connectors as 4-segment polylines along their curves). */
  readonly crossings: number
}

/**
 * Box (centre and size) of lines of label text whose first baseline is at `baseline`, centred on `x`, as
 * wide as a browser's sans-serif may draw it (the estimate times `TEXT_SLACK`).
 */
function textBox(lines: readonly string[], x: number, baseline: number): Box {
  const width = Math.max(0, ...lines.map((l) => textWidth(l, SF_FONT_SIZE))) * TEXT_SLACK
  const top = baseline - 0.8 * SF_FONT_SIZE
  const bottom = baseline + (lines.length - 1) * SF_LINE_HEIGHT + 0.25 * SF_FONT_SIZE
  return { x, y: (top + bottom) / 2, width, height: bottom - top }
}

function union(a: Box, b: Box): Box {
  const minX = Math.min(a.x - a.width / 2, b.x - b.width / 2)
  const maxX = Math.max(a.x + a.width / 2, b.x + b.width / 2)
  const minY = Math.min(a.y - a.height / 2, b.y - b.height / 2)
  const maxY = Math.max(a.y + a.height / 2, b.y + b.height / 2)
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2, width: maxX - minX, height: maxY - minY }
}

/**
 * The box a node is drawn in, as the renderers draw it, labels a fifth wider than estimated: a stock's
 * box (and its label when that sits below), a valve with its stem and label, a circle with its label.
 * No pipes.
 */
export function drawnBox(n: StockFlowNodeLayout, pipe?: PipeLayout): Box {
  if (n.kind === 'stock' || n.alias) {
    const { lines, inside } = stockLabel(n)
    return inside || n.alias ? n : union(n, textBox(lines, n.x, n.y + n.height / 2 + 13))
  }
  const lines = wrapLabel(n.name, SF_FONT_SIZE, SF_LABEL_WIDTH)
  if (n.kind === 'flow') {
    const at = pipe?.valve ?? n
    const d = pipe ? valveRun(pipe) : { x: 1, y: 0 }
    // The bow tie along the pipe, 0.8 r across it, and the stem 1.5 r up (or right, on a vertical pipe).
    const across = 0.8 * VALVE_R
    const horizontal = Math.abs(d.x) >= Math.abs(d.y)
    const symbol: Box = horizontal
      ? { x: at.x, y: at.y - (1.5 * VALVE_R - across) / 2, width: 2 * VALVE_R, height: 1.5 * VALVE_R + across }
      : { x: at.x + (1.5 * VALVE_R - across) / 2, y: at.y, width: 1.5 * VALVE_R + across, height: 2 * VALVE_R }
    return union(symbol, textBox(lines, at.x, at.y + VALVE_R + 14))
  }
  const r = n.kind === 'aux' ? AUX_R : PARAM_R
  return union({ x: n.x, y: n.y, width: 2 * r, height: 2 * r }, textBox(lines, n.x, n.y + r + 12))
}

/** The direction of the pipe segment the valve sits on. */
function valveRun(pipe: PipeLayout): Point {
  const pts = pipe.points
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!
    const b = pts[i]!
    const on = (p: Point) => p.x === pipe.valve.x && p.y === pipe.valve.y
    if (on(a) || on(b)) return { x: b.x - a.x, y: b.y - a.y }
  }
  return { x: pts[pts.length - 1]!.x - pts[0]!.x, y: pts[pts.length - 1]!.y - pts[0]!.y }
}

/** Pairs of boxes that overlap by more than `tolerance` both ways, swept along x. */
export function overlappingBoxes(boxes: readonly Box[], tolerance = 0): [number, number][] {
  const order = boxes.map((_, i) => i).sort((a, b) => left(boxes[a]!) - left(boxes[b]!))
  const pairs: [number, number][] = []
  for (let i = 0; i < order.length; i++) {
    const a = boxes[order[i]!]!
    for (let j = i + 1; j < order.length; j++) {
      const b = boxes[order[j]!]!
      if (left(b) >= a.x + a.width / 2 - tolerance) break
      const dx = Math.min(a.x + a.width / 2, b.x + b.width / 2) - Math.max(left(a), left(b))
      const dy = Math.min(a.y + a.height / 2, b.y + b.height / 2) - Math.max(a.y - a.height / 2, b.y - b.height / 2)
      if (dx > tolerance && dy > tolerance) pairs.push([order[i]!, order[j]!].sort((p, q) => p - q) as [number, number])
    }
  }
  return pairs
}

const left = (b: Box) => b.x - b.width / 2

/** A quadratic Bézier as a polyline of `n` segments. */
function bezier(a: Point, c: Point, b: Point, n = 4): Point[] {
  const pts: Point[] = []
  for (let i = 0; i <= n; i++) {
    const t = i / n
    const u = 1 - t
    pts.push({ x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y })
  }
  return pts
}

/** Overlapping node boxes, aspect and crossings of a stock-and-flow layout. */
export function stockFlowMetrics(l: StockFlowLayout): StockFlowMetrics {
  const pipes = new Map(l.pipes.map((p) => [p.flow, p]))
  const boxes = l.nodes.map((n) => drawnBox(n, n.kind === 'flow' && !n.alias ? pipes.get(n.id) : undefined))
  const lines = [...l.pipes.map((p) => p.points), ...l.connectors.map((c) => bezier(c.start, c.control, c.end))]
  return {
    overlaps: overlappingBoxes(boxes).length,
    aspect: l.height > 0 ? l.width / l.height : 0,
    crossings: countCrossings(lines),
  }
}
