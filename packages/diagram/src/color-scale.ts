/** A sequential colour scale for ordered runs (a sweep's levels): dark blue through green to yellow. */

/** Stops of viridis, sampled evenly; colours in between are interpolated in RGB. */
const STOPS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'] as const

/** The colour at `t` in [0, 1] (clamped), as `#rrggbb`. */
export function sequentialColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1)
  const i = Math.min(STOPS.length - 2, Math.floor(u))
  const a = rgb(STOPS[i]!)
  const b = rgb(STOPS[i + 1]!)
  const f = u - i
  return (
    '#' +
    a
      .map((c, k) =>
        Math.round(c + (b[k]! - c) * f)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  )
}

/** Where the spread colours stop: the scale's last yellows are too pale to read on white. */
const PALEST = 0.85

/** `n` colours spread over the scale, darkest first (one colour: the middle). */
export function sequentialColors(n: number): string[] {
  return Array.from({ length: n }, (_, i) => sequentialColor(n === 1 ? PALEST / 2 : (i / (n - 1)) * PALEST))
}

function rgb(hex: string): [number, number, number] {
  return [0, 2, 4].map((k) => parseInt(hex.slice(1 + k, 3 + k), 16)) as [number, number, number]
}
