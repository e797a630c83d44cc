import type { ViewerController, ViewerEvent } from './controller.ts'
import type { Panel } from './panel.ts'

/** Zoomed to a selection, at least this many screen pixels per diagram unit: names at their own size. */
const SELECTED_SCALE = 1
/** Room between a selected node and its ring, in diagram units (the ring's stroke keeps its screen width). */
const RING_PAD = 5

/**
 * The selected variable (`state.select`) in the diagrams: its node ringed and its name kept readable
 * in each diagram drawing it, and, when newly selected, brought to the middle of the panel at a scale
 * where names read. A new drawing (a new layout, a redraw with polarities) keeps the ring.
 */
export class SelectionFocus {
  /** Panels still to bring the selection into view once they draw it. */
  private readonly pending = new Set<Panel<unknown>>()

  constructor(
    private readonly controller: ViewerController,
    private readonly panels: readonly Panel<unknown>[],
  ) {
    for (const panel of panels) panel.onShow(() => this.apply(panel))
  }

  show(event: ViewerEvent): void {
    if (event.kind !== 'select' && event.kind !== 'opened') return
    const selected = this.controller.state.select
    for (const panel of this.panels) {
      if (selected !== undefined) this.pending.add(panel)
      else this.pending.delete(panel)
      this.apply(panel)
    }
  }

  /** Which panels draw the selected node now. */
  drawnIn(): Panel<unknown>[] {
    const id = this.controller.state.select
    return id === undefined ? [] : this.panels.filter((p) => p.has(id))
  }

  private apply(panel: Panel<unknown>): void {
    const id = this.controller.state.select
    panel.mark('selected', id === undefined ? [] : [id])
    panel.overlay?.selectAll('.selection-ring').remove()
    const box = id === undefined ? undefined : panel.nodeBox(id)
    if (!box || !panel.overlay) return
    const pad = RING_PAD
    panel.overlay
      .append('rect')
      .attr('class', 'selection-ring')
      .attr('pointer-events', 'none')
      .attr('x', box.x - pad)
      .attr('y', box.y - pad)
      .attr('width', box.width + 2 * pad)
      .attr('height', box.height + 2 * pad)
      .attr('rx', 4)
    if (this.pending.delete(panel)) panel.focusOn(box, SELECTED_SCALE)
  }
}
