import type { Span } from './ast.js'

/** How bad a problem is: errors stop a run, warnings do not. */
export type Severity = 'error' | 'warning'

/** Which text of an element a position points into. */
export type Field = 'equation' | 'initial' | 'inflows' | 'outflows' | 'points' | 'time' | 'name' | 'dimensions'

/**
 * Every code an issue can carry and what it means, in one table: a code is emitted only once it has a
 * line here (the key is what `stockflow check` prints in brackets).
 */
export const ISSUE_CODES = {
  // Equation text (parse.ts), each with a position.
  syntax: 'the equation cannot be read',
  'empty-equation': 'an equation is blank',
  'too-deep': 'an equation is nested too deeply or is too long to read',
  'unsupported-syntax':
    'syntax the equations do not have: assignments, matrices, subscripts that are expressions, percentages, other operators',
  'implicit-multiplication': 'two terms side by side with no operator between them',
  // Time settings (validate.ts).
  'bad-time': 'start, stop or dt is not a finite number, or stop is not after start',
  'bad-dt': 'dt is not positive',
  'bad-saveper': 'saveper is not positive',
  'saveper-not-multiple': 'saveper is not a whole multiple of dt',
  // Names (validate.ts).
  'empty-name': 'an element has no name',
  'bad-id': "an element's id is not the canonical id of its name",
  'reserved-name': 'an element is named like a builtin',
  'duplicate-name': 'two names fold to the same id (case, spaces and underscores do not count)',
  // References and calls (validate.ts).
  'missing-initial': 'a stock has no initial value',
  'unknown-reference': 'an equation names something that is not an element',
  'lookup-as-value': 'a lookup is read as a value instead of being called with an input',
  'unknown-function': 'a call names neither a builtin nor a lookup',
  'not-a-lookup': 'an element that is not a lookup is called like one',
  'wrong-arity': 'a builtin gets too few or too many arguments',
  'order-not-constant': 'the order of SMTHN or DELAYN is not a number',
  'bad-order': 'the order of SMTHN or DELAYN is not a whole number in range',
  'unknown-flow': "a stock's inflows or outflows name no element",
  'not-a-flow': "a stock's inflows or outflows name an element that is not a flow",
  'bad-value': "a parameter's value is not a finite number",
  'lookup-points': "a lookup's x and y differ in length, are empty or hold non-finite numbers",
  'lookup-not-monotone': "a lookup's x values do not increase",
  // Structure (validate.ts).
  'algebraic-loop': 'a feedback loop with no stock (or SMTH/DELAY) to break it',
  'initial-loop': 'initial values that depend on each other in a circle',
  'unattached-flow': 'a flow that moves no stock',
  unused: 'a parameter or lookup no equation reads',
  // Names written as strings (validate-names.ts).
  'scenario-key':
    'a scenario sets a name that is no variable, a variable an equation computes, or a value that is not a number',
  'loop-variable': 'a named loop lists a name that is neither a variable nor one element of an array',
  // Arrays (dimensions.ts, flatten*.ts).
  'bad-dimension': 'a dimension has no elements, repeats one, is defined twice, or is a subrange of no dimension',
  'bad-mapping': 'a mapping between dimensions names an unknown dimension or element, or its sizes differ',
  'unknown-dimension': 'a variable is arrayed over a name that is not a dimension',
  'unknown-subscript': 'a subscript names neither an element nor a dimension',
  'subscript-count':
    'a reference or per-element equation has more or fewer subscripts than the variable has dimensions',
  'bad-subscript': "a subscript names an element outside the variable's dimension, or a position past its end",
  'not-arrayed': 'a variable that is not arrayed is read with subscripts',
  'unbound-dimension':
    'a dimension in an equation is neither the element being computed nor reduced by SUM and the like',
  'element-undefined': 'some elements of an arrayed variable have no equation',
  'element-defined-twice': 'an element of an arrayed variable has two per-element equations',
  'array-flow': "a stock's flow is arrayed over dimensions the stock does not have",
  'array-function': 'an array function gets an argument it cannot read',
  'too-many-elements': 'an arrayed model has more elements than the limit (MAX_FLAT_ELEMENTS) a run can hold',
  // Modelling practice (lint.ts).
  'missing-units': 'a stock, flow, parameter or auxiliary has no units',
  'buried-constant': 'an equation holds a number that should be a named parameter',
  'dt-too-large': 'dt is more than a quarter of the smallest time constant',
  'negative-stock': 'a stock goes negative in a run with the default values',
  'lookup-out-of-range': 'a lookup is read outside its x range in a run with the default values',
  // Units (check-units.ts).
  units: 'the units of an equation do not agree',
  'units-syntax': 'a units text cannot be read',
  // Running (the solver and the CLI).
  'non-finite': 'a variable became NaN or infinite during a run',
  compile: 'the model cannot be compiled (reported by `stockflow check`)',
} as const satisfies Readonly<Record<string, string>>

/** The code of an issue: a key of {@link ISSUE_CODES}. */
export type IssueCode = keyof typeof ISSUE_CODES

/** The codes an equation that cannot be read carries (see {@link EquationError}). */
export type EquationErrorCode = Extract<
  IssueCode,
  'syntax' | 'empty-equation' | 'too-deep' | 'unsupported-syntax' | 'implicit-multiplication'
>

/** One problem found in a model, with enough to find and fix it. */
export interface Issue {
  readonly severity: Severity
  readonly code: IssueCode
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
    // Subclasses keep this name too: it is how another copy of this package recognises the error.
    this.name = 'StockflowError'
    this.issues = issues
  }
}

/**
 * Whether `err` is a user mistake to print on one line: a StockflowError or a subclass (such as
 * XmileUnsupportedError), also when it comes from another copy of this package (a model module
 * loaded through tsx gets its own), which `instanceof` cannot see but the name tells.
 */
export function isStockflowError(err: unknown): err is StockflowError {
  if (err instanceof StockflowError) return true
  return err instanceof Error && err.name === 'StockflowError' && Array.isArray((err as { issues?: unknown }).issues)
}

/** An equation that cannot be read; `span` is where in its text. */
export class EquationError extends Error {
  constructor(
    readonly code: EquationErrorCode,
    message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'EquationError'
  }
}
