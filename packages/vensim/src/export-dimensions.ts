import type { Dimension } from '@stockflow/model'
import { vensimSubscript } from './export-names.js'

/**
 * The model's dimensions as Vensim subscript ranges: `Region: north, south, east`, with `-> Other` or
 * `-> (Other: a, b, c)` for its mappings, and `Alias <-> Region` for each alias. A subrange is written
 * with its elements only: Vensim (and the import) take the largest range holding them for its parent.
 */
export function subscriptRanges(dims: readonly Dimension[]): string[] {
  const out: string[] = []
  for (const d of dims) {
    const mappings = (d.mappings ?? []).map((m) =>
      m.elements === undefined
        ? vensimSubscript(m.to)
        : `(${vensimSubscript(m.to)}: ${m.elements.map(vensimSubscript).join(', ')})`,
    )
    const to = mappings.length > 0 ? ` -> ${mappings.join(', ')}` : ''
    out.push(`${vensimSubscript(d.name)}: ${d.elements.map(vensimSubscript).join(', ')}${to}\n\t~\t\n\t~\t\n\t|\n`)
    for (const alias of d.aliases ?? [])
      out.push(`${vensimSubscript(alias)} <-> ${vensimSubscript(d.name)}\n\t~\t\n\t~\t\n\t|\n`)
  }
  return out
}
