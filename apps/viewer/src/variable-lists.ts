import './arrays.css'
import { select } from 'd3'
import type { Scenario } from '@stockflow/model'
import type { VariableInfo } from '@stockflow/solver'
import { ArrayIndex } from './arrays.ts'
import type { ArrayGroup } from './arrays.ts'
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

/** A row of the variable list: a variable, or an arrayed variable with its elements. */
type Row = { readonly id: string; readonly array?: ArrayGroup }

/**
 * The sidebar's checkbox lists: the variables plotted, and the scenarios compared with the current run.
 * An arrayed variable is one row (ticking it plots all its elements in one chart) that opens onto a
 * checkbox per element, to plot some of them.
 */
export class VariableLists {
  constructor(
    private readonly elements: ListElements,
    private readonly model: ListModel,
  ) {
    filterBox(elements.variableFilter, elements.variables)
    // A filter matching an element opens its array's row, so the match is seen.
    elements.variableFilter.addEventListener('input', () => {
      const q = elements.variableFilter.value.trim()
      for (const d of elements.variables.querySelectorAll<HTMLDetailsElement>('details.array-variable'))
        d.open = q !== '' && !d.hidden
    })
  }

  /** Builds both lists for a model. */
  build(variables: readonly VariableInfo[], scenarios: readonly Scenario[]): void {
    this.buildVariables(variables)
    this.buildCompare(scenarios)
  }

  /** Ticks what is chosen now (after a change made elsewhere: a click in the diagram). */
  check(): void {
    const vars = new Set(this.model.chosenVars)
    const list = select(this.elements.variables)
    list.selectAll<HTMLInputElement, string>('input.element, label.variable > input').each(function () {
      this.checked = vars.has(this.dataset.id ?? '')
    })
    list.selectAll<HTMLInputElement, unknown>('input.array').each(function () {
      const ids = (this.dataset.elements ?? '').split(' ')
      const n = ids.filter((id) => vars.has(id)).length
      this.checked = n === ids.length
      this.indeterminate = n > 0 && n < ids.length
    })
  }

  private buildVariables(variables: readonly VariableInfo[]): void {
    const arrays = new ArrayIndex(variables)
    const rows: Row[] = []
    for (const v of variables) {
      const array = arrays.arrayOf(v.id)
      if (!array) rows.push({ id: v.id })
      else if (array.elements[0]!.id === v.id) rows.push({ id: array.id, array })
    }
    const info = new Map(variables.map((v) => [v.id, v]))
    const list = select(this.elements.variables)
    list.selectAll('*').remove()
    for (const row of rows) {
      if (!row.array) {
        const v = info.get(row.id)!
        const label = list.append('label').attr('class', 'variable').attr('data-id', v.id)
        label
          .append('input')
          .attr('type', 'checkbox')
          .attr('data-id', v.id)
          .on('change', (event: Event) => this.model.toggleVariable(v.id, (event.target as HTMLInputElement).checked))
        label.append('span').attr('class', 'name').text(v.name)
        label.append('span').attr('class', 'kind').text(v.kind)
        continue
      }
      const a = row.array
      const details = list.append('details').attr('class', 'array-variable').attr('data-array', a.id)
      const summary = details.append('summary')
      summary
        .append('input')
        .attr('type', 'checkbox')
        .attr('class', 'array')
        .attr('data-array', a.id)
        .attr('data-elements', a.elements.map((e) => e.id).join(' '))
        .attr('aria-label', `Plot every element of ${a.name}`)
        // A click on the box ticks it; the summary around it would also open the row.
        .on('click', (event: Event) => event.stopPropagation())
        .on('change', (event: Event) => this.toggleArray(a, (event.target as HTMLInputElement).checked))
      summary.append('span').attr('class', 'name').text(a.name)
      summary.append('span').attr('class', 'kind').text(`${a.kind} ×${a.elements.length}`)
      const inner = details.append('div').attr('class', 'array-elements')
      for (const e of a.elements) {
        const label = inner.append('label').attr('class', 'variable element').attr('data-id', e.id)
        label
          .append('input')
          .attr('type', 'checkbox')
          .attr('class', 'element')
          .attr('data-id', e.id)
          .on('change', (event: Event) => this.model.toggleVariable(e.id, (event.target as HTMLInputElement).checked))
        label.append('span').attr('class', 'name').text(e.label)
        label.append('span').attr('class', 'kind').attr('hidden', true).text(e.name)
      }
    }
    this.check()
  }

  /** Plots every element of an array, or none; elements already as asked are left alone. */
  private toggleArray(array: ArrayGroup, on: boolean): void {
    const chosen = new Set(this.model.chosenVars)
    for (const e of array.elements) if (chosen.has(e.id) !== on) this.model.toggleVariable(e.id, on)
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
