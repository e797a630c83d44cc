/**
 * The sketch of a `.mdl` file (from `\\\---/// Sketch information` to `///---\\\`) read into the
 * model's views: one view per sketch view that places anything, with its name. Pure: text in, views
 * out. Names the model does not know are skipped silently (Vensim keeps stale sketch items, `Time`
 * among them); a line that is not the sketch format is a problem with its line and column.
 */
import type { ElementKind, VarId, View, ViewItem, ViewLink } from '@stockflow/model'
import type { MdlProblem } from './ast.js'
import { pipeEnd } from './sketch-geometry.js'
import type { SketchArrow, SketchObject, SketchWord } from './sketch-objects.js'
import { readObjectLine } from './sketch-objects.js'

/** What a name of the sketch is in the model; undefined for a name the model does not have. */
export type SketchResolve = (name: string) => { readonly id: VarId; readonly kind: ElementKind } | undefined

/** The views of a sketch and the problems of its lines, in file order. */
export interface SketchResult {
  readonly views: View[]
  readonly problems: MdlProblem[]
}

interface RawView {
  name?: string
  readonly objects: SketchObject[]
}

const MARKER = '\\\\\\---///'
const SETTINGS = '///---\\\\\\'

/**
 * Reads the sketch. `text` starts on line `startLine` of the file (at character `startOffset`, for the
 * offsets of problems); it may start with the marker line, with the rest of it, or after it.
 * `resolve` is asked for each name as the sketch spells it, quotes removed (then, if unknown, as
 * written): the caller folds case and spaces as its equations do.
 */
export function readSketch(text: string, startLine: number, resolve: SketchResolve, startOffset = 0): SketchResult {
  const problems: MdlProblem[] = []
  const raw: RawView[] = []
  let current: RawView | undefined
  const view = () => current ?? (raw.push((current = { objects: [] })), current)
  let skipText = false
  let offset = 0
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const lineStart = offset
    offset += lines[i]!.length + 1
    const line = lines[i]!.replace(/\r$/, '')
    const lineNo = startLine + i
    if (skipText) {
      skipText = false
      continue
    }
    if (line.trim() === '') continue
    if (line.startsWith(SETTINGS)) break
    if (line.startsWith(MARKER)) {
      raw.push((current = { objects: [] }))
      continue
    }
    if (/^-?\d+,/.test(line)) {
      const read = readObjectLine(line, lineNo)
      if ('ok' in read) {
        view().objects.push(read.ok)
        skipText = read.textFollows
      } else if ('error' in read) {
        problems.push({
          pos: { line: lineNo, column: read.column + 1, offset: startOffset + lineStart + read.column },
          ...(read.name ? { variable: read.name } : {}),
          message: `sketch: ${read.error}; fix the line or delete it (Vensim rewrites the sketch when it saves the model)`,
        })
      }
      continue
    }
    if (/^V\d+/.test(line) || line.startsWith('$')) {
      view()
      continue
    }
    if (line.startsWith('*')) {
      const name = line.slice(1).trim()
      if (name !== '') view().name = name
      continue
    }
    // The first line may be the rest of the marker line ("- do not modify anything except names").
    if (i === 0) continue
    problems.push({
      pos: { line: lineNo, column: 1, offset: startOffset + lineStart },
      message: `sketch: "${clip(line)}" is not a line of Vensim's sketch format; delete it, or save the model from Vensim again`,
    })
  }
  const views = raw.flatMap((v) => {
    const built = buildView(v, resolve)
    return built.items.length > 0 ? [built] : []
  })
  return { views, problems }
}

function clip(line: string): string {
  return line.length > 40 ? line.slice(0, 39) + '…' : line
}

/** The name as the model knows it: unquoted first, then as written. */
function resolveWord(word: SketchWord, resolve: SketchResolve) {
  const name = word.name.replace(/\s+/g, ' ').trim()
  return resolve(name) ?? (word.raw !== word.name ? resolve(word.raw.trim()) : undefined)
}

