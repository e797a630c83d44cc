/**
 * The packed stock-and-flow layout, for models too large for dagre: pipe chains first, each on a row
 * (long ones wrap, back and forth), auxiliaries and parameters in bands above the row they feed (and
 * below it, what only reads it), each band ordered by where its readers are and packed by label width,
 * so no two symbols overlap by construction; then the blocks shelf-packed to a target aspect.
 * Sorting bands and lanes makes it O(n log n). See LAYOUT.md.
 */
import type { Chain, FlowEnds } from './sf-chains.js'
import { pipeChains } from './sf-chains.js'
import { packBand } from './sf-bands.js'
import type { Footprint } from './sf-footprint.js'
import { H_GAP, V_GAP, circleFootprint, stockSize, valveFootprint } from './sf-footprint.js'
import { buildChain } from './sf-rows.js'
import type { ChainRows, RowSlot } from './sf-rows.js'
import { CLOUD_R, VALVE_R } from './stock-flow-geometry.js'
import type { Placed } from './stock-flow-pipes.js'
import type { CloudLayout, PipeLayout, Point, StockFlowNodeLayout } from './types.js'

/** An element the packed layout places. */
export interface PackElement {
  readonly id: string
  readonly name: string
  readonly kind: 'stock' | 'flow' | 'aux' | 'param'
}

/** What the packed layout needs: drawn elements in model order, flows' drawn ends, links among them. */
export interface PackInput {
  readonly elements: readonly PackElement[]
  readonly ends: ReadonlyMap<string, FlowEnds>
  readonly links: readonly { readonly from: string; readonly to: string }[]
  /** Width over height to aim for (default 1.6). */
  readonly aspect?: number
}

/** Room between blocks and between a block's rows. */
const BLOCK_GAP = 48
const ROW_GAP = 28

