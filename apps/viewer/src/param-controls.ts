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
    // A filter matching an element's group opens it, so the match is seen.
    elements.filter.addEventListener('input', () => {
      const q = elements.filter.value.trim()
      for (const d of elements.list.querySelectorAll<HTMLDetailsElement>('details.param-group'))
        d.open = q !== '' && !d.hidden
    })
  }

  /**
   * Builds the rows of a model's parameters. An arrayed parameter's elements are grouped under its
   * name in a collapsed `<details>` (opened when one of them is edited or the filter matches one).
   */
  build(params: readonly ParamSpec[]): void {
    this.params = params
    this.rows.clear()
    const list = select(this.elements.list)
    list.selectAll('*').remove()
    const groups = new Map<string, HTMLElement>()
    params.forEach((param, i) => {
      let parent = this.elements.list
      if (param.group) {
        let inner = groups.get(param.group.id)
        if (!inner) {
          const size = params.filter((p) => p.group?.id === param.group!.id).length
          const details = list.append('details').attr('class', 'param-group').attr('data-array', param.group.id)
          const summary = details.append('summary')
          summary.append('span').attr('class', 'name').text(withUnits(param.group.name, param.units))
          summary.append('span').attr('class', 'count').text(` ×${size}`)
          if (param.doc) details.attr('title', param.doc)
          inner = details.append('div').attr('class', 'param-elements').node()!
          groups.set(param.group.id, inner)
        }
        parent = inner
      }
      this.row(parent, param, i)
    })
    this.elements.count.textContent = params.length ? `(${params.length})` : '(none)'
    this.update()
  }

  /** A parameter's row: name (an element's subscripts in a group), slider, number box, reset. */
  private row(parent: HTMLElement, param: ParamSpec, i: number): void {
    const row = select(parent).append('div').attr('class', 'param').attr('data-id', param.id)
    row.attr('title', param.doc ?? '')
    const label = row.append('label').attr('class', 'param-name')
    label
      .append('span')
      .attr('class', 'name')
      .text(param.group ? param.group.element : withUnits(param.name, param.units))
    const input = label.append('input').attr('type', 'range').attr('class', 'slider').node()!
    // Text, not `type=number`: a number box shows `1,000,000` in full, with no spinner to clip it.
    const box = row.append('input').attr('type', 'text').attr('inputmode', 'decimal').attr('class', 'value').node()!
    const reset = row.append('button').attr('type', 'button').attr('class', 'reset').text('↺').node()!
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
    // A group shows it holds an edited element, and opens on it (the user sees what moved).
    for (const details of this.elements.list.querySelectorAll<HTMLDetailsElement>('details.param-group')) {
      const edited = details.querySelector('.param.edited') !== null
      if (edited && !details.classList.contains('edited')) details.open = true
      details.classList.toggle('edited', edited)
    }
  }
}

/** A name with its units, unless they are none (`1`). */
function withUnits(name: string, units: string | undefined): string {
  return units && units !== '1' ? `${name} (${units})` : name
}
