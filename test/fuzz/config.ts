import { EquationError, StockflowError } from '@stockflow/model'
import type { Parameters } from 'fast-check'

/**
 * Fuzzing settings. In CI every property runs a bounded number of cases from a fixed seed, so a
 * failure reproduces; `FUZZ_RUNS=100000 npx vitest run test/fuzz` runs at length (from a fresh seed,
 * printed on failure, unless `FUZZ_SEED` fixes one).
 */
const onDemand = Number(process.env.FUZZ_RUNS ?? '') || 0
const fixedSeed = Number(process.env.FUZZ_SEED ?? '') || 0x5f0c4
const seed = process.env.FUZZ_SEED || !onDemand ? fixedSeed : Date.now() % 0x7fffffff

/** fast-check parameters: `ci` cases in CI, FUZZ_RUNS on demand. */
export function fuzz(ci: number): Parameters<unknown> {
  return { seed, numRuns: onDemand || ci, endOnFailure: true }
}

/** The vitest timeout of a fuzz test: generous in CI, unbounded in practice on demand. */
export const FUZZ_TIMEOUT = onDemand ? 24 * 3600_000 : 60_000

/**
 * On demand only, the most processor time one case may take before it counts as a hang (ms): an
 * exploration's finding, not a test of speed. Processor time, not wall time, as a busy machine makes a
 * case wait for a core. In CI nothing is timed: a hang shows as the test's timeout (FUZZ_TIMEOUT).
 */
export const CASE_LIMIT_MS = onDemand ? 5_000 : Infinity

/** Processor time this process has used, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Whether an error is one stockflow means a user to see: a StockflowError or EquationError with a message. */
export function isUserError(err: unknown): boolean {
  return (err instanceof StockflowError || err instanceof EquationError) && err.message.trim().length > 0
}

/**
 * Runs `f`; returns its result, or undefined when it threw a user error. Anything else (a TypeError, a
 * RangeError, a stack overflow, a plain Error) is rethrown so the property fails and fast-check shrinks it.
 * On demand, a case using more than CASE_LIMIT_MS of processor time fails too: it stands for a hang.
 */
export function handled<T>(f: () => T): T | undefined {
  const started = cpuMs()
  let result: T | undefined
  try {
    result = f()
  } catch (err) {
    if (!isUserError(err)) throw err
  }
  const ms = cpuMs() - started
  if (ms > CASE_LIMIT_MS) throw new Error(`one case took ${Math.round(ms)} ms of processor time (a hang?)`)
  return result
}
