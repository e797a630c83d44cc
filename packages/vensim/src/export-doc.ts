import { StockflowError } from '@stockflow/model'
import type { Element } from '@stockflow/model'

/**
 * The end of a Vensim definition: `~ units [min,max] ~ comment |`. `|` ends a definition wherever it
 * stands and `~` starts the next field, so units holding either, or a comment holding `|`, cannot be
 * written: a StockflowError says where.
 */
export function docText(units: string, comment: string, where: () => string): string {
  if (/[~|]/.test(units))
    throw new StockflowError(`${where()} holds "~" or "|", which a .mdl file cannot carry in units`)
  if (comment.includes('|'))
    throw new StockflowError(`${where()} holds "|", which ends a definition in a .mdl file; remove it from the doc`)
  const lines = comment.split(/\r\n|\r|\n/).map((l) => l.trim())
  return `\t~\t${units.trim()}\n\t~\t${lines.join('\n\t\t')}\n\t|\n`
}

/** An element's units with its range: `people [0,1000]`, `?` for a missing bound. */
export function unitsOf(e: Pick<Element, 'units' | 'min' | 'max' | 'name'>, where: () => string): string {
  const units = (e.units ?? '').trim()
  // Units ending in "]" would read back as a range.
  if (units.endsWith(']'))
    throw new StockflowError(`${where()}: its units "${units}" end with "]", which a .mdl file reads as a range`)
  if (e.min === undefined && e.max === undefined) return units
  const bound = (v: number | undefined) => (v === undefined ? '?' : String(v))
  if ((e.min !== undefined && !Number.isFinite(e.min)) || (e.max !== undefined && !Number.isFinite(e.max)))
    throw new StockflowError(`${where()}: its range must be finite numbers to be written in a .mdl file`)
  return `${units} [${bound(e.min)},${bound(e.max)}]`.trim()
}
