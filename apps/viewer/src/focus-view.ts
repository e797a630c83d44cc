import { select } from 'd3'
import { renderLoopCircle, renderTree } from '@stockflow/diagram'
import type { CldLayout, CldLinkInput, LoopCircleLayout, Point, Rendered, TreeLayout } from '@stockflow/diagram'
import { dependencyGraph } from '@stockflow/model'
import type { DependencyGraph } from '@stockflow/model'
import type { FoundLoop } from './analysis.ts'
import { DiagramRenderer } from './diagram-renderer.ts'
import type { ViewerContext, ViewerExtension } from './extension.ts'
import type { ViewerEvent } from './controller.ts'
import { causesTree, elementLookup, sectorLinks, sectorNeighbours, sectors } from './focus-graph.ts'
import type { NameLookup, Sector } from './focus-graph.ts'
import { chosenOption, greyOutside, loopChoices, loopScores, noLoopMessage } from './focus-parts.ts'
import { nodeAt } from './hit-test.ts'
import { throughAgain } from './loop-walk.ts'
import { Panel } from './panel.ts'
import type { RenderReply } from './render-job.ts'
import { parseFocus } from './state.ts'
import type { Focus } from './state.ts'
import './focus.css'

type FocusLayout = TreeLayout | LoopCircleLayout | CldLayout
type Kind = Focus['kind']

/** Depths a tree can be drawn to. */
const DEPTHS = [1, 2, 3, 4, 5, 6]
const DEFAULT_DEPTH = 2

/**
 * The focus views, in a panel of their own above the others: a variable's causes or uses tree, one
 * loop alone on a circle with its score over the run, or one sector of the model with its links to the
 * rest (greyed). Opened from the header's **Focus** button or the URL (`focus=`); clicking a variable
 * in it shows that variable's tree. `html[data-focus]` says where the drawing stands.
 */
export class FocusView implements ViewerExtension {
  private readonly panel: Panel<FocusLayout>
  private readonly kindSelect: HTMLSelectElement
  private readonly targetSelect: HTMLSelectElement
  private readonly depthSelect: HTMLSelectElement
  private readonly title: HTMLElement
  private graph: DependencyGraph | undefined
  private lookup: NameLookup | undefined
  private sectorList: readonly Sector[] = []
  private shown = ''
  private readonly sectorRenderer = new DiagramRenderer<CldLayout>((reply) => this.sectorDrawn(reply))
  private sectorGrey: readonly string[] = []
  /** Why the loops of the open model could not be found, if that failed (a loop view says so). */
  private loopsFailed: string | undefined

  constructor(private readonly ctx: ViewerContext) {
    const open = document.createElement('button')
    open.type = 'button'
    open.id = 'focus-open'
    open.textContent = 'Focus…'
    open.title = "Focus on part of the model: a variable's causes or uses tree, one loop, or one sector"
    open.addEventListener('click', () => this.openDefault())
    ctx.headerTools.append(open)

    this.panel = new Panel<FocusLayout>(ctx.panels, {
      id: 'focus',
      title: 'Focus',
      zoomable: true,
      fileStem: ctx.stem('focus'),
      onClick: (p) => this.clicked(p),
    })
    ctx.panels.prepend(this.panel.section)
    this.panel.section.hidden = true
    this.title = this.panel.section.querySelector('h2')!
    const toolbar = select(this.panel.toolbar)
    const labelled = (text: string, id: string, change: () => void) => {
      const label = toolbar.insert('label', ':first-child').text(`${text} `)
      return label.append('select').attr('id', id).on('change', change).node()!
    }
    // Inserted first-child each, so in reverse order: kind, target, depth, then the panel's buttons.
    this.depthSelect = labelled('Depth', 'focus-depth', () => this.chosen())
    this.targetSelect = labelled('Of', 'focus-target', () => this.chosen())
    this.kindSelect = labelled('Show', 'focus-kind', () => this.kindChanged())
    select(this.kindSelect)
      .selectAll('option')
      .data([
        { value: 'causes', text: 'causes tree' },
        { value: 'uses', text: 'uses tree' },
        { value: 'loop', text: 'loop' },
        { value: 'sector', text: 'sector' },
      ])
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    select(this.depthSelect)
      .selectAll('option')
      .data(DEPTHS)
      .join('option')
      .attr('value', (d) => String(d))
      .text((d) => String(d))
    this.depthSelect.value = String(DEFAULT_DEPTH)
    this.panel.button('Close', 'Close the focus view', () => ctx.controller.setFocus(undefined))
  }

  show(event: ViewerEvent): void {
    switch (event.kind) {
      case 'opened': {
        const model = this.ctx.controller.session!.model
        this.graph = dependencyGraph(model)
        this.lookup = elementLookup(model)
        this.sectorList = sectors(model, this.graph)
        this.shown = ''
        this.loopsFailed = undefined
        return this.draw()
      }
      case 'analysis-error': {
        if (event.stage !== 'loops') return
        this.loopsFailed = event.message
        if (this.focus()?.kind !== 'loop') return
        this.shown = ''
        return this.draw()
      }
      case 'focus':
        return this.draw(true)
      case 'loops':
      case 'dominance': {
        // Signs for trees and sectors, loops to choose from, a loop's scores: redrawn as they arrive.
        if (event.kind === 'loops') this.loopsFailed = undefined
        const focus = this.focus()
        if (!focus) return
        if (event.kind === 'dominance' && focus.kind !== 'loop') return
        this.shown = ''
        return this.draw()
      }
    }
  }

