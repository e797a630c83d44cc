import { StockflowError } from '@stockflow/model'
import type { MdlProblem, Pos } from './ast.js'

/** A feature of Vensim models that stockflow cannot hold yet. */
export type VensimUnsupportedFeature = 'arrays'

/**
 * A `.mdl` file that uses a feature stockflow does not support yet. `feature` says which:
 * `stockflow conformance` counts the file as a skip by it, not a failure.
 */
export class VensimUnsupportedError extends StockflowError {
  constructor(
    message: string,
    readonly feature: VensimUnsupportedFeature,
  ) {
    // The name stays "StockflowError": isStockflowError knows another package copy's errors by it.
    super(message)
  }
}

/** `file:line:column`, the way editors and terminals link to a place. */
export function where(file: string, pos: Pos): string {
  return `${file}:${pos.line}:${pos.column}`
}

/** One line for one problem: `file:line:column: "Variable": message`. */
export function formatProblem(file: string, problem: MdlProblem): string {
  const variable = problem.variable === undefined ? '' : `"${problem.variable}": `
  return `${where(file, problem.pos)}: ${variable}${problem.message}`
}

/**
 * Every problem of a file in one error: the message has one line per problem, in file order, so a
 * modeler fixes them all in one pass instead of one per run.
 */
export class MdlError extends StockflowError {
  constructor(
    readonly file: string,
    readonly problems: readonly MdlProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'))
  }
}
