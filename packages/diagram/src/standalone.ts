/**
 * A chart as a file of its own: an XML declaration and fonts named explicitly, so it renders the same in
 * an image viewer or a rasteriser (which know no `system-ui`) as in a browser. Every renderer's document
 * already has a white background.
 */

/**
 * Fonts with Arial's widths first (the renderers' text measures assume a sans-serif of about that width):
 * Liberation Sans on Linux, Arial on Windows and macOS, then common fallbacks and the generic family.
 */
export const STANDALONE_FONT_FAMILY = '"Liberation Sans", Arial, Helvetica, "DejaVu Sans", "Noto Sans", sans-serif'

/** `svg` (a renderer's document) with an XML declaration and the standalone fonts on its root element. */
export function standaloneSvg(svg: string): string {
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '')
  const end = body.indexOf('>')
  if (!body.startsWith('<svg') || end < 0) return svg
  const family = `font-family="${STANDALONE_FONT_FAMILY.replace(/"/g, '&quot;')}"`
  const root = body.slice(0, end)
  const head = / font-family="[^"]*"/.test(root)
    ? root.replace(/ font-family="[^"]*"/, ` ${family}`)
    : `${root.replace(/\/$/, '')} ${family}${root.endsWith('/') ? '/' : ''}`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}${body.slice(end)}`
}
