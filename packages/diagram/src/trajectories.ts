/**
 * Trajectories: small multiples, one panel per variable, every run overlaid, with a legend; optional
 * percentile bands (a Monte Carlo's) shaded behind the runs.
 */
import { canonicalId } from '@stockflow/model'
import { area, line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { GRID_DEFAULTS, legendBand, MARGIN, PANEL_PAD } from './chart-grid.js'
import { panelLayout, panelTitle, renderedChart } from './chart-parts.js'
import { legendRows, renderLegend } from './legend.js'
import { RUN_COLORS } from './palette.js'
import { el, roundPathData } from './svg.js'
import type {
  ChartLayout,
  PanelLayout,
  PercentileBands,
  Rendered,
  SeriesSet,
  TrajectoryData,
  TrajectoryOptions,
} from './types.js'

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

/** Colours of an arrayed variable's elements (runs after the first are dashed in their panel). */
export const ELEMENT_COLORS = [
  '#1b9e77',
  '#d95f02',
  '#7570b3',
  '#e7298a',
  '#66a61e',
  '#e6ab02',
  '#a6761d',
  '#1f78b4',
  '#b15928',
  '#6a3d9a',
  '#666666',
  '#33a02c',
] as const

/** Dash of each run's lines in an arrayed variable's panel, where colour tells the elements apart. */
const RUN_DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'] as const

const ELEMENT_LEGEND_LINE = 18

/** Past the palette's last colour a run's colour repeats one: a dash, a new one each round, tells them apart. */
function paletteDash(run: number): string {
  return RUN_DASHES[Math.floor(run / RUN_COLORS.length) % RUN_DASHES.length]!
}

/**
 * Renders small multiples of `data.variables` over `data.times`, one line per run (and per element); runs
 * past the palette's ten colours without one of their own are dashed too.
 */
export function renderTrajectories(data: TrajectoryData, options: TrajectoryOptions = {}): Rendered<ChartLayout> {
  const width = options.width ?? GRID_DEFAULTS.width
  const n = data.variables.length
  const columns = Math.max(1, Math.min(options.columns ?? GRID_DEFAULTS.maxColumns, Math.max(1, n)))
  const panelHeight = options.panelHeight ?? GRID_DEFAULTS.panelHeight
  const arrayed = data.variables.some((v) => v.elements?.length)
  const legend = data.runs.map((r, i) => {
    const color = r.color ?? RUN_COLORS[i % RUN_COLORS.length]!
    const dash = arrayed ? (i > 0 ? RUN_DASHES[i % RUN_DASHES.length]! : '') : r.color ? '' : paletteDash(i)
    return { label: r.label, color, key: r.label, ...(dash ? { dash } : {}) }
  })
  const bands = data.bands
  const bandColor = bands?.color ?? RUN_COLORS[0]!
  const bandEntry = bands && {
    label: `${bands.label}: median, 25\u201375%, 5\u201395%`,
    color: bandColor,
    key: bands.label,
  }
  const { legendAt, top } = legendBand(bandEntry ? [...legend, bandEntry] : legend, width, options.title)
  const cellWidth = (width - 2 * MARGIN) / columns
  const rows = Math.ceil(n / columns)
  // An arrayed variable's legend of elements sits under its title: its row of panels is taller by it.
  const elementLegends = data.variables.map((v, k) => {
    const entries = (v.elements ?? []).map((e, j) => ({
      label: e.label,
      color: ELEMENT_COLORS[j % ELEMENT_COLORS.length]!,
      key: e.name,
    }))
    const col = k % columns
    return { entries, at: legendRows(entries, MARGIN + col * cellWidth + 4, 0, cellWidth - 12) }
  })
  const legendLines = elementLegends.map((l) => new Set(l.at.map((p) => p.y)).size)
  const rowTop: number[] = []
  let y0 = top
  for (let r = 0; r < rows; r++) {
    rowTop.push(y0)
    const lines = Math.max(0, ...legendLines.slice(r * columns, (r + 1) * columns))
    y0 += panelHeight + lines * ELEMENT_LEGEND_LINE
  }
  const height = y0 + MARGIN

  const times = data.times
  const xDomain = paddedDomain(finiteExtent([times]))
  const timeLabel = `time${data.timeUnits ? ` (${data.timeUnits})` : ''} \u2192`
  const panels: PanelLayout[] = []
  const body: string[] = []
  data.variables.forEach((v, k) => {
    const col = k % columns
    const row = Math.floor(k / columns)
    const lines = Math.max(0, ...legendLines.slice(row * columns, (row + 1) * columns))
    const extra = lines * ELEMENT_LEGEND_LINE
    const frame = {
      x: MARGIN + col * cellWidth + PANEL_PAD.left,
      y: rowTop[row]! + PANEL_PAD.top + extra,
      width: cellWidth - PANEL_PAD.left - PANEL_PAD.right,
      height: panelHeight - PANEL_PAD.top - PANEL_PAD.bottom,
    }
    // The series drawn: one per run, or per element per run for an arrayed variable.
    const names = v.elements?.length ? v.elements.map((e) => e.name) : [v.name]
    const runs = data.runs.map((r) => names.map((name) => seriesFor(r.series, name)))
    const elementBands = names.map((name) => bands && byName(bands.series, name))
    const hasBands = elementBands.some((b) => b !== undefined)
    const stacked = v.elements?.length && v.stacked && !hasBands ? stackRuns(runs, times.length) : undefined
    const x = linear(xDomain, [frame.x, frame.x + frame.width], false)
    const shown: ArrayLike<number>[] = stacked
      ? [...stacked.flat(), [0]]
      : runs.flat().filter((s): s is ArrayLike<number> => s !== undefined)
    for (const b of elementBands) if (b) shown.push(b.p5, b.p95)
    const y = linear(paddedDomain(finiteExtent(shown)), [frame.y + frame.height, frame.y])
    panels.push(
      panelLayout(v.name, frame, xDomain, y.domain(), {
        units: v.units,
        ...(v.elements?.length ? { elements: names } : {}),
      }),
    )
    const index = (s: ArrayLike<number>) => Array.from({ length: Math.min(times.length, s.length) }, (_, i) => i)
    const arrayedPanel = v.elements?.length ? v.elements : undefined
    const strokeOf = (j: number, e: number) =>
      arrayedPanel ? ELEMENT_COLORS[e % ELEMENT_COLORS.length]! : legend[j]!.color
    const pathOf = (s: ArrayLike<number>) =>
      line<number>()
        .defined((i) => Number.isFinite(times[i]!) && Number.isFinite(s[i]!))
        .x((i) => x(times[i]!))
        .y((i) => y(s[i]!))(index(s))
    const marks: string[] = []
    if (stacked) marks.push(renderStack(stacked[0]!, arrayedPanel!, times, x, y))
    runs.forEach((series, j) =>
      series.forEach((own, e) => {
        // A stacked panel draws the first run as areas, the others as the tops of their stacks.
        if (stacked && j === 0) return
        const s = stacked ? stacked[j]![e]! : own
        if (!s) return
        const dash = arrayedPanel ? RUN_DASHES[j % RUN_DASHES.length]! : (legend[j]!.dash ?? '')
        marks.push(
          el('path', {
            class: 'series',
            'data-run': data.runs[j]!.label,
            ...(arrayedPanel ? { 'data-element': arrayedPanel[e]!.name } : {}),
            d: roundPathData(pathOf(s)),
            fill: 'none',
            stroke: strokeOf(j, e),
            'stroke-width': arrayedPanel ? 1.6 : 1.8,
            ...(dash ? { 'stroke-dasharray': dash } : {}),
            'stroke-linejoin': 'round',
            'stroke-linecap': 'round',
          }),
        )
      }),
    )
    const legendOwn = elementLegends[k]!
    body.push(
      el('g', { class: 'panel', 'data-variable': v.name, ...(stacked ? { 'data-stacked': 'true' } : {}) }, [
        panelTitle(frame.x - PANEL_PAD.left + 4, frame.y - 24 - extra, stacked ? `${v.name} (stacked)` : v.name),
        ...(legendOwn.entries.length
          ? [
              renderLegend(
                legendOwn.entries,
                legendOwn.at.map((p) => ({ x: p.x, y: frame.y - 24 - extra + 16 + p.y })),
                stacked ? 'square' : 'line',
                'data-element',
              ),
            ]
          : []),
        renderAxisLeft(y, frame, v.units ? `\u2191 ${v.units}` : undefined),
        renderAxisBottom(x, frame, timeLabel),
        ...elementBands.flatMap((band, e) =>
          band
            ? [
                renderBands(
                  band,
                  bands!.label,
                  arrayedPanel ? ELEMENT_COLORS[e % ELEMENT_COLORS.length]! : bandColor,
                  band.time ?? times,
                  x,
                  y,
                ),
              ]
            : [],
        ),
        ...marks,
      ]),
    )
  })
  if (bandEntry) body.unshift(renderLegend([bandEntry], legendAt.slice(legend.length), 'square', 'data-bands'))
  if (legend.length > 0) body.unshift(renderLegend(legend, legendAt, 'line', 'data-run'))
  const entries = bandEntry ? [...legend, bandEntry] : legend
  return renderedChart(
    { width, height, className: 'stockflow-trajectories', title: options.title },
    body,
    panels,
    entries,
  )
}

/**
 * Cumulative sums of each run's element series (`[run][element][time]`), or undefined when a value is
 * negative (parts of a whole are stacked; a negative part is not one) or a series is missing.
 */
export function stackRuns(
  runs: readonly (readonly (ArrayLike<number> | undefined)[])[],
  length: number,
): Float64Array[][] | undefined {
  const out: Float64Array[][] = []
  for (const series of runs) {
    const sums: Float64Array[] = []
    const total = new Float64Array(length)
    for (const s of series) {
      if (!s) return undefined
      const cum = new Float64Array(length)
      for (let i = 0; i < length; i++) {
        const v = s[i] ?? NaN
        if (v < 0) return undefined
        total[i] = total[i]! + (Number.isFinite(v) ? v : 0)
        cum[i] = total[i]!
      }
      sums.push(cum)
    }
    out.push(sums)
  }
  return out
}

/** `<g class="stack">`: an area per element between the cumulative sums below and at it. */
function renderStack(
  cums: readonly Float64Array[],
  elements: readonly { readonly name: string }[],
  times: ArrayLike<number>,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  const index = Array.from({ length: times.length }, (_, i) => i)
  const ok = (i: number) => Number.isFinite(times[i]!)
  return el(
    'g',
    { class: 'stack' },
    cums.map((cum, e) => {
      const below = e > 0 ? cums[e - 1]! : undefined
      const color = ELEMENT_COLORS[e % ELEMENT_COLORS.length]!
      const d = area<number>()
        .defined(ok)
        .x((i) => x(times[i]!))
        .y0((i) => y(below ? below[i]! : 0))
        .y1((i) => y(cum[i]!))(index)
      return el('path', {
        class: 'series stacked',
        'data-element': elements[e]!.name,
        d: roundPathData(d),
        fill: color,
        'fill-opacity': 0.55,
        stroke: color,
        'stroke-width': 1,
      })
    }),
  )
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
