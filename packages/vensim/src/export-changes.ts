import { vensimName, vensimNumber, vensimSubscript } from './export-names.js'

/** One constant a changes file sets: the variable, the element's subscripts (none for a scalar), the value. */
export interface ConstantChange {
  readonly name: string
  readonly subscripts: readonly string[]
  readonly value: number
}

/**
 * A Vensim changes file (`.cin`) setting constants in order (a later line overrides an earlier one), as
 * Vensim and `parseChanges` read it: `{ comment }` first when given, then `Name[sub] = value` a line.
 * Names are spelled as in an exported `.mdl`, so the file applies to one written by `exportMdl`.
 */
export function exportChanges(changes: readonly ConstantChange[], comment?: string): string {
  const head = comment ? `{ ${comment.replace(/[{}]/g, '')} }\n` : ''
  const lines = changes.map((c) => {
    const subs = c.subscripts.length ? `[${c.subscripts.map(vensimSubscript).join(',')}]` : ''
    const value = vensimNumber(c.value, () => `the change of ${c.name}${subs}`)
    return `${vensimName(c.name)}${subs} = ${value}\n`
  })
  return head + lines.join('')
}
