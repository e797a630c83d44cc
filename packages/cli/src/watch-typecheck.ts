import { Worker } from 'node:worker_threads'
import { tsxApi, workerConditions } from './watch-worker.js'
import { moduleUrl } from './module-url.js'

/** What the checker posts back for one request. */
type CheckAnswer =
  | {
      readonly id: number
      readonly ok: true
      /** The roots checked (as shown): the model, then `checks.ts` when there is one. */
      readonly roots: readonly string[]
      readonly errors: readonly { readonly file?: string; readonly line: string }[]
    }
  | { readonly id: number; readonly ok: false; readonly message: string }

// The checker's program (CommonJS, as `eval` workers run): it imports `typecheckModel` once and keeps
// it, so the compiler's parsed files stay cached between checks; from TypeScript sources, tsx loads it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const ready = (async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register()
  return import(workerData.module)
})()
parentPort.on('message', async ({ id, path }) => {
  try {
    const { typecheckModel, formatTypeDiagnostic } = await ready
    const result = typecheckModel(path)
    const errors = result.diagnostics.map((d) => ({ file: d.file, line: formatTypeDiagnostic(d) }))
    parentPort.postMessage({ id, ok: true, roots: result.files, errors })
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: String((err && err.message) || err) })
  }
})
`

/**
 * Type-checks a `.ts` model as `stockflow check` does, in a worker thread that lives as long as this
 * object: the compiler's cache of parsed files is kept there across checks (a check after a save takes
 * about a second rather than three), and the server's thread is never blocked while it checks.
 */
export class TypecheckWorker {
  private worker: Worker | undefined
  private next = 0
  private readonly pending = new Map<number, (answer: CheckAnswer) => void>()

  /**
   * The model's type errors, one line each (`model.ts:12:5: error TS2552: ...`): those of the model and
   * the files it imports, not of the `checks.ts` beside it (which the viewer does not load).
   */
  async check(path: string): Promise<string[]> {
    const id = ++this.next
    const answer = await new Promise<CheckAnswer>((done) => {
      this.pending.set(id, done)
      this.started().postMessage({ id, path })
    })
    if (!answer.ok) throw new Error(`could not type-check the model: ${answer.message}`)
    const checks = answer.roots[1]
    return answer.errors.filter((e) => checks === undefined || e.file !== checks).map((e) => e.line)
  }

  close(): void {
    void this.worker?.terminate()
    this.worker = undefined
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const fromSource = moduleUrl(import.meta.url).endsWith('.ts')
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        tsx: fromSource ? tsxApi() : undefined,
        // The package's internal entry exports the checker, built (dist/internal.js) or not.
        module: new URL(fromSource ? './internal.ts' : './internal.js', moduleUrl(import.meta.url)).href,
      },
      execArgv: workerConditions(),
      stdout: false,
      stderr: false,
    })
    worker.unref()
    worker.on('message', (answer: CheckAnswer) => {
      const done = this.pending.get(answer.id)
      this.pending.delete(answer.id)
      done?.(answer)
    })
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined
      for (const [id, done] of this.pending) done({ id, ok: false, message })
      this.pending.clear()
    }
    worker.on('error', (err) => fail(err.message))
    worker.on('exit', (code) => fail(`the checker stopped (exit code ${code})`))
    this.worker = worker
    return worker
  }
}
