import { resolveDimensions } from './dimensions.js'
import { canonicalId } from './id.js'
import { closestNames, suggestion } from './names.js'
import type { Model } from './types.js'

/**
 * Names of array elements in runs, overrides and output lists. A flattened model has one variable per
 * element, named `Population[North]` or `x[north,young]` (element names in the variable's dimension
 * order, rows first); these helpers read those names back into arrays, so a user may name one element
 * (any case or spacing), a whole array (`Population`: every element, in order) or a pattern with `*`
 * (`x[north,*]`).
 */

/** One element of an arrayed variable: its name in runs (`Population[North]`), id and subscripts. */
export interface ArrayElement {
  readonly name: string
  readonly id: string
  /** Element names, one per dimension: `['North']`, `['north', 'young']`. */
  readonly subscripts: readonly string[]
}

/** An arrayed variable of a compiled model: its name and its elements in order (last dimension fastest). */
export interface ArrayVariable {
  readonly name: string
  readonly id: string
  readonly elements: readonly ArrayElement[]
}

/** The variable name and subscripts of an element name (`Pop[North, Young]`), or undefined for a plain name. */
export function splitElementName(name: string): { readonly base: string; readonly subscripts: string[] } | undefined {
  const text = name.trim()
  if (!text.endsWith(']')) return undefined
  const open = text.indexOf('[')
  if (open <= 0 || text.indexOf(']') !== text.length - 1) return undefined
  const base = text.slice(0, open).trim()
  if (!base || text.indexOf('[', open + 1) >= 0) return undefined
  return {
    base,
    subscripts: text
      .slice(open + 1, -1)
      .split(',')
      .map((s) => s.trim()),
  }
}

/** The arrays among variables in model order (flat names), by the canonical id of the variable's name. */
export function arraysAmong(variables: readonly { readonly name: string }[]): Map<string, ArrayVariable> {
  const arrays = new Map<string, { name: string; id: string; elements: ArrayElement[] }>()
  for (const v of variables) {
    const split = splitElementName(v.name)
    if (!split) continue
    const id = canonicalId(split.base)
    let a = arrays.get(id)
    if (!a) arrays.set(id, (a = { name: split.base, id, elements: [] }))
    a.elements.push({ name: v.name, id: canonicalId(v.name), subscripts: split.subscripts })
  }
  return arrays
}

/** The element ids of each dimension, subrange and alias of a model, by the canonical id of its name. */
export type DimensionElements = ReadonlyMap<string, ReadonlySet<string>>

/**
 * The dimensions of a model as given (a flat model has none left), so that a subscript may name a
 * subrange or dimension (`Beta[Coast]`) and stand for its elements. A model whose dimensions do not
 * resolve fails elsewhere; here its faulty ones are only left out.
 */
export function dimensionElements(model: Model): DimensionElements {
  const out = new Map<string, ReadonlySet<string>>()
  if (!model.dimensions?.length) return out
  for (const d of resolveDimensions(model, []).all) out.set(d.id, new Set(d.elementIds))
  return out
}

/** What a name given by a user stands for: element ids, or why it stands for none. */
export type NameMeaning =
  | { readonly ok: true; readonly ids: readonly string[]; readonly array?: ArrayVariable; readonly fixed: number }
  | {
      readonly ok: false
      /** The variable itself is unknown (callers keep their "no such variable" wording). */
      readonly unknown: boolean
      /** `; did you mean "X"?`, or for an array mistake the sentence saying what is wrong. */
      readonly detail: string
    }

/**
 * What `name` means among a model's variables: `has(id)` says whether one exists by that canonical id;
 * `arrays` (built on first need, see arraysAmong) and `names` (every variable's display name, for
 * did-you-mean) are only read when the name is not a variable's own; `dimensions` (optional) lets a
 * subscript name a subrange or dimension, standing for its elements (an element of the array so named
 * comes first). `fixed` measures how narrow a name is: 1 per element subscript, 1/2 per subrange or
 * dimension, 0 for `*` or a whole array, Infinity for a variable or element named exactly, so that
 * overrides can apply the broad ones first and let the narrower win.
 */
export function meaningOf(
  name: string,
  has: (id: string) => boolean,
  arrays: () => ReadonlyMap<string, ArrayVariable>,
  names: () => readonly string[],
  dimensions?: () => DimensionElements,
): NameMeaning {
  const id = canonicalId(name)
  if (has(id)) return { ok: true, ids: [id], fixed: Infinity }
  const whole = arrays().get(id)
  if (whole) return { ok: true, ids: whole.elements.map((e) => e.id), array: whole, fixed: 0 }
  const split = splitElementName(name)
  const array = split && arrays().get(canonicalId(split.base))
  if (!split || !array) {
    const all = [...names(), ...[...arrays().values()].map((a) => a.name)]
    const close = closestNames(split ? split.base : name, all)
    const shown = split ? close.map((c) => elementGuess(c, split.subscripts, arrays(), dimensions)) : close
    return { ok: false, unknown: true, detail: suggestion(shown) }
  }
  const rank = array.elements[0]!.subscripts.length
  if (split.subscripts.length !== rank) {
    return {
      ok: false,
      unknown: false,
      detail: `${array.name} has ${rank} dimension${rank === 1 ? '' : 's'}, so ${rank} subscript${rank === 1 ? '' : 's'}: ${sample(array)}`,
    }
  }
  const wanted = split.subscripts.map((s, k) => subscriptMeaning(s, k, array, dimensions))
  const ids = array.elements
    .filter((e) => e.subscripts.every((s, k) => wanted[k]!.matches(canonicalId(s))))
    .map((e) => e.id)
  if (ids.length === 0) {
    const meant = closestElements(array, split.subscripts)
    const hint = meant.length ? suggestion(meant) : `; its elements: ${sample(array)}`
    return { ok: false, unknown: false, detail: `${array.name} has no element [${split.subscripts.join(',')}]${hint}` }
  }
  return { ok: true, ids, array, fixed: wanted.reduce((sum, w) => sum + w.fixed, 0) }
}

