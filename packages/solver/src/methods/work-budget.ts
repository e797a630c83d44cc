import { MAX_BREAKPOINTS } from '../breakpoints.js'

/**
 * The work an adaptive run may do by default, in derivative evaluations. Counted, not timed, so a
 * run stops at the same place on every machine. The models of the tests use at most about 40,000;
 * a million takes a small model well under a second.
 */
export const DEFAULT_MAX_EVALUATIONS = 1_000_000

/**
 * What one restart at an input jump costs, in evaluations: odex sets up afresh and its first step
 * tries several extrapolation columns (measured: a run of tiny pieces spends about this per piece).
 */
export const RESTART_COST = 32

/** The evaluations, steps and restarts of one adaptive run, against its limit. */
export class WorkBudget {
  /** Evaluations so far, restarts counted at RESTART_COST each. */
  private spent = 0
  private restartsSpent = 0
  /** Accepted steps, for messages. */
  steps = 0

  constructor(readonly limit: number) {}

  /** The most restart times a run may have: more could not finish within the limit. */
  get maxBreakpoints(): number {
    return Math.min(MAX_BREAKPOINTS, Math.floor(this.limit / RESTART_COST))
  }

  /** Counts one evaluation; false once the limit is passed. */
  evaluation(): boolean {
    return ++this.spent <= this.limit
  }

  /** Counts a restart; false once the limit is passed. */
  restart(): boolean {
    this.restartsSpent += RESTART_COST
    this.spent += RESTART_COST
    return this.spent <= this.limit
  }

  /** Whether restarts took a large share of what was spent (rather than steps that kept shrinking). */
  get mostlyRestarts(): boolean {
    return this.restartsSpent * 3 >= this.spent
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.restartsSpent / RESTART_COST
  }
}
