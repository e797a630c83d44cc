/**
 * One feedback loop drawn alone, as Stella's loop diagrams do: its variables evenly on a circle in
 * causal order (clockwise from the top), each link an arc with its sign and delay mark, the loop's
 * marker and name in the middle, and its relative LTM score over the run in a chart below.
 */
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear } from './chart-scales.js'
import { focusNodeSize, polylinePath, renderFocusLink, renderFocusNode } from './focus-render.js'
import type { FocusLinkLayout, FocusNodeLayout, FocusOptions, LoopCircleData, LoopCircleLayout } from './focus-types.js'
import type { Box } from './geometry.js'
import { bounds } from './geometry.js'
import { selfLoopRoute } from './link-geometry.js'
import { renderLoopMarker } from './loop-marker.js'
import { MARKER_R } from './marker-placement.js'
import { INK, LOOP_COLOR, MUTED } from './palette.js'
import { el, round2, svgDocument, text } from './svg.js'
import { wrapLabel } from './text.js'
import type { Point, Rendered } from './types.js'

const MARGIN = 24
/** Room along the circle between neighbouring labels, for the arc, its arrowhead and its sign. */
const ARC_ROOM = 64
const MIN_RADIUS = 90
const GAP = 5
const CHART_HEIGHT = 130
const CHART_WIDTH = 420

/** Whether `p` lies in `b` grown by `pad`. */
function inside(p: Point, b: Box, pad: number): boolean {
  return Math.abs(p.x - b.x) <= b.width / 2 + pad && Math.abs(p.y - b.y) <= b.height / 2 + pad
}

/** The arc from node `a` to node `b` along the circle, trimmed to start and end outside both boxes. */
function arc(c: Point, r: number, from: number, to: number, a: Box, b: Box): Point[] {
  const steps = 48
  const all: Point[] = []
  for (let i = 0; i <= steps; i++) {
    const t = from + ((to - from) * i) / steps
    all.push({ x: c.x + r * Math.cos(t), y: c.y + r * Math.sin(t) })
  }
  const first = all.findIndex((p) => !inside(p, a, GAP))
  let last = all.length - 1
  while (last > 0 && inside(all[last]!, b, GAP)) last--
  const kept = first >= 0 && last > first + 1 ? all.slice(first, last + 1) : [all[0]!, all[all.length - 1]!]
  return kept
}

/** Lays a loop out on its circle; `top` leaves room for a title. */
export function layoutLoopCircle(data: LoopCircleData, top = 0): LoopCircleLayout {
  const n = data.nodes.length
  const sizes = data.nodes.map((v) => focusNodeSize(v.name, v.kind))
  // The circle's length holds every label's extent plus room for an arc between each two.
  const need = sizes.reduce((s, z) => s + Math.max(z.width, z.height) + ARC_ROOM, 0)
  const radius = Math.max(MIN_RADIUS, need / (2 * Math.PI))
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n)
  const c0 = { x: 0, y: 0 }
  const boxes: FocusNodeLayout[] = data.nodes.map((v, i) => ({
    id: v.id,
    name: v.name,
    kind: v.kind,
    x: radius * Math.cos(angle(i)),
    y: radius * Math.sin(angle(i)),
    width: sizes[i]!.width,
    height: sizes[i]!.height,
    depth: i,
    repeated: false,
  }))
  const linkOf = (a: string, b: string) => data.links.find((l) => l.from === a && l.to === b)
  const raw = boxes.map((a, i) => {
    const b = boxes[(i + 1) % n]!
    const l = linkOf(a.id, b.id)
    const points = n === 1 ? selfLoopRoute(a) : arc(c0, radius, angle(i), angle(i + 1), a, b)
    return { from: a.id, to: b.id, polarity: l?.polarity, delayed: l?.delayed === true, points }
  })
  const extent = bounds([
    ...boxes.flatMap((b) => [
      { x: b.x - b.width / 2 - 12, y: b.y - b.height / 2 - 12 },
      { x: b.x + b.width / 2 + 12, y: b.y + b.height / 2 + 12 },
    ]),
    ...raw.flatMap((l) => l.points),
    { x: -radius - 20, y: -radius - 20 },
    { x: radius + 20, y: radius + 20 },
  ])
  const chartBox = data.scores !== undefined
  const circleWidth = extent.maxX - extent.minX
  const width = Math.max(circleWidth, chartBox ? CHART_WIDTH + 70 : 0) + 2 * MARGIN
  const dx = width / 2 - (extent.minX + extent.maxX) / 2
  const dy = MARGIN + top - extent.minY
  const at = (p: Point): Point => ({ x: round2(p.x + dx), y: round2(p.y + dy) })
  const nodes = boxes.map((b) => ({ ...b, ...at(b) }))
  const links: FocusLinkLayout[] = raw.map((l) => ({
    from: l.from,
    to: l.to,
    ...(l.polarity ? { polarity: l.polarity } : {}),
    delayed: l.delayed,
    points: l.points.map(at),
  }))
  const circleBottom = extent.maxY + dy
  const chart = chartBox
    ? {
        x: round2((width - CHART_WIDTH) / 2 + 20),
        y: round2(circleBottom + 40),
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
      }
    : undefined
  const height = (chart ? chart.y + chart.height + 40 : circleBottom) + MARGIN
  return { width: round2(width), height: round2(height), center: at(c0), radius: round2(radius), nodes, links, chart }
}

