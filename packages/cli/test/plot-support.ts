/**
 * Reading plots back in tests: the elements of an SVG with their attributes, the points of a path, the
 * value scale an axis's ticks give, and a PNG's size and pixels (8-bit RGBA, as resvg writes).
 */
import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { expect } from 'vitest'
import { cli } from './support.js'

/** An element of the SVG: its tag, attributes and (for text) its content. */
export interface SvgElement {
  readonly tag: string
  readonly attrs: Readonly<Record<string, string>>
  readonly text: string
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
const unescape = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)

/** Every element of `svg` in document order (a flat list: nesting is not kept). */
export function svgElements(svg: string): SvgElement[] {
  const out: SvgElement[] = []
  for (const m of svg.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>(?:([^<]*)<\/\1>)?/g)) {
    const attrs: Record<string, string> = {}
    for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = unescape(a[2]!)
    out.push({ tag: m[1]!, attrs, text: unescape(m[4] ?? '') })
  }
  return out
}

/** The elements of `svg` of class `cls`. */
export function byClass(svg: string, cls: string): SvgElement[] {
  return svgElements(svg).filter((e) => e.attrs.class === cls)
}

/** Runs the CLI with `args`, which write a plot to `file`, expecting success and no warnings; the SVG and stdout. */
export async function plotted(file: string, ...args: string[]): Promise<{ svg: string; stdout: string }> {
  const r = await cli(...args)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return { svg: readFileSync(file, 'utf8'), stdout: r.stdout }
}

/** The part of `svg` inside the first `<g class="panel" data-variable="name">`. */
export function panelOf(svg: string, name: string): string {
  const start = svg.indexOf(`<g class="panel" data-variable="${name}"`)
  if (start < 0) throw new Error(`no panel ${name}`)
  const next = svg.indexOf('<g class="panel"', start + 1)
  return svg.slice(start, next < 0 ? undefined : next)
}

/** The points of path data made of M and L commands (d3's linear lines). */
export function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+(?:e[-+]?\d+)?)[ ,](-?[\d.]+(?:e[-+]?\d+)?)/gi)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ])
}

/** A linear map from pixels back to values, fitted through two ticks `[pixel, value]`. */
function fit(ticks: [number, number][]): (pixel: number) => number {
  const [a, b] = [ticks[0]!, ticks.at(-1)!]
  return (p) => a[1] + ((p - a[0]) * (b[1] - a[1])) / (b[0] - a[0])
}

const tickValue = (t: string) => Number(t.replace(/,/g, '').replace('\u2212', '-'))

/** The value scales of a panel, read from its axes' tick labels: pixel x → time, pixel y → value. */
export function panelScales(panel: string): { x: (px: number) => number; y: (py: number) => number } {
  const yAxis = panel.slice(panel.indexOf('class="axis axis-y"'))
  const xAxis = panel.slice(panel.indexOf('class="axis axis-x"'))
  const yTicks = svgElements(yAxis.slice(0, yAxis.indexOf('</g>')))
    .filter((e) => e.tag === 'text' && e.attrs['text-anchor'] === 'end')
    .map((e) => [Number(e.attrs.y) - 3.5, tickValue(e.text)] as [number, number])
  const xTicks = svgElements(xAxis.slice(0, xAxis.indexOf('</g>')))
    .filter((e) => e.tag === 'text' && e.attrs['text-anchor'] === 'middle')
    .map((e) => [Number(e.attrs.x), tickValue(e.text)] as [number, number])
  return { x: fit(xTicks), y: fit(yTicks) }
}

/** A PNG's size from its IHDR chunk, and its pixels (RGBA rows) decoded. */
export function readPng(bytes: Uint8Array): {
  width: number
  height: number
  pixel: (x: number, y: number) => number[]
} {
  const buf = Buffer.from(bytes)
  if (!buf.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) throw new Error('not a PNG')
  let at = 8
  let width = 0
  let height = 0
  let depth = 0
  let colour = 0
  const data: Buffer[] = []
  while (at < buf.length) {
    const length = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    const body = buf.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      depth = body[8]!
      colour = body[9]!
    } else if (type === 'IDAT') data.push(body)
    at += 12 + length
  }
  if (depth !== 8 || (colour !== 6 && colour !== 2)) throw new Error(`PNG of depth ${depth}, colour type ${colour}`)
  const channels = colour === 6 ? 4 : 3
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!
      const left = i >= channels ? out[y * stride + i - channels]! : 0
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0
      const corner = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, corner)][filter]!
      out[y * stride + i] = (x + predicted) & 255
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => Array.from(out.subarray(y * stride + x * channels, y * stride + (x + 1) * channels)),
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}
