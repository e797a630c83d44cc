import type { GraphicalFunction } from '@stockflow/model'

/** The least double above `x` (finite x). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  const bits = new BigInt64Array(new Float64Array([x]).buffer)
  bits[0] = x > 0 ? bits[0]! + 1n : bits[0]! - 1n
  return new Float64Array(bits.buffer)[0]!
}

/**
 * A graphical function as XMILE can hold it. XMILE has no LOOKUP FORWARD (Vensim's mode: from just
 * after each point, the next point's y), so a forward table is written as the discrete table that
 * reads the same at every input: the first point, then each next y from the least double above the
 * point before it. Every reader of discrete tables then computes what the forward table computes;
 * stockflow reads it back as that discrete table.
 */
export function xmileGraph(g: GraphicalFunction): GraphicalFunction {
  if (g.mode !== 'forward') return g
  const x = g.x.map((v, i) => (i === 0 ? v : nextUp(g.x[i - 1]!)))
  return { x, y: [...g.y], mode: 'discrete' }
}