/** A laid-out block before it is placed: its items in block coordinates and its extent. */
interface Block {
  nodes: StockFlowNodeLayout[]
  pipes: PipeLayout[]
  clouds: CloudLayout[]
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** Lays out `input` packed (see the file comment). */
export function packStockFlow(input: PackInput): Placed {
  const aspect = input.aspect ?? 1.6
  const el = new Map(input.elements.map((e) => [e.id, e]))
  const foot = new Map<string, Footprint>()
  for (const e of input.elements) {
    if (e.kind === 'flow') foot.set(e.id, valveFootprint(e.name))
    else if (e.kind !== 'stock') foot.set(e.id, circleFootprint(e.name, e.kind))
  }
  const ids = (kind: PackElement['kind']) => input.elements.filter((e) => e.kind === kind).map((e) => e.id)
  const chains = pipeChains(ids('stock'), ids('flow'), input.ends)
  // A first guess at the width from the symbols' area, then corrected toward the aspect a few times.
  let area = 0
  for (const e of input.elements) {
    const f = foot.get(e.id)
    const s = e.kind === 'stock' ? stockSize(e.name) : undefined
    area += f ? f.width * (f.above + f.below + V_GAP) : (s!.width + H_GAP) * (s!.height + 40)
  }
  let width = Math.max(600, Math.sqrt(area * 2 * aspect))
  let best: { placed: Placed; score: number } | undefined
  for (let round = 0; round < 5; round++) {
    const { placed, extent } = attempt(input, el, foot, chains, width, aspect)
    const got = extent.width / Math.max(1, extent.height)
    const score = Math.abs(Math.log(got / aspect))
    if (!best || score < best.score) best = { placed, score }
    if (score < 0.15) break
    width *= Math.sqrt(aspect / got)
  }
  // Model order, whatever the blocks' order: the drawing and what reads it stay stable so.
  const order = new Map(input.elements.map((e, i) => [e.id, i]))
  const rank = (id: string) => order.get(id) ?? Infinity
  const { nodes, pipes, clouds } = best!.placed
  return {
    nodes: [...nodes].sort((a, b) => rank(a.id) - rank(b.id)),
    pipes: [...pipes].sort((a, b) => rank(a.flow) - rank(b.flow)),
    clouds: [...clouds].sort((a, b) => rank(a.flow) - rank(b.flow) || (a.end < b.end ? -1 : a.end > b.end ? 1 : 0)),
  }
}

/** One layout with rows wrapped at `width`: blocks built, then shelf-packed to the aspect. */
function attempt(
  input: PackInput,
  el: ReadonlyMap<string, PackElement>,
  foot: ReadonlyMap<string, Footprint>,
  chains: readonly Chain[],
  width: number,
  aspect: number,
): { placed: Placed; extent: { width: number; height: number } } {
  const laid = chains.map((c) => buildChain(c, el, foot, input.ends, width))
  const rowOf = new Map<string, { block: number; row: number }>()
  laid.forEach((cr, block) =>
    cr.rows.forEach((r, row) => {
      for (const s of r.slots) if (s.kind !== 'cloud') rowOf.set(s.id, { block, row })
    }),
  )
  const place = placeBands(input, el, foot, laid, rowOf, width)
  const blocks = laid.map((cr, b) => assemble(cr, place.bands.get(b) ?? [], foot))
  const free = place.free.length ? [assemble(undefined, place.free, foot)] : []
  return shelfPack([...blocks, ...free], aspect)
}

/** A band node's placement: its row (index into the block's rows; -1 in a block of its own) and band. */
export interface BandNode {
  readonly id: string
  readonly kind: 'aux' | 'param'
  readonly name: string
  readonly row: number
  readonly side: 'above' | 'below'
  readonly level: number
  x: number
  sub: number
}

/**
 * Which band each auxiliary and parameter goes in, and its x: above the row of the first chain variable
 * it feeds (one band further up per step away), else below the row of what it reads; what connects to
 * no chain forms a block of its own, layered from what nothing reads.
 */
function placeBands(
  input: PackInput,
  el: ReadonlyMap<string, PackElement>,
  foot: ReadonlyMap<string, Footprint>,
  laid: readonly ChainRows[],
  rowOf: ReadonlyMap<string, { block: number; row: number }>,
  width: number,
): { bands: Map<number, BandNode[]>; free: BandNode[] } {
  const inputs = new Map<string, string[]>()
  const readers = new Map<string, string[]>()
  for (const { from, to } of input.links) {
    if (!el.has(from) || !el.has(to) || from === to) continue
    ;(inputs.get(to) ?? inputs.set(to, []).get(to)!).push(from)
    ;(readers.get(from) ?? readers.set(from, []).get(from)!).push(to)
  }
  type At = { block: number; row: number; side: 'chain' | 'above' | 'below'; level: number }
  const at = new Map<string, At>()
  for (const [id, r] of rowOf) at.set(id, { ...r, side: 'chain', level: 0 })
  const order = new Map(input.elements.map((e, i) => [e.id, i]))
  const byOrder = (a: string, b: string) => order.get(a)! - order.get(b)!
  const isBand = (id: string) => el.get(id)?.kind === 'aux' || el.get(id)?.kind === 'param'
  // Breadth first: upstream of the chains, then from every placed node both ways.
  const spread = (frontier: string[], upOnly: boolean) => {
    while (frontier.length) {
      const next: string[] = []
      for (const n of frontier) {
        const a = at.get(n)!
        const take = (u: string, side: 'above' | 'below') => {
          if (at.has(u) || !isBand(u)) return
          at.set(u, { block: a.block, row: a.row, side, level: a.level + 1 })
          next.push(u)
        }
        for (const u of [...(inputs.get(n) ?? [])].sort(byOrder)) take(u, a.side === 'below' ? 'below' : 'above')
        if (!upOnly)
          for (const w of [...(readers.get(n) ?? [])].sort(byOrder)) take(w, a.side === 'above' ? 'above' : 'below')
      }
      frontier = next
    }
  }
  const chainIds = [...rowOf.keys()].sort(byOrder)
  spread(chainIds, true)
  spread([...at.keys()].sort(byOrder), false)
  // The rest: layered from what nothing reads, in a block of its own (block -1).
  const rest = input.elements.filter((e) => isBand(e.id) && !at.has(e.id)).map((e) => e.id)
  while (rest.some((id) => !at.has(id))) {
    const left = rest.filter((id) => !at.has(id))
    const restSet = new Set(left)
    let sinks = left.filter((id) => !(readers.get(id) ?? []).some((w) => restSet.has(w)))
    if (sinks.length === 0) sinks = [left[0]!]
    for (const s of sinks) at.set(s, { block: -1, row: 0, side: 'above', level: 1 })
    spread(sinks, true)
    spread(sinks, false)
  }

  // Bands: per block, row, side and level, nearest level first so targets come from placed neighbours.
  const xOf = new Map<string, number>()
  laid.forEach((cr) => cr.rows.forEach((r) => r.slots.forEach((s) => s.kind !== 'cloud' && xOf.set(s.id, s.x))))
  const groups = new Map<string, BandNode[]>()
  for (const [id, a] of at) {
    if (a.side === 'chain') continue
    const e = el.get(id)!
    const node: BandNode = { id, kind: e.kind as 'aux' | 'param', name: e.name, ...a, side: a.side, x: 0, sub: 0 }
    const key = `${a.block}\u0001${a.row}\u0001${a.side}\u0001${String(a.level).padStart(6, '0')}`
    ;(groups.get(key) ?? groups.set(key, []).get(key)!).push(node)
  }
  const bands = new Map<number, BandNode[]>()
  const free: BandNode[] = []
  const keys = [...groups.keys()].sort((a, b) => {
    const [, , , la] = a.split('\u0001')
    const [, , , lb] = b.split('\u0001')
    return la!.localeCompare(lb!) || (a < b ? -1 : 1)
  })
  for (const key of keys) {
    const group = groups.get(key)!.sort((a, b) => byOrder(a.id, b.id))
    const block = Number(key.split('\u0001')[0])
    const row = block >= 0 ? laid[block]!.rows[Number(key.split('\u0001')[1])]! : undefined
    const lo = row ? Math.min(0, row.minX) : 0
    const hi = Math.max(lo + width, row ? row.maxX : 0)
    const items = group.map((n, i) => {
      const near = [...(inputs.get(n.id) ?? []), ...(readers.get(n.id) ?? [])].filter((m) => xOf.has(m))
      const target = near.length ? near.reduce((s, m) => s + xOf.get(m)!, 0) / near.length : lo + i
      return { key: n.id, target, width: foot.get(n.id)!.width }
    })
    const placed = packBand(items, lo, hi)
    for (const n of group) {
      n.x = placed.x.get(n.id)!
      n.sub = placed.sub.get(n.id)!
      xOf.set(n.id, n.x)
    }
    if (block < 0) free.push(...group)
    else (bands.get(block) ?? bands.set(block, []).get(block)!).push(...group)
  }
  return { bands, free }
}

/**
 * A block's rows stacked top to bottom, each with its bands above (farthest first), its lanes and its
 * bands below; then its pipes, wired once the rows' heights and the gutters are known.
 */
function assemble(
  chain: ChainRows | undefined,
  bandNodes: readonly BandNode[],
  foot: ReadonlyMap<string, Footprint>,
): Block {
  const rows = chain?.rows ?? []
  const nodes: StockFlowNodeLayout[] = []
  const rowY: number[] = []
  let y = 0
  const bandsAt = (row: number, side: 'above' | 'below') => {
    const mine = bandNodes.filter((n) => n.row === row && n.side === side)
    const levels = [...new Set(mine.map((n) => n.level))].sort((a, b) => a - b)
    return levels.flatMap((level) => {
      const here = mine.filter((n) => n.level === level)
      const subs = Math.max(...here.map((n) => n.sub)) + 1
      return Array.from({ length: subs }, (_, s) => here.filter((n) => n.sub === s)).filter((l) => l.length)
    })
  }
  const stackBands = (lines: BandNode[][]) => {
    for (const line of lines) {
      const fp = line.map((n) => foot.get(n.id)!)
      const above = Math.max(...fp.map((f) => f.above))
      const below = Math.max(...fp.map((f) => f.below))
      for (const n of line) nodes.push(circleNode(n, y + above))
      y += above + below + V_GAP
    }
  }
  for (let r = 0; r < Math.max(rows.length, 1); r++) {
    stackBands(bandsAt(r, 'above').reverse())
    const row = rows[r]
    if (row) {
      y += row.above
      rowY.push(y)
      for (const s of row.slots) if (s.kind !== 'cloud') nodes.push(slotNode(s, y))
      y += row.below + row.lanes * row.laneStep
    }
    stackBands(bandsAt(r, 'below'))
    y += ROW_GAP
  }
  if (chain) nodes.push(...chain.stubNodes(rowY))
  let minX = Infinity
  let maxX = -Infinity
  const widen = (lo: number, hi: number) => {
    minX = Math.min(minX, lo)
    maxX = Math.max(maxX, hi)
  }
  const half = (n: StockFlowNodeLayout) => (n.kind === 'stock' ? n.width : foot.get(n.id)!.width) / 2
  for (const n of nodes) widen(n.x - half(n), n.x + half(n))
  for (const r of rows) for (const s of r.slots) if (s.kind === 'cloud') widen(s.x - CLOUD_R, s.x + CLOUD_R)
  const wired = chain?.wire(rowY, { left: minX - 24, right: maxX + 24 }) ?? { pipes: [], clouds: [], valves: [] }
  nodes.push(...wired.valves)
  for (const n of wired.valves) widen(n.x - half(n), n.x + half(n))
  for (const p of wired.pipes) for (const q of p.points) widen(q.x, q.x)
  return {
    nodes,
    pipes: wired.pipes,
    clouds: wired.clouds,
    minX: minX - H_GAP,
    maxX: maxX + H_GAP,
    minY: 0,
    maxY: y - ROW_GAP,
  }
}

function circleNode(n: BandNode, y: number): StockFlowNodeLayout {
  const s = 2 * (n.kind === 'aux' ? 9 : 7)
  return { id: n.id, name: n.name, kind: n.kind, x: n.x, y, width: s, height: s }
}

function slotNode(s: Exclude<RowSlot, { kind: 'cloud' }>, y: number): StockFlowNodeLayout {
  return s.kind === 'stock'
    ? { id: s.id, name: s.name, kind: 'stock', x: s.x, y, width: s.width, height: s.height }
    : { id: s.id, name: s.name, kind: 'flow', x: s.x, y, width: 2 * VALVE_R, height: 2 * VALVE_R }
}

/** Blocks on shelves, tallest first, at the shelf width whose drawing comes nearest the aspect. */
function shelfPack(
  blocks: readonly Block[],
  aspect: number,
): { placed: Placed; extent: { width: number; height: number } } {
  const sized = blocks
    .map((b, i) => ({ b, i, w: b.maxX - b.minX, h: b.maxY - b.minY }))
    .sort((a, b) => b.h - a.h || a.i - b.i)
  const widest = Math.max(0, ...sized.map((s) => s.w))
  const total = sized.reduce((s, b) => s + b.w + BLOCK_GAP, 0)
  let best: { at: Point[]; w: number; h: number; score: number } | undefined
  for (let k = 0; k <= 24; k++) {
    const limit = widest + ((total - widest) * k) / 24
    const at: Point[] = []
    let x = 0
    let shelfY = 0
    let shelfH = 0
    let w = 0
    for (const s of sized) {
      if (x > 0 && x + s.w > limit) {
        shelfY += shelfH + BLOCK_GAP
        x = 0
        shelfH = 0
      }
      at.push({ x, y: shelfY })
      x += s.w + BLOCK_GAP
      w = Math.max(w, x - BLOCK_GAP)
      shelfH = Math.max(shelfH, s.h)
    }
    const h = shelfY + shelfH
    const score = Math.abs(Math.log(w / Math.max(1, h) / aspect))
    if (!best || score < best.score) best = { at, w, h, score }
  }
  const placed: Placed = { nodes: [], pipes: [], clouds: [] }
  sized.forEach((s, k) => {
    const dx = best!.at[k]!.x - s.b.minX
    const dy = best!.at[k]!.y - s.b.minY
    const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy })
    placed.nodes.push(...s.b.nodes.map((n) => ({ ...n, ...move(n) })))
    placed.pipes.push(...s.b.pipes.map((p) => ({ ...p, points: p.points.map(move), valve: move(p.valve) })))
    placed.clouds.push(...s.b.clouds.map((c) => ({ ...c, ...move(c) })))
  })
  return { placed, extent: { width: best?.w ?? 0, height: best?.h ?? 0 } }
}
