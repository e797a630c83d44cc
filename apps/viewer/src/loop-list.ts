import { select } from 'd3'
import type { Selection } from 'd3'
import type { CldLayout, CldNodeLayout } from '@stockflow/diagram'
import type { FoundLoop, LoopsResult } from './analysis.ts'
import { NAMED_PREFIX, describeLoop, shownLoop } from './loop-highlight.ts'
import { throughAgain } from './loop-walk.ts'
import { formatNumber } from './number-format.ts'
import type { Box, Panel } from './panel.ts'
import type { Session } from './session.ts'

/** Loop buttons listed at most (huge models list thousands). */
const MAX_LISTED = 500

/** What the loop list reads and asks for (the controller). */
export interface LoopListModel {
  readonly state: { readonly loop?: string }
  readonly loops: LoopsResult | undefined
  readonly session: Session | undefined
  selectLoop(key: string | undefined): void
}

/** `, through Pop twice` for a closed walk, else nothing. */
function walk(loop: FoundLoop): string {
  const through = throughAgain(loop)
  return through ? `, ${through}` : ''
}

/** A loop button: its key (`state.loop`), label, tooltip and polarity. */
interface Item {
  readonly key: string
  readonly text: string
  readonly title: string
  readonly polarity: string
  readonly disabled?: boolean
}

/**
 * Beside the causal-loop diagram: the loops of the analysis as buttons (the model's named loops with
 * the loop each matched, then every loop found), and the highlighted one drawn over the diagram.
 */
export class LoopList {
  /** The loop last brought into view, so a redraw of the same highlight does not move the view. */
  private centred: string | undefined

  constructor(
    private readonly panel: Panel<CldLayout>,
    private readonly model: LoopListModel,
  ) {}

  /** Lists the loops (or says they are being found), then draws the highlight. */
  draw(): void {
    const aside = select(this.panel.aside)
    aside.selectAll('*').remove()
    const heading = aside.append('h3').attr('id', 'loops-heading')
    const result = this.model.loops
    const named = this.model.session!.model.loops ?? []
    if (!result) {
      heading.text('Loops')
      aside.append('p').attr('class', 'note').text('Finding the feedback loops…')
      return
    }
    heading.text(`Loops (${formatNumber(result.loops.length)}${result.truncated ? ' listed' : ''})`)
    if (result.truncated)
      aside
        .append('p')
        .attr('class', 'note')
        .text(`${separated(result.message ?? '')}: listing the independent, named and strongest loops.`)
    if (result.loops.length === 0) aside.append('p').attr('class', 'note').text('No feedback loops.')
    const found: Item[] = result.loops.slice(0, MAX_LISTED).map((l) => ({
      key: l.id,
      text: `${l.id} ${l.polarity}${l.mixed ? ' (mixed)' : ''}, ${l.links.length} links${walk(l)}${l.named.length ? ` = ${l.named.map((n) => n.id).join(', ')}` : ''}`,
      title: describeLoop(l),
      polarity: l.polarity,
    }))
    if (named.length) {
      const group = aside.append<HTMLElement>('div').attr('class', 'loop-group')
      group.append('h4').text('Named loops')
      this.buttons(
        group,
        result.named.map((n) => {
          const loop = n.loop === undefined ? undefined : result.loops.find((l) => l.id === n.loop)
          const note = !loop
            ? ' (not found in the model)'
            : n.polarityAgrees === false
              ? ` (found ${loop.polarity})`
              : ''
          return {
            key: loop ? loop.id : NAMED_PREFIX + n.id,
            text: `${n.id} ${n.name}${note}`,
            title: loop ? describeLoop(loop) : n.variables.join(' → '),
            polarity: loop?.polarity ?? n.polarity,
          }
        }),
      )
      const details = aside.append<HTMLElement>('details').attr('class', 'all-loops')
      details.append('summary').text(`All loops found (${formatNumber(result.loops.length)})`)
      this.buttons(details, found)
    } else if (found.length) {
      this.buttons(aside.append<HTMLElement>('div').attr('class', 'loop-group'), found)
    }
    aside.append('p').attr('class', 'highlight-note').attr('aria-live', 'polite')
    this.highlight()
  }

