import type { Dimension } from '@stockflow/model'
import { canonicalId } from '@stockflow/model'
import type { Dimensions } from './dimensions.js'
import { importError } from './errors.js'
import { displayName } from './variables.js'
import type { XmlNode } from './xml.js'
import { childrenOf } from './xml.js'

/** One `<element subscript="a, b">` of a variable that is not apply-to-all. */
export interface ElementNode {
  /** One name per dimension of the variable, as declared: an element (or, in stockflow's files, a subrange or dimension). */
  readonly subscripts: readonly string[]
  readonly node: XmlNode
}

/**
 * The `<element>`s of an arrayed variable, their subscripts checked against its dimensions: one per
 * dimension, each an element of it (by any spelling), or the name of the dimension itself or of a
 * subrange of it, which stockflow writes for equations that cover several elements.
 */
export function readElementNodes(
  node: XmlNode,
  dimNames: readonly string[],
  dims: Dimensions,
  file: string,
  variable: string,
): ElementNode[] {
  const nodes = childrenOf(node, 'element')
  if (nodes.length > 0 && dimNames.length === 0)
    throw importError(file, nodes[0]!.line, variable, 'has <element> definitions but no <dimensions>')
  const seen = new Set<string>()
  return nodes.map((n) => {
    const text = n.attrs.get('subscript') ?? ''
    const parts = text.split(',').map((s) => displayName(s))
    if (parts.length !== dimNames.length || parts.some((s) => s === ''))
      throw importError(
        file,
        n.line,
        variable,
        `<element subscript="${text}"> needs ${dimNames.length} name${dimNames.length === 1 ? '' : 's'}, one for each of ${dimNames.map((d) => `"${d}"`).join(', ')}`,
      )
    const subscripts = parts.map((s, i) => {
      const dim = dims.dimension(dimNames[i]!)!
      const name = dims.element(s, dim) ?? coveringName(s, dim, dims)
      if (name === undefined)
        throw importError(
          file,
          n.line,
          variable,
          `<element subscript="${text}">: "${s}" is not an element of "${dim.name}"`,
        )
      return name
    })
    const key = subscripts.map((s) => canonicalId(s)).join(',')
    if (seen.has(key)) throw importError(file, n.line, variable, `<element subscript="${text}"> is defined twice`)
    seen.add(key)
    return { subscripts, node: n }
  })
}

/** The dimension itself, or a subrange of it (its chain of parents reaches `dim`), named `s`. */
function coveringName(s: string, dim: Dimension, dims: Dimensions): string | undefined {
  for (let d = dims.dimension(s), hops = 0; d && hops <= dims.list.length; hops++) {
    if (d === dim) return dims.dimension(s)!.name
    d = d.parent === undefined ? undefined : dims.dimension(d.parent)
  }
  return undefined
}

/** Whether the entries define every element of the array on their own (each subscript an element). */
export function coversEveryElement(
  subscripts: readonly (readonly string[])[],
  dimNames: readonly string[],
  dims: Dimensions,
): boolean {
  const keys = new Set<string>()
  for (const subs of subscripts) {
    if (subs.some((s, i) => dims.element(s, dims.dimension(dimNames[i]!)) === undefined)) return false
    keys.add(subs.map((s) => canonicalId(s)).join(','))
  }
  return keys.size === dims.count(dimNames)
}

/** The combinations of elements of the dimensions, row-major (the last dimension fastest). */
export function elementCombinations(dimNames: readonly string[], dims: Dimensions): string[][] {
  let out: string[][] = [[]]
  for (const d of dimNames) {
    const elements = dims.dimension(d)?.elements ?? []
    out = out.flatMap((prefix) => elements.map((e) => [...prefix, e]))
  }
  return out
}

/**
 * An apply-to-all equation that is a list of numbers (`1, 2, 3`, rows may end in `;`), as xmutil
 * writes Vensim's constant lists: the numbers, or undefined when the text is not such a list.
 */
export function numberList(text: string): number[] | undefined {
  const parts = text
    .replace(/\{[^}]*\}/g, '')
    .split(/[,;]/)
    .map((s) => s.trim())
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  if (parts.length < 2) return undefined
  const values = parts.map((s) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN))
  return values.every((v) => Number.isFinite(v)) ? values : undefined
}
