import { checkUnits, lint, modelFromJSON } from '@stockflow/model'
import type { Issue } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { DocumentIssues } from './document-rows.ts'

/**
 * The unit check and the lint of a model given as JSON text, the lint with a run of the model's own
 * values (so it sees negative stocks and lookups read out of range). Either failing gives no warnings
 * of its kind: the document is still worth reading.
 */
export async function documentIssues(modelJSON: string): Promise<DocumentIssues> {
  const model = modelFromJSON(modelJSON, 'model')
  let run
  try {
    run = simulate(compile(model))
  } catch {
    run = undefined
  }
  let lintIssues: Issue[] = []
  try {
    lintIssues = lint(model, run)
  } catch {
    // lint never throws for a model; kept apart all the same
  }
  const units = await checkUnits(model).catch((): Issue[] => [])
  return { units, lint: lintIssues }
}

/**
 * Checks a model's units and lints it in a Web Worker (seconds for a large model, and mathjs to load),
 * or on the main thread where there are no workers. Resolves with no warnings if the worker fails.
 */
export function requestDocumentIssues(modelJSON: string): Promise<DocumentIssues> {
  if (typeof Worker === 'undefined') return documentIssues(modelJSON).catch(() => ({ units: [], lint: [] }))
  return new Promise((done) => {
    const worker = new Worker(new URL('./document-worker.ts', import.meta.url), { type: 'module' })
    const finish = (issues: DocumentIssues) => {
      worker.terminate()
      done(issues)
    }
    worker.onmessage = (event: MessageEvent<DocumentIssues>) => finish(event.data)
    worker.onerror = (event) => {
      event.preventDefault()
      finish({ units: [], lint: [] })
    }
    worker.postMessage(modelJSON)
  })
}
