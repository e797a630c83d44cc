import { checkUnits, formatIssue, lint, StockflowError, validate } from '@stockflow/model'
import type { Issue, LintRun } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { loadModel } from '../load.js'

/**
 * `stockflow check MODEL`: every error and warning (validation, then lint, then units), one per line;
 * returns the exit code.
 */
export async function checkCommand(
  path: string,
  flags: { strict?: boolean },
  stdout: (text: string) => void,
): Promise<number> {
  const { model, file, warnings = [] } = await loadModel(path)
  // What the importer recovered from (malformed XML, a method Vensim never used) comes first.
  for (const w of warnings) stdout(`${asWarning(w)}\n`)
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
      if (!(err instanceof StockflowError)) throw err
      issues.push({ severity: 'error', code: 'compile', message: err.message.replace(/^model "[^"]*": /, '') })
    }
  }
  issues.push(...lint(model, run))
  // Unit mistakes are warnings: they change no number, so the model still runs; --strict fails on them.
  issues.push(...(await checkUnits(model)))
  for (const issue of issues) stdout(formatIssue(issue, file) + '\n')
  const errors = issues.filter((i) => i.severity === 'error').length
  const warned = issues.length - errors + warnings.length
  if (errors === 0 && warned === 0) stdout(`${file}: ok, ${model.elements.length} elements, no problems\n`)
  return errors > 0 || (flags.strict && warned > 0) ? 1 : 0
}

/** `file:12: malformed XML ...` becomes `file:12: warning: malformed XML ...`. */
export function asWarning(text: string): string {
  const at = /^(.*?:\d+): /.exec(text)
  return at ? `${at[1]}: warning: ${text.slice(at[0].length)}` : `warning: ${text}`
}
