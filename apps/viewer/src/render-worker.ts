// Laying out a diagram takes dagre from a fraction of a second to a minute (thousands of variables):
// it runs here, off the main thread, so the page keeps drawing and answering meanwhile.
import { DiagramWorkshop } from './render-job.ts'
import type { RenderReply, RenderRequest } from './render-job.ts'

/** The parts of the worker's global scope used here (the DOM lib types `self` as a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<RenderRequest>) => void) | null
  postMessage(message: RenderReply<unknown>): void
}

const workshop = new DiagramWorkshop()
scope.onmessage = (event) => scope.postMessage(workshop.render(event.data))
