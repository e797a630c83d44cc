// A stand-in for the browser's Worker in Node: it records what it is sent and answers when a test says,
// even after it was ended (a message already on its way when `terminate` was called).

/** A Web Worker whose answers the test sends (install it with `vi.stubGlobal('Worker', FakeWorker)`). */
export class FakeWorker {
  /** Every worker started since the last `reset`, in order. */
  static started: FakeWorker[] = []
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null
  readonly posted: unknown[] = []
  terminated = false

  constructor(readonly url: URL) {
    FakeWorker.started.push(this)
  }

  static reset(): void {
    FakeWorker.started = []
  }

  postMessage(message: unknown): void {
    this.posted.push(message)
  }

  terminate(): void {
    this.terminated = true
  }

  /** The worker posts `data` back. */
  answer(data: unknown): void {
    this.onmessage?.({ data })
  }
}
