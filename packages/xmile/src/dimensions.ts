import { MAX_FLAT_ELEMENTS, canonicalId } from '@stockflow/model'
import type { Dimension } from '@stockflow/model'
import { importError } from './errors.js'
import { displayName } from './variables.js'
import type { XmlNode } from './xml.js'
import { child, childrenOf } from './xml.js'

/** The model's dimensions with lookups by any spelling of a name (case, spaces or underscores). */
export class Dimensions {
  private readonly byId = new Map<string, Dimension>()
  /** Each element's name as declared, by canonical id, with the dimensions it belongs to. */
  private readonly elements = new Map<string, { name: string; dims: Dimension[] }>()

  constructor(readonly list: readonly Dimension[]) {
    for (const d of list) {
      this.byId.set(canonicalId(d.name), d)
      for (const e of d.elements) {
        const entry = this.elements.get(canonicalId(e)) ?? { name: e, dims: [] }
        entry.dims.push(d)
        this.elements.set(canonicalId(e), entry)
      }
    }
  }

  /** The dimension a name denotes, if any. */
  dimension(name: string): Dimension | undefined {
    return this.byId.get(canonicalId(displayName(name)))
  }

  /** An element's name as declared, if some dimension has it (in `dim` only, when given). */
  element(name: string, dim?: Dimension): string | undefined {
    const entry = this.elements.get(canonicalId(displayName(name)))
    if (!entry || (dim && !entry.dims.includes(dim))) return undefined
    return entry.name
  }

  /** `Dim.elem` (XMILE's element qualified by its dimension): the dimension and the element's position. */
  qualified(name: string): { dim: Dimension; element: string; position: number } | undefined {
    const dot = name.indexOf('.')
    if (dot <= 0) return undefined
    const dim = this.dimension(name.slice(0, dot))
    const element = dim && this.element(name.slice(dot + 1), dim)
    if (!dim || element === undefined) return undefined
    return { dim, element, position: dim.elements.indexOf(element) + 1 }
  }

  /** The number of elements of an array over these dimensions (names as listed by a variable). */
  count(dims: readonly string[]): number {
    return dims.reduce((n, d) => n * (this.dimension(d)?.elements.length ?? 0), 1)
  }
}

/**
 * Reads the model's `<dimensions>` (a child of `<xmile>`, or of the root `<model>`): `<dim name size>`
 * has the elements "1" to "size", `<dim name><elem name/>...</dim>` the elements named. XMILE has no
 * subranges, but files converted from Vensim declare a subrange as a dimension whose elements all
 * belong to another one: such a dimension gets that one as its `parent` (the smallest such, or for
 * the same elements, the one declared first), so equations over it read the other's variables.
 */
export function readDimensions(root: XmlNode, model: XmlNode | undefined, file: string): Dimension[] {
  const nodes = [...childrenOf(root, 'dimensions'), ...(model ? childrenOf(model, 'dimensions') : [])]
  const dims: Dimension[] = []
  const named = new Set<Dimension>()
  const seen = new Set<string>()
  for (const n of nodes.flatMap((d) => childrenOf(d, 'dim'))) {
    const raw = n.attrs.get('name')
    const name = raw === undefined ? '' : displayName(raw)
    if (name === '') throw importError(file, n.line, undefined, 'a <dim> has no name')
    if (seen.has(canonicalId(name)))
      throw importError(file, n.line, undefined, `the dimension "${name}" is declared twice`)
    seen.add(canonicalId(name))
    const elems = childrenOf(n, 'elem')
    if (elems.length > 0) {
      const elements = elems.map((e) => displayName(e.attrs.get('name') ?? ''))
      const blank = elements.indexOf('')
      if (blank >= 0) throw importError(file, elems[blank]!.line, undefined, `an element of "${name}" has no name`)
      tooMany(elements.length, name, file, n.line)
      const seenElements = new Set<string>()
      const twice = elements.findIndex((e) => seenElements.size === seenElements.add(canonicalId(e)).size)
      if (twice >= 0)
        throw importError(file, elems[twice]!.line, undefined, `"${name}" lists the element "${elements[twice]}" twice`)
      const dim = { name, elements }
      named.add(dim)
      dims.push(dim)
      continue
    }
    const sizeText = n.attrs.get('size')
    const size = Number(sizeText)
    if (sizeText === undefined || !Number.isInteger(size) || size < 1)
      throw importError(
        file,
        n.line,
        undefined,
        `the dimension "${name}" needs <elem> children or a size of at least 1${sizeText === undefined ? '' : ` (size="${sizeText}")`}`,
      )
    tooMany(size, name, file, n.line)
    dims.push({ name, elements: Array.from({ length: size }, (_, i) => String(i + 1)) })
  }
  return dims.map((d, i) => {
    const parent = named.has(d) ? parentOf(d, i, dims, named) : undefined
    return parent ? { ...d, parent: parent.name } : d
  })
}

/** Refuses a dimension larger than a model may flatten to, before its elements are made (a typo like size="1e9"). */
function tooMany(count: number, name: string, file: string, line: number | undefined): void {
  if (count > MAX_FLAT_ELEMENTS)
    throw importError(
      file,
      line,
      undefined,
      `the dimension "${name}" has ${count.toLocaleString('en')} elements, more than the limit of ${MAX_FLAT_ELEMENTS.toLocaleString('en')}`,
    )
}

/** The closest dimension holding every element of `d`, if another one does. */
function parentOf(d: Dimension, index: number, dims: readonly Dimension[], named: ReadonlySet<Dimension>) {
  const mine = d.elements.map((e) => canonicalId(e))
  let best: Dimension | undefined
  dims.forEach((other, j) => {
    if (other === d || !named.has(other)) return
    const theirs = new Set(other.elements.map((e) => canonicalId(e)))
    if (!mine.every((e) => theirs.has(e))) return
    // The same elements: the later declaration is the subrange (never both ways round).
    if (other.elements.length === d.elements.length && j > index) return
    if (!best || other.elements.length < best.elements.length) best = other
  })
  return best
}

/** The dimensions a variable is arrayed over (`<dimensions><dim name/></dimensions>`), by their declared names. */
export function variableDimensions(node: XmlNode, dims: Dimensions, file: string, variable: string): string[] {
  const list = child(node, 'dimensions')
  if (!list) return []
  return childrenOf(list, 'dim').map((d) => {
    const raw = d.attrs.get('name') ?? ''
    const dim = dims.dimension(raw)
    if (!dim) {
      const known = dims.list.map((x) => `"${x.name}"`).join(', ')
      throw importError(
        file,
        d.line,
        variable,
        `the dimension "${displayName(raw)}" is not declared (${known === '' ? 'the file declares no <dimensions>' : `the file declares ${known}`})`,
      )
    }
    return dim.name
  })
}
