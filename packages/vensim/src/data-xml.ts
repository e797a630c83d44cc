import { XMLParser } from 'fast-xml-parser'

/**
 * The few XML reads a workbook needs, over fast-xml-parser's ordered output. Namespace prefixes are
 * dropped (`x:c` and `c` read alike, as some writers prefix every element), entities other than XML's
 * five and character references are never expanded, and a document declaring a DTD is refused.
 */

/** One element in fast-xml-parser's ordered form: `{ tag: children, ':@': attributes }`. */
export type XmlNode = Record<string, unknown>

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 100,
})

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return Object.hasOwn(PREDEFINED, body) ? PREDEFINED[body]! : whole
  })
}

/** The top-level nodes of a document; throws (a plain Error, for the caller to word) when it is not XML. */
export function parseXmlNodes(text: string): XmlNode[] {
  if (/<!(DOCTYPE|ENTITY)\b/i.test(text)) throw new Error('it declares a DTD')
  return PARSER.parse(text) as XmlNode[]
}

/** The element's tag (namespace prefix dropped); undefined for text nodes. */
export function tagOf(node: XmlNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text') return key
  return undefined
}

/** The element's child nodes. */
export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node)
  const children = tag === undefined ? undefined : node[tag]
  return Array.isArray(children) ? (children as XmlNode[]) : []
}

/** The child elements with a tag. */
export function childElements(node: XmlNode, tag: string): XmlNode[] {
  return childrenOf(node).filter((c) => tagOf(c) === tag)
}

/** The first element with a tag among `nodes`. */
export function findElement(nodes: readonly XmlNode[], tag: string): XmlNode | undefined {
  return nodes.find((n) => tagOf(n) === tag)
}

/** An attribute's value (entities decoded). */
export function attrOf(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@']
  if (!attrs || typeof attrs !== 'object' || !Object.hasOwn(attrs, name)) return undefined
  const value = (attrs as Record<string, unknown>)[name]
  return typeof value === 'string' ? decodeEntities(value) : undefined
}

/** The element's own text, entities decoded (child elements' text left out). */
export function ownText(node: XmlNode): string {
  let text = ''
  for (const child of childrenOf(node)) {
    if (Object.hasOwn(child, '#text')) text += decodeEntities(String(child['#text']))
  }
  return text
}
