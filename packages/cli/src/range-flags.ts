import { StockflowError } from '@stockflow/model'
import { parseVary } from '@stockflow/experiments'
import type { CompiledModel } from '@stockflow/solver'
import { flagNameProblems } from './flag-names.js'
import type { Io } from './io.js'
import { assignments, list } from './options.js'
import { setProblems, varyProblems } from './range-check.js'

/**
 * The checks a run's or an experiment's flags get once the model is compiled and before anything
 * runs or is written: names first (a did-you-mean naming the flag), then ranges, which warn on stderr
 * or, with --strict, fail the command.
 */

/** What `run` (and `plot`, which takes the run flags) gives: `--set` as read, `--vars` as typed. */
export interface RunFlagValues {
  readonly set: Readonly<Record<string, number>>
  readonly vars?: string
  readonly strict?: boolean
}

/** Checks `--set` and `--vars` of a run of `compiled` (read from `file`); warns on `io` or throws. */
export function checkRunFlags(compiled: CompiledModel, flags: RunFlagValues, file: string, io: Io): void {
  refuseNames([
    ...flagNameProblems(compiled, '--set', Object.keys(flags.set), file),
    ...flagNameProblems(compiled, '--vars', list(flags.vars) ?? [], file),
  ])
  reportRanges(setProblems(compiled, flags.set, file), flags.strict, io)
}

/** The experiment flags the checks read (every experiment command has them). */
export interface ExperimentFlagValues {
  readonly set?: readonly string[]
  readonly vary?: readonly string[]
  readonly output?: readonly string[]
  readonly strict?: boolean
}

/** Checks `--set`, `--vary` and `--output` of an experiment on `compiled`; warns on `io` or throws. */
export function checkExperimentFlags(compiled: CompiledModel, flags: ExperimentFlagValues, file: string, io: Io): void {
  const set = assignments(flags.set)
  const given = (flags.vary ?? []).map((text) => ({ text, vary: parseVary(text) }))
  refuseNames([
    ...flagNameProblems(compiled, '--set', Object.keys(set), file),
    ...flagNameProblems(
      compiled,
      '--vary',
      given.map((g) => g.vary.name),
      file,
    ),
    ...flagNameProblems(
      compiled,
      '--output',
      (flags.output ?? []).flatMap((o) => list(o) ?? []),
      file,
    ),
  ])
  reportRanges([...setProblems(compiled, set, file), ...varyProblems(compiled, given, file)], flags.strict, io)
}

/** Every unknown name of every flag, a line each, in one error. */
function refuseNames(problems: readonly string[]): void {
  if (problems.length) throw new StockflowError(problems.join('\n'))
}

/** Warnings on stderr, one line each; with --strict one error of as many lines (exit 1, nothing written). */
export function reportRanges(problems: readonly string[], strict: boolean | undefined, io: Io): void {
  if (problems.length === 0) return
  if (strict)
    throw new StockflowError(problems.map((p) => `${p}; --strict allows only values within the range`).join('\n'))
  for (const p of problems) io.stderr(`stockflow: warning: ${p}\n`)
}
