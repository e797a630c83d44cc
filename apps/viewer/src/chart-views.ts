import { select } from 'd3'
import type { Selection } from 'd3'
import { renderDominance, renderTrajectories } from '@stockflow/diagram'
import type { ChartLayout, Rendered, TrajectoryData, TrajectoryVariable } from '@stockflow/diagram'
import { runsToCSV } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import type { DominanceResult, LoopsResult } from './analysis.ts'
import type { Bands } from './controller.ts'
import { dominanceChart, loopLabel } from './dominance-chart.ts'
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
  /** Which loops dominance is shared among (the `dom` choice). */
  readonly dominanceBasis: 'all' | 'named'
  setDominanceBasis(basis: 'all' | 'named'): void
  plottedVars(): string[]
  shownRuns(): { label: string; run: Run }[]
}

/**
 * The panels of the plotted variables, in order: a variable each, and an arrayed variable once (where
 * its first plotted element is), with its plotted elements as lines; arrayed stocks stacked if asked.
 */
export function trajectoryPanels(session: Session, vars: readonly string[], stack: boolean): TrajectoryVariable[] {
  const info = new Map(session.variables.map((v) => [v.id, v]))
  const panels: TrajectoryVariable[] = []
  const done = new Set<string>()
  const chosen = new Set(vars)
  for (const id of vars) {
    const array = session.arrays.arrayOf(id)
    if (!array) {
      const v = info.get(id)!
      panels.push({ name: v.name, ...(v.units !== undefined ? { units: v.units } : {}) })
      continue
    }
    if (done.has(array.id)) continue
    done.add(array.id)
    panels.push({
      name: array.name,
      ...(array.units !== undefined ? { units: array.units } : {}),
      elements: array.elements.filter((e) => chosen.has(e.id)).map((e) => ({ name: e.name, label: e.label })),
      ...(stack && array.kind === 'stock' ? { stacked: true } : {}),
    })
  }
  return panels
}

/** The trajectories (runs, compared scenarios, Monte Carlo bands) and the loop dominance chart. */
export class ChartViews {
  /** Whether an arrayed stock's elements are drawn stacked (parts of a whole) rather than as lines. */
  private stackArrays = true

  constructor(
    private readonly trajectories: Panel<ChartLayout>,
    private readonly dominance: Panel<ChartLayout>,
    private readonly model: ChartModel,
  ) {}

  drawTrajectories(): void {
    const { session, run, bands } = this.model
    if (!session || !run) return
    const vars = this.model.plottedVars()
    this.arrayOptions(session)
    if (vars.length === 0) {
      this.trajectories.show(undefined, 'Choose variables to plot in the list of variables.')
      return
    }
    const panels = trajectoryPanels(session, vars, this.stackArrays)
    const runs = this.model.shownRuns()
    // Series and bands by the names runs know: a variable's, or each plotted element's.
    const names = vars.map((v) => [v, session.variables.find((i) => i.id === v)!.name] as const)
    const data: TrajectoryData = {
      times: run.times,
      runs: runs.map(({ label, run }) => ({
        label,
        series: Object.fromEntries(names.map(([id, name]) => [name, run.get(id)])),
      })),
      variables: panels,
      timeUnits: session.model.time.units,
      ...(bands && {
        bands: {
          label: bands.label,
          series: Object.fromEntries(
            names.flatMap(([id, name]) => (bands.series[id] ? [[name, bands.series[id]]] : [])),
          ),
        },
      }),
    }
    const width = Math.max(360, Math.round(this.trajectories.body.clientWidth - 16))
    const columns = Math.max(1, Math.min(panels.length, Math.floor(width / 300), 4))
    this.trajectories.show(
      safely(() => renderTrajectories(data, { width, columns })),
      'The trajectories cannot be drawn yet.',
    )
  }

