import { StockflowError } from '@stockflow/model'
import type { CompiledModel } from './compile.js'
import { arraysAmong, dimensionElements, meaningOf } from './element-names.js'
import type { ArrayVariable, DimensionElements, NameMeaning } from './element-names.js'
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
  // A whole array or a pattern with `*` stands for its elements, in the array's order.
  const outputs = vars.flatMap((name) => {
    const meaning = nameMeaning(compiled, name)
    if (!meaning.ok)
      throw new StockflowError(
        `no variable "${name}" in model "${m.name}"${meaning.unknown ? '' : ': '}${meaning.detail}`,
      )
    return meaning.ids.map((id) => program.byId.get(id)!)
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

const arrayMemo = new WeakMap<CompiledModel, ReadonlyMap<string, ArrayVariable>>()

/** The arrayed variables of a compiled model, read from its element names once (on first need). */
export function arraysOf(compiled: CompiledModel): ReadonlyMap<string, ArrayVariable> {
  let arrays = arrayMemo.get(compiled)
  if (!arrays) arrayMemo.set(compiled, (arrays = arraysAmong(compiled.variables)))
  return arrays
}

const dimensionMemo = new WeakMap<CompiledModel, DimensionElements>()

/** The dimensions of the model a compiled model was made from, for subscripts naming a subrange. */
export function dimensionsOf(compiled: CompiledModel): DimensionElements {
  let dims = dimensionMemo.get(compiled)
  if (!dims) dimensionMemo.set(compiled, (dims = dimensionElements(compiled.model)))
  return dims
}

/**
 * What a name means in a compiled model: a variable or element (any case or spacing), a whole array
 * (its elements), a pattern like `x[north,*]` or `x[Coast,*]` (a subrange: its elements); or why
 * none, with a did-you-mean.
 */
export function nameMeaning(compiled: CompiledModel, name: string): NameMeaning {
  const { byId } = compiled.program
  return meaningOf(
    name,
    (id) => byId.has(id),
    () => arraysOf(compiled),
    () => namesOf(compiled),
    () => dimensionsOf(compiled),
  )
}
