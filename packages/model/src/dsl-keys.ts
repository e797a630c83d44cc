/**
 * The option keys each DSL function takes, checked when it is called: a misspelt key (`form` for `from`)
 * would otherwise be dropped without a word wherever the model is not type-checked (plain JavaScript, a
 * notebook, `stockflow run`).
 */
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import { closestNames, suggestion } from './names.js'

/** One `true` per key of `T`, no more: a key added to an options type but not to its list does not compile. */
export type KeyRecord<T> = { readonly [K in keyof T]-?: true }

/** The keys of an options type, in the order its record gives them (the order the error lists them in). */
export function optionKeys<T>(record: KeyRecord<T>): readonly string[] {
  return Object.keys(record)
}

/**
 * Words for an option that edit distance does not reach (`maximum` is four edits from `max`), by
 * canonical id; each is suggested only where the function takes it.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  upper: ['max'],
  high: ['max'],
  ceiling: ['max'],
  lower: ['min'],
  low: ['min'],
  floor: ['min'],
  description: ['doc'],
  comment: ['doc'],
  note: ['doc'],
  unit: ['units'],
  equation: ['rate', 'initial'],
  formula: ['equation', 'rate', 'initial'],
  value: ['initial', 'equation'],
  init: ['initial'],
  source: ['from'],
  sink: ['to'],
  dims: ['dimensions'],
  subscripts: ['dimensions'],
  table: ['graph', 'points'],
  lookup: ['graph'],
  per_element: ['perElement'],
  except: ['perElement'],
  interpolation: ['mode'],
  final: ['stop'],
  end: ['stop'],
  begin: ['start'],
  step: ['dt'],
  timestep: ['dt'],
  time_step: ['dt'],
  save: ['saveper'],
  integration: ['method'],
}

/**
 * The keys `key` was probably meant to be: a known synonym, else the closest by spelling, else one that
 * begins the other (`maximum` and `max`, `init` and `initial`); none when nothing is near.
 */
export function nearKeys(key: string, known: readonly string[]): string[] {
  const id = canonicalId(key)
  const synonyms = (SYNONYMS[id] ?? []).filter((k) => known.includes(k))
  if (synonyms.length > 0) return synonyms.slice(0, 2)
  const close = closestNames(key, known)
  if (close.length > 0) return close
  return known
    .filter((k) => {
      const kid = canonicalId(k)
      return (id.length >= 3 && kid.startsWith(id)) || (kid.length >= 3 && id.startsWith(kid))
    })
    .slice(0, 2)
}

/**
 * Refuses options that are not a record, or that hold a key not in `known`, naming `where` (the call,
 * e.g. `flow "Recovery"`), the key, what it was probably meant to be and every key taken. `field` names
 * a nested record (`time`, `graph`) when the options checked are one.
 */
export function checkKeys(where: string, options: unknown, known: readonly string[], field?: string): void {
  const taker = field === undefined ? 'it' : `\`${field}\``
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const what = field === undefined ? 'its options' : taker
    throw new StockflowError(`${where}: give ${what} as a record { ${known.join(', ')} }`)
  }
  const key = Object.keys(options).find((k) => !known.includes(k))
  if (key === undefined) return
  const what = field === undefined ? `option "${key}"` : `key "${key}" in \`${field}\``
  const guess = suggestion(nearKeys(key, known))
  throw new StockflowError(`${where}: unknown ${what}${guess} (${taker} takes ${known.join(', ')})`)
}
