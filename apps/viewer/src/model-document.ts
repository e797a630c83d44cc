import { dependencyGraph } from '@stockflow/model'
import type { DependencyGraph } from '@stockflow/model'
import type { ViewerEvent } from './controller.ts'
import { declared, toCSV, toHTML, warningText } from './document-export.ts'
import { documentRows, modelWarnings, rowMatches, seriesOf } from './document-rows.ts'
import type { DocumentIssues, DocumentRow, RowRef } from './document-rows.ts'
import { requestDocumentIssues } from './document-warnings.ts'
import { downloadText } from './export.ts'
import type { ViewerContext, ViewerExtension } from './extension.ts'
import { formatNumber } from './number-format.ts'
import type { Run } from '@stockflow/solver'
import type { Session } from './session.ts'
import { sparkline } from './sparkline.ts'
import './document.css'

const SVG = 'http://www.w3.org/2000/svg'
/** Causes or uses listed in full up to this many; a longer list is cut short with a "more" button. */
const MAX_REFS = 12
const KINDS = [
  ['', 'All kinds'],
  ['stock', 'Stocks'],
  ['flow', 'Flows'],
  ['aux', 'Auxiliaries'],
  ['param', 'Parameters'],
  ['lookup', 'Lookups'],
] as const

/** The warnings of one open model, computed once (units load mathjs, so they come later). */
interface Warnings {
  readonly session: Session
  readonly issues: Promise<DocumentIssues>
  done?: DocumentIssues
}

/**
 * The model as a document (`#model-document`): a table of every variable with its equation, units,
 * doc, range, causes, uses, a sparkline of the current run and its unit and lint warnings; a filter,
 * CSV and HTML export. A row's click selects its variable; a cause or use selects that one. Opened from
 * the header's "Model document" button; built only while open. All model text goes in as text nodes.
 */
export class ModelDocument implements ViewerExtension {
  readonly section: HTMLElement
  private readonly toggle: HTMLButtonElement
  private readonly filter: HTMLInputElement
  private readonly kind: HTMLSelectElement
  private readonly warnedOnly: HTMLInputElement
  private readonly count: HTMLElement
  private readonly notes: HTMLElement
  private readonly scroller: HTMLElement
  private readonly tbody: HTMLTableSectionElement
  private rows: DocumentRow[] = []
  private readonly trs = new Map<string, HTMLTableRowElement>()
  private built: Session | undefined
  private graph: { session: Session; graph: DependencyGraph } | undefined
  private warnings: Warnings | undefined
  /** The run the sparklines show (undefined: none yet), and whether a newer one waits for the next frame. */
  private shownRun: Run | undefined
  private frame = 0
  /**
   * Sparklines are drawn for the rows in or near the table's view only (a large model has thousands):
   * rows seen, and rows whose sparkline is not of `shownRun`.
   */
  private readonly seen = new Set<string>()
  private readonly stale = new Set<string>()
  private readonly observer: IntersectionObserver | undefined

  constructor(private readonly context: ViewerContext) {
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = '') => {
      const node = document.createElement(tag)
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
      if (text) node.textContent = text
      return node
    }
    this.toggle = el(
      'button',
      {
        type: 'button',
        id: 'model-document-toggle',
        'aria-controls': 'model-document',
        'aria-expanded': 'false',
        title: "The model as a document: every variable's equation, units, doc, causes, uses, run and warnings",
      },
      'Model document',
    )
    this.toggle.addEventListener('click', () => this.open(this.section.hidden))
    context.headerTools.append(this.toggle)

