/** Straightening pipes after a layered layout: each chain of stocks, valves and clouds onto one row. */
import type { Box } from './geometry.js'
import { boxesOverlap } from './geometry.js'

/** A laid-out item: its box (centre and size, labels included) and a stable key. */
export interface Item extends Box {
  readonly key: string
}

/** Space kept between boxes when items move. */
export const ALIGN_GAP = 6

/**
 * Moves every item of a pipe chain (items joined by `pipes`) to the row of the chain's first item, unless
 * that would make it overlap another chain item; then moves any other item that now overlaps something
 * up or down, in steps of 8, to the nearest free spot. Items keep their x. Returns the new centres' y.
 */
export function alignPipes(items: readonly Item[], pipes: readonly (readonly [string, string])[]): Map<string, number> {
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r)!
    return r
  }
  for (const [a, b] of pipes) {
    if (!parent.has(a)) parent.set(a, a)
    if (!parent.has(b)) parent.set(b, b)
    const ra = find(a)
    const rb = find(b)
    // The root is the earlier item, so each chain's row is its first item's.
    if (ra !== rb) {
      const ia = items.findIndex((i) => i.key === ra)
      const ib = items.findIndex((i) => i.key === rb)
      if (ia <= ib) parent.set(rb, ra)
      else parent.set(ra, rb)
    }
  }
  const y = new Map(items.map((i) => [i.key, i.y]))
  const at = (i: Item): Box => ({ x: i.x, y: y.get(i.key)!, width: i.width + ALIGN_GAP, height: i.height + ALIGN_GAP })
  const chain = items.filter((i) => parent.has(i.key))
  for (const i of chain) {
    const rowY = y.get(find(i.key))!
    const moved = { ...at(i), y: rowY }
    if (chain.every((o) => o === i || !boxesOverlap(moved, at(o)))) y.set(i.key, rowY)
  }
  const placed = [...chain]
  for (const i of items) {
    if (parent.has(i.key)) continue
    const base = y.get(i.key)!
    for (let k = 0; k < 200; k++) {
      const dy = k === 0 ? 0 : (k % 2 === 1 ? -1 : 1) * Math.ceil(k / 2) * 8
      const box = { ...at(i), y: base + dy }
      if (placed.every((o) => !boxesOverlap(box, at(o)))) {
        y.set(i.key, base + dy)
        break
      }
    }
    placed.push(i)
  }
  return y
}
