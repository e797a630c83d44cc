import type { Dimension, DimensionMapping } from '@stockflow/model'
import { didYouMean } from '@stockflow/model/internal'
import type { MdlProblem, Pos, SubscriptRange } from './ast.js'
import { displayName, idOf } from './names.js'

/** A subscript range of the file, its elements expanded (numbered runs, other ranges' names). */
export interface RangeInfo {
  /** The name as the file defines it (an equivalence's own name for an alias). */
  readonly name: string
  readonly id: string
  /** Its elements' names as their ranges first spell them, in order. */
  readonly elements: readonly string[]
  /** Their ids, in the same order. */
  readonly ids: readonly string[]
  /** Their ids as a set. */
  readonly idSet: ReadonlySet<string>
  /** For `A <-> B`: the range B that A is another name of. */
  readonly aliasOf?: RangeInfo
  readonly pos: Pos
}

/** The most elements a range may have: a numbered run is expanded into memory, one name each. */
export const MAX_RANGE_ELEMENTS = 1_000_000

/** What a name written inside `[...]` stands for. */
export type SubscriptMeaning =
  { readonly kind: 'range'; readonly range: RangeInfo } | { readonly kind: 'element'; readonly name: string }

/**
 * A file's subscript ranges as the model's dimensions. A range whose elements all belong to another is a
 * subrange of the largest such range (of the first defined, among equal ones), so a family of ranges
 * has one root: Vensim's positions and element lists are counted in it.
 */
export class SubscriptRanges {
  readonly dimensions: readonly Dimension[]
  private readonly byId = new Map<string, RangeInfo>()
  private readonly parents = new Map<string, RangeInfo>()
  /** Element id -> its spelling in the first range that lists it. */
  private readonly spellings = new Map<string, string>()

  constructor(
    definitions: readonly SubscriptRange[],
    problems: MdlProblem[],
    /** The elements of a range read from a data file (`GET DIRECT SUBSCRIPT`), or undefined after a problem. */
    fromData: (range: SubscriptRange) => readonly string[] | undefined = () => undefined,
  ) {
    const problem = (d: SubscriptRange, pos: Pos, message: string) =>
      problems.push({ pos, variable: displayName(d.name), message })
    const written = new Map<string, SubscriptRange>()
    for (const d of definitions) {
      const id = idOf(d.name)
      if (written.has(id)) {
        problem(d, d.pos, `the subscript range is defined twice (first at line ${written.get(id)!.pos.line}); keep one`)
        continue
      }
      written.set(id, d)
    }
    // Ranges may name other ranges among their elements, defined before or after them.
    const expanding = new Set<string>()
    const expand = (d: SubscriptRange): RangeInfo | undefined => {
      const id = idOf(d.name)
      const known = this.byId.get(id)
      if (known) return known
      if (expanding.has(id)) {
        problem(d, d.pos, 'the subscript range contains itself through other ranges')
        return undefined
      }
      expanding.add(id)
      try {
        if (d.alias !== undefined) {
          const target = written.get(idOf(d.alias))
          const base = target ? expand(target) : undefined
          if (!base) {
            problem(d, d.pos, `"${displayName(d.alias)}" is no subscript range of this file; define it`)
            return undefined
          }
          const root = base.aliasOf ?? base
          const info: RangeInfo = { ...root, name: displayName(d.name), id, aliasOf: root, pos: d.pos }
          this.byId.set(id, info)
          return info
        }
        const names: string[] = []
        const ids: string[] = []
        const listed = d.fromData ? fromData(d) : undefined
        const add = (name: string, eid: string) => {
          names.push(name)
          ids.push(eid)
        }
        for (const n of listed ?? []) add(n, idOf(n))
        for (const e of d.elements) {
          if (e.t === 'run') {
            if (e.to - e.from + 1 + names.length > MAX_RANGE_ELEMENTS) {
              problem(d, e.pos, `the range has more than ${MAX_RANGE_ELEMENTS.toLocaleString('en')} elements; split it`)
              break
            }
            // The number keeps the prefix's id from losing a trailing blank: one id computed, not one per element.
            const base = idOf(`${e.prefix}0`).slice(0, -1)
            for (let n = e.from; n <= e.to; n++) add(`${e.prefix}${n}`, `${base}${n}`)
            continue
          }
          const inner = written.get(idOf(e.name))
          if (inner && idOf(e.name) !== id) {
            const sub = expand(inner)
            if (sub) sub.elements.forEach((n, k) => add(n, sub.ids[k]!))
          } else add(displayName(e.name), idOf(e.name))
        }
        const seen = new Set<string>()
        const elements: string[] = []
        const kept: string[] = []
        let told = false
        names.forEach((n, k) => {
          const eid = ids[k]!
          if (seen.has(eid)) {
            if (!told) problem(d, d.pos, `the element "${n}" is listed twice; list each element once`)
            told = true
            return
          }
          seen.add(eid)
          kept.push(eid)
          elements.push(this.spellings.get(eid) ?? n)
        })
        const info: RangeInfo = { name: displayName(d.name), id, elements, ids: kept, idSet: seen, pos: d.pos }
        this.byId.set(id, info)
        for (const [k, n] of elements.entries()) if (!this.spellings.has(kept[k]!)) this.spellings.set(kept[k]!, n)
        return info
      } finally {
        expanding.delete(id)
      }
    }
    for (const d of written.values()) expand(d)
    for (const [id] of this.byId) {
      if (this.spellings.has(id) && this.byId.get(id)?.aliasOf === undefined) {
        const d = written.get(id)!
        problem(d, d.pos, `"${displayName(d.name)}" names both a subscript range and an element; rename one`)
      }
    }
    this.assignParents()
    this.dimensions = this.buildDimensions(written, problem)
  }

