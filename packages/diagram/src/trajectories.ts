/**
 * Trajectories: small multiples, one panel per variable, every run overlaid, with a legend; optional
 * percentile bands (a Monte Carlo's) shaded behind the runs.
 */
import { canonicalId } from '@stockflow/model'
import { area, line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { legendRows, renderLegend } from './legend.js'
import { INK, RUN_COLORS } from './palette.js'
import { el, round2, roundPathData, svgDocument, text } from './svg.js'
import type {
  ChartLayout,
  PanelLayout,
  PercentileBands,
  Rendered,
  SeriesSet,
  TrajectoryData,
  TrajectoryOptions,
} from './types.js'

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
  return byName(series as Readonly<Record<string, ArrayLike<number>>>, name)
}

/** A record's entry for a variable: by exact name, else by canonical id. */
function byName<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  if (Object.hasOwn(record, name)) return record[name]
  const id = canonicalId(name)
  for (const [k, v] of Object.entries(record)) if (canonicalId(k) === id) return v
  return undefined
}

/** Opacity of the 5–95% band; the 25–75% band is drawn over it at the same opacity, so it shows darker. */
const BAND_OPACITY = 0.16

/** Renders small multiples of `data.variables` over `data.times`, one line per run. */
export function renderTrajectories(data: TrajectoryData, options: TrajectoryOptions = {}): Rendered<ChartLayout> {
  const width = options.width ?? TRAJECTORY_DEFAULTS.width
  const n = data.variables.length
  const columns = Math.max(1, Math.min(options.columns ?? TRAJECTORY_DEFAULTS.maxColumns, Math.max(1, n)))
  const panelHeight = options.panelHeight ?? TRAJECTORY_DEFAULTS.panelHeight
  const legend = data.runs.map((r, i) => ({ label: r.label, color: RUN_COLORS[i % RUN_COLORS.length]!, key: r.label }))
  const bands = data.bands
  const bandColor = bands?.color ?? RUN_COLORS[0]!
  const bandEntry = bands && {
    label: `${bands.label}: median, 25\u201375%, 5\u201395%`,
    color: bandColor,
    key: bands.label,
  }
  let top = MARGIN + (options.title ? 28 : 0)
  const legendAt = legendRows(bandEntry ? [...legend, bandEntry] : legend, MARGIN + 4, top + 8, width - 2 * MARGIN)
  if (legendAt.length > 0) top = Math.max(...legendAt.map((p) => p.y)) + 14
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
    const band = bands && byName(bands.series, v.name)
    const x = linear(xDomain, [frame.x, frame.x + frame.width], false)
    const shown = runs.filter((s): s is ArrayLike<number> => s !== undefined)
    if (band) shown.push(band.p5, band.p95)
    const y = linear(paddedDomain(finiteExtent(shown)), [frame.y + frame.height, frame.y])
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
        ...(band ? [renderBands(band, bands!.label, bandColor, band.time ?? times, x, y)] : []),
        ...lines,
      ]),
    )
  })
  if (bandEntry) body.unshift(renderLegend([bandEntry], legendAt.slice(legend.length), 'square', 'data-bands'))
  if (legend.length > 0) body.unshift(renderLegend(legend, legendAt, 'line', 'data-run'))
  const svg = svgDocument({ width, height, className: 'stockflow-trajectories', title: options.title }, body)
  const entries = bandEntry ? [...legend, bandEntry] : legend
  return {
    svg,
    layout: { width, height: round2(height), panels, legend: entries.map(({ label, color }) => ({ label, color })) },
  }
}

/** `<g class="bands">`: the 5–95% and 25–75% areas, then the median, each marked with `data-percentile`. */
function renderBands(
  band: PercentileBands,
  label: string,
  color: string,
  times: ArrayLike<number>,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  const n = Math.min(times.length, band.p5.length, band.p25.length, band.p50.length, band.p75.length, band.p95.length)
  const index = Array.from({ length: n }, (_, i) => i)
  const all = [band.p5, band.p25, band.p50, band.p75, band.p95]
  // A gap wherever a percentile is missing, so the areas and the median break at the same times.
  const defined = (i: number) => Number.isFinite(times[i]!) && all.every((s) => Number.isFinite(s[i]!))
  const shade = (lo: ArrayLike<number>, hi: ArrayLike<number>) =>
    area<number>()
      .defined(defined)
      .x((i) => x(times[i]!))
      .y0((i) => y(lo[i]!))
      .y1((i) => y(hi[i]!))(index)
  const median = line<number>()
    .defined(defined)
    .x((i) => x(times[i]!))
    .y((i) => y(band.p50[i]!))(index)
  const fill = { fill: color, 'fill-opacity': BAND_OPACITY, stroke: 'none' }
  return el('g', { class: 'bands', 'data-bands': label }, [
    el('path', { class: 'band', 'data-percentile': '5-95', d: roundPathData(shade(band.p5, band.p95)), ...fill }),
    el('path', { class: 'band', 'data-percentile': '25-75', d: roundPathData(shade(band.p25, band.p75)), ...fill }),
    el('path', {
      class: 'band-median',
      'data-percentile': '50',
      d: roundPathData(median),
      fill: 'none',
      stroke: color,
      'stroke-width': 1.2,
      'stroke-dasharray': '4 3',
    }),
  ])
}
