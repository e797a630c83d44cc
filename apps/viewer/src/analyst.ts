import { analyze } from './analysis.ts'
import type { AnalysisMessage, AnalysisRequest } from './analysis.ts'

/**
 * Runs loop analyses in a worker, one at a time: a new request while one is running ends that worker
 * (an analysis cannot be interrupted) and starts afresh, so only the latest request is answered.
 */
export class Analyst {
  private worker: Worker | undefined
  private busy = false
  private seq = 0

  constructor(private readonly onMessage: (message: AnalysisMessage) => void) {}

  /** Asks for the analysis of a model and run; returns the request's number. */
  request(request: Omit<AnalysisRequest, 'seq'>): number {
    const seq = ++this.seq
    if (typeof Worker === 'undefined') {
      // No workers (an unusual embedding): analyse on the main thread, after the first paint.
      setTimeout(() => analyze({ ...request, seq }, (m) => this.deliver(m)), 0)
      return seq
    }
    if (this.busy) this.stop()
    this.worker ??= this.start()
    this.busy = true
    this.worker.postMessage({ ...request, seq } satisfies AnalysisRequest)
    return seq
  }

  /** Ends the worker (and any analysis in progress). */
  stop(): void {
    this.worker?.terminate()
    this.worker = undefined
    this.busy = false
  }

  private start(): Worker {
    const worker = new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (event: MessageEvent<AnalysisMessage>) => this.deliver(event.data)
    worker.onerror = (event) => {
      event.preventDefault()
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
