import { select } from 'd3'
import { canonicalId } from '@stockflow/model'
import type { ViewerEvent } from './controller.ts'
import type { ViewerContext, ViewerExtension } from './extension.ts'
import type { Panel } from './panel.ts'
import { SelectionFocus } from './selection-focus.ts'

/** A variable the search finds: its display name and id. */
export interface SearchEntry {
  readonly name: string
  readonly id: string
}

/**
 * The variable a query names: the one of that name or id (any case, spaces or underscores), else the
 * first whose name starts with it, else the first whose name contains it.
 */
export function findVariable(entries: readonly SearchEntry[], query: string): SearchEntry | undefined {
  const q = query.trim().toLowerCase()
  if (q === '') return undefined
  const id = canonicalId(query.trim())
  return (
    entries.find((e) => e.name.toLowerCase() === q || e.id === id) ??
    entries.find((e) => e.name.toLowerCase().startsWith(q)) ??
    entries.find((e) => e.name.toLowerCase().includes(q))
  )
}

/**
 * **Find** in the page header: type a variable's name (suggestions as you type; `/` jumps here) and
 * press Enter, and it is selected: ringed and brought to the middle of each diagram drawing it, at a
 * zoom where names read. A variable the causal-loop diagram leaves out has it show all variables.
 */
export class SearchBox implements ViewerExtension {
  private readonly input: HTMLInputElement
  private readonly options: HTMLDataListElement
  private readonly status: HTMLElement
  private readonly selection: SelectionFocus
  private entries: SearchEntry[] = []

  constructor(private readonly context: ViewerContext) {
    const { controller, cld, stockFlow } = context
    this.selection = new SelectionFocus(controller, [cld as Panel<unknown>, stockFlow as Panel<unknown>])
    const form = select(context.headerTools)
      .append('form')
      .attr('class', 'search-box')
      .attr('role', 'search')
      .on('submit', (event: SubmitEvent) => {
        event.preventDefault()
        this.find()
      })
    const label = form.append('label').text('Find ')
    this.input = label
      .append('input')
      .attr('type', 'search')
      .attr('id', 'variable-search')
      .attr('list', 'variable-search-names')
      .attr('placeholder', 'a variable… ( / )')
      .attr('autocomplete', 'off')
      .attr('aria-label', 'Find a variable in the diagrams')
      .on('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Escape') {
          this.input.value = ''
          controller.selectVariable(undefined)
        }
      })
      .node()!
    this.options = form.append('datalist').attr('id', 'variable-search-names').node()!
    this.status = form.append('span').attr('class', 'search-status').attr('aria-live', 'polite').node()!
    // Choosing a suggestion fills the box without a key press: find it at once.
    this.input.addEventListener('input', (event) => {
      if (!(event instanceof InputEvent) || event.inputType === 'insertReplacementText') {
        if (this.entries.some((e) => e.name === this.input.value)) this.find()
      }
    })
    for (const panel of [cld, stockFlow]) panel.onShow(() => this.report())
    document.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement | null
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]')
      if (event.key !== '/' || typing || event.ctrlKey || event.metaKey || event.altKey) return
      event.preventDefault()
      this.input.focus()
      this.input.select()
    })
  }

  show(event: ViewerEvent): void {
    if (event.kind === 'opened') this.build()
    this.selection.show(event)
    if (event.kind === 'select') this.report()
  }

  /** Selects what the box names, or says nothing matches. */
  find(): void {
    const found = findVariable(this.entries, this.input.value)
    if (!found) {
      this.status.textContent = this.input.value.trim() ? 'no such variable' : ''
      return
    }
    this.input.value = found.name
    const { controller, cld, diagrams } = this.context
    // Not in the causal-loop diagram's choice of nodes: show them all, then find it there.
    if (cld.current && !cld.has(found.id)) diagrams.revealInCld(found.id)
    controller.selectVariable(found.id)
    const first = this.selection.drawnIn()[0] ?? cld
    first.section.scrollIntoView({ block: 'nearest' })
  }

  private build(): void {
    const session = this.context.controller.session!
    const seen = new Set<string>()
    this.entries = []
    for (const e of [...session.model.elements, ...session.variables]) {
      if (seen.has(e.id)) continue
      seen.add(e.id)
      this.entries.push({ name: e.name, id: e.id })
    }
    select(this.options)
      .selectAll('option')
      .data(this.entries)
      .join('option')
      .attr('value', (d) => d.name)
    this.status.textContent = ''
  }

  /** Says where the selection is drawn. */
  private report(): void {
    const id = this.context.controller.state.select
    if (id === undefined) return void (this.status.textContent = '')
    const { cld, stockFlow } = this.context
    const where = [cld.has(id) ? 'causal-loop' : '', stockFlow.has(id) ? 'stock-and-flow' : ''].filter(Boolean)
    this.status.textContent = where.length
      ? `in the ${where.join(' and ')} diagram${where.length > 1 ? 's' : ''}`
      : 'not drawn in the diagrams shown'
  }
}
