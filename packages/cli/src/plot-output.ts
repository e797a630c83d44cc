import { accessSync, constants, statSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { standaloneSvg } from '@stockflow/diagram'
import { StockflowError } from '@stockflow/model'
import type { Io } from './io.js'
import { writeWhole } from './output.js'

/** The formats a plot file's extension names. */
export type PlotFormat = 'svg' | 'png'

/**
 * The format of plot file `path` given as `flag` (`--out`, `--plot`), checked before any simulation
 * runs: a known extension and a folder that exists and may be written in.
 */
export function plotTarget(flag: string, path: string): PlotFormat {
  const ext = extname(path).toLowerCase()
  if (ext !== '.svg' && ext !== '.png')
    throw new StockflowError(
      `${flag} ${path}: a plot is written as .svg or .png, not ${ext === '' ? 'a file without an extension' : ext}; name the file .svg or .png`,
    )
  const folder = dirname(resolve(path))
  let isFolder = false
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    // does not exist: said below
  }
  if (!isFolder)
    throw new StockflowError(`${flag} ${path}: the folder ${dirname(path)} does not exist; create it first`)
  try {
    accessSync(folder, constants.W_OK)
  } catch {
    throw new StockflowError(`${flag} ${path}: no permission to write in the folder ${dirname(path)}`)
  }
  return ext === '.svg' ? 'svg' : 'png'
}

/**
 * Writes a renderer's SVG document to `path`, whole or not at all: as a standalone SVG, or rasterised
 * to a PNG of the document's size. Never over one of `inputs`.
 */
export async function writePlot(path: string, svg: string, inputs: readonly string[], io: Io): Promise<void> {
  const doc = standaloneSvg(svg)
  if (extname(path).toLowerCase() !== '.png') return writeWhole(path, doc, inputs)
  const png = await svgToPng(doc)
  if (!(await textRenders()))
    io.stderr(
      `stockflow: warning: ${path}: no system font found, so the PNG has no text; install one (Debian: fonts-dejavu-core) or write .svg\n`,
    )
  writeWhole(path, png, inputs)
}

/** The SVG document as PNG bytes at its own width and height, on white. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  // Loaded on first use: a native module, needed only for PNG output.
  const { Resvg } = await import('@resvg/resvg-js')
  const image = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: true, sansSerifFamily: 'Liberation Sans' },
    logLevel: 'off',
  }).render()
  return image.asPng()
}

let fonts: Promise<boolean> | undefined

/** Whether the rasteriser finds a font: a letter drawn black leaves some dark pixels (checked once). */
export function textRenders(): Promise<boolean> {
  fonts ??= (async () => {
    const { Resvg } = await import('@resvg/resvg-js')
    const probe =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text x="4" y="32" font-size="32" fill="#000">H</text></svg>'
    const { pixels } = new Resvg(probe, { background: '#ffffff', logLevel: 'off' }).render()
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) return true
    return false
  })()
  return fonts
}