/**
 * The elements of `array` whose subscripts are closest to those given (`Pop[nrth]`: `Pop[north]`),
 * compared by subscripts alone: the variable's name, the same in all, would make any two look close.
 */
function closestElements(array: ArrayVariable, subscripts: readonly string[]): string[] {
  const keys = array.elements.map((e) => e.subscripts.join(','))
  return closestNames(subscripts.join(','), keys).map((k) => array.elements[keys.indexOf(k)]!.name)
}

/**
 * A misspelt variable's guess with the subscripts given: an element of the guessed array when they
 * name one, else its closest element (`Popp[nrth]`: `Pop[north]`), else the subscripts as given.
 */
function elementGuess(
  guess: string,
  subscripts: readonly string[],
  arrays: ReadonlyMap<string, ArrayVariable>,
  dimensions: (() => DimensionElements) | undefined,
): string {
  const array = arrays.get(canonicalId(guess))
  const given = `${guess}[${subscripts.join(',')}]`
  const ids = subscripts.map(canonicalId)
  const named = (e: ArrayElement) => e.subscripts.every((s, k) => canonicalId(s) === ids[k])
  // `*`, a subrange or a dimension is not a misspelt element.
  const broad = ids.some((id) => id === '*' || dimensions?.().has(id))
  if (!array || broad || array.elements.some(named)) return given
  return closestElements(array, subscripts)[0] ?? given
}

/** Which element ids subscript `text` at position `k` of `array` accepts, and how narrow it is. */
function subscriptMeaning(
  text: string,
  k: number,
  array: ArrayVariable,
  dimensions: (() => DimensionElements) | undefined,
): { matches(id: string): boolean; fixed: number } {
  if (text === '*') return { matches: () => true, fixed: 0 }
  const id = canonicalId(text)
  const exact = { matches: (e: string) => e === id, fixed: 1 }
  if (!dimensions || array.elements.some((e) => canonicalId(e.subscripts[k]!) === id)) return exact
  const dim = dimensions().get(id)
  return dim ? { matches: (e: string) => dim.has(e), fixed: 0.5 } : exact
}

/** The first few elements of an array, for messages: `Pop[North], Pop[South], ... (12 in all)`. */
export function sample(array: ArrayVariable, count = 4): string {
  const { elements } = array
  const shown = elements.slice(0, count).map((e) => e.name)
  return elements.length > count ? `${shown.join(', ')}, ... (${elements.length} in all)` : shown.join(', ')
}

/**
 * The name of every variable of a model as runs know it, read from the model's own data: an arrayed
 * variable's elements in order (`Population[North]`, ...), others as they are. Lookups are not outputs.
 */
export function flatNames(model: Model): string[] {
  const dims = new Map<string, readonly string[]>()
  for (const d of model.dimensions ?? []) {
    for (const n of [d.name, ...(d.aliases ?? [])]) dims.set(canonicalId(n), d.elements)
  }
  const out: string[] = []
  for (const e of model.elements) {
    if (e.kind === 'lookup') continue
    const lists = (e.dimensions ?? []).map((d) => dims.get(canonicalId(d)))
    if (lists.length === 0 || lists.some((l) => !l?.length)) {
      out.push(e.name)
      continue
    }
    // Rows first: the last dimension varies fastest.
    let combos: string[][] = [[]]
    for (const list of lists) combos = combos.flatMap((c) => list!.map((x) => [...c, x]))
    for (const c of combos) out.push(`${e.name}[${c.join(',')}]`)
  }
  return out
}

/**
 * Output names with each whole array, `*` pattern or subrange (`Pop[Coast]`) replaced by its elements, in order, for a model
 * not yet compiled (the outputs of an experiment). A name that means nothing is kept as given, for
 * the caller's own error.
 */
export function expandNames(model: Model, names: readonly string[]): string[] {
  if (!model.elements.some((e) => e.dimensions?.length || e.name.includes('['))) return [...names]
  const all = flatNames(model)
  const ids = new Set(all.map(canonicalId))
  let arrays: Map<string, ArrayVariable> | undefined
  let dims: DimensionElements | undefined
  return names.flatMap((name) => {
    const meaning = meaningOf(
      name,
      (id) => ids.has(id),
      () => (arrays ??= arraysAmong(all.map((n) => ({ name: n })))),
      () => all,
      () => (dims ??= dimensionElements(model)),
    )
    if (!meaning.ok || meaning.fixed === Infinity) return [name]
    const byId = new Map(meaning.array!.elements.map((e) => [e.id, e.name]))
    return meaning.ids.map((id) => byId.get(id)!)
  })
}
