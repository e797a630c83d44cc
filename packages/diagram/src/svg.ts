/** SVG string building: escaping, number formatting, elements with attributes in a fixed order. */

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes an attribute value; `>` is legal there and stays, so `data-link="a->b"` reads as written. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<"']/g, (c) => ESCAPES[c]!)
}

/** Rounds to 2 decimals for output (no `-0`, no exponent for ordinary sizes), so SVG text is stable. */
export function round2(x: number): number {
  const r = Math.round(x * 100) / 100
  return r === 0 ? 0 : r
}

/** A number as SVG text, rounded to 2 decimals. */
export function num(x: number): string {
  return String(round2(x))
}

/** Attribute values: strings are escaped, numbers rounded; `undefined` and `false` drop the attribute. */
export type AttrValue = string | number | boolean | undefined

/** ` k="v"` pairs in the object's key order. */
export function attrs(a: Readonly<Record<string, AttrValue>>): string {
  let out = ''
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === false) continue
    const text = v === true ? k : typeof v === 'number' ? num(v) : escapeAttr(v)
    out += ` ${k}="${text}"`
  }
  return out
}

/** One element; `children` are already-built SVG strings (text content must be escaped by the caller). */
export function el(tag: string, a: Readonly<Record<string, AttrValue>>, children?: string | readonly string[]): string {
  const body = children === undefined ? undefined : typeof children === 'string' ? children : children.join('')
  return body === undefined || body === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`
}

/** A `<text>` element with escaped content. */
export function text(a: Readonly<Record<string, AttrValue>>, content: string): string {
  return `<text${attrs(a)}>${escapeXml(content)}</text>`
}

/** The shared font stack; sizes are set per element. */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif'

/** A standalone SVG document spanning `0 0 width height` in user units, on a white background. */
export function svgDocument(
  o: { width: number; height: number; outerWidth?: number; outerHeight?: number; className: string; title?: string },
  body: readonly string[],
): string {
  const head = attrs({
    xmlns: 'http://www.w3.org/2000/svg',
    class: o.className,
    width: o.outerWidth ?? o.width,
    height: o.outerHeight ?? o.height,
    viewBox: `0 0 ${num(o.width)} ${num(o.height)}`,
    'font-family': FONT_FAMILY,
    'font-size': 12,
  })
  const parts = [`<svg${head}>`, el('rect', { class: 'background', width: o.width, height: o.height, fill: '#fff' })]
  if (o.title)
    parts.push(text({ class: 'title', x: 12, y: 20, 'font-size': 15, 'font-weight': 'bold', fill: '#222' }, o.title))
  parts.push(...body, '</svg>')
  return parts.join('\n')
}

/** Path data of a polygon through the points. */
export function polygonPath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join('') + 'Z'
}

/** Path data (e.g. from d3-shape) with every number rounded to 2 decimals. */
export function roundPathData(d: string | null): string {
  return (d ?? '').replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (m) => num(Number(m)))
}
