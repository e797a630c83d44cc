import { StockflowError, canonicalId } from '@stockflow/model'
import { didYouMean } from '@stockflow/model/internal'
import type { CompiledModel } from './compile.js'
import type { Slot } from './ir.js'
import { recordingOf } from './recording.js'
import type { Recording } from './recording.js'

/** The outputs a run was asked for (`vars`), resolved: their slots, recording and ids. */
export interface Selection {
  readonly outputs: readonly Slot[]
  readonly recording: Recording
  /** Output number by canonical id (the last of repeats), shared by the runs that record them. */
  readonly index: ReadonlyMap<string, number>
}

/** Distinct `vars` lists remembered per compiled model; past it the memory starts over. */
const MAX_SELECTIONS = 64

interface Memo {
  /** The list last resolved, as given and as it was then (a caller may change its array). */
  last?: { readonly given: readonly string[]; readonly names: readonly string[]; readonly selection: Selection }
  readonly byKey: Map<string, Selection>
}

const memos = new WeakMap<CompiledModel, Memo>()

/**
 * The selection of `vars` in a compiled model, resolved once per list: callers running one model
 * many times pass the same list, and resolving 256 names (World3's outputs) again cost a tenth of
 * its run. The same array with the same names is found without building a key.
 */
export function selectionOf(compiled: CompiledModel, vars: readonly string[]): Selection {
  let memo = memos.get(compiled)
  if (!memo) memos.set(compiled, (memo = { byKey: new Map() }))
  const last = memo.last
  if (last && last.given === vars && sameNames(last.names, vars)) return last.selection
  const key = JSON.stringify(vars)
  let selection = memo.byKey.get(key)
  if (!selection) {
    selection = resolve(compiled, vars)
    if (memo.byKey.size >= MAX_SELECTIONS) memo.byKey.clear()
    memo.byKey.set(key, selection)
  }
  memo.last = { given: vars, names: vars.slice(), selection }
  return selection
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function resolve(compiled: CompiledModel, vars: readonly string[]): Selection {
  const { program } = compiled
  const m = compiled.model
  const outputs = vars.map((name) => {
    const s = program.byId.get(canonicalId(name))
    if (!s) throw new StockflowError(`no variable "${name}" in model "${m.name}"${didYouMean(name, namesOf(compiled))}`)
    return s
  })
  const recording = recordingOf(
    outputs.map((s) => program.sourceOf[s.index]!),
    compiled.recording.byRow,
  )
  return { outputs, recording, index: new Map(outputs.map((s, j) => [s.id, j])) }
}

/** Every variable's display name, for did-you-mean (lookups are not variables of a run). */
export const namesOf = (compiled: Pick<CompiledModel, 'model'>): string[] =>
  compiled.model.elements.filter((e) => e.kind !== 'lookup').map((e) => e.name)
