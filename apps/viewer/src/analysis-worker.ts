// The loop analysis and dominance take up to a second on large models: they run here, off the main
// thread, so sliders stay responsive.
import { analyze } from './analysis.ts'
import type { AnalysisMessage, AnalysisRequest } from './analysis.ts'

/** The parts of the worker's global scope used here (the DOM lib types `self` as a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<AnalysisRequest>) => void) | null
  postMessage(message: AnalysisMessage): void
}

scope.onmessage = (event) => analyze(event.data, (message) => scope.postMessage(message))
