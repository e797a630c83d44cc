import { StockflowError } from '@stockflow/model'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'

/**
 * Checks that each name a flag gives (`--set`, `--vary`, `--vars`, `--output`, a `--data` column)
 * stands for variables of the model, before anything runs; else one line naming the flag, with the
 * file and the closest one or two names (the did-you-mean of @stockflow/model, elements matched by subscripts).
 */
export function checkFlagNames(compiled: CompiledModel, flag: string, names: readonly string[], file: string): void {
  for (const name of names) {
    const meaning = nameMeaning(compiled, name)
    if (meaning.ok) continue
    throw new StockflowError(
      meaning.unknown
        ? `${flag}: no variable "${name}" in ${file}${meaning.detail}`
        : `${flag}: "${name}" in ${file}: ${meaning.detail}`,
    )
  }
}
