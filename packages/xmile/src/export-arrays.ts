import { StockflowError } from '@stockflow/model'
import type { Dimension, Element, ElementEquation } from '@stockflow/model'
import { node } from './export-xml.js'
import type { Node } from './export-xml.js'

// The array parts of what exportXmile writes: `<dimensions>` at the top, each arrayed variable's
// `<dimensions>` and `<element>`s, and what XMILE 1.0 has no place for (subranges, aliases, mappings).

/** Whether a numeric dimension: its elements are "1" to "n", written as `size="n"`. */
function numeric(d: Dimension): boolean {
  return d.elements.every((e, i) => e === String(i + 1))
}

/**
 * The model's `<dimensions>`: each dimension with its elements (or its size), and each alias as a
 * dimension of its own with the same elements, so that variables arrayed by an alias read in any
 * reader; the extension says it is an alias.
 */
export function dimensionsNode(dims: readonly Dimension[], checked: (text: string, where: string) => string): Node {
  const dim = (name: string, d: Dimension) => {
    const where = `dimension "${name}"`
    return numeric(d)
      ? node('dim', [
          ['name', checked(name, where)],
          ['size', d.elements.length],
        ])
      : node(
          'dim',
          [['name', checked(name, where)]],
          d.elements.map((e) => node('elem', [['name', checked(e, `${where}: an element`)]])),
        )
  }
  return node(
    'dimensions',
    [],
    dims.flatMap((d) => [dim(d.name, d), ...(d.aliases ?? []).map((a) => dim(a, d))]),
  )
}

/** A variable's `<dimensions><dim name/></dimensions>`, or nothing when it is not arrayed. */
export function variableDimensions(e: Element): Node[] {
  if (!e.dimensions || e.dimensions.length === 0) return []
  return [
    node(
      'dimensions',
      [],
      e.dimensions.map((d) => node('dim', [['name', d]])),
    ),
  ]
}

/**
 * One `<element subscript="a, b">` per per-element equation, holding what `content` gives for it
 * (`<eqn>`, `<gf>`). Subscripts are written as the model has them: element names, or (stockflow
 * only) subrange and dimension names; XMILE separates them with commas, so a name cannot hold one.
 */
export function elementNodes(e: Element, content: (pe: ElementEquation) => Node[]): Node[] {
  return (e.perElement ?? []).map((pe) => {
    const comma = pe.subscripts.find((s) => s.includes(','))
    if (comma !== undefined)
      throw new StockflowError(
        `element "${e.name}": the subscript "${comma}" holds a comma, which an XMILE <element subscript> cannot carry`,
      )
    return node('element', [['subscript', pe.subscripts.join(', ')]], content(pe))
  })
}

/**
 * What XMILE 1.0 cannot say about the dimensions, for stockflow's extension: every dimension's
 * subrange parent, aliases and mappings (one entry per dimension, so that a reader of the file takes
 * exactly these and infers no subranges of its own).
 */
export function dimensionExtension(dims: readonly Dimension[], tag: (name: string) => string): Node[] {
  return dims.map((d) =>
    node(
      tag('dimension'),
      [
        ['name', d.name],
        ['parent', d.parent],
      ],
      [
        ...(d.aliases ?? []).map((a) => node(tag('alias'), [['name', a]])),
        ...(d.mappings ?? []).map((m) =>
          node(
            tag('mapping'),
            [['to', m.to]],
            (m.elements ?? []).map((x) => node(tag('elem'), [['name', x]])),
          ),
        ),
      ],
    ),
  )
}
