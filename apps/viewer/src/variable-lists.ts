import { select } from 'd3'
import type { Scenario } from '@stockflow/model'
import type { VariableInfo } from '@stockflow/solver'
import { filterBox } from './filter-box.ts'

/** The page's parts the lists live in (index.html). */
export interface ListElements {
  readonly variables: HTMLElement
  readonly variableFilter: HTMLInputElement
  readonly compare: HTMLElement
  /** Hidden when the model has no scenarios. */
  readonly compareSection: HTMLElement
}

/** What the lists read and ask for (the controller). */
export interface ListModel {
  /** Variables chosen for plotting, by id. */
  readonly chosenVars: readonly string[]
  readonly state: { readonly compare: readonly string[] }
  toggleVariable(id: string, on: boolean): void
  toggleCompare(id: string, on: boolean): void
}

/** The sidebar's checkbox lists: the variables plotted, and the scenarios compared with the current run. */
export class VariableLists {
  constructor(
    private readonly elements: ListElements,
    private readonly model: ListModel,
  ) {
    filterBox(elements.variableFilter, elements.variables)
  }

  /** Builds both lists for a model. */
  build(variables: readonly VariableInfo[], scenarios: readonly Scenario[]): void {
    this.buildVariables(variables)
    this.buildCompare(scenarios)
  }

  /** Ticks what is chosen now (after a change made elsewhere: a click in the diagram). */
  check(): void {
    const vars = this.model.chosenVars
    select(this.elements.variables)
      .selectAll<HTMLInputElement, string>('input')
      .property('checked', (d) => vars.includes(d))
  }

  private buildVariables(variables: readonly VariableInfo[]): void {
    const vars = this.model.chosenVars
    const rows = select(this.elements.variables)
      .selectAll<HTMLLabelElement, string>('label')
      .data(
        variables.map((v) => v.id),
        (d) => d,
      )
      .join((enter) => {
        const label = enter.append('label').attr('class', 'variable')
        label.append('input').attr('type', 'checkbox')
        label.append('span').attr('class', 'name')
        label.append('span').attr('class', 'kind')
        return label
      })
      .order()
    const info = new Map(variables.map((v) => [v.id, v]))
    rows.attr('data-id', (d) => d)
    rows.select('.name').text((d) => info.get(d)!.name)
    rows.select('.kind').text((d) => info.get(d)!.kind)
    rows
      .select<HTMLInputElement>('input')
      .property('checked', (d) => vars.includes(d))
      .on('change', (event: Event, d) => this.model.toggleVariable(d, (event.target as HTMLInputElement).checked))
  }

  private buildCompare(scenarios: readonly Scenario[]): void {
    this.elements.compareSection.classList.toggle('hidden', scenarios.length === 0)
    const rows = select(this.elements.compare)
      .selectAll<HTMLLabelElement, string>('label')
      .data(
        scenarios.map((s) => s.id),
        (d) => d,
      )
      .join((enter) => {
        const label = enter.append('label').attr('class', 'compare')
        label.append('input').attr('type', 'checkbox')
        label.append('span')
        return label
      })
    const byId = new Map(scenarios.map((s) => [s.id, s]))
    rows.select('span').text((d) => (byId.get(d)?.name ? `${d}: ${byId.get(d)!.name}` : d))
    rows
      .select<HTMLInputElement>('input')
      .property('checked', (d) => this.model.state.compare.includes(d))
      .on('change', (event: Event, d) => this.model.toggleCompare(d, (event.target as HTMLInputElement).checked))
  }
}
