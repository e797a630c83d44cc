import { StockflowError } from '@stockflow/model'

/** A feature of XMILE that stockflow models cannot hold. */
export type UnsupportedFeature = 'arrays' | 'macros' | 'conveyors' | 'queues'

/**
 * A file that uses a feature stockflow does not support. The message reads `... unsupported: arrays
 * ...`, and `feature` says which: `stockflow conformance` counts the file as a skip by it, not a failure.
 */
export class XmileUnsupportedError extends StockflowError {
  constructor(
    message: string,
    readonly feature: UnsupportedFeature,
  ) {
    // The name stays "StockflowError": isStockflowError knows another package copy's errors by it.
    super(message)
  }
}

/** Where a problem is, as `file:line` (the line when the XML parser knows it). */
export function at(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`
}

/** One-line import error: `file:line: "Element": message`. */
export function importError(file: string, line: number | undefined, element: string | undefined, message: string) {
  return new StockflowError(`${at(file, line)}: ${element === undefined ? '' : `"${element}": `}${message}`)
}
