/**
 * Global sensitivity, a panel per output: Sobol first-order and total indices as horizontal bars per
 * input with their bootstrap 95% intervals as whiskers; or Morris mu* against sigma, a labelled point
 * per input (far right: influential; high: non-linear or interacting).
 */
import type { ScaleLinear } from 'd3-scale'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import type { Frame } from './axis.js'
import { finiteExtent, linear } from './chart-scales.js'
import { GRID_DEFAULTS, gridLayout, PANEL_PAD } from './chart-grid.js'
import type { GridOptions } from './chart-grid.js'
import { renderLegend } from './legend.js'
import { GRID, INK, RUN_COLORS } from './palette.js'
import { panelLayout, panelTitle, renderedChart } from './chart-parts.js'
import { el, round2, text } from './svg.js'
import { textWidth } from './text.js'
import type { ChartLayout, PanelLayout, Rendered } from './types.js'

/** One input's indices (`@stockflow/experiments`' `Sensitivity` fits as it is). */
export interface SensitivityIndices {
  readonly name: string
  readonly first?: number
  readonly firstConf?: number
  readonly total?: number
  readonly totalConf?: number
  readonly muStar?: number
  readonly sigma?: number
}

/** Indices of each output (a list of `SensitivityResult`s fits as `outputs`). */
export interface SensitivityChartData {
  readonly analysis: 'sobol' | 'morris'
  readonly outputs: readonly {
    readonly output: string
    /** What the output was reduced to: a time, `final`, `max` or `mean`. */
    readonly at?: string | number
    readonly inputs: readonly SensitivityIndices[]
  }[]
}

const FIRST_COLOR = RUN_COLORS[0]!
const TOTAL_COLOR = RUN_COLORS[3]!
/** Height of one input's pair of bars, so many inputs make a taller panel. */
const ROW = 26
const LABEL_FONT = 11

/** Renders `data`: Sobol bars with intervals, or Morris mu* against sigma. */
export function renderSensitivity(data: SensitivityChartData, options: GridOptions = {}): Rendered<ChartLayout> {
  const sobol = data.analysis === 'sobol'
  const entries = sobol
    ? [
        { label: 'first-order index \u00b1 95%', color: FIRST_COLOR, key: 'first' },
        { label: 'total index \u00b1 95%', color: TOTAL_COLOR, key: 'total' },
      ]
    : []
  const most = Math.max(1, ...data.outputs.map((o) => o.inputs.length))
  const names = data.outputs.flatMap((o) => o.inputs.map((i) => i.name))
  const widest = Math.max(0, ...names.map((n) => textWidth(n, LABEL_FONT)))
  const width = options.width ?? GRID_DEFAULTS.width
  const grid = gridLayout(data.outputs.length, entries, {
    ...options,
    panelHeight:
      options.panelHeight ??
      (sobol ? Math.max(GRID_DEFAULTS.panelHeight, PANEL_PAD.top + PANEL_PAD.bottom + ROW * most) : undefined),
    // Sobol's input names sit left of the bars; a long name gets up to a third of its panel.
    left: sobol
      ? Math.max(PANEL_PAD.left, Math.min(widest + 14, width / 3 / Math.min(3, data.outputs.length)))
      : PANEL_PAD.left,
  })
  const panels: PanelLayout[] = []
  const body: string[] = []
  data.outputs.forEach((o, k) => {
    const frame = grid.frames[k]!
    const drawn = sobol ? sobolPanel(o.inputs, frame) : morrisPanel(o.inputs, frame)
    panels.push(panelLayout(o.output, frame, drawn.x.domain(), drawn.y?.domain() ?? [0, o.inputs.length]))
    const title = `${sobol ? 'Sobol indices' : 'Morris effects'} of ${o.output}${o.at !== undefined ? ` (${atText(o.at)})` : ''}`
    body.push(
      el('g', { class: 'panel', 'data-variable': o.output }, [
        panelTitle(frame.x - grid.left + 4, frame.y - 24, title),
        ...drawn.marks,
      ]),
    )
  })
  if (entries.length > 0) body.unshift(renderLegend(entries, grid.legendAt, 'square', 'data-index'))
  return renderedChart({ ...grid, className: 'stockflow-sensitivity', title: options.title }, body, panels, entries)
}

interface Drawn {
  readonly x: ScaleLinear<number, number>
  readonly y?: ScaleLinear<number, number>
  readonly marks: string[]
}

