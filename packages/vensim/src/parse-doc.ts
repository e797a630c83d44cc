import type { Doc, UnitRange } from './ast.js'

/** A line continuation: `\`, the line break, and the tabs that indent the next line. */
const CONTINUATION = /\\[ \t]*(\r\n|\n|\r)\t*/g

/** The units, comment and flags after an equation's first `~`, through its `|`. */
export interface DocRead {
  readonly doc: Doc
  /** The offset after the `|`, or `end` when the definition is not closed. */
  readonly next: number
  readonly closed: boolean
  /** A units range Vensim would refuse (`[0, x]`), with where it starts. */
  readonly problem?: { readonly offset: number; readonly message: string }
}

/** One bound of `[min, max, step]`: a number, or none (`?`, and `inf`/`-inf`/`nan` from other tools). */
function bound(text: string): number | undefined | null {
  const t = text.trim().toLowerCase()
  if (t === '' || t === '?' || t === 'nan' || t === 'inf' || t === '+inf' || t === '-inf') return undefined
  const n = Number(t)
  return Number.isNaN(n) ? null : n
}

/** Units with an optional range at their end: `Month [0,?]`, `Dmnl [0,1,0.1]`. */
function unitsAndRange(field: string): { units?: string; range?: UnitRange; bad?: string } {
  // Most units are a word or two on one line: the regular expressions only run when they can matter.
  let clean = field.trim()
  if (clean === '') return {}
  if (/[\\\s]/.test(clean)) clean = clean.replace(CONTINUATION, '').replace(/\s+/g, ' ')
  const m = clean.endsWith(']') ? /^(.*?)\s*\[([^[\]]*)\]$/.exec(clean) : null
  if (!m) return { units: clean }
  const units = m[1]!
  const parts = m[2]!.split(',').map(bound)
  const bad = m[2]!.split(',').find((_, i) => parts[i] === null)
  if (bad !== undefined || parts.length > 3) return { ...(units ? { units } : {}), bad: `[${m[2]}]` }
  const [min, max, step] = parts as (number | undefined)[]
  const range: UnitRange = {
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(step !== undefined ? { step } : {}),
  }
  return { ...(units ? { units } : {}), range }
}

/** A comment as its lines, each trimmed, wrapped lines joined. */
function commentText(field: string): string {
  if (!/[\\\r\n]/.test(field)) return field.trim()
  return field
    .replace(CONTINUATION, '')
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .join('\n')
    .trim()
}

/**
 * Reads the raw text from `start` (just after the first `~`) to the next `|` before `end`. Quotes mean
 * nothing here, so an odd `"` in a comment cannot swallow the next definition.
 */
export function readDoc(text: string, start: number, end: number): DocRead {
  let bar = text.indexOf('|', start)
  const closed = bar >= 0 && bar < end
  if (!closed) bar = end
  const fields = text.slice(start, bar).split('~')
  const last = fields.length > 2 ? fields[fields.length - 1]!.trim() : ''
  const supplementary = /^:SUP/i.test(last)
  if (supplementary) fields.pop()
  const { units, range, bad } = unitsAndRange(fields[0]!)
  const comment = commentText(fields.length === 2 ? fields[1]! : fields.slice(1).join('~'))
  // Assigned field by field: object spreads cost more than the rest of a definition's reading.
  const doc: { -readonly [K in keyof Doc]: Doc[K] } = {}
  if (units !== undefined) doc.units = units
  if (range !== undefined) doc.range = range
  if (comment !== '') doc.comment = comment
  if (supplementary) doc.supplementary = true
  const next = closed ? bar + 1 : end
  if (bad === undefined) return { doc, next, closed }
  const offset = start + Math.max(0, fields[0]!.indexOf('['))
  return {
    doc,
    next,
    closed,
    problem: { offset, message: `the units range ${bad} is not [min, max] or [min, max, step] of numbers or ?` },
  }
}
