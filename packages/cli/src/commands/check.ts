import type { Command } from 'commander'
import { checkUnits, formatIssue, isStockflowError, lint, validate } from '@stockflow/model'
import type { Issue, LintRun } from '@stockflow/model'
import { hasArrays } from '@stockflow/model/internal'
import { compile, simulate } from '@stockflow/solver'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { typecheckRoots } from '../typecheck-roots.js'

/** The flags of `stockflow check`. */
export interface CheckFlags {
  readonly strict?: boolean
  /** false with --no-typecheck: skip the TypeScript compiler's check of a .ts model. */
  readonly typecheck?: boolean
}

/** The commander definition of `stockflow check`. */
export function checkOptions(command: Command): Command {
  return command
    .description('report errors and warnings, one per line; exit 1 on errors')
    .argument('<model>', MODEL_ARGUMENT_HELP)
    .option('--strict', 'exit 1 on warnings too')
    .option('--no-typecheck', 'do not type-check a .ts model (and its checks.ts) with the TypeScript compiler first')
}

/**
 * `stockflow check MODEL`: every error and warning (validation, then lint, then units), one per line
 * on stdout; returns the exit code (1 on errors, and with --strict on warnings). A `.ts` model is
 * type-checked first (unless --no-typecheck); with type errors it is not loaded at all.
 */
export async function checkCommand(path: string, flags: CheckFlags, io: Io): Promise<number> {
  // Type errors first: loading a model with a misspelt handle would fail with a worse message, or not at all.
  if (flags.typecheck !== false && (await typeErrors(path, io))) return 1
  const { model, file, warnings = [] } = await loadModel(path)
  // What the importer recovered from (malformed XML, a method Vensim never used) comes first.
  for (const w of warnings) io.stdout(`${asWarning(w)}\n`)
  const issues: Issue[] = validate(model)
  let run: LintRun | undefined
  if (!issues.some((i) => i.severity === 'error')) {
    // Compiling finds what only the expanded model shows, such as initial values that depend on each other.
    try {
      const compiled = compile(model)
      // One run with the model's defaults feeds the lints that need values (negative stocks, lookup ranges);
      // a run that fails is left to `stockflow run` to explain.
      try {
        run = simulate(compiled)
      } catch {
        run = undefined
      }
    } catch (err) {
      if (!isStockflowError(err)) throw err
      issues.push({ severity: 'error', code: 'compile', message: err.message.replace(/^model "[^"]*": /, '') })
    }
  }
  // An arrayed model whose arrays are wrong flattens with the spoiled equations reading 0: lint and
  // units would warn about that stand-in, not about the model, so they wait until it is fixed.
  const spoiled = hasArrays(model) && issues.some((i) => i.severity === 'error')
  if (!spoiled) {
    issues.push(...lint(model, run))
    // Unit mistakes are warnings: they change no number, so the model still runs; --strict fails on them.
    issues.push(...(await checkUnits(model)))
  }
  for (const issue of issues) io.stdout(formatIssue(issue, file) + '\n')
  const errors = issues.filter((i) => i.severity === 'error').length
  const warned = issues.length - errors + warnings.length
  if (errors === 0 && warned === 0) io.stdout(`${file}: ok, ${model.elements.length} elements, no problems\n`)
  return errors > 0 || (flags.strict && warned > 0) ? 1 : 0
}

/** `stockflow check`, as main registers it. */
export const checkCli = cliCommand('check', checkOptions, checkCommand)

/** Type-checks a .ts model, printing each error on its own line and then their count; true when there were any. */
async function typeErrors(path: string, io: Io): Promise<boolean> {
  if (typecheckRoots(path).length === 0) return false
  // The compiler is loaded only when there is TypeScript to check: it takes a while to load.
  const { formatTypeDiagnostic, typeErrorSummary, typecheckModel } = await import('../typecheck.js')
  const result = typecheckModel(path)
  if (result.diagnostics.length === 0) return false
  for (const d of result.diagnostics) io.stdout(formatTypeDiagnostic(d) + '\n')
  io.stdout(typeErrorSummary(result) + '\n')
  return true
}

/** `file:12: malformed XML ...` becomes `file:12: warning: malformed XML ...`. */
export function asWarning(text: string): string {
  const at = /^(.*?:\d+): /.exec(text)
  return at ? `${at[1]}: warning: ${text.slice(at[0].length)}` : `warning: ${text}`
}
