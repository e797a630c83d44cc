/** Downloads text as a file (SVG, CSV). */
export function downloadText(fileName: string, text: string, type: string): void {
  download(fileName, new Blob([text], { type: `${type};charset=utf-8` }))
}

/**
 * Downloads an SVG document as a PNG: the SVG is drawn on a canvas at `scale` times its size, over
 * white (a transparent PNG reads badly in most viewers).
 */
export async function downloadPng(fileName: string, svg: string, scale = 2): Promise<void> {
  download(fileName, await svgToPng(svg, scale))
}

/** Rasterises an SVG document (with `width`/`height` or a `viewBox`) to a PNG blob. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg)
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }))
  try {
    const image = new Image()
    image.width = width
    image.height = height
    image.src = url
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(width * scale))
    canvas.height = Math.max(1, Math.round(height * scale))
    const context = canvas.getContext('2d')!
    context.fillStyle = '#fff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((done, fail) =>
      canvas.toBlob((blob) => (blob ? done(blob) : fail(new Error('the PNG could not be drawn'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** The size of an SVG document in pixels: its `width`/`height`, else its `viewBox`, else 800×600. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? ''
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(open)?.[1]
  const px = (text: string | undefined) => (text !== undefined && /^[\d.]+(px)?$/.test(text) ? parseFloat(text) : NaN)
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number)
  const width = px(attr('width'))
  const height = px(attr('height'))
  return {
    width: Number.isFinite(width) ? width : (box?.[2] ?? 800),
    height: Number.isFinite(height) ? height : (box?.[3] ?? 600),
  }
}

function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
