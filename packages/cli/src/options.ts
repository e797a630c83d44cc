import { StockflowError } from '@stockflow/model'

/** Commander collector for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

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
