import { extname } from 'node:path'
import { StockflowError } from '@stockflow/model'

/** Commander collector for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** `--strict` of run and of every experiment (`check --strict` is another flag, about lint warnings). */
export const STRICT_OPTION = [
  '--strict',
  "a --set or --vary value outside a variable's range (its min/max) is an error instead of a warning",
] as const

/** A number option, or a clear error naming the flag. */
export function numberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) throw new StockflowError(`${flag} must be a number, got "${text}"`)
  return value
}

/** A time-step option (`--dt`, `--saveper`): a number above zero, or a clear error naming the flag. */
export function stepOption(flag: string, text: string | undefined): number | undefined {
  const value = numberOption(flag, text)
  if (value !== undefined && !(value > 0)) {
    const advice = flag === '--saveper' ? '; leave it out to save every dt' : ''
    throw new StockflowError(`${flag} must be positive, got ${text}${advice}`)
  }
  return value
}

/** `--set NAME=VALUE` pairs as a record; names keep their spelling (matching is case-insensitive later). */
export function assignments(pairs: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {}
  for (const pair of pairs) {
    const eq = pair.lastIndexOf('=')
    if (eq <= 0) throw new StockflowError(`--set expects NAME=VALUE, got "${pair}"`)
    const name = pair.slice(0, eq).trim()
    out[name] = numberOption(`--set ${name}`, pair.slice(eq + 1))!
  }
  return out
}

/**
 * A comma-separated list (`--vars "A,B"`), blanks dropped. Commas inside brackets belong to an element's
 * name (`x[north,young]`, the test-models convention), so the list splits only outside them.
 */
export function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const items: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const c = text[i]
    if (c === '[') depth++
    else if (c === ']') depth = Math.max(0, depth - 1)
    else if (i === text.length || (c === ',' && depth === 0)) {
      items.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  return items.filter(Boolean)
}

/** The formats an `--out` file's extension names. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = { '.csv': 'csv', '.tsv': 'tsv', '.json': 'json' }

/**
 * The output format: `--format`, else the one the `--out` file's extension names (.csv, .tsv, .json),
 * else `fallback`. An extension that contradicts the format is refused: a `.json` file holding CSV was
 * once written without a word.
 */
export function outputFormat(
  given: string | undefined,
  out: string | undefined,
  formats: readonly string[],
  fallback: string,
): string {
  const ext = out === undefined ? '' : extname(out).toLowerCase()
  const named = EXTENSION_FORMATS[ext]
  const format = given?.toLowerCase() ?? (named !== undefined && formats.includes(named) ? named : fallback)
  if (!formats.includes(format))
    throw new StockflowError(`--format must be one of ${formats.join(', ')}, got "${given}"`)
  if (named !== undefined && named !== format) {
    const fix =
      given === undefined
        ? `this command writes ${formats.join(' or ')}; name the file ${formats.map((f) => `.${f}`).join(' or ')}`
        : `--format is ${format}; leave --format out to write ${named}, or change the extension`
    throw new StockflowError(`--out ${out}: a ${ext} file, but ${fix}`)
  }
  return format
}
