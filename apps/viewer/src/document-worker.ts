// The model document's unit check and lint, off the main thread: a large model takes seconds.
import { documentIssues } from './document-warnings.ts'
import type { DocumentIssues } from './document-rows.ts'

/** The parts of the worker's global scope used here (the DOM lib types `self` as a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<string>) => void) | null
  postMessage(message: DocumentIssues): void
}

scope.onmessage = (event) =>
  void documentIssues(event.data)
    .catch((): DocumentIssues => ({ units: [], lint: [] }))
    .then((issues) => scope.postMessage(issues))