type Resolved = { readonly id: VarId; readonly kind: ElementKind }

/** One view: items for the variables the model knows, pipes from valves, clouds and connectors. */
function buildView(v: RawView, resolve: SketchResolve): View {
  const byUid = new Map<number, SketchObject>()
  for (const o of v.objects) byUid.set(o.uid, o)
  const words = v.objects.filter((o): o is SketchWord => o.t !== 'arrow')
  const arrows = v.objects.filter((o): o is SketchArrow => o.t === 'arrow')
  const known = new Map<number, Resolved>()
  for (const w of words) {
    if (w.t !== 'variable') continue
    const r = resolveWord(w, resolve)
    if (r) known.set(w.uid, r)
  }
  const { valveOf, flowOf } = pairValves(words)

  // Each element's first variable that is not a shadow is its own item; the others are aliases.
  const primary = new Map<VarId, number>()
  for (const w of words) {
    const r = known.get(w.uid)
    if (r && (w.bits & 1) === 1 && !primary.has(r.id)) primary.set(r.id, w.uid)
  }
  const isAlias = (uid: number) => {
    const r = known.get(uid)
    return r !== undefined && primary.get(r.id) !== uid
  }

  // A pipe leaves a valve for a stock or a cloud; Vensim marks the source end with shape bit 6.
  const pipes = new Map<number, SketchArrow[]>()
  const clouds = new Map<number, VarId>()
  for (const a of arrows) {
    const valve = byUid.get(a.from)
    const target = byUid.get(a.to)
    if (valve?.t !== 'valve' || !target || a.to === a.from) continue
    const flow = flowOf.get(valve.uid)
    const isStock = target.t === 'variable' && known.get(target.uid)?.kind === 'stock'
    if (!(isStock || target.t === 'comment')) continue
    if (!pipes.has(valve.uid)) pipes.set(valve.uid, [])
    pipes.get(valve.uid)!.push(a)
    const flowId = flow === undefined ? undefined : known.get(flow)
    if (target.t === 'comment' && flowId?.kind === 'flow') clouds.set(target.uid, flowId.id)
  }

  const items: ViewItem[] = []
  for (const w of words) {
    if (w.t === 'comment') {
      const flow = clouds.get(w.uid)
      if (flow !== undefined) items.push({ id: flow, x: w.x, y: w.y, ...size(w), kind: 'cloud' })
      continue
    }
    const r = w.t === 'variable' ? known.get(w.uid) : undefined
    if (!r) continue
    if (isAlias(w.uid)) {
      items.push({ id: r.id, x: w.x, y: w.y, kind: 'alias', uid: w.uid })
      continue
    }
    const valve = valveOf.get(w.uid)
    const at = valve === undefined ? w : (byUid.get(valve) as SketchWord)
    const item: { -readonly [K in keyof ViewItem]: ViewItem[K] } = { id: r.id, x: at.x, y: at.y }
    if (r.kind === 'stock') Object.assign(item, size(w))
    if (r.kind === 'flow' && valve !== undefined) {
      const points = pipePoints(at, pipes.get(valve) ?? [], byUid)
      if (points) item.points = points
    }
    items.push(item)
  }

  const links: ViewLink[] = []
  for (const a of arrows) {
    if (a.from === a.to || pipes.get(a.from)?.includes(a)) continue
    const from = end(a.from, byUid, known, flowOf, isAlias)
    const to = end(a.to, byUid, known, flowOf, isAlias)
    if (!from || !to || (from.id === to.id && from.alias === to.alias)) continue
    const link: { -readonly [K in keyof ViewLink]: ViewLink[K] } = { from: from.id, to: to.id }
    if (from.alias !== undefined) link.fromAlias = from.alias
    if (to.alias !== undefined) link.toAlias = to.alias
    const bend = a.points.filter(([x, y]) => x !== 0 || y !== 0)
    if (bend.length > 0) link.points = bend
    const polarity = POLARITY[a.polarity]
    if (polarity) link.polarity = polarity
    links.push(link)
  }
  // Links even when none: the sketch's connectors are the ones to draw, and it may have none.
  return { ...(v.name !== undefined ? { name: v.name } : {}), items, links }
}

