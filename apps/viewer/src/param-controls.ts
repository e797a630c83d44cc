import { select } from 'd3'
import { filterBox } from './filter-box.ts'
import { formatNumber, parseNumber } from './number-format.ts'
import type { ParamSpec } from './session.ts'

/** Significant digits a number box shows: enough to show a typed value as typed. */
const BOX_DIGITS = 12

/** The page's parts the parameter controls live in (index.html). */
export interface ParamElements {
  readonly list: HTMLElement
  /** `(12)` after the section's heading. */
  readonly count: HTMLElement
  readonly filter: HTMLInputElement
  readonly resetAll: HTMLElement
}

/** What the controls read and ask for (the controller). */
export interface ParamModel {
  paramValue(param: ParamSpec): number
  isEdited(param: ParamSpec): boolean
  setParam(param: ParamSpec, value: number): void
  resetParam(param: ParamSpec): void
  resetParams(): void
}

/**
 * A row per parameter: its name, a slider, a number box taking any value and a reset button, marked
 * when the user moved it away from the scenario's value. It only shows values; the controller holds them.
 */
export class ParamControls {
  private params: readonly ParamSpec[] = []
  private readonly rows = new Map<
    string,
    { input: HTMLInputElement; box: HTMLInputElement; reset: HTMLButtonElement }
  >()

  constructor(
    private readonly elements: ParamElements,
    private readonly model: ParamModel,
  ) {
    elements.resetAll.addEventListener('click', () => model.resetParams())
    filterBox(elements.filter, elements.list)
  }

  /** Builds the rows of a model's parameters. */
  build(params: readonly ParamSpec[]): void {
    this.params = params
    this.rows.clear()
    const rows = select(this.elements.list)
      .selectAll<HTMLDivElement, ParamSpec>('div.param')
      .data(params, (d) => d.id)
      .join((enter) => {
        const row = enter.append('div').attr('class', 'param')
        const label = row.append('label').attr('class', 'param-name')
        label.append('span').attr('class', 'name')
        label.append('input').attr('type', 'range').attr('class', 'slider')
        // Text, not `type=number`: a number box shows `1,000,000` in full, with no spinner to clip it.
        row.append('input').attr('type', 'text').attr('inputmode', 'decimal').attr('class', 'value')
        row.append('button').attr('type', 'button').attr('class', 'reset').text('↺')
        return row
      })
    rows.attr('data-id', (d) => d.id).attr('title', (d) => d.doc ?? '')
    rows.select('.name').text((d) => (d.units && d.units !== '1' ? `${d.name} (${d.units})` : d.name))
    rows.each((param, i, nodes) => {
      const row = select(nodes[i]!)
      const input = row.select<HTMLInputElement>('input.slider').node()!
      const box = row.select<HTMLInputElement>('input.value').node()!
      const reset = row.select<HTMLButtonElement>('button.reset').node()!
      input.min = String(param.min)
      input.max = String(param.max)
      input.step = String(param.step)
      input.id = `param-${i}`
      box.setAttribute('aria-label', `${param.name} value`)
      reset.setAttribute('aria-label', `Reset ${param.name}`)
      reset.title = `Reset ${param.name} to the scenario's value`
      input.oninput = () => this.model.setParam(param, Number(input.value))
      box.onchange = () => {
        const value = parseNumber(box.value)
        if (Number.isFinite(value)) this.model.setParam(param, value)
        else this.update(param)
      }
      // Typed as `1e6`, shown as `1,000,000` once the box is left.
      box.onblur = () => this.update(param)
      reset.onclick = () => this.model.resetParam(param)
      this.rows.set(param.id, { input, box, reset })
    })
    this.elements.count.textContent = params.length ? `(${params.length})` : '(none)'
    this.update()
  }

  /** Shows a parameter's value now (every parameter's without one). */
  update(param?: ParamSpec): void {
    for (const p of param ? [param] : this.params) {
      const s = this.rows.get(p.id)
      if (!s) continue
      const value = this.model.paramValue(p)
      // Typing or dragging: leave the control being used alone.
      if (document.activeElement !== s.input) s.input.value = String(value)
      if (document.activeElement !== s.box) s.box.value = formatNumber(value, BOX_DIGITS)
      const edited = this.model.isEdited(p)
      s.reset.disabled = !edited
      s.input.closest('.param')?.classList.toggle('edited', edited)
    }
  }
}
