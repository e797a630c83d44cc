import type { Subscript } from './ast.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import type { Dimension, Element } from './types.js'

// Which arrayed references the DSL writer can write with typed handles, `at(handle, ...)`, and which
// stay literal equation text: the DSL's types accept less than the flattening reads (aliases, mappings,
// positions), and what they would refuse must not reach the written source.

/** One subscript of `at(handle, ...)`: an element's name, `'*'`, a dimension's handle, or its bang. */
export type SubscriptCode =
  | { readonly kind: 'element'; readonly name: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'dimension'; readonly name: string }
  | { readonly kind: 'bang'; readonly name: string }

/** The model's dimensions as the DSL's handles see them. */
export class HandleDimensions {
  /** Dimensions by the canonical id of their own name. */
  private readonly own = new Map<string, Dimension>()
  /** The dimension each alias names. */
  private readonly aliases = new Map<string, Dimension>()
  /** The handle dimensions of each arrayed variable, in its order. */
  private readonly ofElement = new Map<VarId, readonly Dimension[]>()

  constructor(dimensions: readonly Dimension[], elements: readonly Element[]) {
    for (const d of dimensions) {
      const id = canonicalId(d.name)
      if (!this.own.has(id)) this.own.set(id, d)
      for (const a of d.aliases ?? []) this.aliases.set(canonicalId(a), d)
    }
    for (const e of elements) {
      if (this.ofElement.has(e.id) || !e.dimensions?.length) continue
      const dims = e.dimensions.map((n) => this.own.get(canonicalId(n)) ?? this.aliases.get(canonicalId(n)))
      if (dims.every((d) => d !== undefined)) this.ofElement.set(e.id, dims)
    }
  }

  /** Why the DSL cannot declare a variable over its dimensions (an alias, a dimension twice), if it cannot. */
  unwritable(e: Element): string | undefined {
    const seen = new Set<string>()
    for (const n of e.dimensions ?? []) {
      const id = canonicalId(n)
      const of = this.aliases.get(id)
      if (of && !this.own.has(id))
        return `is arrayed over "${n}", an alias of "${of.name}": typed DSL source has no aliases yet`
      if (seen.has(id)) return `is arrayed over "${n}" twice, which typed DSL source cannot say`
      seen.add(id)
    }
    return undefined
  }

  /** The dimension of that name (not an alias's), if any. */
  get(name: string): Dimension | undefined {
    return this.own.get(canonicalId(name))
  }

  /**
   * The dimensions an element's handle is declared over (an alias as the dimension it names), or
   * undefined when it is scalar or names a dimension the model lacks.
   */
  of(id: VarId): readonly Dimension[] | undefined {
    return this.ofElement.get(id)
  }

  /** Whether `d` is `of` itself or a subrange of it, through any number of parents. */
  within(d: Dimension, of: Dimension): boolean {
    const seen = new Set<Dimension>()
    for (let at: Dimension | undefined = d; at && !seen.has(at); at = at.parent ? this.get(at.parent) : undefined) {
      if (at === of) return true
      seen.add(at)
    }
    return false
  }

  /**
   * Subscript `s` of a reference to a variable over `dims`, as `at()` takes it, or undefined when the
   * DSL cannot say it (an alias, a mapped or unrelated dimension, an unknown element, a position other
   * than a numeric dimension's).
   */
  subscript(dims: readonly Dimension[], position: number, s: Subscript): SubscriptCode | undefined {
    const expected = dims[position]
    if (!expected) return undefined
    if (s.kind === 'star') return { kind: 'star' }
    // `x[2]` of a numeric dimension is its element "2": the name says the same, as the DSL's types want it.
    if (s.kind === 'position') {
      const element = expected.elements[s.position - 1]
      return element === String(s.position) ? { kind: 'element', name: element } : undefined
    }
    const id = canonicalId(s.name)
    // A name is a dimension's before it is an element's, as the flattening reads it.
    if (this.own.has(id) || this.aliases.has(id)) {
      const d = this.own.get(id)
      if (!d || !this.within(d, expected)) return undefined
      return { kind: s.kind === 'bang' ? 'bang' : 'dimension', name: d.name }
    }
    if (s.kind === 'bang') return undefined
    const element = expected.elements.find((e) => canonicalId(e) === id)
    return element === undefined ? undefined : { kind: 'element', name: element }
  }

  /**
   * The dimensions a reference iterates over, as the DSL's types count them: a bare arrayed handle all
   * of its own, `at()` its dimension arguments (elements, `'*'` and bangs none).
   */
  iterated(target: VarId, subs: readonly SubscriptCode[] | undefined): Dimension[] {
    if (subs === undefined) return [...(this.of(target) ?? [])]
    return subs.flatMap((s) => (s.kind === 'dimension' ? [this.get(s.name)!] : []))
  }

  /**
   * Whether an equation of a variable over `owner` may iterate over `d`, as the DSL's types allow: one of
   * them or a parent of one (a subrange of one lacks some of its elements).
   */
  allows(owner: readonly Dimension[], d: Dimension): boolean {
    return owner.some((o) => this.within(o, d))
  }
}
