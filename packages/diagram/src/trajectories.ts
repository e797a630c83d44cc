/** Trajectories: small multiples, one panel per variable, every run overlaid, with a legend. */
import { canonicalId } from '@stockflow/model'
import { line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { legendRows, renderLegend } from './legend.js'
import { INK, RUN_COLORS } from './palette.js'
import { el, round2, roundPathData, svgDocument, text } from './svg.js'
import type { ChartLayout, PanelLayout, Rendered, SeriesSet, TrajectoryData, TrajectoryOptions } from './types.js'

/** Default sizes of the chart. */
export const TRAJECTORY_DEFAULTS = { width: 960, panelHeight: 220, maxColumns: 3 } as const

const PAD = { left: 58, right: 16, top: 40, bottom: 40 }
const MARGIN = 12

/** A run's series for a variable: by exact name, else by canonical id (names and ids alike). */
export function seriesFor(series: SeriesSet, name: string): ArrayLike<number> | undefined {
  const id = canonicalId(name)
  if (Array.isArray(series)) {
    const list = series as Extract<SeriesSet, readonly unknown[]>
    const hit = list.find((s) => s.name === name) ?? list.find((s) => (s.id ?? canonicalId(s.name)) === id)
    return hit?.values
  }
  const record = series as Readonly<Record<string, ArrayLike<number>>>
  if (Object.hasOwn(record, name)) return record[name]
  for (const [k, v] of Object.entries(record)) if (canonicalId(k) === id) return v
  return undefined
}

/** Renders small multiples of `data.variables` over `data.times`, one line per run. */
export function renderTrajectories(data: TrajectoryData, options: TrajectoryOptions = {}): Rendered<ChartLayout> {
  const width = options.width ?? TRAJECTORY_DEFAULTS.width
  const n = data.variables.length
  const columns = Math.max(1, Math.min(options.columns ?? TRAJECTORY_DEFAULTS.maxColumns, Math.max(1, n)))
  const panelHeight = options.panelHeight ?? TRAJECTORY_DEFAULTS.panelHeight
  const legend = data.runs.map((r, i) => ({ label: r.label, color: RUN_COLORS[i % RUN_COLORS.length]!, key: r.label }))
  let top = MARGIN + (options.title ? 28 : 0)
  const legendAt = legendRows(legend, MARGIN + 4, top + 8, width - 2 * MARGIN)
  if (legend.length > 0) top = Math.max(...legendAt.map((p) => p.y)) + 14
  const cellWidth = (width - 2 * MARGIN) / columns
  const rows = Math.ceil(n / columns)
  const height = top + rows * panelHeight + MARGIN

  const times = data.times
  const xDomain = paddedDomain(finiteExtent([times]))
  const timeLabel = `time${data.timeUnits ? ` (${data.timeUnits})` : ''} \u2192`
  const panels: PanelLayout[] = []
  const body: string[] = []
  data.variables.forEach((v, k) => {
    const col = k % columns
    const row = Math.floor(k / columns)
    const frame = {
      x: MARGIN + col * cellWidth + PAD.left,
      y: top + row * panelHeight + PAD.top,
      width: cellWidth - PAD.left - PAD.right,
      height: panelHeight - PAD.top - PAD.bottom,
    }
    const runs = data.runs.map((r) => seriesFor(r.series, v.name))
    const x = linear(xDomain, [frame.x, frame.x + frame.width], false)
    const y = linear(paddedDomain(finiteExtent(runs.filter((s): s is ArrayLike<number> => s !== undefined))), [
      frame.y + frame.height,
      frame.y,
    ])
    const yDomain = y.domain() as [number, number]
    panels.push({
      variable: v.name,
      ...(v.units !== undefined ? { units: v.units } : {}),
      x: round2(frame.x),
      y: round2(frame.y),
      width: round2(frame.width),
      height: round2(frame.height),
      xDomain: [xDomain[0], xDomain[1]],
      yDomain: [yDomain[0], yDomain[1]],
    })
    const index = (s: ArrayLike<number>) => Array.from({ length: Math.min(times.length, s.length) }, (_, i) => i)
    const lines = runs.map((s, j) => {
      if (!s) return ''
      const d = line<number>()
        .defined((i) => Number.isFinite(times[i]!) && Number.isFinite(s[i]!))
        .x((i) => x(times[i]!))
        .y((i) => y(s[i]!))(index(s))
      return el('path', {
        class: 'series',
        'data-run': data.runs[j]!.label,
        d: roundPathData(d),
        fill: 'none',
        stroke: legend[j]!.color,
        'stroke-width': 1.8,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      })
    })
    body.push(
      el('g', { class: 'panel', 'data-variable': v.name }, [
        text(
          {
            class: 'panel-title',
            x: frame.x - PAD.left + 4,
            y: frame.y - 24,
            'font-size': 12,
            'font-weight': 'bold',
            fill: INK,
          },
          v.name,
        ),
        renderAxisLeft(y, frame, v.units ? `\u2191 ${v.units}` : undefined),
        renderAxisBottom(x, frame, timeLabel),
        ...lines,
      ]),
    )
  })
  if (legend.length > 0) body.unshift(renderLegend(legend, legendAt, 'line', 'data-run'))
  const svg = svgDocument({ width, height, className: 'stockflow-trajectories', title: options.title }, body)
  return {
    svg,
    layout: { width, height: round2(height), panels, legend: legend.map(({ label, color }) => ({ label, color })) },
  }
}
