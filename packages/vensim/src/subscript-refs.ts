import type { Subscript as ModelSubscript } from '@stockflow/model'
import type { Pos, Subscript, SubscriptRange } from './ast.js'
import { DataFileError } from './data-errors.js'
import type { DataSource } from './data-files.js'
import { directFunctionKind } from './data-functions.js'
import { readDirectSubscript } from './data-subscript.js'
import { displayName, idOf } from './names.js'
import type { SubscriptRanges } from './subscript-ranges.js'

/**
 * Subscripts as written in a reference, as the model's: names spelled as their ranges define them, a
 * range that `bound` narrows to one element written as that element, bangs kept on ranges. Unknown
 * names and bangs on elements are problems (undefined).
 */
export function translateSubscripts(
  written: readonly Subscript[],
  ranges: SubscriptRanges,
  bound: ReadonlyMap<string, string>,
  problem: (pos: Pos, message: string) => void,
): ModelSubscript[] | undefined {
  const out: ModelSubscript[] = []
  let ok = true
  for (const s of written) {
    const one = s.bang ? undefined : bound.get(idOf(s.name))
    if (one !== undefined) {
      out.push({ kind: 'name', name: one })
      continue
    }
    const meaning = ranges.meaning(s.name)
    if (!meaning) {
      problem(s.pos, ranges.unknown(s.name))
      ok = false
    } else if (s.bang && meaning.kind !== 'range') {
      problem(s.pos, `"${displayName(s.name)}!": a bang marks a subscript range, not an element; write the range`)
      ok = false
    } else if (meaning.kind === 'range') out.push({ kind: s.bang ? 'bang' : 'name', name: meaning.range.name })
    else out.push({ kind: 'name', name: meaning.name })
  }
  return ok ? out : undefined
}

/**
 * `Region: GET DIRECT SUBSCRIPT('file', 'tab', 'first cell', 'last cell', 'prefix')`: the elements read
 * from the model's data files, or undefined after a problem.
 */
export function rangeFromData(
  d: SubscriptRange,
  source: DataSource | undefined,
  problem: (pos: Pos, message: string) => void,
): readonly string[] | undefined {
  const call = d.fromData
  const fail = (pos: Pos, message: string) => {
    problem(pos, message)
    return undefined
  }
  if (call?.t !== 'call' || directFunctionKind(call.fn) !== 'subscript')
    return fail(d.pos, 'a subscript range is a list of elements, or GET DIRECT SUBSCRIPT(...)')
  const args = call.args.map((a) => (a.t === 'str' ? a.value : undefined))
  if (args.length !== 5 || args.some((a) => a === undefined))
    return fail(
      call.pos,
      "GET DIRECT SUBSCRIPT takes 5 quoted arguments ('file', 'tab', 'first cell', 'last cell', 'prefix')",
    )
  const [file, tab, firstCell, lastCell, prefix] = args as string[]
  if (!source)
    return fail(call.pos, `GET DIRECT SUBSCRIPT reads '${file}', but no data files were given with the model`)
  try {
    return readDirectSubscript(source, {
      file: file!,
      tab: tab!,
      firstCell: firstCell!,
      lastCell: lastCell!,
      prefix: prefix!,
    })
  } catch (err) {
    if (!(err instanceof DataFileError)) throw err
    return fail(call.pos, err.message)
  }
}
