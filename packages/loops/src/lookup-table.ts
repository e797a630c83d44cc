import type { GraphicalFunction } from '@stockflow/model'
import type { Sign } from './sign.js'

/** Reads a graphical function as the solver does: linear between points, clamped, extrapolated or stepped. */
export function readTable(g: GraphicalFunction, x: number): number {
  const xs = g.x
  const ys = g.y
  const n = xs.length
  if (n === 0) return NaN
  if (n === 1) return ys[0]!
  const mode = g.mode ?? 'continuous'
  if (mode !== 'extrapolate') {
    if (x <= xs[0]! && (mode === 'continuous' || x < xs[0]!)) return ys[0]!
    if (x >= xs[n - 1]!) return ys[n - 1]!
  }
  let i = 0
  if (x >= xs[n - 1]!) i = n - 2
  else if (x > xs[0]!) {
    let hi = n - 1
    while (hi - i > 1) {
      const mid = (i + hi) >> 1
      if (xs[mid]! <= x) i = mid
      else hi = mid
    }
  }
  if (mode === 'discrete') return ys[i]!
  return ys[i]! + ((ys[i + 1]! - ys[i]!) * (x - xs[i]!)) / (xs[i + 1]! - xs[i]!)
}

/** How a graphical function moves with its input: `+` nondecreasing, `-` nonincreasing, `0` flat, `?` neither. */
export function tableMonotonicity(g: GraphicalFunction): Sign {
  let up = false
  let down = false
  for (let i = 1; i < g.y.length; i++) {
    if (g.y[i]! > g.y[i - 1]!) up = true
    if (g.y[i]! < g.y[i - 1]!) down = true
  }
  return up && down ? '?' : up ? '+' : down ? '-' : '0'
}

/** The sign every value of a graphical function shares (extrapolation may leave the range: then unknown). */
export function tableSign(g: GraphicalFunction): Sign {
  if (g.mode === 'extrapolate') return '?'
  const min = Math.min(...g.y)
  const max = Math.max(...g.y)
  return min === 0 && max === 0 ? '0' : min >= 0 ? '+' : max <= 0 ? '-' : '?'
}
