/**
 * Greedy declutter of label boxes: which labels to keep so that the ones that matter most are not
 * drawn over by others. Pure (boxes in, kept ids out), so it can be tested without a browser.
 */

/** A label's box (any one unit for all), and its place in the order of keeping. */
export interface LabelBox {
  readonly id: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** Lower is kept first (e.g. 0 the selection, 1 stocks, 2 a highlighted loop, 3 the rest). */
  readonly rank: number
  /** Always kept (a stock): never hidden, though later boxes may not overlap it. */
  readonly always?: boolean
}

/**
 * The ids of the boxes to keep: in order of rank (then of input), each box is kept unless it overlaps
 * one already kept; an `always` box is kept regardless. Boxes only touching do not overlap. A uniform
 * grid (cells the size of a typical box) keeps it near linear for hundreds of labels.
 */
export function declutter(boxes: readonly LabelBox[]): Set<string> {
  const kept = new Set<string>()
  const sized: LabelBox[] = []
  for (const b of boxes) {
    const real = b.width > 0 && b.height > 0 && [b.x, b.y, b.width, b.height].every(Number.isFinite)
    if (real) sized.push(b)
    else kept.add(b.id) // an empty box covers nothing
  }
  if (sized.length === 0) return kept
  const cell = Math.max(median(sized.map((b) => Math.max(b.width, b.height))), 1e-9)
  const grid = new Map<string, LabelBox[]>()
  const cells = (b: LabelBox): string[] => {
    const out: string[] = []
    const i0 = Math.floor(b.x / cell)
    const i1 = Math.floor((b.x + b.width) / cell)
    const j0 = Math.floor(b.y / cell)
    const j1 = Math.floor((b.y + b.height) / cell)
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) out.push(`${i},${j}`)
    return out
  }
  const order = sized.map((b, i) => ({ b, i })).sort((p, q) => p.b.rank - q.b.rank || p.i - q.i)
  for (const { b } of order) {
    const where = cells(b)
    if (!b.always && where.some((c) => grid.get(c)?.some((k) => overlaps(b, k)))) continue
    kept.add(b.id)
    for (const c of where) {
      const list = grid.get(c)
      if (list) list.push(b)
      else grid.set(c, [b])
    }
  }
  return kept
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