  private focus(): Focus | undefined {
    const spec = this.ctx.controller.state.focus
    return spec === undefined ? undefined : parseFocus(spec)
  }

  /** The header button: the selected variable's (or the first stock's) causes tree, or the view shown. */
  private openDefault(): void {
    const state = this.ctx.controller.state
    if (state.focus !== undefined) return this.panel.section.scrollIntoView({ block: 'start' })
    const model = this.ctx.controller.session?.model
    if (!model) return
    const id = state.select ?? (model.elements.find((e) => e.kind === 'stock') ?? model.elements[0])?.id
    if (id !== undefined) this.ctx.controller.setFocus(`causes:${id}:${DEFAULT_DEPTH}`)
  }

  /** Another kind of view: of the same variable (its tree, the first loop or the sector it is in) when it can be. */
  private kindChanged(): void {
    const kind = this.kindSelect.value as Kind
    const focus = this.focus()
    const id = focus && (focus.kind === 'causes' || focus.kind === 'uses') ? focus.id : this.ctx.controller.state.select
    let target: string | undefined
    if (id !== undefined) {
      if (kind === 'causes' || kind === 'uses') target = id
      else if (kind === 'loop') target = this.ctx.controller.loops?.loops.find((l) => l.variables.includes(id))?.id
      else {
        const index = this.sectorList.findIndex((s) => s.ids.includes(id))
        target = index >= 0 ? String(index) : undefined
      }
    }
    this.fillTargets(kind, target)
    this.chosen()
  }

  /** The toolbar's choice, as a focus spec. */
  private chosen(): void {
    const kind = this.kindSelect.value as Kind
    const target = this.targetSelect.value
    if (target === '') return
    if (kind === 'loop' || kind === 'sector') return this.ctx.controller.setFocus(`${kind}:${target}`)
    this.ctx.controller.setFocus(`${kind}:${target}:${this.depthSelect.value}`)
  }

  /** A click on a variable shows its tree (the same kind and depth in a tree, else its causes). */
  private clicked(p: Point): void {
    const layout = this.panel.current?.layout
    const focus = this.focus()
    if (!layout || !focus) return
    const nodes: readonly { id: string; x: number; y: number; width: number; height: number }[] = layout.nodes
    const node = nodeAt(nodes, p)
    if (!node) return
    this.ctx.controller.selectVariable(node.id)
    const tree = focus.kind === 'causes' || focus.kind === 'uses' ? focus : undefined
    this.ctx.controller.setFocus(`${tree?.kind ?? 'causes'}:${node.id}:${tree?.depth ?? DEFAULT_DEPTH}`)
  }

  private fillTargets(kind: Kind, value: string | undefined): void {
    const session = this.ctx.controller.session
    if (!session) return
    let options: { value: string; text: string }[]
    if (kind === 'loop') options = loopChoices(this.ctx.controller.loops)
    else if (kind === 'sector')
      options = this.sectorList.map((s, i) => ({ value: String(i), text: `${s.name} (${s.ids.length})` }))
    else
      options = session.model.elements
        .filter((e) => e.kind !== 'lookup')
        .map((e) => ({ value: e.id, text: e.name }))
        .sort((a, b) => a.text.localeCompare(b.text))
    // A variable that is not an element of the model (an element of an array, `pop[north]`) is added.
    if (value !== undefined && kind !== 'loop' && kind !== 'sector' && !options.some((o) => o.value === value))
      options.unshift({ value, text: this.lookup?.name(value) ?? value })
    select(this.targetSelect)
      .selectAll('option')
      .data(options)
      .join('option')
      .attr('value', (d) => d.value)
      .text((d) => d.text)
    // One the list lacks (a stale loop id) is shown as no choice, not as the first one.
    this.targetSelect.value = chosenOption(options, value)
    this.depthSelect.parentElement!.hidden = kind === 'loop' || kind === 'sector'
  }

