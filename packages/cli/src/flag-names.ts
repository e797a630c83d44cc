import { StockflowError } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'

/**
 * Checks that each name a flag gives (`--set`, `--vary`, `--vars`, `--output`, a `--data` column)
 * stands for variables of the model, before anything runs; else one line per bad name, each naming the
 * flag, the file and the closest one or two names (the did-you-mean of @stockflow/model, elements matched
 * by subscripts), all in one error so a list with two typos is fixed in one go.
 */
export function checkFlagNames(compiled: CompiledModel, flag: string, names: readonly string[], file: string): void {
  const problems = flagNameProblems(compiled, flag, names, file)
  if (problems.length) throw new StockflowError(problems.join('\n'))
}

/** The lines checkFlagNames reports for one flag, a line per distinct bad name; none when all are good. */
export function flagNameProblems(
  compiled: CompiledModel,
  flag: string,
  names: readonly string[],
  file: string,
): string[] {
  const problems = [...new Set(names)].flatMap((name) => {
    const meaning = nameMeaning(compiled, name)
    if (meaning.ok) return []
    return [
      meaning.unknown
        ? `${flag}: no variable "${name}" in ${file}${meaning.detail}`
        : `${flag}: "${name}" in ${file}: ${meaning.detail}`,
    ]
  })
  return problems
}
