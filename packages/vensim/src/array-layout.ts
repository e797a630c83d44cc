import type { Dimension } from '@stockflow/model'
import type { Equation, MdlProblem, Subscript } from './ast.js'
import { displayName, idOf } from './names.js'
import type { RangeInfo, SubscriptRanges } from './subscript-ranges.js'

/** One position of a left-hand side: a range (or alias) by its name, or one element. */
export interface Sel {
  /** The name as the file defines it. */
  readonly name: string
  /** The element ids it spans, in their range's order. */
  readonly ids: readonly string[]
  readonly range: boolean
}

/** Some elements of a variable: one selection per dimension, all their combinations. */
export type Box = readonly Sel[]

/** One equation of an arrayed variable and the elements it defines. */
export interface EquationLayout {
  readonly eq: Equation
  /** Its left-hand side as written. */
  readonly lhs: Box
  /** The parts of the left-hand side it defines: all of it, or what its `:EXCEPT:` lists leave. */
  readonly boxes: readonly Box[]
}

/** An arrayed variable: its dimensions and its equations. */
export interface VariableLayout {
  readonly dims: readonly string[]
  /** The element ids of each dimension, in order. */
  readonly dimIds: readonly (readonly string[])[]
  readonly equations: readonly EquationLayout[]
  /** The equation that holds for every element but those the others define (written over the dimensions). */
  readonly main?: EquationLayout
  /** Whether the equations define every element. */
  readonly complete: boolean
}

/** The most elements one arrayed variable may have; each becomes a variable of the flat model. */
export const MAX_VARIABLE_ELEMENTS = 10_000_000

/**
 * Lays out the equations of one arrayed variable. Its dimension at each position is the range the
 * equations' left-hand sides span there together: the one they name when it fits, else the range it is
 * read over when that is wider, else a range with exactly those elements, else a new subrange
 * (`synthesize`; Vensim defines a variable on just the elements it has equations for). Elements defined twice are problems; elements left undefined
 * (an `:EXCEPT:` without their own equations) are for the model's validation to report.
 */
export function layoutVariable(
  name: string,
  equations: readonly Equation[],
  ranges: SubscriptRanges,
  problems: MdlProblem[],
  synthesize: (root: RangeInfo, elements: readonly string[]) => string,
  /** The elements references read at each position (see subscriptReads). */
  reads: readonly (ReadonlySet<string> | undefined)[] = [],
): VariableLayout | undefined {
  const problem = (pos: Equation['pos'], message: string) => problems.push({ pos, variable: name, message })
  const lhs: Box[] = []
  for (const eq of equations) {
    const box = boxOf(eq.lhs.subscripts, ranges, (s, m) => problem(s.pos, m))
    if (!box) return undefined
    if (lhs.length > 0 && box.length !== lhs[0]!.length) {
      problem(
        eq.pos,
        `has ${box.length} subscripts here but ${lhs[0]!.length} at line ${equations[0]!.pos.line}; give every equation of a variable the same number`,
      )
      return undefined
    }
    lhs.push(box)
  }
  const rank = lhs[0]!.length
  const dims: string[] = []
  const dimIds: string[][] = []
  // Positions the equations name a range at choose first, so a range named there keeps its place.
  const positions = [...Array(rank).keys()]
  const named = (i: number) => lhs.some((b) => b[i]!.range)
  const used = new Set<string>()
  for (const i of [...positions.filter(named), ...positions.filter((i) => !named(i))]) {
    const picked = pickDimension(
      lhs.map((b) => b[i]!),
      ranges,
      synthesize,
      used,
      reads[i],
    )
    if (!picked) {
      const written = [...new Set(lhs.map((b) => b[i]!.name))].join(', ')
      problem(
        equations[0]!.pos,
        `the subscripts at position ${i + 1} (${written}) belong to no one subscript range; define a range holding them`,
      )
      return undefined
    }
    used.add(idOf(picked.name))
    dims[i] = picked.name
    dimIds[i] = picked.ids
  }
  const total = dimIds.reduce((n, ids) => n * ids.length, 1)
  if (total > MAX_VARIABLE_ELEMENTS) {
    problem(
      equations[0]!.pos,
      `has ${total.toLocaleString('en')} elements (${dims.join(' x ')}); stockflow holds at most ${MAX_VARIABLE_ELEMENTS.toLocaleString('en')} per variable`,
    )
    return undefined
  }
  const layouts: EquationLayout[] = []
  for (const [k, eq] of equations.entries()) {
    let boxes: Box[] = [lhs[k]!]
    for (const except of eq.lhs.except) {
      const ex = boxOf(except, ranges, (s, m) => problem(s.pos, m))
      if (!ex) return undefined
      if (ex.length !== rank) {
        problem(eq.pos, `the :EXCEPT: list has ${ex.length} subscripts, the variable ${rank}; give one per dimension`)
        return undefined
      }
      boxes = boxes.flatMap((b) => subtract(b, ex, ranges))
    }
    layouts.push({ eq, lhs: lhs[k]!, boxes })
  }
  const complete = checkCoverage(dimIds, layouts, ranges, (eq, message) => problem(eq.pos, message))
  const dimNames = dims.map(idOf)
  const main = layouts.find(
    (l) => l.lhs.every((s, i) => s.range && idOf(s.name) === dimNames[i]) && (l.eq.lhs.except.length === 0 || complete),
  )
  return { dims, dimIds, equations: layouts, ...(main ? { main } : {}), complete }
}

