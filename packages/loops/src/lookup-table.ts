import type { GraphicalFunction } from '@stockflow/model'
import type { Sign } from './sign.js'

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
