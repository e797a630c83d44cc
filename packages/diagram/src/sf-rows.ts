/**
 * One pipe chain of the packed stock-and-flow layout as rows: stocks and valves left to right, wrapped
 * at a width with every other row running right to left (a wrapped pipe turns round the row's end in a
 * gutter), flows to clouds above and below their stock, and stock-to-stock flows that skip along the row
 * in lanes below it (through the left gutter to another row).
 */
import type { Chain, FlowEnds } from './sf-chains.js'
import type { Footprint } from './sf-footprint.js'
import { H_GAP, stockSize } from './sf-footprint.js'
import type { Shape } from './stock-flow-geometry.js'
import { CLOUD_R, VALVE_R, pipeThrough } from './stock-flow-geometry.js'
import type { CloudLayout, PipeLayout, Point, StockFlowNodeLayout } from './types.js'

/** Room a cloud takes in a row. */
export const CLOUD_W = 2 * CLOUD_R + H_GAP
/** Room between the legs of lane pipes on a stock's bottom. */
const LEG = 14
/** Extra room between stocks of a row with no flow between them. */
const NO_LINK = 40

/** A slot of a row: `x` is its centre (after the row is turned round, for odd rows). */
export type RowSlot =
  | { kind: 'stock'; id: string; name: string; x: number; width: number; height: number }
  | { kind: 'valve'; id: string; name: string; x: number }
  | { kind: 'cloud'; flow: string; end: 'from' | 'to'; x: number }

/** A row's geometry relative to its centre line. */
export interface Row {
  readonly slots: RowSlot[]
  readonly minX: number
  readonly maxX: number
  /** How far the row reaches above and below its centre line (stubs included, lanes not). */
  readonly above: number
  readonly below: number
  /** Lanes below the row and the distance between them. */
  readonly lanes: number
  readonly laneStep: number
}

/** A chain laid out as rows, with what it draws once the rows' heights and the gutters are known. */
export interface ChainRows {
  readonly rows: Row[]
  /** Tracks the chain uses left of the left gutter (pipes between rows along lanes). */
  readonly tracks: number
  /** Valves of the flows to and from clouds off the stocks, given each row's centre line. */
  stubNodes(rowY: readonly number[]): StockFlowNodeLayout[]
  /** Every pipe and cloud of the chain, given each row's centre line and the gutters' x. */
  wire(
    rowY: readonly number[],
    gutters: { left: number; right: number },
  ): { pipes: PipeLayout[]; clouds: CloudLayout[]; valves: StockFlowNodeLayout[] }
}

interface StubAt {
  flow: string
  into: boolean
  up: boolean
  dx: number
}

