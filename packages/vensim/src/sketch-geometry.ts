/** Where a Vensim pipe meets its stock or cloud, from the valve and the point its arrow keeps. */

interface Placed {
  readonly x: number
  readonly y: number
  /** Half width and half height, as the sketch keeps them. */
  readonly w: number
  readonly h: number
}

/**
 * The end of a pipe from `valve` to `target`: a cloud's centre, or the edge of a stock's box facing
 * the valve, on the line the pipe leaves the valve along (toward the arrow's point, which lies on the
 * pipe; toward the stock's centre when the point says nothing).
 */
export function pipeEnd(
  valve: Placed,
  point: readonly [number, number] | undefined,
  target: Placed,
  isStock: boolean,
): [number, number] {
  if (!isStock) return [target.x, target.y]
  const usable = point && !(point[0] === 0 && point[1] === 0) && !(point[0] === valve.x && point[1] === valve.y)
  const [px, py] = usable ? point : [target.x, target.y]
  const dx = px - valve.x
  const dy = py - valve.y
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
  if (dx === 0 && dy === 0) return [target.x, target.y]
  if (Math.abs(dx) >= Math.abs(dy)) {
    const x = target.x < valve.x ? target.x + target.w : target.x - target.w
    const y = valve.y + ((x - valve.x) * dy) / dx
    return [x, clamp(y, target.y - target.h, target.y + target.h)]
  }
  const y = target.y < valve.y ? target.y + target.h : target.y - target.h
  const x = valve.x + ((y - valve.y) * dx) / dy
  return [clamp(x, target.x - target.w, target.x + target.w), y]
}