  /** Draws the focus view the state asks for (unless it is the one shown), or hides the panel. */
  private draw(reveal = false): void {
    const spec = this.ctx.controller.state.focus
    const focus = this.focus()
    const root = document.documentElement
    const wasHidden = this.panel.section.hidden
    this.panel.section.hidden = focus === undefined
    this.ctx.headerTools.querySelector('#focus-open')?.setAttribute('aria-pressed', String(focus !== undefined))
    if (!focus || !this.graph || !this.lookup) {
      this.shown = ''
      delete root.dataset.focus
      return
    }
    const target = focus.kind === 'sector' ? String(focus.index) : focus.id
    this.kindSelect.value = focus.kind
    this.fillTargets(focus.kind, target)
    if (focus.kind === 'causes' || focus.kind === 'uses') this.depthSelect.value = String(focus.depth)
    if (spec === this.shown) return
    this.shown = spec!
    this.panel.section.dataset.focus = spec
    const links = this.ctx.controller.loops?.links as readonly CldLinkInput[] | undefined
    if (focus.kind === 'causes' || focus.kind === 'uses') {
      const tree = causesTree(this.graph, links, focus.id, focus.depth, focus.kind, this.lookup)
      const name = this.lookup.name(focus.id)
      this.setTitle(`${focus.kind === 'causes' ? 'Causes' : 'Uses'} tree of ${name}`)
      this.panel.note(
        focus.kind === 'causes'
          ? `What ${name} is computed from, ${focus.depth} link${focus.depth === 1 ? '' : 's'} deep; (names) in grey appear earlier in the tree, … marks causes beyond the depth.`
          : `What reads ${name}, ${focus.depth} link${focus.depth === 1 ? '' : 's'} deep; (names) in grey appear earlier in the tree, … marks uses beyond the depth.`,
      )
      this.present(renderTree({ root: tree, direction: focus.kind }))
    } else if (focus.kind === 'loop') this.drawLoop(focus.id)
    else if (focus.kind === 'sector') this.drawSector(focus.index)
    if (reveal && wasHidden) this.panel.section.scrollIntoView({ block: 'start' })
  }

  private drawLoop(id: string): void {
    const loops = this.ctx.controller.loops
    const loop: FoundLoop | undefined = loops?.loops.find((l) => l.id === id)
    const named = loop?.named[0]
    this.setTitle(`Loop ${id}${named ? ` (named ${named.id}: ${named.name})` : ''}`)
    if (!loop) {
      this.panel.note('')
      this.present(undefined, noLoopMessage(id, loops, this.loopsFailed))
      return
    }
    const session = this.ctx.controller.session!
    const scores = loopScores(this.ctx.controller.dominance, loop)
    const through = throughAgain(loop)
    const notes = [
      // A closed walk of an arrayed model's variables: the circle shows a variable once per pass.
      ...(through
        ? [`This loop passes ${through} (its element loops pass through different elements of one variable).`]
        : []),
      ...(scores
        ? []
        : this.ctx.controller.dominance
          ? ['This loop is not among the loops the dominance analysis scored, so its score over the run is not shown.']
          : ['Its score over the run follows the dominance analysis.']),
    ]
    this.panel.note(notes.join(' '))
    const rendered = renderLoopCircle({
      id: loop.id,
      name: named?.name,
      polarity: loop.polarity,
      nodes: loop.variables.map((v, i) => ({ id: v, name: loop.names[i] ?? v, kind: this.lookup!.kind(v) })),
      links: loop.links,
      scores: scores && { times: this.ctx.controller.dominance!.times, values: scores },
      timeUnits: session.model.time.units,
    })
    this.present(rendered)
  }

  private drawSector(index: number): void {
    const sector = this.sectorList[index]
    const session = this.ctx.controller.session!
    if (!sector) {
      this.setTitle('Sector')
      this.panel.note('')
      this.present(undefined, `The model has ${this.sectorList.length} sectors; there is no sector ${index}.`)
      return
    }
    const views = (session.model.views?.length ?? 0) >= 2
    this.setTitle(`Sector: ${sector.name}`)
    const outside = sectorNeighbours(sector, this.graph!, session.model)
    this.panel.note(
      `${sector.ids.length} variables (${views ? "one of the model's views" : 'a cluster of the graph around its stock-and-flow chains'}); ${outside.length} variables of other sectors it reads or feeds, in grey.`,
    )
    this.sectorGrey = outside
    this.present(undefined, `Laying out the sector (${sector.ids.length + outside.length} variables)…`)
    document.documentElement.dataset.focus = 'pending'
    const links = this.ctx.controller.loops?.links as readonly CldLinkInput[] | undefined
    const options = {
      nodes: [...sector.ids, ...outside],
      loops: [],
      links: sectorLinks(sector, outside, this.graph!, links),
    }
    this.sectorRenderer.request(session.token, session.json, { diagram: 'cld', options }, `${session.token}#${index}`)
  }

  private sectorDrawn(reply: RenderReply<CldLayout>): void {
    if (this.focus()?.kind !== 'sector') return
    if (reply.kind === 'error') return this.present(undefined, `The sector cannot be drawn: ${reply.message}`)
    this.present({ svg: greyOutside(reply.rendered.svg, this.sectorGrey), layout: reply.rendered.layout })
  }

  private setTitle(text: string): void {
    this.title.textContent = text
  }

  /** Shows a drawing no larger than it was drawn (the panel grows to its height, up to most of the window). */
  private present(rendered: Rendered<FocusLayout> | undefined, message = ''): void {
    const host = this.panel.section.querySelector<HTMLElement>('.diagram')!
    host.style.setProperty('--focus-height', rendered ? `${Math.ceil(rendered.layout.height) + 4}px` : '6rem')
    host.style.setProperty('--focus-width', rendered ? `${Math.ceil(rendered.layout.width) + 4}px` : '100%')
    this.panel.show(rendered, message)
    document.documentElement.dataset.focus = 'ready'
  }
}