/** A list of subscripts as selections; unknown names and bangs are problems (undefined). */
export function boxOf(
  subscripts: readonly Subscript[],
  ranges: SubscriptRanges,
  problem: (s: Subscript, message: string) => void,
): Box | undefined {
  const box: Sel[] = []
  let ok = true
  for (const s of subscripts) {
    const meaning = ranges.meaning(s.name)
    if (!meaning) {
      problem(s, ranges.unknown(s.name))
      ok = false
      continue
    }
    if (s.bang) {
      problem(s, `"${displayName(s.name)}!" stands only inside a function over arrays, not on the left-hand side`)
      ok = false
      continue
    }
    box.push(
      meaning.kind === 'range'
        ? { name: meaning.range.name, ids: meaning.range.ids, range: true }
        : { name: meaning.name, ids: [idOf(meaning.name)], range: false },
    )
  }
  return ok ? box : undefined
}

/**
 * The dimension of one position, that no other position took: a range the equations name with exactly
 * the elements they define there; else, when references read it at other elements too, the smallest
 * range holding those (the elements left out go undefined, for validation to report); else a range
 * with exactly the elements defined (a root first); else a new subrange of the largest range holding them.
 */
function pickDimension(
  sels: readonly Sel[],
  ranges: SubscriptRanges,
  synthesize: (root: RangeInfo, elements: readonly string[]) => string,
  used: ReadonlySet<string>,
  read: ReadonlySet<string> | undefined,
): { name: string; ids: string[] } | undefined {
  // Most often every equation names the same range: it is the dimension.
  const first = sels[0]!.range ? ranges.range(sels[0]!.name) : undefined
  if (first && !used.has(first.id) && sels.every((s) => s.name === first.name))
    return { name: first.name, ids: [...first.ids] }
  const union = new Set(sels.flatMap((s) => s.ids))
  const same = (r: RangeInfo) => r.ids.length === union.size && r.ids.every((e) => union.has(e))
  const free = (r: RangeInfo | undefined) => r !== undefined && !used.has(r.id)
  const named = sels.map((s) => (s.range ? ranges.range(s.name) : undefined)).find((r) => free(r) && same(r!))
  if (named) return { name: named.name, ids: [...named.ids] }
  // Read at elements it does not define: the range read is its dimension, the others left undefined.
  const wider = read && [...read].some((e) => !union.has(e)) ? new Set([...union, ...read]) : undefined
  const whole = wider && smallestHolder(wider, ranges, used)
  if (whole) return { name: whole.name, ids: [...whole.ids] }
  const exact = ranges.all().filter((r) => same(r) && free(r))
  const chosen = exact.find((r) => !r.aliasOf && ranges.root(r) === r) ?? exact[0]
  if (chosen) return { name: chosen.name, ids: [...chosen.ids] }
  let holder: RangeInfo | undefined
  for (const r of ranges.all()) {
    if (r.aliasOf || r.ids.length < union.size) continue
    if ([...union].every((e) => r.idSet.has(e)) && (!holder || r.ids.length > holder.ids.length)) holder = r
  }
  if (!holder) return undefined
  const keep = holder.ids.map((id) => union.has(id))
  return {
    name: synthesize(
      holder,
      holder.elements.filter((_, k) => keep[k]),
    ),
    ids: holder.ids.filter((_, k) => keep[k]),
  }
}

