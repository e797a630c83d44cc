// XML writing for the XMILE exporter: a tree of elements rendered as indented text.

/** An XML element under construction: tag, attributes, then children or text. */
export interface Node {
  readonly tag: string
  readonly attrs: readonly (readonly [string, string | number | undefined])[]
  readonly children?: readonly Node[]
  readonly text?: string
}

/** An element with attributes (undefined ones are left out) and either children or text. */
export const node = (
  tag: string,
  attrs: readonly (readonly [string, string | number | undefined])[] = [],
  content: readonly Node[] | string = [],
): Node => (typeof content === 'string' ? { tag, attrs, text: content } : { tag, attrs, children: content })

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

function escapeAttr(s: string): string {
  // Line breaks and tabs as references: a parser normalises literal ones in attributes to spaces.
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}

/** The element and its children as XML text, two spaces per level, each element on its own line. */
export function render(n: Node, depth: number): string {
  const pad = '  '.repeat(depth)
  const attrs = n.attrs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('')
  if (n.text !== undefined) return `${pad}<${n.tag}${attrs}>${escapeText(n.text)}</${n.tag}>\n`
  if (!n.children || n.children.length === 0) return `${pad}<${n.tag}${attrs}/>\n`
  return `${pad}<${n.tag}${attrs}>\n${n.children.map((c) => render(c, depth + 1)).join('')}${pad}</${n.tag}>\n`
}
