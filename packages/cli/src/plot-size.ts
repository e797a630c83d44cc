import type { ChartLayout, Rendered } from '@stockflow/diagram'
import { StockflowError } from '@stockflow/model'
import { numberOption } from './options.js'

/** The smallest sizes a plot is drawn at: below them the axes' labels overlap. */
const MIN_WIDTH = 240
const MIN_PANEL = 100
const DEFAULT_PANEL = 220

/** `--width` as a whole number of pixels, at least MIN_WIDTH, or undefined when not given. */
export function widthOption(text: string | undefined): number | undefined {
  const width = numberOption('--width', text)
  if (width !== undefined && !(Number.isInteger(width) && width >= MIN_WIDTH))
    throw new StockflowError(`--width must be a whole number of pixels, at least ${MIN_WIDTH}, got ${text}`)
  return width
}

/**
 * Draws a chart of panels at exactly `--height` pixels (when given): a chart's height grows linearly with
 * its panels' height, so two drawings measure the line, and the third is drawn at the height asked for.
 */
export function atHeight(
  text: string | undefined,
  draw: (panelHeight: number) => Rendered<ChartLayout>,
): Rendered<ChartLayout> {
  const height = numberOption('--height', text)
  const first = draw(DEFAULT_PANEL)
  if (height === undefined) return first
  if (!Number.isInteger(height) || height < 1)
    throw new StockflowError(`--height must be a whole number of pixels, got ${text}`)
  const rows = (draw(DEFAULT_PANEL + 100).layout.height - first.layout.height) / 100
  const fixed = first.layout.height - rows * DEFAULT_PANEL
  const panel = (height - fixed) / rows
  if (!(panel >= MIN_PANEL))
    throw new StockflowError(
      `--height ${height} is too small for ${rows} row${rows === 1 ? '' : 's'} of panels; give at least ${Math.ceil(fixed + rows * MIN_PANEL)}, or plot fewer variables`,
    )
  return draw(panel)
}
