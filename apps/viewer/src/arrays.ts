import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'

/**
 * Arrayed variables as the viewer shows them. A run names an array's elements `Infected[north]` or
 * `x[north,young]` (flattened, last dimension fastest); the viewer groups them back by variable, so
 * the variable list, the trajectories and the sliders can show an array as one thing.
 */

/** One element of an arrayed variable: its id and name in runs, and its subscripts (`north`, `north,young`). */
export interface ArrayMember {
  readonly id: string
  readonly name: string
  readonly label: string
}

/** An arrayed variable: its own name and id (`Infected`, `infected`) and its elements in run order. */
export interface ArrayGroup {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly units?: string
  readonly elements: readonly ArrayMember[]
}

/** The variable name and subscripts of an element name (`Pop[North, Young]`), or undefined for a plain name. */
export function splitElement(name: string): { readonly base: string; readonly subscripts: string[] } | undefined {
  const open = name.indexOf('[')
  if (open <= 0 || !name.endsWith(']') || name.indexOf(']') !== name.length - 1) return undefined
  return {
    base: name.slice(0, open).trim(),
    subscripts: name
      .slice(open + 1, -1)
      .split(',')
      .map((s) => s.trim()),
  }
}

/** The arrays among a run's variables, in order of their first element, and the array of each element id. */
export class ArrayIndex {
  readonly groups: readonly ArrayGroup[]
  private readonly byId: ReadonlyMap<string, ArrayGroup>
  private readonly ofElement: ReadonlyMap<string, ArrayGroup>

  constructor(
    variables: readonly {
      readonly id: string
      readonly name: string
      readonly kind: string
      readonly units?: string
    }[],
  ) {
    const groups = new Map<
      string,
      { id: string; name: string; kind: string; units?: string; elements: ArrayMember[] }
    >()
    const ofElement = new Map<string, ArrayGroup>()
    for (const v of variables) {
      const split = splitElement(v.name)
      if (!split) continue
      const id = canonicalId(split.base)
      let g = groups.get(id)
      if (!g) {
        g = { id, name: split.base, kind: v.kind, elements: [], ...(v.units !== undefined ? { units: v.units } : {}) }
        groups.set(id, g)
      }
      g.elements.push({ id: v.id, name: v.name, label: split.subscripts.join(',') })
      ofElement.set(v.id, g)
    }
    this.groups = [...groups.values()]
    this.byId = groups
    this.ofElement = ofElement
  }

  /** The array an element id belongs to, if it is an element. */
  arrayOf(elementId: string): ArrayGroup | undefined {
    return this.ofElement.get(elementId)
  }

  /** The array of an id (`infected`) or name (`Infected`), if there is one. */
  array(idOrName: string): ArrayGroup | undefined {
    return this.byId.get(canonicalId(idOrName))
  }
}

/**
 * Whether a scenario's or user's name (`Contact Rate[*]`, `Contact Rate[Coast]`, `contact_rate[north]`)
 * applies to an element, and how narrowly: 0 for `*` or the whole array, 1/2 per dimension or subrange,
 * 1 per element subscript, Infinity for the element itself; undefined when it does not apply.
 */
export function elementMatch(
  name: string,
  element: { readonly id: string; readonly array: string; readonly subscripts: readonly string[] },
  dimensions: ReadonlyMap<string, ReadonlySet<string>>,
): number | undefined {
  if (canonicalId(name) === element.id) return Infinity
  if (canonicalId(name) === element.array) return 0
  const split = splitElement(name)
  if (!split || canonicalId(split.base) !== element.array || split.subscripts.length !== element.subscripts.length)
    return undefined
  let fixed = 0
  for (const [k, s] of split.subscripts.entries()) {
    const mine = canonicalId(element.subscripts[k]!)
    const id = canonicalId(s)
    if (s === '*') continue
    if (id === mine) fixed += 1
    else if (dimensions.get(id)?.has(mine)) fixed += 0.5
    else return undefined
  }
  return fixed
}

/** The element ids of every dimension and subrange of a model (and their aliases), by canonical id. */
export function dimensionSets(model: Model): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>()
  for (const d of model.dimensions ?? []) {
    const set = new Set(d.elements.map(canonicalId))
    for (const n of [d.name, ...(d.aliases ?? [])]) out.set(canonicalId(n), set)
  }
  return out
}
