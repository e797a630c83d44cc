/**
 * A calibration's fit, a panel per observed series: the observations as points and the fitted run as a
 * line through every save time, so the misfit between observations shows too.
 */
import { line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { gridLayout } from './chart-grid.js'
import type { GridOptions } from './chart-grid.js'
import { INK, RUN_COLORS } from './palette.js'
import { panelLayout, panelTitle, renderedChart } from './chart-parts.js'
import { el, roundPathData, text } from './svg.js'
import type { ChartLayout, PanelLayout, Point, Rendered } from './types.js'

/** Observed series and the fitted run. */
export interface CalibrationChartData {
  /** Save times of the fitted run. */
  readonly times: ArrayLike<number>
  readonly series: readonly {
    /** The series' name in the data. */
    readonly name: string
    /** The model variable it was fitted with, when named otherwise. */
    readonly variable?: string
    readonly units?: string
    /** The observations (`SeriesFit`'s `times` and `observed`). */
    readonly observedTimes: ArrayLike<number>
    readonly observed: ArrayLike<number>
    /** The fitted run's values of the variable at `times`. */
    readonly fitted: ArrayLike<number>
  }[]
  readonly timeUnits?: string
}

const OBSERVED_COLOR = INK
const FIT_COLOR = RUN_COLORS[1]!

/** Renders `data`: per series, the observations as points over the fitted run's line. */
export function renderCalibration(data: CalibrationChartData, options: GridOptions = {}): Rendered<ChartLayout> {
  const entries = [
    { label: 'observed', color: OBSERVED_COLOR, key: 'observed' },
    { label: 'fitted run', color: FIT_COLOR, key: 'fitted' },
  ]
  const grid = gridLayout(data.series.length, entries, options)
  const timeLabel = `time${data.timeUnits ? ` (${data.timeUnits})` : ''} \u2192`
  const panels: PanelLayout[] = []
  const body: string[] = []
  data.series.forEach((s, k) => {
    const frame = grid.frames[k]!
    const xDomain = paddedDomain(finiteExtent([data.times, s.observedTimes]))
    const x = linear(xDomain, [frame.x, frame.x + frame.width], false)
    const y = linear(paddedDomain(finiteExtent([s.observed, s.fitted])), [frame.y + frame.height, frame.y])
    panels.push(panelLayout(s.name, frame, xDomain, y.domain(), { units: s.units }))
    const n = Math.min(data.times.length, s.fitted.length)
    const fit = line<number>()
      .defined((i) => Number.isFinite(data.times[i]!) && Number.isFinite(s.fitted[i]!))
      .x((i) => x(data.times[i]!))
      .y((i) => y(s.fitted[i]!))(Array.from({ length: n }, (_, i) => i))
    const points = Array.from({ length: Math.min(s.observedTimes.length, s.observed.length) }, (_, i) => i)
      .filter((i) => Number.isFinite(s.observedTimes[i]!) && Number.isFinite(s.observed[i]!))
      .map((i) =>
        observation(x(s.observedTimes[i]!), y(s.observed[i]!), {
          class: 'observation',
          'data-time': String(s.observedTimes[i]!),
          'data-value': String(s.observed[i]!),
        }),
      )
    const title = s.variable !== undefined && s.variable !== s.name ? `${s.name} (${s.variable})` : s.name
    body.push(
      el('g', { class: 'panel', 'data-variable': s.name }, [
        panelTitle(frame.x - grid.left + 4, frame.y - 24, title),
        renderAxisLeft(y, frame, s.units ? `\u2191 ${s.units}` : undefined),
        renderAxisBottom(x, frame, timeLabel),
        el('path', {
          class: 'fit',
          d: roundPathData(fit),
          fill: 'none',
          stroke: FIT_COLOR,
          'stroke-width': 1.8,
          'stroke-linejoin': 'round',
        }),
        ...points,
      ]),
    )
  })
  // The observations' swatch is a point like theirs, the fit's a line.
  const [observedAt, fittedAt] = grid.legendAt as [Point, Point]
  body.unshift(
    el('g', { class: 'legend' }, [
      el('g', { class: 'legend-entry', 'data-series': 'observed' }, [
        observation(observedAt.x + 8, observedAt.y),
        text({ x: observedAt.x + 22, y: observedAt.y + 4, 'font-size': 11, fill: INK }, entries[0]!.label),
      ]),
      el('g', { class: 'legend-entry', 'data-series': 'fitted' }, [
        el('path', { d: `M${fittedAt.x},${fittedAt.y}h16`, stroke: FIT_COLOR, 'stroke-width': 2.5 }),
        text({ x: fittedAt.x + 22, y: fittedAt.y + 4, 'font-size': 11, fill: INK }, entries[1]!.label),
      ]),
    ]),
  )
  return renderedChart({ ...grid, className: 'stockflow-calibration', title: options.title }, body, panels, entries)
}

/** An observation's mark (and its legend swatch): an open circle, with the `data` attributes first. */
function observation(cx: number, cy: number, data: Readonly<Record<string, string>> = {}): string {
  return el('circle', { ...data, cx, cy, r: 3, fill: 'none', stroke: OBSERVED_COLOR, 'stroke-width': 1.3 })
}
