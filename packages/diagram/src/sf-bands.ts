/** One-dimensional packing for the packed stock-and-flow layout: labelled symbols in a band, none overlapping. */

/** Something to place along x: a wanted centre and a width (its label's, with room around it). */
export interface BandItem {
  readonly key: string
  readonly target: number
  readonly width: number
}

/** Where band items went: each one's centre x and sub-row (0 nearest the chain). */
export interface BandPlacement {
  readonly x: Map<string, number>
  readonly sub: Map<string, number>
  readonly rows: number
}

/**
 * Places items as near their targets as their order allows, without overlaps, within [lo, hi] when
 * they fit (a band wider than that spills right). Items are ordered by target and dealt into as many
 * sub-rows as their widths need, in turn, so each sub-row spans the whole band.
 */
export function packBand(items: readonly BandItem[], lo: number, hi: number): BandPlacement {
  const sorted = [...items].sort((a, b) => a.target - b.target)
  const span = Math.max(1, hi - lo)
  const total = sorted.reduce((s, i) => s + i.width, 0)
  let k = Math.max(1, Math.ceil(total / span))
  let rows: BandItem[][] = []
  for (;;) {
    rows = Array.from({ length: k }, () => [])
    sorted.forEach((item, i) => rows[i % k]!.push(item))
    if (k >= sorted.length || rows.every((r) => r.reduce((s, i) => s + i.width, 0) <= span)) break
    k++
  }
  const x = new Map<string, number>()
  const sub = new Map<string, number>()
  rows.forEach((row, r) => {
    const xs = placeRow(row, lo, hi)
    row.forEach((item, i) => {
      x.set(item.key, xs[i]!)
      sub.set(item.key, r)
    })
  })
  return { x, sub, rows: k }
}

/** Centres of a row of items in target order: pushed right off each other, then back left of `hi`. */
function placeRow(row: readonly BandItem[], lo: number, hi: number): number[] {
  const xs = row.map((i) => i.target)
  for (let i = 0; i < row.length; i++) {
    const min = i === 0 ? lo + row[i]!.width / 2 : xs[i - 1]! + (row[i - 1]!.width + row[i]!.width) / 2
    xs[i] = Math.max(xs[i]!, min)
  }
  for (let i = row.length - 1; i >= 0; i--) {
    const max = i === row.length - 1 ? hi - row[i]!.width / 2 : xs[i + 1]! - (row[i + 1]!.width + row[i]!.width) / 2
    xs[i] = Math.min(xs[i]!, max)
  }
  // When the row is wider than [lo, hi], the backward pass pushed it left of lo: one forward pass more.
  for (let i = 0; i < row.length; i++) {
    const min = i === 0 ? lo + row[i]!.width / 2 : xs[i - 1]! + (row[i - 1]!.width + row[i]!.width) / 2
    xs[i] = Math.max(xs[i]!, min)
  }
  return xs
}
