import { DiagramWorkshop } from './render-job.ts'
import type { DiagramJob, RenderReply, RenderRequest } from './render-job.ts'

/**
 * Draws one panel's diagrams in a Web Worker, so laying out a large model never blocks the page. Only
 * the latest request matters: one for other nodes (`layoutKey`: another layout) ends a worker still
 * busy with an old one; one for the same nodes waits for it, as the worker then has their layout, and
 * the old request's drawing is delivered meanwhile (the same nodes in the same places).
 */
export class DiagramRenderer<L> {
  private worker: Worker | undefined
  private busy: { readonly seq: number; readonly layoutKey: string } | undefined
  private pending: { readonly request: RenderRequest; readonly layoutKey: string } | undefined
  private seq = 0
  private latestKey = ''
  private delivered = 0
  private fallback: DiagramWorkshop | undefined

  /** `onReply` gets each drawing delivered, with the `layoutKey` it was asked with. */
  constructor(private readonly onReply: (reply: RenderReply<L>, layoutKey: string) => void) {}

  /** The number of the latest request: a reply with it is the drawing asked for last. */
  get latest(): number {
    return this.seq
  }

  /** Asks for a drawing of a model (kept by the worker under `modelKey`); returns the request's number. */
  request(modelKey: string, modelJSON: string, job: DiagramJob, layoutKey: string): number {
    const seq = ++this.seq
    this.latestKey = layoutKey
    const request: RenderRequest = { seq, modelKey, modelJSON, job }
    if (typeof Worker === 'undefined') {
      // No workers (an unusual embedding): draw on the main thread, after the first paint.
      this.fallback ??= new DiagramWorkshop()
      setTimeout(() => {
        if (seq === this.seq) this.deliver(this.fallback!.render(request) as RenderReply<L>, layoutKey)
      }, 0)
      return seq
    }
    if (this.busy && this.busy.layoutKey !== layoutKey) this.stop()
    if (this.busy) this.pending = { request, layoutKey }
    else this.post(request, layoutKey)
    return seq
  }

  /** Ends the worker and any drawing in progress. */
  stop(): void {
    this.worker?.terminate()
    this.worker = undefined
    this.busy = this.pending = undefined
  }

  private post(request: RenderRequest, layoutKey: string): void {
    this.worker ??= this.start()
    this.busy = { seq: request.seq, layoutKey }
    this.worker.postMessage(request)
  }

  private start(): Worker {
    const worker = new Worker(new URL('./render-worker.ts', import.meta.url), { type: 'module' })
    // A reply already on its way from a worker that was ended is for an old request: dropped, as it
    // must not free the worker now busy with the latest one.
    worker.onmessage = (event: MessageEvent<RenderReply<L>>) => {
      if (worker === this.worker) this.finished(event.data)
    }
    worker.onerror = (event) => {
      event.preventDefault()
      if (worker !== this.worker) return
      const seq = this.busy?.seq ?? this.seq
      // A worker that failed outside a drawing (it could not load, or ran out of memory) is not reused.
      this.worker?.terminate()
      this.worker = undefined
      this.finished({ kind: 'error', seq, message: event.message || 'the diagram could not be drawn' })
    }
    return worker
  }

  private finished(reply: RenderReply<L>): void {
    const done = this.busy
    this.busy = undefined
    const next = this.pending
    this.pending = undefined
    if (next) this.post(next.request, next.layoutKey)
    if (done && done.seq === reply.seq) this.deliver(reply, done.layoutKey)
  }

  private deliver(reply: RenderReply<L>, layoutKey: string): void {
    const current = reply.seq === this.seq || (reply.kind === 'done' && layoutKey === this.latestKey)
    if (!current || reply.seq <= this.delivered) return
    this.delivered = reply.seq
    this.onReply(reply, layoutKey)
  }
}
