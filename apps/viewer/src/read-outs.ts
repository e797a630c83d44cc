import { select } from 'd3'
import type { ChartLayout, CldLayout, Point, StockFlowLayout } from '@stockflow/diagram'
import type { Run } from '@stockflow/solver'
import type { DominanceResult } from './analysis.ts'
import type { Bands } from './controller.ts'
import { markerAt, nearest, nodeAt } from './hit-test.ts'
import { formatNumber } from './number-format.ts'
import type { Panel } from './panel.ts'
import type { Session } from './session.ts'

/** A value with thousands separators (`1,250,000`, `0.0123`). */
const number = (x: number) => formatNumber(x)
/** A time as the time axis writes it: no separators (the year 2030, not 2,030). */
const time = (t: number) => formatNumber(t, 6).replace(/,/g, '')

/** What the read-outs read (the controller). */
export interface ReadOutModel {
  readonly session: Session | undefined
  readonly run: Run | undefined
  readonly dominance: DominanceResult | undefined
  readonly bands: Bands | undefined
  shownRuns(): { label: string; run: Run }[]
}

/**
 * The tooltip under the pointer: over a variable in either diagram, its value and range over the run
 * and its equation; over a loop marker, the loop; over a chart, the values at the time under the
 * pointer, with a rule across the chart.
 */
export class ReadOuts {
  constructor(
    private readonly tooltip: HTMLElement,
    private readonly model: ReadOutModel,
  ) {}

  hoverCld(panel: Panel<CldLayout>, p: Point | undefined, event: PointerEvent): void {
    const layout = panel.current?.layout
    if (!p || !layout) return this.hide()
    const node = nodeAt(layout.nodes, p)
    if (node) return this.show(event, this.describeVariable(node.id))
    const marker = markerAt(layout.loops, p)
    if (marker) {
      return this.show(event, [
        `${marker.id}${marker.name ? ` ${marker.name}` : ''}`,
        `${marker.polarity}; click to highlight`,
      ])
    }
    this.hide()
  }

  hoverStockFlow(panel: Panel<StockFlowLayout>, p: Point | undefined, event: PointerEvent): void {
    const layout = panel.current?.layout
    if (!p || !layout) return this.hide()
    const node = nodeAt(layout.nodes, p)
    if (node) this.show(event, this.describeVariable(node.id))
    else this.hide()
  }

  /** Trajectories and dominance: the values at the time under the pointer, with a rule across the panel. */
  hoverChart(
    panel: Panel<ChartLayout>,
    p: Point | undefined,
    event: PointerEvent,
    what: 'trajectories' | 'dominance',
  ): void {
    const overlay = panel.overlay
    overlay?.selectAll('.rule').remove()
    const layout = panel.current?.layout
    const chart = layout?.panels.find(
      (c) => p && p.x >= c.x && p.x <= c.x + c.width && p.y >= c.y && p.y <= c.y + c.height,
    )
    if (!p || !chart || !overlay) return this.hide()
    const [t0, t1] = chart.xDomain
    const t = t0 + ((p.x - chart.x) / chart.width) * (t1 - t0)
    const { session, dominance } = this.model
    const times = what === 'trajectories' ? this.model.run?.times : dominance?.times
    if (!times?.length) return this.hide()
    const i = nearest(times, t)
    const x = chart.x + ((times[i]! - t0) / (t1 - t0 || 1)) * chart.width
    overlay
      .append('line')
      .attr('class', 'rule')
      .attr('pointer-events', 'none')
      .attr('x1', x)
      .attr('x2', x)
      .attr('y1', chart.y)
      .attr('y2', chart.y + chart.height)
    const when = `at ${time(times[i]!)}${session?.model.time.units ? ` ${session.model.time.units}` : ''}`
    if (what === 'trajectories') {
      const units = chart.units && chart.units !== '1' ? ` ${chart.units}` : ''
      // An arrayed variable's panel draws its elements (series names); a run has no series for the whole array.
      const series = chart.elements ?? [chart.variable]
      const lines: string[] = []
      for (const name of series) {
        const id = session!.variables.find((v) => v.name === name)?.id ?? name
        const prefix = chart.elements ? `${name} ` : ''
        for (const { label, run } of this.model.shownRuns())
          lines.push(`${prefix}${label}: ${number(run.get(id)[i]!)}${units}`)
        const b = this.model.bands?.series[id]
        if (b && b.p50.length === times.length)
          lines.push(
            `${prefix}Monte Carlo median ${number(b.p50[i]!)}${units}, 5–95%: ${number(b.p5[i]!)} to ${number(b.p95[i]!)}`,
          )
      }
      this.show(event, [`${chart.variable} ${when}`, ...lines.slice(0, 24)])
    } else {
      const rows = dominance!.loops
        .map((l) => ({ l, s: l.scores[i]! }))
        .filter((r) => Number.isFinite(r.s))
        .sort((a, b) => Math.abs(b.s) - Math.abs(a.s))
        .slice(0, 8)
        .map(({ l, s }) => `${l.id}${l.name ? ` ${l.name}` : ''}: ${Math.round(s * 100)}%`)
      this.show(event, [`Relative loop scores ${when}`, ...(rows.length ? rows : ['no scores at this time'])])
    }
  }

  /** A variable's read-out: name, kind, units, its value at the end of the run and its range. */
  private describeVariable(id: string): string[] {
    const session = this.model.session!
    const run = this.model.run
    const info = session.variables.find((v) => v.id === id)
    const element = session.element(id)
    if (!info || !run) return [element?.name ?? id]
    const values = run.get(id)
    const last = values[values.length - 1]!
    let min = Infinity
    let max = -Infinity
    for (const v of values) {
      if (v < min) min = v
      if (v > max) max = v
    }
    const units = info.units && info.units !== '1' ? ` ${info.units}` : ''
    const equation =
      element?.kind === 'stock'
        ? `initial ${element.initial}`
        : element?.kind === 'aux' || element?.kind === 'flow'
          ? `= ${element.equation}`
          : undefined
    return [
      `${info.name} (${info.kind})`,
      `${number(last)}${units} at ${time(run.times[run.times.length - 1]!)}; from ${number(min)} to ${number(max)}`,
      ...(equation ? [equation.length > 140 ? equation.slice(0, 139) + '…' : equation] : []),
    ]
  }

  private show(event: PointerEvent, lines: readonly string[]): void {
    const tooltip = this.tooltip
    select(tooltip)
      .selectAll('div')
      .data(lines)
      .join('div')
      .text((d) => d)
    tooltip.hidden = false
    const pad = 14
    const { innerWidth, innerHeight } = window
    const w = tooltip.offsetWidth
    const h = tooltip.offsetHeight
    const left = event.clientX + pad + w > innerWidth ? event.clientX - pad - w : event.clientX + pad
    const top = event.clientY + pad + h > innerHeight ? event.clientY - pad - h : event.clientY + pad
    tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`
  }

  private hide(): void {
    this.tooltip.hidden = true
  }
}