/** Two bars per input (first-order above total), each with its interval, on a shared index axis. */
function sobolPanel(inputs: readonly SensitivityIndices[], frame: Frame): Drawn {
  const ends = inputs.flatMap((i) => [
    ...interval(i.first, i.firstConf),
    ...interval(i.total, i.totalConf),
    i.first ?? NaN,
    i.total ?? NaN,
  ])
  const [lo, hi] = finiteExtent([ends, [0, 0.1]])!
  const x = linear([Math.min(0, lo), hi], [frame.x, frame.x + frame.width])
  const row = frame.height / Math.max(1, inputs.length)
  const bar = Math.min(10, row * 0.36)
  const marks: string[] = []
  for (const t of x.ticks(5)) {
    const at = x(t)
    marks.push(el('path', { d: `M${at},${frame.y}V${frame.y + frame.height}`, stroke: GRID, 'stroke-width': 1 }))
  }
  marks.push(renderAxisBottom(x, frame, 'index \u2192', 5))
  inputs.forEach((input, r) => {
    const mid = frame.y + (r + 0.5) * row
    marks.push(
      text(
        { class: 'input-label', x: frame.x - 6, y: mid + 4, 'text-anchor': 'end', 'font-size': LABEL_FONT, fill: INK },
        input.name,
      ),
    )
    const pairs = [
      ['first', input.first, input.firstConf, FIRST_COLOR, mid - bar - 1] as const,
      ['total', input.total, input.totalConf, TOTAL_COLOR, mid + 1] as const,
    ]
    for (const [index, value, conf, color, top] of pairs) {
      if (value === undefined || !Number.isFinite(value)) continue
      const x0 = x(Math.min(0, value))
      marks.push(
        el('rect', {
          class: 'bar',
          'data-input': input.name,
          'data-index': index,
          'data-value': String(value),
          x: x0,
          y: top,
          width: Math.max(0.5, Math.abs(x(value) - x(0))),
          height: bar,
          fill: color,
          'fill-opacity': 0.8,
        }),
      )
      const [a, b] = interval(value, conf)
      if (a === undefined || b === undefined) continue
      const cy = top + bar / 2
      const cap = bar / 2 + 1
      marks.push(
        el('path', {
          class: 'interval',
          'data-input': input.name,
          'data-index': index,
          d: `M${round2(x(a))},${round2(cy)}H${round2(x(b))}M${round2(x(a))},${round2(cy - cap)}v${round2(2 * cap)}M${round2(x(b))},${round2(cy - cap)}v${round2(2 * cap)}`,
          stroke: INK,
          'stroke-width': 1.2,
          fill: 'none',
        }),
      )
    }
  })
  marks.push(el('path', { d: `M${x(0)},${frame.y}V${frame.y + frame.height}`, stroke: INK, 'stroke-width': 1 }))
  return { x, marks }
}

/** A point per input at (mu*, sigma), named beside it. */
function morrisPanel(inputs: readonly SensitivityIndices[], frame: Frame): Drawn {
  const mu = inputs.map((i) => i.muStar ?? NaN)
  const sigma = inputs.map((i) => i.sigma ?? NaN)
  const x = linear([0, finiteExtent([mu, [0]])![1] || 1], [frame.x, frame.x + frame.width])
  const y = linear([0, finiteExtent([sigma, [0]])![1] || 1], [frame.y + frame.height, frame.y])
  const marks = [renderAxisLeft(y, frame, '\u2191 sigma'), renderAxisBottom(x, frame, 'mu* (mean |effect|) \u2192')]
  inputs.forEach((input, i) => {
    const m = mu[i]!
    const s = sigma[i]!
    if (!Number.isFinite(m) || !Number.isFinite(s)) return
    marks.push(
      el('g', { class: 'point', 'data-input': input.name, 'data-mu-star': String(m), 'data-sigma': String(s) }, [
        el('circle', { cx: x(m), cy: y(s), r: 4, fill: FIRST_COLOR }),
        // A name near the right edge reads leftwards, so it stays inside the chart.
        x(m) > frame.x + frame.width * 0.7
          ? text({ x: x(m) - 6, y: y(s) - 5, 'text-anchor': 'end', 'font-size': 10, fill: INK }, input.name)
          : text({ x: x(m) + 6, y: y(s) - 5, 'font-size': 10, fill: INK }, input.name),
      ]),
    )
  })
  return { x, y, marks }
}

/** The interval value ± conf, or nothing when either is missing. */
function interval(value: number | undefined, conf: number | undefined): [number, number] | [] {
  if (value === undefined || conf === undefined || !Number.isFinite(value) || !Number.isFinite(conf)) return []
  return [value - conf, value + conf]
}

function atText(at: string | number): string {
  return typeof at === 'number' ? `at time ${at}` : at === 'final' ? 'final value' : `${at} over the run`
}
