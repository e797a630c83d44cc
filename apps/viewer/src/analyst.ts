import { analyze } from './analysis.ts'
import type { AnalysisMessage, AnalysisRequest } from './analysis.ts'

/**
 * Runs loop analyses in a worker, one at a time: a new request while one is running ends that worker
 * (an analysis cannot be interrupted) and starts afresh, so only the latest request is answered. Each
 * request carries its asker's number (`seq`), which its messages bear, so the asker can tell them apart.
 */
export class Analyst {
  private worker: Worker | undefined
  private busy = false
  /** The number of the latest request. */
  private seq = 0

  constructor(private readonly onMessage: (message: AnalysisMessage) => void) {}

  /** Asks for the analysis of a model and run. */
  request(request: AnalysisRequest): void {
    this.seq = request.seq
    if (typeof Worker === 'undefined') {
      // No workers (an unusual embedding): analyse on the main thread, after the first paint.
      setTimeout(() => analyze(request, (m) => this.deliver(m)), 0)
      return
    }
    if (this.busy) this.stop()
    this.worker ??= this.start()
    this.busy = true
    this.worker.postMessage(request)
  }

  /** Ends the worker (and any analysis in progress). */
  stop(): void {
    this.worker?.terminate()
    this.worker = undefined
    this.busy = false
  }

  private start(): Worker {
    const worker = new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' })
    // A message already on its way from a worker that was ended answers an old request: dropped.
    worker.onmessage = (event: MessageEvent<AnalysisMessage>) => {
      if (worker === this.worker) this.deliver(event.data)
    }
    worker.onerror = (event) => {
      event.preventDefault()
      if (worker !== this.worker) return
      this.busy = false
      this.deliver({ kind: 'error', seq: this.seq, stage: 'loops', message: event.message || 'the analysis failed' })
    }
    return worker
  }

  private deliver(message: AnalysisMessage): void {
    if (message.seq !== this.seq) return
    if (message.kind === 'dominance' || message.kind === 'error') this.busy = false
    this.onMessage(message)
  }
}
