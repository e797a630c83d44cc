import type { Span } from './ast.js'

/** How bad a problem is: errors stop a run, warnings do not. */
export type Severity = 'error' | 'warning'

/** Which text of an element a position points into. */
export type Field = 'equation' | 'initial' | 'inflows' | 'outflows' | 'points' | 'time' | 'name'

/** One problem found in a model, with enough to find and fix it. */
export interface Issue {
  readonly severity: Severity
  readonly code: string
  readonly message: string
  /** Display name of the element, when the problem belongs to one. */
  readonly element?: string
  readonly field?: Field
  readonly span?: Span
  readonly hint?: string
}

/** One line for a person: `file: error [code] "Element" equation at 12: message (hint)`. */
export function formatIssue(issue: Issue, file?: string): string {
  const where: string[] = []
  if (issue.element !== undefined) where.push(`"${issue.element}"`)
  if (issue.field !== undefined) where.push(issue.span ? `${issue.field} at ${issue.span.start + 1}` : issue.field)
  const head = `${file ? `${file}: ` : ''}${issue.severity} [${issue.code}]${where.length ? ' ' + where.join(' ') : ''}`
  return `${head}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`
}

/** A user mistake (bad model, bad option): the CLI prints its message on one line, never a stack. */
export class StockflowError extends Error {
  readonly issues: readonly Issue[]
  constructor(message: string, issues: readonly Issue[] = []) {
    super(message)
    this.name = 'StockflowError'
    this.issues = issues
  }
}

/** An equation that cannot be read; `span` is where in its text. */
export class EquationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'EquationError'
  }
}
