import { vensimName } from './export-names.js'

/**
 * Names and word sizes of the sketch a `.mdl` export writes. A name is quoted in the sketch exactly
 * when the equations quote it (vensimName), so Vensim matches the two.
 */

/** A name as a sketch line holds it: as the equations write it, white space folded (one line). */
export function sketchName(name: string): string {
  return vensimName(name).replace(/\s+/g, ' ')
}

/** A view's name on its `*` line: one line, never empty. */
export function viewTitle(name: string | undefined, fallback: string): string {
  const folded = (name ?? '').replace(/\s+/g, ' ').trim()
  return folded === '' ? fallback : folded
}

/** Half width and half height, as the sketch keeps them. */
export interface HalfSize {
  readonly w: number
  readonly h: number
}

/** Text wider than this (half width, pixels) wraps onto more lines. */
const WRAP = 60

/**
 * The box of a word Vensim would draw for a name of this length at its default 12-point font (about
 * six pixels a character), when the view gives none: one line up to 120 pixels, then more lines.
 */
export function wordSize(name: string): HalfSize {
  const half = Math.ceil(name.length * 3)
  const lines = Math.max(1, Math.ceil(half / WRAP))
  return { w: Math.max(10, Math.min(WRAP, half)), h: 6 + 5 * lines }
}

/** A stock's box when the view gives none: Vensim's 80 by 40, wider for a long name. */
export function stockSize(name: string): HalfSize {
  return { w: Math.max(40, Math.min(WRAP, Math.ceil(name.length * 3) + 6)), h: 20 }
}

/** Vensim's cloud, 20 by 16. */
export const CLOUD_SIZE: HalfSize = { w: 10, h: 8 }
