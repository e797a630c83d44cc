/** Loop dominance over time: relative loop scores, reinforcing loops above zero and balancing below. */
import { area, line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { renderLegend } from './legend.js'
import { BALANCING_COLORS, INK, MUTED, REINFORCING_COLORS } from './palette.js'
import { el, round2, roundPathData, svgDocument, text } from './svg.js'
import type { ChartLayout, DominanceData, DominanceOptions, Rendered } from './types.js'

/** Default sizes of the chart. */
export const DOMINANCE_DEFAULTS = { width: 960, height: 360, legendWidth: 230 } as const

const HALO = { stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' }
const PAD = { left: 58, right: 16, top: 30, bottom: 40 }
const MARGIN = 12
const LEGEND_LINE = 18

/** A loop's colour: warm shades for reinforcing loops, cool for balancing, in their order of appearance. */
export function loopColors(loops: DominanceData['loops']): string[] {
  let r = 0
  let b = 0
  return loops.map(
    (l) =>
      l.color ??
      (l.polarity === 'reinforcing'
        ? REINFORCING_COLORS[r++ % REINFORCING_COLORS.length]!
        : BALANCING_COLORS[b++ % BALANCING_COLORS.length]!),
  )
}

/**
 * Bands of the stacked view: reinforcing loops stacked upward from zero by |score|, balancing loops
 * downward, in the given order; NaN counts as 0. `lower[j][i]`, `upper[j][i]` bound loop j at time i.
 */
export function stackScores(data: DominanceData): { lower: Float64Array[]; upper: Float64Array[] } {
  const n = data.times.length
  const up = new Float64Array(n)
  const down = new Float64Array(n)
  const lower: Float64Array[] = []
  const upper: Float64Array[] = []
  for (const l of data.loops) {
    const lo = new Float64Array(n)
    const hi = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = Math.abs(l.scores[i] ?? NaN)
      const m = Number.isFinite(v) ? v : 0
      if (l.polarity === 'reinforcing') {
        lo[i] = up[i]!
        up[i] = up[i]! + m
        hi[i] = up[i]!
      } else {
        hi[i] = down[i]!
        down[i] = down[i]! - m
        lo[i] = down[i]!
      }
    }
    lower.push(lo)
    upper.push(hi)
  }
  return { lower, upper }
}

/** Renders loop scores over time as stacked areas (default) or lines, with a legend of loops. */
export function renderDominance(data: DominanceData, options: DominanceOptions = {}): Rendered<ChartLayout> {
  const width = options.width ?? DOMINANCE_DEFAULTS.width
  const mode = options.mode ?? 'area'
  const top = MARGIN + (options.title ? 28 : 0)
  // Tall enough for a legend line per loop beside the plot.
  const legendHeight = top + PAD.top + 6 + data.loops.length * LEGEND_LINE + MARGIN
  const height = Math.max(options.height ?? DOMINANCE_DEFAULTS.height, legendHeight)
  const frame = {
    x: MARGIN + PAD.left,
    y: top + PAD.top,
    width: width - 2 * MARGIN - PAD.left - PAD.right - DOMINANCE_DEFAULTS.legendWidth,
    height: height - top - PAD.top - PAD.bottom - MARGIN,
  }
  const colors = loopColors(data.loops)
  const times = data.times
  const index = Array.from({ length: times.length }, (_, i) => i)
  const signed = data.loops.map((l) =>
    Float64Array.from(
      { length: times.length },
      (_, i) => (l.polarity === 'reinforcing' ? 1 : -1) * Math.abs(l.scores[i] ?? NaN),
    ),
  )
  const stacked = stackScores(data)
  const extent = finiteExtent(mode === 'area' ? [...stacked.lower, ...stacked.upper, [0]] : [...signed, [0]])
  const x = linear(paddedDomain(finiteExtent([times])), [frame.x, frame.x + frame.width], false)
  const y = linear(paddedDomain(extent), [frame.y + frame.height, frame.y])
  const okTime = (i: number) => Number.isFinite(times[i]!)

  const marks = data.loops.map((l, j) => {
    const common = { class: 'loop-score', 'data-loop': l.id, 'data-polarity': l.polarity }
    if (mode === 'area') {
      const d = area<number>()
        .defined(okTime)
        .x((i) => x(times[i]!))
        .y0((i) => y(stacked.lower[j]![i]!))
        .y1((i) => y(stacked.upper[j]![i]!))(index)
      return el('path', {
        ...common,
        d: roundPathData(d),
        fill: colors[j],
        'fill-opacity': 0.8,
        stroke: '#fff',
        'stroke-width': 0.5,
      })
    }
    const s = signed[j]!
    const d = line<number>()
      .defined((i) => okTime(i) && Number.isFinite(s[i]!))
      .x((i) => x(times[i]!))
      .y((i) => y(s[i]!))(index)
    return el('path', { ...common, d: roundPathData(d), fill: 'none', stroke: colors[j], 'stroke-width': 1.8 })
  })
  const zero = y(0)
  const legendX = frame.x + frame.width + 24
  const entries = data.loops.map((l, j) => {
    const full = l.label ?? (l.name ? `${l.id} ${l.name}` : l.id)
    const label = truncate(full, 34)
    return { label, color: colors[j]!, key: l.id, ...(label !== full ? { title: full } : {}) }
  })
  const body = [
    renderAxisLeft(y, frame, '\u2191 relative loop score'),
    renderAxisBottom(x, frame, `time${data.timeUnits ? ` (${data.timeUnits})` : ''} \u2192`),
    el('g', { class: 'marks' }, marks),
    el('path', {
      class: 'zero',
      d: `M${frame.x},${round2(zero)}H${frame.x + frame.width}`,
      stroke: INK,
      'stroke-width': 1,
    }),
    text({ x: frame.x + 6, y: frame.y + 12, 'font-size': 10, fill: MUTED, ...HALO }, 'reinforcing \u2191'),
    text({ x: frame.x + 6, y: frame.y + frame.height - 6, 'font-size': 10, fill: MUTED, ...HALO }, 'balancing \u2193'),
    renderLegend(
      entries,
      entries.map((_, i) => ({ x: legendX, y: frame.y + 6 + i * LEGEND_LINE })),
      mode === 'area' ? 'square' : 'line',
      'data-loop',
    ),
  ]
  const svg = svgDocument({ width, height, className: 'stockflow-dominance', title: options.title }, body)
  const yDomain = y.domain() as [number, number]
  const xDomain = x.domain() as [number, number]
  return {
    svg,
    layout: {
      width,
      height,
      panels: [
        {
          variable: 'relative loop score',
          x: round2(frame.x),
          y: round2(frame.y),
          width: round2(frame.width),
          height: round2(frame.height),
          xDomain: [xDomain[0], xDomain[1]],
          yDomain: [yDomain[0], yDomain[1]],
        },
      ],
      legend: entries.map(({ label, color }) => ({ label, color })),
    },
  }
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}\u2026`
}