    const section = (this.section = el('section', {
      id: 'model-document',
      class: 'panel model-document',
      'aria-labelledby': 'model-document-title',
    }))
    section.hidden = true
    const header = el('header', { class: 'panel-header' })
    header.append(el('h2', { id: 'model-document-title' }, 'Model document'))
    const tools = el('div', { class: 'toolbar' })
    this.filter = el('input', {
      type: 'search',
      placeholder: 'Filter: name, equation, units, doc',
      'aria-label': 'Filter the model document',
    })
    this.kind = el('select', { 'aria-label': 'Kinds of variable shown' })
    for (const [value, text] of KINDS) this.kind.append(el('option', { value }, text))
    const warned = el('label', { class: 'warned' })
    this.warnedOnly = el('input', { type: 'checkbox' })
    warned.append(this.warnedOnly, ' With warnings')
    this.count = el('span', { class: 'count', role: 'status' })
    const csv = el('button', { type: 'button', title: 'Export the variables shown as CSV' }, 'CSV')
    const html = el('button', { type: 'button', title: 'Export the variables shown as a standalone HTML page' }, 'HTML')
    const close = el('button', { type: 'button', 'aria-label': 'Close the model document', title: 'Close' }, '×')
    tools.append(this.filter, this.kind, warned, this.count, csv, html, close)
    header.append(tools)
    this.notes = el('ul', { class: 'document-notes' })
    this.scroller = el('div', { class: 'document-scroll' })
    const table = el('table', { class: 'document-table' })
    const head = el('thead')
    const headRow = el('tr')
    for (const h of ['Name', 'Equation', 'Units', 'Doc', 'Range', 'Causes', 'Uses', 'Run', 'Warnings'])
      headRow.append(el('th', { scope: 'col' }, h))
    head.append(headRow)
    this.tbody = el('tbody')
    table.append(head, this.tbody)
    this.scroller.append(table)
    section.append(header, this.notes, this.scroller)
    context.panels.append(section)

