import { StockflowError } from '@stockflow/model'

/**
 * A feature of XMILE that stockflow models cannot hold: macros, conveyors, queues, and the array
 * notations beyond element names, positions and wildcards (ranges `a[1:3]`, index expressions and
 * variables as indices `a[i + 1]`, dimension positions `a[@1]`, transposing a subscripted reference).
 * `arrays` is no longer thrown (arrays are read); it stays so that code naming it still compiles.
 */
export type UnsupportedFeature =
  | 'arrays'
  | 'macros'
  | 'conveyors'
  | 'queues'
  | 'subscript ranges'
  | 'subscript expressions'
  | 'dimension positions'
  | 'transposition'

/**
 * A file that uses a feature stockflow does not support. The message reads `... unsupported: macros
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
