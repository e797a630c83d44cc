/** A sparkline's drawing: one SVG path per series, in a box of `width` x `height`, and the range drawn. */
export interface Sparkline {
  readonly width: number
  readonly height: number
  /** Path data (`d`) of each series; '' for a series with no finite value. */
  readonly paths: readonly string[]
  /** The smallest and largest finite value over all series (NaN when there is none). */
  readonly min: number
  readonly max: number
}

/** Above this many series a sparkline draws their envelope (smallest and largest at each time) instead. */
export const MAX_SPARK_LINES = 12

/**
 * Draws series sharing one time axis as a sparkline: every series on one vertical scale (so elements of
 * an array compare), a flat series mid-height. Long series are reduced to their smallest and largest
 * value per pixel column, which keeps spikes. Paths hold only numbers, so the markup is safe anywhere.
 */
export function sparkline(series: readonly ArrayLike<number>[], width = 120, height = 24, pad = 2): Sparkline {
  const drawn = series.length > MAX_SPARK_LINES ? envelope(series) : series
  let min = Infinity
  let max = -Infinity
  for (const values of drawn) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  if (min > max) return { width, height, paths: drawn.map(() => ''), min: NaN, max: NaN }
  const span = max - min
  const y = (v: number) => (span === 0 ? height / 2 : pad + (height - 2 * pad) * (1 - (v - min) / span))
  const paths = drawn.map((values) => path(values, width, pad, y))
  return { width, height, paths, min, max }
}

/** A sparkline as a standalone `<svg>` element's markup (for the HTML export). */
export function sparklineSvg(line: Sparkline): string {
  const paths = line.paths
    .filter((d) => d !== '')
    .map((d) => `<path d="${d}" fill="none" stroke="currentColor" stroke-width="1"/>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="${line.width}" height="${line.height}" viewBox="0 0 ${line.width} ${line.height}" aria-hidden="true">${paths}</svg>`
}

function path(values: ArrayLike<number>, width: number, pad: number, y: (v: number) => number): string {
  const n = values.length
  if (n === 0) return ''
  const x = (i: number) => (n === 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (n - 1))
  const round = (v: number) => Math.round(v * 10) / 10
  const parts: string[] = []
  let pen = false
  const columns = width - 2 * pad
  const point = (i: number, v: number) => {
    if (!Number.isFinite(v)) {
      pen = false
      return
    }
    parts.push(`${pen ? 'L' : 'M'}${round(x(i))},${round(y(v))}`)
    pen = true
  }
  if (n <= 2 * columns) {
    for (let i = 0; i < n; i++) point(i, values[i]!)
  } else {
    // One pixel column holds many points: its first, smallest, largest and last keep the shape.
    const per = n / columns
    for (let c = 0; c < columns; c++) {
      const from = Math.floor(c * per)
      const to = Math.min(n, Math.floor((c + 1) * per))
      let lo = from
      let hi = from
      for (let i = from; i < to; i++) {
        if (values[i]! < values[lo]!) lo = i
        if (values[i]! > values[hi]!) hi = i
      }
      for (const i of [...new Set([from, Math.min(lo, hi), Math.max(lo, hi), to - 1])]) point(i, values[i]!)
    }
  }
  return parts.join('')
}

/** The smallest and the largest value of many series at each time. */
function envelope(series: readonly ArrayLike<number>[]): Float64Array[] {
  const n = Math.max(...series.map((s) => s.length))
  const lo = new Float64Array(n).fill(NaN)
  const hi = new Float64Array(n).fill(NaN)
  for (const values of series) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      if (!(v >= lo[i]!)) lo[i] = v
      if (!(v <= hi[i]!)) hi[i] = v
    }
  }
  return [lo, hi]
}
