import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { StockflowError } from '@stockflow/model'

/** One XML element: qualified tag as written (`aux`, `isee:prefs`), attributes, children, text, line. */
export interface XmlNode {
  readonly tag: string
  /** A Map, so that attribute names such as `__proto__` can never reach an object's prototype. */
  readonly attrs: ReadonlyMap<string, string>
  readonly children: readonly XmlNode[]
  /** The element's own text (entities decoded, CDATA verbatim), trimmed. */
  readonly text: string
  /** 1-based line of the start tag. */
  readonly line: number
}

/** A parsed document: its root element and what the lenient reader had to recover from. */
export interface XmlDocument {
  readonly root: XmlNode
  readonly warnings: readonly string[]
}

type RawNode = Record<string, unknown>

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded here instead (the five predefined ones and character references only),
  // so nothing a document declares can ever expand.
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
  maxNestedTags: 200,
} as const

const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
])

/** Decodes the predefined entities and character references; anything else stays as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return PREDEFINED.get(body) ?? whole
  })
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/**
 * Parses XML leniently: a document that is not well-formed is still read (fast-xml-parser closes
 * what it can), and each problem becomes a warning with its line. DTDs are refused outright, so a
 * model file can never declare entities, pull in external files or blow up on expansion.
 */
export function parseXml(source: string, file: string): XmlDocument {
  // XML normalises line ends to LF; doing it first keeps every line number consistent.
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const warnings: string[] = []
  const dtd = /<!(DOCTYPE|ENTITY)\b/i.exec(text)
  if (dtd) {
    throw new StockflowError(
      `${file}:${lineAt(text, dtd.index)}: a <!${dtd[1]!.toUpperCase()}> declaration is not allowed in an XMILE model (no DTDs or entities)`,
    )
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true })
  if (valid !== true) {
    warnings.push(`${file}:${valid.err.line}: malformed XML (${valid.err.msg}); read leniently`)
  }
  let raw: RawNode[]
  try {
    raw = new XMLParser(PARSER_OPTIONS).parse(text) as RawNode[]
  } catch (err) {
    const line = valid === true ? '' : `:${valid.err.line}`
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err)
    throw new StockflowError(`${file}${line}: cannot read the XML: ${message}`)
  }
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol
  const lines = new LineIndex(text)
  const convert = (node: RawNode): XmlNode | undefined => {
    const tag = Object.keys(node).find((k) => k !== ':@')
    if (tag === undefined || tag === '#text' || tag === '#cdata') return undefined
    const attrs = new Map<string, string>()
    const rawAttrs = node[':@']
    if (rawAttrs && typeof rawAttrs === 'object') {
      for (const [k, v] of Object.entries(rawAttrs)) attrs.set(k, v === true ? '' : decodeEntities(String(v)))
    }
    const children: XmlNode[] = []
    let body = ''
    for (const child of node[tag] as RawNode[]) {
      if ('#text' in child) body += decodeEntities(String(child['#text']))
      else if ('#cdata' in child) {
        for (const part of child['#cdata'] as RawNode[]) body += String(part['#text'] ?? '')
      } else {
        const c = convert(child)
        if (c) children.push(c)
      }
    }
    const start = (node as { [k: symbol]: { startIndex?: number } | undefined })[meta]?.startIndex ?? 0
    return { tag, attrs, children, text: body.trim(), line: lines.of(start) }
  }
  const roots = raw.map(convert).filter((n): n is XmlNode => n !== undefined)
  if (roots.length === 0) throw new StockflowError(`${file}: not an XML document (no root element)`)
  if (roots.length > 1) warnings.push(`${file}:${roots[1]!.line}: more than one root element; the first is read`)
  checkPrefixes(roots[0]!, file, warnings)
  return { root: roots[0]!, warnings }
}

/** Line lookup by binary search over newline offsets (documents can be large). */
class LineIndex {
  private readonly starts: number[] = [0]
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }
  of(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}

/** Warns once per namespace prefix used without an `xmlns:` declaration (Stella's `isee:` often is). */
function checkPrefixes(root: XmlNode, file: string, warnings: string[]): void {
  const declared = new Set(['xml', 'xmlns'])
  const used = new Map<string, number>()
  const visit = (n: XmlNode) => {
    for (const name of [n.tag, ...n.attrs.keys()]) {
      const colon = name.indexOf(':')
      if (colon > 0) {
        const prefix = name.slice(0, colon)
        if (prefix === 'xmlns') declared.add(name.slice(colon + 1))
        else if (!used.has(prefix)) used.set(prefix, n.line)
      }
    }
    n.children.forEach(visit)
  }
  visit(root)
  for (const [prefix, line] of used) {
    if (!declared.has(prefix))
      warnings.push(`${file}:${line}: the namespace prefix "${prefix}:" is used but never declared; read anyway`)
  }
}

/** The first child with this tag, if any. */
export function child(node: XmlNode, tag: string): XmlNode | undefined {
  return node.children.find((c) => c.tag === tag)
}

/** Every child with this tag. */
export function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  return node.children.filter((c) => c.tag === tag)
}