/** `+`, `-`, and Vensim's lettered polarities (`S`ame, `O`pposite). */
const POLARITY: Record<number, '+' | '-'> = { 43: '+', 45: '-', 83: '+', 115: '+', 79: '-', 111: '-' }

/** Full width and height from Vensim's half sizes. */
function size(w: SketchWord): { width?: number; height?: number } {
  return w.w > 0 && w.h > 0 ? { width: 2 * w.w, height: 2 * w.h } : {}
}

/**
 * Valves and the flow variables named on them (shape bit 5, "attached"): the variable right after
 * its valve, as Vensim writes them, else the nearest attached variable left.
 */
function pairValves(words: readonly SketchWord[]): { valveOf: Map<number, number>; flowOf: Map<number, number> } {
  const valveOf = new Map<number, number>()
  const flowOf = new Map<number, number>()
  const attached = (w: SketchWord) => (w.shape & 32) !== 0
  const valves = new Map(words.filter((w) => w.t === 'valve').map((w) => [w.uid, w]))
  const labels = words.filter((w) => w.t === 'variable' && attached(w))
  const pair = (valve: number, flow: number) => {
    valveOf.set(flow, valve)
    flowOf.set(valve, flow)
    valves.delete(valve)
  }
  const rest: SketchWord[] = []
  for (const l of labels) {
    if (valves.has(l.uid - 1)) pair(l.uid - 1, l.uid)
    else rest.push(l)
  }
  for (const l of rest) {
    let best: SketchWord | undefined
    for (const v of valves.values())
      if (!best || Math.hypot(v.x - l.x, v.y - l.y) < Math.hypot(best.x - l.x, best.y - l.y)) best = v
    if (best) pair(best.uid, l.uid)
  }
  return { valveOf, flowOf }
}

/** A pipe from source to sink through its valve: at a cloud's centre, at a stock's edge. */
function pipePoints(
  valve: SketchWord,
  arrows: readonly SketchArrow[],
  byUid: ReadonlyMap<number, SketchObject>,
): [number, number][] | undefined {
  if (arrows.length === 0) return undefined
  // The source arrow has shape bit 6 (no arrowhead); without the mark, Vensim writes the sink's first.
  const source = arrows.find((a) => (a.shape & 64) !== 0) ?? (arrows.length > 1 ? arrows[1] : undefined)
  const sink = arrows.find((a) => a !== source && (a.shape & 64) === 0) ?? arrows.find((a) => a !== source)
  const at = (a: SketchArrow | undefined): [number, number] => {
    if (!a) return [valve.x, valve.y]
    const target = byUid.get(a.to) as SketchWord
    return pipeEnd(valve, a.points[0], target, target.t === 'variable')
  }
  const from = at(source)
  const to = at(sink)
  const straight = (from[0] === valve.x && to[0] === valve.x) || (from[1] === valve.y && to[1] === valve.y)
  return straight ? [from, to] : [from, [valve.x, valve.y], to]
}

/** The element an arrow end names (a valve names its flow), and the alias it leaves when it is one. */
function end(
  uid: number,
  byUid: ReadonlyMap<number, SketchObject>,
  known: ReadonlyMap<number, Resolved>,
  flowOf: ReadonlyMap<number, number>,
  isAlias: (uid: number) => boolean,
): { id: VarId; alias?: number } | undefined {
  const o = byUid.get(uid)
  const word = o?.t === 'valve' ? flowOf.get(uid) : o?.t === 'variable' ? uid : undefined
  const r = word === undefined ? undefined : known.get(word)
  if (word === undefined || !r) return undefined
  return isAlias(word) ? { id: r.id, alias: word } : { id: r.id }
}
