/**
 * Scenarios and named loops written with handles: `scenario('quota', { set: [[harvestRate, 0.1]] })`,
 * `namedLoop('R', { variables: [adopters, adoption] })`. A misspelt handle does not compile, where a
 * name in a string is checked only by validation; strings keep working beside handles.
 */
import type { AnyHandle, Subscripted } from './dsl-handle.js'
import { StockflowError } from './errors.js'
import { canonicalId } from './id.js'
import type { Aux, NamedLoop, Param, Scenario, Stock } from './types.js'

/**
 * What a scenario may set: a parameter, a stock (its initial value) or an auxiliary (one whose equation
 * is a constant), by handle; elements of one by `at(handle, ...)`; or any of these by name as text.
 * A flow or a lookup handle does not compile: nothing of theirs can be set.
 */
export type ScenarioKey = string | Param | Stock | Aux | Subscripted

/**
 * A scenario's values: a list of `[key, value]` whose keys may be handles, or a record by name. (The
 * record refuses a list, so a wrong entry of a list is reported against the list's entry type.)
 */
export type ScenarioValues =
  readonly (readonly [ScenarioKey, number])[] | (Readonly<Record<string, number>> & { readonly length?: never })

/** What `scenario()` takes besides the id. */
export interface ScenarioOptions {
  readonly name?: string
  readonly doc?: string
  readonly set: ScenarioValues
}

/**
 * A named set of values (a policy, a test, a loop knocked out), for `model({ scenarios })`. Keys in a
 * list may be handles (`[[harvestRate, 0.1], [at(rate, 'north'), 0.2]]`), kept as their names.
 */
export function scenario(id: string, options: ScenarioOptions): Scenario {
  if (typeof id !== 'string' || id.trim() === '') throw new StockflowError('scenario(): give the scenario an id')
  const where = `scenario "${id}"`
  const given = options?.set
  let set: Record<string, number>
  if (Array.isArray(given)) {
    const seen = new Map<string, string>()
    const pairs = (given as readonly unknown[]).map((entry, i): [string, number] => {
      if (!Array.isArray(entry) || entry.length !== 2)
        throw new StockflowError(`${where}: set entry ${i + 1} is not [key, value]; write e.g. [harvestRate, 0.1]`)
      const key = keyText(entry[0], `${where}: set entry ${i + 1}`)
      const before = seen.get(canonicalId(key))
      if (before !== undefined)
        throw new StockflowError(`${where} sets "${key}" twice (also as "${before}"); give each name once`)
      seen.set(canonicalId(key), key)
      return [key, entry[1] as number]
    })
    // fromEntries and spreading define own properties: "__proto__" stays a name like any other.
    set = Object.fromEntries(pairs)
  } else if (typeof given === 'object' && given !== null) {
    set = { ...(given as Readonly<Record<string, number>>) }
  } else {
    throw new StockflowError(`${where}: give \`set\` as a record by name or a list of [key, value]`)
  }
  const out: { -readonly [K in keyof Scenario]: Scenario[K] } = { id, set }
  if (options.name !== undefined) out.name = options.name
  if (options.doc !== undefined) out.doc = options.doc
  return out
}

/** A named loop's variable: a handle, one element of an array by `at(handle, ...)`, or a name as text. */
export type LoopVariable = string | AnyHandle | Subscripted

/** What `namedLoop()` takes besides the id. */
export interface NamedLoopOptions {
  /** Shown beside the loop; the id when left out. */
  readonly name?: string
  /** The polarity the modeler expects; the analysis says whether the loop it finds agrees. */
  readonly polarity: NamedLoop['polarity']
  /** In causal order: each a cause of the next, the last a cause of the first. */
  readonly variables: readonly LoopVariable[]
  readonly story?: string
}

/** A feedback loop the model is about, for `model({ loops })`; its variables may be handles. */
export function namedLoop(id: string, options: NamedLoopOptions): NamedLoop {
  if (typeof id !== 'string' || id.trim() === '') throw new StockflowError('namedLoop(): give the loop an id')
  const where = `named loop "${id}"`
  const { polarity } = options
  if (polarity !== 'reinforcing' && polarity !== 'balancing')
    throw new StockflowError(`${where}: polarity is ${JSON.stringify(polarity)}; give 'reinforcing' or 'balancing'`)
  if (!Array.isArray(options.variables) || options.variables.length === 0)
    throw new StockflowError(`${where}: give its variables in causal order`)
  const variables = options.variables.map((v, i) => keyText(v, `${where}: variable ${i + 1}`))
  const out: { -readonly [K in keyof NamedLoop]: NamedLoop[K] } = { id, name: options.name ?? id, polarity, variables }
  if (options.story !== undefined) out.story = options.story
  return out
}

/** A key as the model keeps it: text as given, a handle by its name, `at(...)` as `Name[a,b]`. */
function keyText(key: unknown, where: string): string {
  if (typeof key === 'string' && key.trim() !== '') return key
  if (typeof key === 'object' && key !== null) {
    const { name, ref, subscripts } = key as { name?: unknown; ref?: unknown; subscripts?: unknown }
    if (typeof name === 'string') return name
    if (typeof ref === 'string' && Array.isArray(subscripts)) {
      const texts = subscripts.map((s: unknown) => {
        if (typeof s === 'string') return s
        const { dimension, bang } = (s ?? {}) as { dimension?: unknown; bang?: unknown }
        if (typeof dimension !== 'string' || bang)
          throw new StockflowError(`${where}: at("${ref}", ...) takes elements, '*' or dimensions here, not bang()`)
        return dimension
      })
      return `${ref}[${texts.join(',')}]`
    }
  }
  throw new StockflowError(`${where} is ${JSON.stringify(key)}; give a handle, at(handle, ...) or a name`)
}