/** The smallest free range holding all of `ids` (a root before its aliases and equal subranges). */
function smallestHolder(
  ids: ReadonlySet<string>,
  ranges: SubscriptRanges,
  used: ReadonlySet<string>,
): RangeInfo | undefined {
  let best: RangeInfo | undefined
  for (const r of ranges.all()) {
    if (used.has(r.id) || r.ids.length < ids.size || ![...ids].every((e) => r.idSet.has(e))) continue
    const isRoot = (x: RangeInfo) => !x.aliasOf && ranges.root(x) === x
    if (!best || r.ids.length < best.ids.length || (r.ids.length === best.ids.length && isRoot(r) && !isRoot(best)))
      best = r
  }
  return best
}

/** `box` less the combinations `ex` spans: boxes keeping a selection's name where it is whole. */
function subtract(box: Box, ex: Box, ranges: SubscriptRanges): Box[] {
  const excepted = ex.map((s) => new Set(s.ids))
  const inter = box.map((s, i) => s.ids.filter((id) => excepted[i]!.has(id)))
  if (inter.some((ids) => ids.length === 0)) return [box]
  const out: Box[] = []
  const prefix: Sel[][] = []
  for (let i = 0; i < box.length; i++) {
    const rest = box[i]!.ids.filter((id) => !excepted[i]!.has(id))
    if (rest.length > 0)
      out.push(...product([...prefix, part(box[i]!, rest, ranges), ...box.slice(i + 1).map((s) => [s])]))
    prefix.push(part(box[i]!, inter[i]!, ranges))
  }
  return out
}

/** Some of a selection's elements: the selection itself when all, else one selection per element. */
function part(sel: Sel, ids: readonly string[], ranges: SubscriptRanges): Sel[] {
  if (ids.length === sel.ids.length) return [sel]
  return ids.map((id) => ({ name: ranges.spelling(id), ids: [id], range: false }))
}

/** Every box taking one selection from each position's alternatives. */
function product(alternatives: readonly (readonly Sel[])[]): Box[] {
  let boxes: Sel[][] = [[]]
  for (const options of alternatives) boxes = boxes.flatMap((b) => options.map((o) => [...b, o]))
  return boxes
}

/**
 * Counts each element's definitions: one defined twice is a problem at the later equation. Says
 * whether every element is defined.
 */
function checkCoverage(
  dimIds: readonly (readonly string[])[],
  layouts: readonly EquationLayout[],
  ranges: SubscriptRanges,
  problem: (eq: Equation, message: string) => void,
): boolean {
  const sizes = dimIds.map((ids) => ids.length)
  const total = sizes.reduce((a, b) => a * b, 1)
  const index = dimIds.map((ids) => new Map(ids.map((id, k) => [id, k])))
  const owner = new Int32Array(total).fill(-1)
  let covered = 0
  layouts.forEach((l, k) => {
    let told = false
    for (const box of l.boxes) {
      forEachIndex(box, index, sizes, (flat, ids) => {
        if (owner[flat] === -1) {
          owner[flat] = k
          covered++
        } else if (!told) {
          told = true
          const first = layouts[owner[flat]!]!.eq.pos.line
          const shown = ids.map((id) => ranges.spelling(id)).join(',')
          problem(l.eq, `the element [${shown}] is defined twice (also at line ${first}); define it once`)
        }
      })
    }
  })
  return covered === total
}

/** Calls `f` with the flat index (row-major over the dimensions) of each combination a box spans. */
export function forEachIndex(
  box: Box,
  index: readonly ReadonlyMap<string, number>[],
  sizes: readonly number[],
  f: (flat: number, ids: readonly string[]) => void,
): void {
  const ids: string[] = []
  const go = (i: number, flat: number) => {
    if (i === box.length) {
      f(flat, ids)
      return
    }
    for (const id of box[i]!.ids) {
      ids[i] = id
      go(i + 1, flat * sizes[i]! + index[i]!.get(id)!)
    }
  }
  go(0, 0)
}

/** A dimension the import makes for a variable defined on some elements of a range only. */
export function subsetDimension(name: string, root: RangeInfo, elements: readonly string[]): Dimension {
  return { name, elements, parent: root.name }
}
