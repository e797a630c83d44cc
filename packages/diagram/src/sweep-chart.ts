/**
 * A sweep reduced to one number per run: each output (at a time, final, max or mean) against the swept
 * parameter, a panel per output, a line with a point per level; further swept parameters make a line
 * per combination of their levels, coloured in order.
 */
import { line } from 'd3-shape'
import { renderAxisBottom, renderAxisLeft } from './axis.js'
import { finiteExtent, linear, paddedDomain } from './chart-scales.js'
import { gridLayout } from './chart-grid.js'
import type { GridOptions } from './chart-grid.js'
import { sequentialColors } from './color-scale.js'
import { renderLegend } from './legend.js'
import { panelLayout, panelTitle, renderedChart } from './chart-parts.js'
import { el, roundPathData } from './svg.js'
import type { ChartLayout, PanelLayout, Rendered } from './types.js'

/** A sweep's outputs against its first swept parameter. */
export interface SweepAtData {
  /** The swept parameter on the horizontal axis. */
  readonly parameter: string
  /** What each run was reduced to, for the panel titles: `final`, `50`, `max`, `mean`. */
  readonly at: string
  readonly outputs: readonly { readonly name: string; readonly units?: string }[]
  /** A line per combination of the other swept parameters' levels (one line when one is swept). */
  readonly lines: readonly {
    readonly label: string
    /** The parameter's levels. */
    readonly x: ArrayLike<number>
    /** Each output's value at each level, keyed by the output's name. */
    readonly values: Readonly<Record<string, ArrayLike<number>>>
  }[]
}

/** Renders `data`: a panel per output, a line per combination, a point per run. */
export function renderSweepAt(data: SweepAtData, options: GridOptions = {}): Rendered<ChartLayout> {
  const colors = sequentialColors(data.lines.length)
  const entries =
    data.lines.length > 1 ? data.lines.map((l, i) => ({ label: l.label, color: colors[i]!, key: l.label })) : []
  const grid = gridLayout(data.outputs.length, entries, options)
  const xDomain = paddedDomain(finiteExtent(data.lines.map((l) => l.x)))
  const panels: PanelLayout[] = []
  const body: string[] = []
  data.outputs.forEach((output, k) => {
    const frame = grid.frames[k]!
    const own = data.lines.map((l) => l.values[output.name] ?? [])
    const x = linear(xDomain, [frame.x, frame.x + frame.width])
    const y = linear(paddedDomain(finiteExtent(own)), [frame.y + frame.height, frame.y])
    panels.push(panelLayout(output.name, frame, x.domain(), y.domain(), { units: output.units }))
    const marks = data.lines.flatMap((l, j) => {
      const values = own[j]!
      const n = Math.min(l.x.length, values.length)
      const ok = (i: number) => Number.isFinite(l.x[i]!) && Number.isFinite(values[i]!)
      const index = Array.from({ length: n }, (_, i) => i).sort((a, b) => l.x[a]! - l.x[b]!)
      const d = line<number>()
        .defined(ok)
        .x((i) => x(l.x[i]!))
        .y((i) => y(values[i]!))(index)
      const color = colors[j]!
      return [
        el('path', {
          class: 'sweep-line',
          'data-line': l.label,
          d: roundPathData(d),
          fill: 'none',
          stroke: color,
          'stroke-width': 1.6,
        }),
        ...index.filter(ok).map((i) =>
          el('circle', {
            class: 'point',
            'data-line': l.label,
            'data-x': String(l.x[i]!),
            'data-value': String(values[i]!),
            cx: x(l.x[i]!),
            cy: y(values[i]!),
            r: 3,
            fill: color,
          }),
        ),
      ]
    })
    body.push(
      el('g', { class: 'panel', 'data-variable': output.name }, [
        panelTitle(frame.x - grid.left + 4, frame.y - 24, `${output.name} (${atText(data.at)})`),
        renderAxisLeft(y, frame, output.units ? `\u2191 ${output.units}` : undefined),
        renderAxisBottom(x, frame, `${data.parameter} \u2192`),
        ...marks,
      ]),
    )
  })
  if (entries.length > 0) body.unshift(renderLegend(entries, grid.legendAt, 'line', 'data-line'))
  return renderedChart({ ...grid, className: 'stockflow-sweep', title: options.title }, body, panels, entries)
}

/** `50` reads `at time 50`; the reductions read as they are. */
function atText(at: string): string {
  return Number.isFinite(Number(at)) && at.trim() !== '' ? `at time ${at}` : at
}
