import type { CompiledModel } from '@stockflow/solver'
import { checkOverrides, nameMeaning } from '@stockflow/solver/internal'

/**
 * The values `settings.set` gives every run, one entry per element, leaving out the elements a run
 * sets itself (the `varied` names): a varied value wins element by element whatever the breadth of
 * either name (`--set Growth=1` with `--vary Growth[north]=...` keeps Growth[south] at 1). Within the
 * base, the narrower name wins as in `simulate`. Mistakes (an unknown name, an auxiliary) are thrown.
 */
export function baseSet(
  compiled: CompiledModel,
  set: Readonly<Record<string, number>> | undefined,
  varied: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {}
  if (!set || Object.keys(set).length === 0) return out
  checkOverrides(compiled, { set })
  const taken = new Set(varied.flatMap((name) => idsOf(compiled, name)))
  const entries = Object.entries(set).map(([name, value]) => ({ value, ...meaningFor(compiled, name) }))
  // Stable sort: broad names first, so a narrower one given later or earlier overwrites them.
  entries.sort((a, b) => (a.fixed === b.fixed ? 0 : a.fixed < b.fixed ? -1 : 1))
  const { byId } = compiled.program
  for (const { ids, value } of entries) for (const id of ids) if (!taken.has(id)) out[byId.get(id)!.name] = value
  return out
}

function idsOf(compiled: CompiledModel, name: string): readonly string[] {
  const meaning = nameMeaning(compiled, name)
  return meaning.ok ? meaning.ids : []
}

function meaningFor(compiled: CompiledModel, name: string): { ids: readonly string[]; fixed: number } {
  const meaning = nameMeaning(compiled, name)
  // checkOverrides has refused names that mean nothing.
  return meaning.ok ? { ids: meaning.ids, fixed: meaning.fixed } : { ids: [], fixed: 0 }
}
