/** A name as the modeler wrote it: `Room Temperature`, `产能`. */
export type VarName = string

/** A canonical id: lowercase, runs of spaces and underscores folded to one `_`, Unicode letters kept. */
export type VarId = string

/**
 * Canonical id of a display name; names that differ only in case, spaces or underscores share an id.
 * An array element's name `Pop[North, Young]` has the id `pop[north,young]`: no spaces at brackets or commas.
 */
export function canonicalId(name: string): VarId {
  return name
    .replace(/\\n/g, ' ')
    .replace(/\s*([[\],])\s*/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '_')
    .replace(/^_+|_+$/g, '')
}