/** Lays a chain out in rows no wider than `width` (a row holds one stock at least). */
export function buildChain(
  chain: Chain,
  el: ReadonlyMap<string, { name: string }>,
  foot: ReadonlyMap<string, Footprint>,
  flowEnds: ReadonlyMap<string, FlowEnds>,
  width: number,
): ChainRows {
  const name = (id: string) => el.get(id)!.name
  const fw = (id: string) => foot.get(id)!
  const valveBelow = Math.max(VALVE_R + 18, ...[...chainFlows(chain)].map((f) => fw(f).below))
  const laneStep = 1.5 * VALVE_R + valveBelow + 8

  // Stocks: their sizes, stubs (above and below) and lane legs.
  const legs = new Map<string, { flow: string; end: 'from' | 'to' }[]>()
  for (const s of chain.skips) {
    ;(legs.get(s.from) ?? legs.set(s.from, []).get(s.from)!).push({ flow: s.flow, end: 'from' })
    ;(legs.get(s.to) ?? legs.set(s.to, []).get(s.to)!).push({ flow: s.flow, end: 'to' })
  }
  const stubs = new Map<string, StubAt[]>()
  const size = new Map<string, { width: number; height: number }>()
  const legsLeft = new Set<string>()
  for (const id of chain.stocks) {
    const mine = chain.stubs.filter((s) => s.stock === id)
    const nLegs = legs.get(id)?.length ?? 0
    const up = mine.filter((s) => s.into)
    const down = mine.filter((s) => !s.into)
    while (up.length > down.length + 1) down.push(up.pop()!)
    while (down.length > up.length + 1) up.push(down.pop()!)
    const col = (side: typeof up) => Math.max(0, ...side.map((s) => fw(s.flow).width))
    const base = stockSize(name(id))
    // Under the stock, the lane pipes' legs on the left and the stubs on the right: apart.
    const legsW = nLegs ? nLegs * LEG + 12 : 0
    const w = Math.max(
      base.width,
      up.length > 1 ? up.length * col(up) - H_GAP : 0,
      nLegs && down.length ? legsW + down.length * col(down) : down.length > 1 ? down.length * col(down) - H_GAP : 0,
      legsW,
    )
    size.set(id, { width: w, height: base.height })
    if (nLegs && down.length) legsLeft.add(id)
    const spread = (side: typeof up, isUp: boolean): StubAt[] =>
      side.map((s, j) => ({
        flow: s.flow,
        into: s.into,
        up: isUp,
        dx: !isUp && nLegs ? w / 2 - (side.length - j - 0.5) * col(side) : (j - (side.length - 1) / 2) * col(side),
      }))
    stubs.set(id, [...spread(up, true), ...spread(down, false)])
  }

  // Slots in reading order, cut into rows of at most `width`.
  type Unit = { slots: RowSlot[]; width: number }
  const units: Unit[] = []
  const valve = (id: string): RowSlot => ({ kind: 'valve', id, name: name(id), x: 0 })
  const slotW = (s: RowSlot) => (s.kind === 'stock' ? s.width + H_GAP : s.kind === 'cloud' ? CLOUD_W : fw(s.id).width)
  const unit = (slots: RowSlot[], extra = 0) =>
    units.push({ slots, width: slots.reduce((w, s) => w + slotW(s), extra) })
  if (chain.lone) {
    unit([
      { kind: 'cloud', flow: chain.lone, end: 'from', x: 0 },
      valve(chain.lone),
      { kind: 'cloud', flow: chain.lone, end: 'to', x: 0 },
    ])
  }
  chain.stocks.forEach((id, i) => {
    const slots: RowSlot[] = []
    if (i === 0 && chain.head) slots.push({ kind: 'cloud', flow: chain.head, end: 'from', x: 0 }, valve(chain.head))
    slots.push({ kind: 'stock', id, name: name(id), x: 0, ...size.get(id)! })
    const link = chain.links[i]
    if (link) slots.push(valve(link))
    if (i === chain.stocks.length - 1 && chain.tail)
      slots.push(valve(chain.tail), { kind: 'cloud', flow: chain.tail, end: 'to', x: 0 })
    unit(slots, i < chain.stocks.length - 1 && !link ? NO_LINK : 0)
  })
  const segments: Unit[][] = [[]]
  let used = 0
  for (const u of units) {
    if (segments[segments.length - 1]!.length > 0 && used + u.width > width) {
      segments.push([])
      used = 0
    }
    segments[segments.length - 1]!.push(u)
    used += u.width
  }
  const widths = segments.map((seg) => seg.reduce((w, u) => w + u.width, 0))
  const right = Math.max(...widths)
  const rowOf = new Map<string, number>()
  const slotOf = new Map<string, RowSlot>()
  const rows: Row[] = segments.map((seg, r) => {
    const slots: RowSlot[] = []
    let x = 0
    for (const u of seg) {
      const start = x
      for (const s of u.slots) {
        const w = slotW(s)
        s.x = x + w / 2
        x += w
        slots.push(s)
      }
      x = start + u.width
    }
    // Odd rows run right to left, ending under the row above's end.
    if (r % 2 === 1) for (const s of slots) s.x = right - s.x
    for (const s of slots) {
      if (s.kind === 'cloud') continue
      rowOf.set(s.id, r)
      slotOf.set(s.id, s)
    }
    const stocks = slots.filter((s): s is Extract<RowSlot, { kind: 'stock' }> => s.kind === 'stock')
    const half = Math.max(CLOUD_R, ...stocks.map((s) => s.height / 2))
    let above = Math.max(half, 1.5 * VALVE_R)
    let below = Math.max(half, valveBelow)
    for (const s of stocks) {
      const st = stubs.get(s.id)!
      if (st.some((t) => t.up)) above = Math.max(above, s.height / 2 + upReach(valveBelow))
      if (st.some((t) => !t.up)) below = Math.max(below, s.height / 2 + downReach(valveBelow))
    }
    const xs = slots.map((s) => s.x)
    return { slots, minX: Math.min(...xs) - 60, maxX: Math.max(...xs) + 60, above, below, lanes: 0, laneStep }
  })

  // Lanes: each skip takes a lane in its rows, shared by skips whose spans (valve label included) are apart.
  const legX = new Map<string, number>()
  for (const [stock, ls] of legs) {
    const s = slotOf.get(stock) as Extract<RowSlot, { kind: 'stock' }>
    ls.forEach((l, j) =>
      legX.set(
        `${l.flow}\u0001${l.end}`,
        legsLeft.has(stock) ? s.x - s.width / 2 + 6 + (j + 0.5) * LEG : s.x + (j - (ls.length - 1) / 2) * LEG,
      ),
    )
  }
  type Span = { flow: string; lo: number; hi: number; lane: number }
  const spans = rows.map((): Span[] => [])
  const valveAt = new Map<string, number>()
  let tracks = 0
  const trackOf = new Map<string, number>()
  for (const s of chain.skips) {
    const rf = rowOf.get(s.from)!
    const rt = rowOf.get(s.to)!
    const xf = legX.get(`${s.flow}\u0001from`)!
    const xt = legX.get(`${s.flow}\u0001to`)!
    const half = fw(s.flow).width / 2
    if (rf === rt) {
      const mid = (xf + xt) / 2
      valveAt.set(s.flow, mid)
      spans[rf]!.push({ flow: s.flow, lo: Math.min(xf, xt, mid - half), hi: Math.max(xf, xt, mid + half), lane: 0 })
    } else {
      const v = xf - half - 10
      valveAt.set(s.flow, v)
      spans[rf]!.push({ flow: s.flow, lo: -Infinity, hi: xf, lane: 0 })
      spans[rt]!.push({ flow: s.flow, lo: -Infinity, hi: xt, lane: 0 })
      trackOf.set(s.flow, tracks++)
    }
  }
  const laneOf = new Map<string, number>()
  spans.forEach((list, r) => {
    const ends: number[] = []
    for (const sp of [...list].sort((a, b) => a.lo - b.lo || a.hi - b.hi)) {
      let lane = ends.findIndex((e) => e + H_GAP < sp.lo)
      if (lane < 0) lane = ends.push(sp.hi) - 1
      else ends[lane] = sp.hi
      laneOf.set(`${sp.flow}\u0001${r}`, lane)
    }
    rows[r] = { ...rows[r]!, lanes: ends.length }
  })

  const stockNode = (id: string, rowY: readonly number[]): StockFlowNodeLayout => {
    const s = slotOf.get(id) as Extract<RowSlot, { kind: 'stock' }>
    return { id, name: s.name, kind: 'stock', x: s.x, y: rowY[rowOf.get(id)!]!, width: s.width, height: s.height }
  }
  const stubGeometry = (id: string, t: StubAt, rowY: readonly number[]) => {
    const s = stockNode(id, rowY)
    const x = s.x + t.dx
    if (t.up) {
      const v = { x, y: s.y - s.height / 2 - (valveBelow + 8) }
      const cloud = { x, y: v.y - 30 }
      const edge = { x, y: s.y - s.height / 2 }
      return {
        v,
        cloud,
        points: t.into ? [{ x, y: cloud.y + CLOUD_R / 2 }, v, edge] : [edge, v, { x, y: cloud.y + CLOUD_R / 2 }],
      }
    }
    const v = { x, y: s.y + s.height / 2 + 18 }
    const cloud = { x, y: v.y + valveBelow + 12 }
    const edge = { x, y: s.y + s.height / 2 }
    return {
      v,
      cloud,
      points: t.into ? [{ x, y: cloud.y - CLOUD_R / 2 }, v, edge] : [edge, v, { x, y: cloud.y - CLOUD_R / 2 }],
    }
  }

  return {
    rows,
    tracks,
    stubNodes(rowY) {
      const out: StockFlowNodeLayout[] = []
      for (const [id, list] of stubs) {
        for (const t of list) {
          const { v } = stubGeometry(id, t, rowY)
          out.push({ id: t.flow, name: name(t.flow), kind: 'flow', ...v, width: 2 * VALVE_R, height: 2 * VALVE_R })
        }
      }
      return out
    },
    wire(rowY, gutters) {
      const pipes: PipeLayout[] = []
      const clouds: CloudLayout[] = []
      const valves: StockFlowNodeLayout[] = []
      const box = (id: string): Shape => ({ kind: 'box', box: stockNode(id, rowY) })
      const cloudShape = (flow: string, end: 'from' | 'to', r: number): Shape => {
        const slot = rows[r]!.slots.find((s) => s.kind === 'cloud' && s.flow === flow && s.end === end)!
        const c = { x: slot.x, y: rowY[r]! }
        clouds.push({ flow, end, ...c })
        return { kind: 'circle', c, r: CLOUD_R }
      }
      const pipe = (flow: string, points: Point[], valve: Point, ends: FlowEnds) =>
        pipes.push({
          flow,
          ...(ends.from ? { from: ends.from } : {}),
          ...(ends.to ? { to: ends.to } : {}),
          points,
          valve,
        })
      // Along rows: head, links (turning round a row's end when wrapped), tail, a lone flow.
      if (chain.lone) {
        const v = { x: slotOf.get(chain.lone)!.x, y: rowY[0]! }
        pipe(chain.lone, pipeThrough(cloudShape(chain.lone, 'from', 0), v, cloudShape(chain.lone, 'to', 0)), v, {})
      }
      if (chain.head) {
        const s = chain.stocks[0]!
        const v = { x: slotOf.get(chain.head)!.x, y: rowY[0]! }
        pipe(chain.head, pipeThrough(cloudShape(chain.head, 'from', 0), v, box(s)), v, { to: s })
      }
      if (chain.tail) {
        const s = chain.stocks[chain.stocks.length - 1]!
        const r = rowOf.get(s)!
        const v = { x: slotOf.get(chain.tail)!.x, y: rowY[r]! }
        pipe(chain.tail, pipeThrough(box(s), v, cloudShape(chain.tail, 'to', r)), v, { from: s })
      }
      chain.links.forEach((f, i) => {
        if (!f) return
        const a = chain.stocks[i]!
        const b = chain.stocks[i + 1]!
        const ra = rowOf.get(a)!
        const rb = rowOf.get(b)!
        const v = { x: slotOf.get(f)!.x, y: rowY[ra]! }
        const forward = flowEnds.get(f)?.from === a
        let pts: Point[]
        if (ra === rb) pts = pipeThrough(box(a), v, box(b))
        else {
          const na = stockNode(a, rowY)
          const nb = stockNode(b, rowY)
          const g = ra % 2 === 0 ? gutters.right : gutters.left
          const side = ra % 2 === 0 ? 1 : -1
          pts = [
            { x: na.x + (side * na.width) / 2, y: na.y },
            v,
            { x: g, y: na.y },
            { x: g, y: nb.y },
            { x: nb.x + (side * nb.width) / 2, y: nb.y },
          ]
        }
        if (!forward) pts.reverse()
        pipe(f, pts, v, forward ? { from: a, to: b } : { from: b, to: a })
      })
      // Off the stocks: to and from clouds.
      for (const [id, list] of stubs) {
        for (const t of list) {
          const g = stubGeometry(id, t, rowY)
          clouds.push({ flow: t.flow, end: t.into ? 'from' : 'to', ...g.cloud })
          pipe(t.flow, g.points, g.v, t.into ? { to: id } : { from: id })
        }
      }
      // Along the lanes below the rows.
      const laneY = (flow: string, r: number) =>
        rowY[r]! + rows[r]!.below + 22 + laneOf.get(`${flow}\u0001${r}`)! * laneStep
      for (const s of chain.skips) {
        const rf = rowOf.get(s.from)!
        const rt = rowOf.get(s.to)!
        const nf = stockNode(s.from, rowY)
        const nt = stockNode(s.to, rowY)
        const xf = legX.get(`${s.flow}\u0001from`)!
        const xt = legX.get(`${s.flow}\u0001to`)!
        const yf = laneY(s.flow, rf)
        const v = { x: valveAt.get(s.flow)!, y: yf }
        valves.push({ id: s.flow, name: name(s.flow), kind: 'flow', ...v, width: 2 * VALVE_R, height: 2 * VALVE_R })
        const start = { x: xf, y: nf.y + nf.height / 2 }
        const end = { x: xt, y: nt.y + nt.height / 2 }
        if (rf === rt) pipe(s.flow, [start, { x: xf, y: yf }, v, { x: xt, y: yf }, end], v, s)
        else {
          const gx = gutters.left - LEG * (trackOf.get(s.flow)! + 1)
          const yt = laneY(s.flow, rt)
          pipe(s.flow, [start, { x: xf, y: yf }, v, { x: gx, y: yf }, { x: gx, y: yt }, { x: xt, y: yt }, end], v, s)
        }
      }
      return { pipes, clouds, valves }
    },
  }
}

/** Every flow a chain draws. */
function chainFlows(chain: Chain): Set<string> {
  const out = new Set<string>()
  for (const f of chain.links) if (f) out.add(f)
  for (const f of [chain.head, chain.tail, chain.lone]) if (f) out.add(f)
  for (const s of chain.skips) out.add(s.flow)
  for (const s of chain.stubs) out.add(s.flow)
  return out
}

/** How far above a stock's top its stubs reach: valve, label room, cloud. */
const upReach = (valveBelow: number) => valveBelow + 8 + 30 + CLOUD_R
/** How far below a stock's bottom its stubs reach. */
const downReach = (valveBelow: number) => 18 + valveBelow + 12 + CLOUD_R