/** The score chart: the relative loop score over time, zero marked, the loop's colour. */
function scoreChart(data: LoopCircleData, f: NonNullable<LoopCircleLayout['chart']>): string {
  const { times, values } = data.scores!
  const color = LOOP_COLOR[data.polarity]
  const tExtent = finiteExtent([times]) ?? [0, 1]
  const x = linear(tExtent[0] === tExtent[1] ? [tExtent[0], tExtent[0] + 1] : tExtent, [f.x, f.x + f.width], false)
  const vExtent = finiteExtent([values]) ?? [0, 0]
  const y = linear([Math.min(0, vExtent[0]), Math.max(0, vExtent[1], 0.01)], [f.y + f.height, f.y])
  // A line broken where the score is undefined (NaN): one subpath per defined run.
  const runs: Point[][] = []
  let run: Point[] = []
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    const v = values[i]!
    if (Number.isFinite(v)) run.push({ x: x(times[i]!), y: y(v) })
    else if (run.length) {
      runs.push(run)
      run = []
    }
  }
  if (run.length) runs.push(run)
  const d = runs.map((r) => polylinePath(r.length === 1 ? [r[0]!, r[0]!] : r)).join('')
  const units = data.timeUnits ? `time (${data.timeUnits}) \u2192` : 'time \u2192'
  return el('g', { class: 'loop-score' }, [
    renderAxisLeft(y, f, '\u2191 relative loop score (LTM)', 4),
    renderAxisBottom(x, f, units),
    el('path', { d: `M${f.x},${y(0)}H${f.x + f.width}`, stroke: MUTED, 'stroke-width': 1, 'stroke-dasharray': '3 3' }),
    d ? el('path', { class: 'score', d, fill: 'none', stroke: color, 'stroke-width': 2 }) : '',
  ])
}

/**
 * Renders one loop alone: its variables on a circle, its links with their signs and delay marks, its
 * marker and name at the centre, and (given scores) its relative LTM score over the run below.
 */
export function renderLoopCircle(data: LoopCircleData, options: FocusOptions = {}): Rendered<LoopCircleLayout> {
  const layout = layoutLoopCircle(data, options.title ? 28 : 0)
  const color = LOOP_COLOR[data.polarity]
  const { center } = layout
  const marker = renderLoopMarker({
    id: data.id,
    name: data.name,
    polarity: data.polarity,
    x: center.x,
    y: center.y - (data.name ? 12 : 0),
    r: MARKER_R,
    clockwise: true,
    nodes: layout.nodes.map((n) => n.id),
    links: layout.links.map((l) => `${l.from}->${l.to}`),
    highlighted: false,
  })
  const nameLines = data.name ? wrapLabel(data.name, 12, Math.max(80, layout.radius * 1.2)) : []
  const caption = [...nameLines, data.polarity].map((line, i) =>
    text(
      {
        class: i < nameLines.length ? 'loop-name' : 'loop-polarity',
        x: center.x,
        y: center.y + MARKER_R + 4 + 15 * i,
        'text-anchor': 'middle',
        'font-size': i < nameLines.length ? 12 : 11,
        fill: i < nameLines.length ? INK : color,
      },
      line,
    ),
  )
  const body = [
    el(
      'g',
      { class: 'links' },
      layout.links.map((l) => renderFocusLink(l, color)),
    ),
    el(
      'g',
      { class: 'nodes' },
      layout.nodes.map((n) => renderFocusNode(n)),
    ),
    el('g', { class: 'loop-centre' }, [marker, ...caption]),
    layout.chart ? scoreChart(data, layout.chart) : '',
  ]
  const svg = svgDocument(
    {
      width: layout.width,
      height: layout.height,
      outerWidth: options.width,
      outerHeight: options.height,
      className: 'stockflow-loop',
      title: options.title,
    },
    body,
  )
  return { svg, layout }
}
