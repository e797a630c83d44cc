import type { CldLayout, StockFlowLayout } from '@stockflow/diagram'
import type { ViewerController, ViewerEvent } from './controller.ts'
import type { DiagramViews } from './diagram-views.ts'
import type { Panel } from './panel.ts'

/**
 * A part of the viewer built on the others (search, focus views, the model document, arranging): it is
 * made from a `ViewerContext` and told every controller event after the viewer's own views drew it.
 */
export interface ViewerExtension {
  show(event: ViewerEvent): void
}

/** What an extension gets to work with: the controller, the page's places and the diagram panels. */
export interface ViewerContext {
  readonly controller: ViewerController
  /** The panels' container (`#panels`): a new `Panel` on it is appended after the others. */
  readonly panels: HTMLElement
  /** Room in the page's header for tools (`#header-tools`). */
  readonly headerTools: HTMLElement
  readonly cld: Panel<CldLayout>
  readonly stockFlow: Panel<StockFlowLayout>
  readonly diagrams: DiagramViews
  /** Export file names: `stem('document')()` is `<model name>-document`, made safe for a file system. */
  readonly stem: (what: string) => () => string
}