  /** Each range's parent: the largest range holding all its elements, the first defined among equals. */
  private assignParents(): void {
    const ranges = [...this.byId.values()].filter((r) => r.aliasOf === undefined)
    const order = new Map(ranges.map((r, i) => [r.id, i]))
    for (const r of ranges) {
      let best = r
      for (const other of ranges) {
        if (other === r || other.elements.length < r.elements.length) continue
        if (!r.ids.every((e) => other.idSet.has(e))) continue
        const better =
          other.elements.length > best.elements.length ||
          (other.elements.length === best.elements.length && order.get(other.id)! < order.get(best.id)!)
        if (better) best = other
      }
      if (best !== r) this.parents.set(r.id, best)
    }
  }

  private buildDimensions(
    written: ReadonlyMap<string, SubscriptRange>,
    problem: (d: SubscriptRange, pos: Pos, message: string) => void,
  ): Dimension[] {
    const out: Dimension[] = []
    for (const r of this.byId.values()) {
      if (r.aliasOf) continue
      const d = written.get(r.id)!
      const aliases = [...this.byId.values()].filter((a) => a.aliasOf === r).map((a) => a.name)
      const mappings: DimensionMapping[] = []
      for (const m of d.mappings) {
        const target = this.range(m.target)
        if (!target) {
          problem(d, m.pos, `the mapping's target "${displayName(m.target)}" is no subscript range; define it`)
          continue
        }
        if (m.elements === undefined) {
          if (target.elements.length !== r.elements.length)
            problem(
              d,
              m.pos,
              `a mapping by position needs as many elements on both sides: ${r.elements.length} here, ${target.elements.length} in "${target.name}"; list the target's elements as "-> (${target.name}: ...)"`,
            )
          mappings.push({ to: target.name })
          continue
        }
        const elements = m.elements.map((e) => this.spelling(e))
        if (elements.length !== r.elements.length)
          problem(
            d,
            m.pos,
            `the mapping lists ${elements.length} elements of "${target.name}" for the ${r.elements.length} elements of "${r.name}"; list one for each`,
          )
        mappings.push({ to: target.name, elements })
      }
      const parent = this.parents.get(r.id)
      out.push({
        name: r.name,
        elements: r.elements,
        ...(parent ? { parent: parent.name } : {}),
        ...(aliases.length > 0 ? { aliases } : {}),
        ...(mappings.length > 0 ? { mappings } : {}),
      })
    }
    return out
  }

  /** The range (or alias) a name denotes, if any. */
  range(name: string): RangeInfo | undefined {
    return this.byId.get(idOf(name))
  }

  /** What a subscript name means: a range (or alias), an element, or undefined for an unknown name. */
  meaning(name: string): SubscriptMeaning | undefined {
    const range = this.range(name)
    if (range) return { kind: 'range', range }
    const element = this.spellings.get(idOf(name))
    return element !== undefined ? { kind: 'element', name: element } : undefined
  }

  /** The problem for a subscript name that is neither a range nor an element, with the closest known name. */
  unknown(name: string): string {
    const known = [...this.byId.values()].map((r) => r.name).concat([...this.spellings.values()])
    return `"${displayName(name)}" is neither a subscript range nor an element; define it in a range${didYouMean(name, known)}`
  }

  /** A range's or element's name as the file defines it (the written name when it is neither). */
  spelling(name: string): string {
    return this.range(name)?.name ?? this.spellings.get(idOf(name)) ?? displayName(name)
  }

  /** The elements a subscript name spans: a range's (or alias's) elements, or the element itself. */
  elementsOf(name: string): readonly string[] | undefined {
    const meaning = this.meaning(name)
    if (!meaning) return undefined
    return meaning.kind === 'range' ? meaning.range.elements : [meaning.name]
  }

  /** The root of a range's family (itself when it has no parent); an alias's is its range's. */
  root(range: RangeInfo): RangeInfo {
    let r = range.aliasOf ?? range
    for (let p = this.parents.get(r.id); p; p = this.parents.get(r.id)) r = p
    return r
  }

  /** The ranges holding an element, in file order. */
  rangesOf(element: string): readonly RangeInfo[] {
    const id = idOf(element)
    return [...this.byId.values()].filter((r) => !r.aliasOf && r.idSet.has(id))
  }

  /** An element's 1-based position in the root of the first range holding it: its value in an equation. */
  position(element: string): number {
    const first = this.rangesOf(element)[0]
    if (!first) return 0
    return this.root(first).ids.indexOf(idOf(element)) + 1
  }

  /** Every range and alias, in file order. */
  all(): readonly RangeInfo[] {
    return [...this.byId.values()]
  }

  /** Whether the file defines any range. */
  get empty(): boolean {
    return this.byId.size === 0
  }
}