  /** Says, in place of the list, that the loops could not be analysed. */
  failed(message: string): void {
    select(this.panel.aside).selectAll('*').remove()
    select(this.panel.aside).append('p').attr('class', 'note').text(`The loops could not be analysed: ${message}`)
  }

  /** Draws the highlighted loop over the diagram (from the layout, so no re-layout is needed). */
  highlight(): void {
    const overlay = this.panel.overlay
    const layout = this.panel.current?.layout
    const note = select(this.panel.aside).select('.highlight-note')
    overlay?.selectAll('.loop-highlight').remove()
    const key = this.model.state.loop
    const svg = this.panel.svg
    this.panel.dim(false)
    svg?.querySelectorAll('.link.on-loop, .loop-marker.on-loop').forEach((e) => e.classList.remove('on-loop'))
    note.text('')
    const shown = overlay && layout && key !== undefined ? shownLoop(layout, this.model.loops?.loops, key) : undefined
    this.panel.mark('on-loop', shown?.nodes.map((n) => n.id) ?? [])
    if (!shown || !overlay || key === undefined) {
      this.centred = undefined
      return
    }
    const { links, nodes, text } = shown
    this.panel.dim(true)
    // Its nodes, links and marker stay in full ink (see style.css); its names stay readable (panel marks).
    for (const l of links)
      svg?.querySelector(`.link[data-link="${CSS.escape(`${l.from}->${l.to}`)}"]`)?.classList.add('on-loop')
    const marker = key.startsWith(NAMED_PREFIX) ? key.slice(NAMED_PREFIX.length) : key
    const named = this.model.loops?.loops.find((l) => l.id === key)?.named.map((n) => n.id) ?? []
    for (const id of [marker, ...named])
      svg?.querySelector(`.loop-marker[data-loop="${CSS.escape(id)}"]`)?.classList.add('on-loop')
    // A newly highlighted loop partly out of view is brought into view (whole, at the zoom shown or less).
    if (this.centred !== key) {
      this.centred = key
      const box = boxOf(nodes)
      if (box) this.panel.bringIntoView(box)
    }
    const g = overlay.append('g').attr('class', 'loop-highlight').attr('pointer-events', 'none')
    g.selectAll('path')
      .data(links)
      .join('path')
      .attr('d', (l) => l.path)
    g.selectAll('rect')
      .data(nodes)
      .join('rect')
      .attr('x', (n) => n.x - n.width / 2 - 3)
      .attr('y', (n) => n.y - n.height / 2 - 3)
      .attr('width', (n) => n.width + 6)
      .attr('height', (n) => n.height + 6)
      .attr('rx', 6)
    note.text(text)
  }

  private buttons(parent: Selection<HTMLElement, unknown, null, undefined>, items: readonly Item[]): void {
    parent
      .append('ul')
      .attr('class', 'loops')
      .selectAll('li')
      .data(items)
      .join('li')
      .append('button')
      .attr('type', 'button')
      .attr('class', (d) => `loop ${d.polarity}`)
      .attr('data-loop', (d) => d.key)
      .attr('aria-pressed', (d) => String(d.key === this.model.state.loop))
      .attr('title', (d) => d.title)
      .property('disabled', (d) => d.disabled ?? false)
      .text((d) => d.text)
      .on('click', (_event: MouseEvent, d) => this.model.selectLoop(d.key))
  }
}

/** The box around laid-out nodes (centres and sizes in diagram units), or undefined for none. */
function boxOf(nodes: readonly CldNodeLayout[]): Box | undefined {
  if (nodes.length === 0) return undefined
  const x0 = Math.min(...nodes.map((n) => n.x - n.width / 2))
  const y0 = Math.min(...nodes.map((n) => n.y - n.height / 2))
  const x1 = Math.max(...nodes.map((n) => n.x + n.width / 2))
  const y1 = Math.max(...nodes.map((n) => n.y + n.height / 2))
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/** A message's long numbers with thousands separators (`more than 10,000 loops`); years (4 digits) stay. */
function separated(message: string): string {
  return message.replace(/\d{5,}/g, (n) => formatNumber(Number(n)))
}