  /** The "stack arrayed stocks" box beside the trajectories, shown when the model has an arrayed stock. */
  private arrayOptions(session: Session): void {
    const aside = select(this.trajectories.aside)
    let box = aside.select<HTMLDivElement>('.array-options')
    if (box.empty()) {
      box = aside.insert<HTMLDivElement>('div', ':first-child').attr('class', 'array-options')
      const label = box.append('label')
      label
        .append('input')
        .attr('type', 'checkbox')
        .attr('id', 'stack-arrays')
        .property('checked', this.stackArrays)
        .on('change', (event: Event) => {
          this.stackArrays = (event.target as HTMLInputElement).checked
          this.drawTrajectories()
        })
      label.append('span').text(' Stack the elements of arrayed stocks')
    }
    box.attr('hidden', session.arrays.groups.some((g) => g.kind === 'stock') ? null : true)
  }

  drawDominance(): void {
    const d = this.model.dominance
    const aside = select(this.dominance.aside)
    aside.selectAll('*').remove()
    if (this.model.session) this.basisChoice(aside)
    if (!d) {
      this.dominance.show(undefined, this.model.loops === undefined ? 'Analysing the loops…' : 'Scoring the loops…')
      return
    }
    if (d.loops.length === 0) {
      this.dominance.show(undefined, 'The model has no feedback loops.')
      return
    }
    const chart = dominanceChart(d)
    const width = Math.max(360, Math.round(this.dominance.body.clientWidth - 16))
    const timeUnits = this.model.session!.model.time.units
    this.dominance.show(
      safely(() => renderDominance({ times: d.times, loops: chart.data, timeUnits }, { width })),
      'The dominance chart cannot be drawn yet.',
    )
    const among =
      d.basis === 'named' ? `the ${d.loops.length} loops the named loops match` : `all ${d.loops.length} loops`
    const shown =
      chart.others > 0
        ? `; the ${chart.plotted} strongest or named are drawn, the other ${chart.others} summed by polarity`
        : ''
    aside
      .append('p')
      .attr('class', 'note dominance-note')
      .text(`Relative loop scores (Loops That Matter), shares among ${among}${shown}.${d.note ? ` ${d.note}` : ''}`)
    const details = aside.append('details').attr('class', 'dominant-intervals')
    details.append('summary').text(`Dominant loop per interval (${d.intervals.length})`)
    const label = new Map(d.loops.map((l) => [l.id, loopLabel(l)]))
    details
      .append('ul')
      .attr('class', 'intervals')
      .selectAll('li')
      .data(d.intervals)
      .join('li')
      .attr('data-loop', (i) => i.loop)
      .attr('data-start', (i) => i.start)
      .attr('data-end', (i) => i.end)
      .attr('data-partition', (i) => i.partition)
      .text(
        (i) =>
          `${i.start === i.end ? time(i.start) : `${time(i.start)}–${time(i.end)}`}: ${label.get(i.loop) ?? i.loop} ${i.polarity} (${Math.round(Math.abs(i.share) * 100)}%)`,
      )
  }

  /** Radio buttons: share dominance among all loops (as `stockflow loops --dominance`) or the named ones. */
  private basisChoice(aside: Selection<HTMLElement, unknown, null, undefined>): void {
    const basis = this.model.dominanceBasis
    const group = aside
      .append('fieldset')
      .attr('class', 'dominance-basis')
      .attr('aria-label', 'Loops that share the dominance')
    group.append('legend').text('Share among')
    for (const [value, text] of [
      ['all', 'all loops'],
      ['named', 'named loops only'],
    ] as const) {
      const label = group.append('label')
      label
        .append('input')
        .attr('type', 'radio')
        .attr('name', 'dominance-basis')
        .attr('value', value)
        .property('checked', basis === value)
        .on('change', () => this.model.setDominanceBasis(value))
      label.append('span').text(` ${text}`)
    }
    const named = this.model.session?.model.loops?.length ?? 0
    if (!named) group.selectAll('input[value="named"]').property('disabled', true)
    const d = this.model.dominance
    if (d && d.basis !== basis && !d.note) group.append('span').attr('class', 'note').text(' rescoring…')
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

/** A time as the run names it (`2010.25`, not `2,010`: times are often years). */
function time(t: number): string {
  return String(Math.round(t * 1e6) / 1e6)
}