    for (const input of [this.filter, this.kind, this.warnedOnly])
      input.addEventListener(input === this.filter ? 'input' : 'change', () => this.applyFilter())
    csv.addEventListener('click', () => void this.exportAs('csv'))
    html.addEventListener('click', () => void this.exportAs('html'))
    close.addEventListener('click', () => {
      this.open(false)
      this.toggle.focus()
    })
    this.tbody.addEventListener('click', (event) => this.clicked(event))
    if (typeof IntersectionObserver !== 'undefined') {
      this.observer = new IntersectionObserver((entries) => this.intersected(entries), {
        root: this.scroller,
        rootMargin: '400px 0px',
      })
    }
  }

  show(event: ViewerEvent): void {
    if (this.section.hidden) return
    switch (event.kind) {
      case 'opened':
        // The run still held is the last model's: the sparklines wait for this one's.
        this.build(undefined)
        return this.ensureWarnings()
      case 'ran':
        return this.scheduleSparklines()
      case 'select':
        return this.markSelection(true)
    }
  }

  /** Opens (building it for the open model) or closes the document. */
  open(on: boolean): void {
    this.section.hidden = !on
    this.toggle.setAttribute('aria-expanded', String(on))
    this.toggle.classList.toggle('pressed', on)
    if (!on) return
    if (this.built !== this.context.controller.session) this.build(this.context.controller.run)
    else this.scheduleSparklines()
    this.ensureWarnings()
    this.section.scrollIntoView({ block: 'start' })
    this.filter.focus({ preventScroll: true })
  }

  /** The rows shown (after the filter), with the current run's series and the warnings (for export). */
  private shownRows(session: Session): DocumentRow[] {
    const shown = new Set(this.rows.filter((r) => !this.trs.get(r.id)?.hidden).map((r) => r.id))
    const graph = this.graph?.session === session ? this.graph.graph : dependencyGraph(session.model)
    const { run } = this.context.controller
    return documentRows(session.model, graph, run, this.warnings?.done).filter((r) => shown.has(r.id))
  }

  private build(run: Run | undefined): void {
    const session = this.context.controller.session
    this.built = session
    this.tbody.replaceChildren()
    this.trs.clear()
    this.observer?.disconnect()
    this.seen.clear()
    this.stale.clear()
    if (!session) return
    if (this.graph?.session !== session) this.graph = { session, graph: dependencyGraph(session.model) }
    const issues = this.warnings?.session === session ? this.warnings.done : undefined
    // The table's rows carry no series: sparklines read the run as they are drawn.
    this.rows = documentRows(session.model, this.graph.graph, undefined, issues)
    this.shownRun = run
    for (const row of this.rows) {
      const tr = this.rowElement(row)
      this.trs.set(row.id, tr)
      this.tbody.append(tr)
      this.stale.add(row.id)
      if (this.observer) this.observer.observe(tr)
      else this.seen.add(row.id)
    }
    if (!this.observer) this.drawStale()
    this.showNotes(issues)
    this.applyFilter()
    this.markSelection(false)
  }

  private rowElement(row: DocumentRow): HTMLTableRowElement {
    const tr = document.createElement('tr')
    tr.dataset.id = row.id
    tr.className = row.kind
    const cell = (tag: 'td' | 'th', className = '', text = '') => {
      const c = document.createElement(tag)
      if (className) c.className = className
      if (text) c.textContent = text
      tr.append(c)
      return c
    }
    const name = cell('th', 'name')
    name.scope = 'row'
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'select'
    button.textContent = row.name
    button.title = `Select ${row.name}`
    name.append(button)
    const kind = document.createElement('span')
    kind.className = 'kind'
    kind.textContent = row.dimensions.length ? `${row.kind} [${row.dimensions.join(', ')}]` : row.kind
    name.append(kind)
    const eq = cell('td', 'equation')
    eq.append(Object.assign(document.createElement('code'), { textContent: row.equation }))
    cell('td', 'units', row.units)
    cell('td', 'doc', row.doc)
    cell('td', 'range', declared(row))
    this.refs(cell('td', 'refs'), row.causes)
    this.refs(cell('td', 'refs'), row.uses)
    cell('td', 'run')
    fillWarnings(tr, cell('td', 'warnings'), row)
    return tr
  }

  /** Puts the warnings that arrived into the rows (as they are: scrolled, expanded, drawn). */
  private applyWarnings(session: Session, issues: DocumentIssues): void {
    if (this.graph?.session !== session) return
    this.rows = documentRows(session.model, this.graph.graph, undefined, issues)
    for (const row of this.rows) {
      const tr = this.trs.get(row.id)
      const td = tr?.querySelector<HTMLElement>('td.warnings')
      if (tr && td) fillWarnings(tr, td, row)
    }
    this.showNotes(issues)
    this.applyFilter()
  }

  /** A row's causes or uses as buttons; a long list shows its first few and a button for the rest. */
  private refs(td: HTMLElement, refs: readonly RowRef[], all = false): void {
    td.replaceChildren()
    const shown = all || refs.length <= MAX_REFS ? refs : refs.slice(0, MAX_REFS - 2)
    for (const ref of shown) {
      const b = document.createElement('button')
      b.type = 'button'
      b.className = 'ref'
      b.dataset.ref = ref.id
      b.textContent = ref.name
      td.append(b)
    }
    if (shown.length === refs.length) return
    const more = document.createElement('button')
    more.type = 'button'
    more.className = 'more'
    more.textContent = `+ ${formatNumber(refs.length - shown.length)} more`
    more.addEventListener('click', (event) => {
      event.stopPropagation()
      this.refs(td, refs, true)
    })
    td.append(more)
  }

  private intersected(entries: readonly IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const id = (entry.target as HTMLElement).dataset.id!
      if (entry.isIntersecting) this.seen.add(id)
      else this.seen.delete(id)
    }
    this.drawStale()
  }

  /** Draws the sparklines of the rows in view that do not show the current run yet. */
  private drawStale(): void {
    const session = this.built
    if (!session || !this.shownRun) return
    for (const id of this.seen) {
      if (!this.stale.delete(id)) continue
      const td = this.trs.get(id)?.querySelector<HTMLElement>('td.run')
      const element = session.element(id)
      if (td && element) this.drawRun(td, seriesOf(element, this.shownRun))
    }
  }

  /** A sparkline of a row's series, and the range they reached. */
  private drawRun(td: HTMLElement, series: readonly Float64Array[]): void {
    td.replaceChildren()
    if (series.length === 0) return
    const line = sparkline(series, 104, 24)
    const svg = document.createElementNS(SVG, 'svg')
    svg.setAttribute('class', 'spark')
    svg.setAttribute('width', String(line.width))
    svg.setAttribute('height', String(line.height))
    svg.setAttribute('viewBox', `0 0 ${line.width} ${line.height}`)
    svg.setAttribute('aria-hidden', 'true')
    for (const d of line.paths) {
      if (d === '') continue
      const path = document.createElementNS(SVG, 'path')
      path.setAttribute('d', d)
      svg.append(path)
    }
    const last = series.length === 1 ? series[0]![series[0]!.length - 1]! : NaN
    const text = document.createElement('span')
    text.textContent = Number.isNaN(line.min)
      ? 'no values'
      : `${formatNumber(line.min)} … ${formatNumber(line.max)}${Number.isNaN(last) ? '' : `, ends ${formatNumber(last)}`}`
    td.append(svg, text)
  }

  /** Redraws the sparklines in view for the current run on the next frame (a slider runs many times a frame). */
  private scheduleSparklines(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      const run = this.context.controller.run
      if (this.built !== this.context.controller.session || run === this.shownRun) return
      this.shownRun = run
      for (const id of this.trs.keys()) this.stale.add(id)
      this.drawStale()
    })
  }

  /** Starts the unit check and the lint of the open model (in a worker), once per open. */
  private ensureWarnings(): void {
    const session = this.context.controller.session
    if (!session || this.warnings?.session === session) return
    const warnings: Warnings = { session, issues: requestDocumentIssues(session.json) }
    this.warnings = warnings
    delete this.section.dataset.warnings
    void warnings.issues.then((issues) => {
      warnings.done = issues
      if (this.warnings !== warnings) return
      this.section.dataset.warnings = 'ready'
      if (this.built === session) this.applyWarnings(session, issues)
    })
  }

  private showNotes(issues: DocumentIssues | undefined): void {
    this.notes.replaceChildren()
    for (const w of issues ? modelWarnings(issues) : []) {
      const li = document.createElement('li')
      li.textContent = warningText(w)
      this.notes.append(li)
    }
    this.notes.hidden = this.notes.childElementCount === 0
  }

  private applyFilter(): void {
    const query = this.filter.value
    const kind = this.kind.value
    const warned = this.warnedOnly.checked
    let shown = 0
    for (const row of this.rows) {
      const visible =
        (kind === '' || row.kind === kind) && (!warned || row.warnings.length > 0) && rowMatches(row, query)
      const tr = this.trs.get(row.id)
      if (tr) tr.hidden = !visible
      if (visible) shown++
    }
    const warnedRows = this.rows.filter((r) => r.warnings.length > 0).length
    const checking = this.warnings?.done ? `, ${warnedRows} with warnings` : ', checking units…'
    this.count.textContent = `${shown} of ${this.rows.length} variables${checking}`
  }

  private clicked(event: MouseEvent): void {
    const target = event.target as Element
    const ref = target.closest<HTMLElement>('button.ref')
    const tr = target.closest<HTMLTableRowElement>('tr[data-id]')
    const id = ref?.dataset.ref ?? tr?.dataset.id
    if (id === undefined) return
    // Text being selected with the mouse is no click on the row.
    if (!ref && !target.closest('button') && (window.getSelection()?.toString() ?? '') !== '') return
    this.context.controller.selectVariable(id)
  }

  /** Marks the selected variable's row; scrolls it into the table's view when `reveal`. */
  private markSelection(reveal: boolean): void {
    const id = this.context.controller.state.select
    for (const tr of this.tbody.querySelectorAll('tr.selected')) {
      tr.classList.remove('selected')
      tr.removeAttribute('aria-selected')
    }
    const tr = id === undefined ? undefined : this.trs.get(id)
    if (!tr) return
    tr.classList.add('selected')
    tr.setAttribute('aria-selected', 'true')
    if (!reveal || tr.hidden) return
    // Scrolls the table only, not the page: the diagrams the selection came from stay in view.
    const top = tr.offsetTop - (this.scroller.querySelector('thead')?.offsetHeight ?? 0)
    const bottom = tr.offsetTop + tr.offsetHeight
    const view = this.scroller
    if (top < view.scrollTop || bottom > view.scrollTop + view.clientHeight)
      view.scrollTop = top - view.clientHeight / 3
  }

  private async exportAs(format: 'csv' | 'html'): Promise<void> {
    const session = this.context.controller.session
    if (!session) return
    this.ensureWarnings()
    await this.warnings?.issues
    if (this.context.controller.session !== session) return
    const rows = this.shownRows(session)
    const stem = this.context.stem('document')()
    if (format === 'csv') return downloadText(`${stem}.csv`, toCSV(rows), 'text/csv')
    const wide = this.warnings?.done ? modelWarnings(this.warnings.done) : []
    downloadText(`${stem}.html`, toHTML(rows, session.model, wide), 'text/html')
  }
}

/** A row's warnings cell, and the row marked as warned when it has any. */
function fillWarnings(tr: HTMLElement, td: HTMLElement, row: DocumentRow): void {
  td.replaceChildren()
  tr.classList.toggle('warned', row.warnings.length > 0)
  if (row.warnings.length === 0) return
  const list = document.createElement('ul')
  for (const w of row.warnings) {
    const li = document.createElement('li')
    li.className = w.source
    li.textContent = warningText(w)
    list.append(li)
  }
  td.append(list)
}
