/** Room the packed stock-and-flow layout keeps for each symbol and its label (estimated text, with slack). */
import { AUX_R, PARAM_R, SF_FONT_SIZE, SF_LABEL_WIDTH, SF_LINE_HEIGHT, VALVE_R } from './stock-flow-geometry.js'
import { textWidth, wrapLabel } from './text.js'

/**
 * Text widths are estimated, and a browser's sans-serif (DejaVu Sans on Debian) runs up to a fifth
 * wider than the estimate: the layout keeps room for that, so drawn labels do not touch.
 */
export const TEXT_SLACK = 1.2
/** Horizontal room between neighbouring footprints. */
export const H_GAP = 14
/** Vertical room between band rows. */
export const V_GAP = 10

/** A symbol's extent around its centre: width, and how far it reaches above and below. */
export interface Footprint {
  readonly width: number
  readonly above: number
  readonly below: number
}

function labelExtent(name: string): { width: number; lines: number } {
  const lines = wrapLabel(name, SF_FONT_SIZE, SF_LABEL_WIDTH)
  return { width: Math.max(...lines.map((l) => textWidth(l, SF_FONT_SIZE))) * TEXT_SLACK, lines: lines.length }
}

/** A stock box wide enough for its label inside. */
export function stockSize(name: string): { width: number; height: number } {
  const lines = wrapLabel(name, SF_FONT_SIZE, SF_LABEL_WIDTH)
  const w = Math.max(...lines.map((l) => textWidth(l, SF_FONT_SIZE)))
  return { width: Math.max(72, w + 18), height: Math.max(42, lines.length * SF_LINE_HEIGHT + 16) }
}

/** How far a label whose first baseline is `offset` below a centre reaches below it. */
const labelBelow = (offset: number, lines: number) => offset + (lines - 1) * SF_LINE_HEIGHT + 4

/** A valve on a horizontal pipe: the bow tie, the stem above it, the name below. */
export function valveFootprint(name: string): Footprint {
  const l = labelExtent(name)
  return {
    width: Math.max(2 * VALVE_R, l.width) + H_GAP,
    above: 1.5 * VALVE_R,
    below: labelBelow(VALVE_R + 14, l.lines),
  }
}

/** An auxiliary's or a parameter's circle with its name below. */
export function circleFootprint(name: string, kind: 'aux' | 'param'): Footprint {
  const r = kind === 'aux' ? AUX_R : PARAM_R
  const l = labelExtent(name)
  return { width: Math.max(2 * r, l.width) + H_GAP, above: r + 1, below: labelBelow(r + 12, l.lines) }
}
