import { select } from 'd3'
import { renderDominance, renderTrajectories } from '@stockflow/diagram'
import type { ChartLayout, Rendered, TrajectoryData } from '@stockflow/diagram'
import { runsToCSV } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import type { DominanceResult, LoopsResult } from './analysis.ts'
import type { Bands } from './controller.ts'
import { downloadText } from './export.ts'
import type { Panel } from './panel.ts'
import type { Session } from './session.ts'

/** What the charts read (the controller). */
export interface ChartModel {
  readonly session: Session | undefined
  readonly run: Run | undefined
  readonly loops: LoopsResult | undefined
  readonly dominance: DominanceResult | undefined
  readonly bands: Bands | undefined
  readonly state: { readonly scenario?: string }
  plottedVars(): string[]
  shownRuns(): { label: string; run: Run }[]
}

/** The trajectories (runs, compared scenarios, Monte Carlo bands) and the loop dominance chart. */
export class ChartViews {
  constructor(
    private readonly trajectories: Panel<ChartLayout>,
    private readonly dominance: Panel<ChartLayout>,
    private readonly model: ChartModel,
  ) {}

  drawTrajectories(): void {
    const { session, run, bands } = this.model
    if (!session || !run) return
    const info = new Map(session.variables.map((v) => [v.id, v]))
    const vars = this.model.plottedVars()
    if (vars.length === 0) {
      this.trajectories.show(undefined, 'Choose variables to plot in the list of variables.')
      return
    }
    const runs = this.model.shownRuns()
    const data: TrajectoryData = {
      times: run.times,
      runs: runs.map(({ label, run }) => ({
        label,
        series: Object.fromEntries(vars.map((v) => [info.get(v)!.name, run.get(v)])),
      })),
      variables: vars.map((v) => ({ name: info.get(v)!.name, units: info.get(v)!.units })),
      timeUnits: session.model.time.units,
      ...(bands && {
        bands: {
          label: bands.label,
          series: Object.fromEntries(
            vars.flatMap((v) => (bands.series[v] ? [[info.get(v)!.name, bands.series[v]]] : [])),
          ),
        },
      }),
    }
    const width = Math.max(360, Math.round(this.trajectories.body.clientWidth - 16))
    const columns = Math.max(1, Math.min(vars.length, Math.floor(width / 300), 4))
    this.trajectories.show(
      safely(() => renderTrajectories(data, { width, columns })),
      'The trajectories cannot be drawn yet.',
    )
  }

  drawDominance(): void {
    const d = this.model.dominance
    const aside = select(this.dominance.aside)
    if (!d) {
      this.dominance.show(undefined, this.model.loops === undefined ? 'Analysing the loops…' : 'Scoring the loops…')
      aside.selectAll('*').remove()
      return
    }
    if (d.loops.length === 0) {
      this.dominance.show(undefined, 'The model has no feedback loops.')
      aside.selectAll('*').remove()
      return
    }
    const width = Math.max(360, Math.round(this.dominance.body.clientWidth - 16))
    const timeUnits = this.model.session!.model.time.units
    this.dominance.show(
      safely(() => renderDominance({ times: d.times, loops: d.loops, timeUnits }, { width })),
      'The dominance chart cannot be drawn yet.',
    )
    aside.selectAll('*').remove()
    aside
      .append('p')
      .attr('class', 'note')
      .text(
        d.basis === 'named'
          ? `Relative loop scores (Loops That Matter) of the ${d.loops.length} named loops, as shares among them.`
          : d.loops.length < d.scored
            ? `Relative loop scores (Loops That Matter) of the ${d.loops.length} strongest of ${d.scored} loops.`
            : `Relative loop scores (Loops That Matter) of the model's ${d.loops.length === 1 ? 'loop' : `${d.loops.length} loops`}.`,
      )
    const details = aside.append('details')
    details.append('summary').text(`Dominant loop per interval (${d.intervals.length})`)
    details
      .append('ul')
      .attr('class', 'intervals')
      .selectAll('li')
      .data(d.intervals)
      .join('li')
      .text(
        (i) =>
          `${i.start === i.end ? i.start : `${i.start}–${i.end}`}: ${i.loop} ${i.polarity} (${Math.round(Math.abs(i.share) * 100)}%)`,
      )
  }

  /** Says, in place of the dominance chart, why there is none. */
  failed(message: string): void {
    this.dominance.show(undefined, `Loop dominance could not be computed: ${message}`)
  }

  /** Downloads the plotted runs as CSV (one run as `stockflow run` writes it; several with a `scenario` column). */
  exportCsv(): void {
    const runs = this.model.shownRuns()
    if (!runs.length) return
    const csv = runs.length === 1 ? runs[0]!.run.toCSV() : runsToCSV(runs)
    const scenario = this.model.state.scenario ? `-${this.model.state.scenario}` : ''
    const name = `${this.model.session!.model.name}${scenario}.csv`.replace(/[^\p{L}\p{N}._-]+/gu, '_')
    downloadText(name, csv, 'text/csv')
  }
}

/** A renderer's output, or undefined (shown as an empty panel) when it throws. */
function safely<L>(render: () => Rendered<L>): Rendered<L> | undefined {
  try {
    return render()
  } catch (err) {
    console.error(err)
    return undefined
  }
}
