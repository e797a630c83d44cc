import type { IR } from './ir.js'
import { sameShape, shapeHash } from './shapes.js'

/**
 * Kernels: statements of one shape computed by one loop over per-statement slots and numbers.
 *
 * Straight-line code costs V8 about 0.15 ms of optimising compiler per statement, so a model of 100k
 * variables would need some 15 s of compilation before it ran at full speed, and a run of 100 steps
 * mostly runs unoptimised code. Generated and arrayed models repeat a few equation shapes many times
 * (`s_i * k + c_i`): statements of one shape that do not depend on each other become one small loop,
 * optimised after a few steps, whatever the model size.
 */

/**
 * One assignment of a block: `out[index] = expr`, where `slot` is the slot it computes, if any. With
 * `override`, an initial value given for the run (`o[index]`, NaN where none) takes precedence. With
 * `code`, the statement is that code instead, reading the slots of `expr` and writing `slot`. With
 * `second`, the item finishes a slot an earlier item of the block computed (a graphical function
 * applied to its input, see Source): it reads and writes that slot, after the rest of its level.
 */
export interface Item {
  readonly out: 'v' | 'k'
  readonly index: number
  readonly slot?: number
  readonly expr: IR
  readonly override?: boolean
  readonly code?: string
  readonly second?: boolean
}

/** A unit of a block in evaluation order: one statement, or a kernel over statements of one shape. */
export type Unit = { readonly kind: 'one'; readonly item: Item } | { readonly kind: 'loop'; readonly items: Item[] }

/** Fewer statements of one shape than this are emitted one by one (a loop has a fixed cost). */
export const MIN_KERNEL = 16

/**
 * The slots, numbers and tables of an expression, in the order a walk meets them (left to right,
 * as `template` numbers them), and the base, count and stride of each range, three integers a
 * range. `slots` are single slots only: a range's are read through it.
 */
export interface Leaves {
  readonly slots: number[]
  readonly nums: number[]
  readonly tables: number[]
  readonly ranges: number[]
}

export function leavesOf(ir: IR): Leaves {
  return collectLeaves(ir, { slots: [], nums: [], tables: [], ranges: [] })
}

function collectLeaves(ir: IR, out: Leaves): Leaves {
  switch (ir.t) {
    case 'num':
      out.nums.push(ir.v)
      break
    case 'slot':
      out.slots.push(ir.i)
      break
    case 'un':
      collectLeaves(ir.a, out)
      break
    case 'bin':
      collectLeaves(ir.l, out)
      collectLeaves(ir.r, out)
      break
    case 'if':
      collectLeaves(ir.c, out)
      collectLeaves(ir.a, out)
      collectLeaves(ir.b, out)
      break
    case 'fn':
      for (const a of ir.args) collectLeaves(a, out)
      break
    case 'table':
      out.tables.push(ir.k)
      collectLeaves(ir.a, out)
      break
    case 'range':
      out.ranges.push(ir.base, ir.n, ir.stride)
      break
  }
  return out
}

export interface LeafColumns {
  readonly slots: number[][]
  readonly nums: number[][]
  readonly tables: number[][]
  readonly ranges: number[][]
}

/**
 * The leaves of a kernel's statements by position: `slots[p][i]` is the p-th slot of statement i
 * (and so on), the columns a kernel reads; one array per position rather than four per statement.
 */
export function leafColumns(exprs: readonly IR[]): LeafColumns {
  const slots: number[][] = []
  const nums: number[][] = []
  const tables: number[][] = []
  const ranges: number[][] = []
  let s = 0
  let n = 0
  let t = 0
  let r = 0
  const go = (ir: IR): void => {
    switch (ir.t) {
      case 'num':
        ;(nums[n++] ??= []).push(ir.v)
        break
      case 'slot':
        ;(slots[s++] ??= []).push(ir.i)
        break
      case 'un':
        go(ir.a)
        break
      case 'bin':
        go(ir.l)
        go(ir.r)
        break
      case 'if':
        go(ir.c)
        go(ir.a)
        go(ir.b)
        break
      case 'fn':
        for (const a of ir.args) go(a)
        break
      case 'table':
        ;(tables[t++] ??= []).push(ir.k)
        go(ir.a)
        break
      case 'range':
        ;(ranges[r++] ??= []).push(ir.base)
        ;(ranges[r++] ??= []).push(ir.n)
        ;(ranges[r++] ??= []).push(ir.stride)
        break
    }
  }
  for (const ir of exprs) {
    s = n = t = r = 0
    go(ir)
  }
  return { slots, nums, tables, ranges }
}

/**
 * The expression with its leaves numbered by position (slot i, number v and table k become the
 * position of that leaf among its kind; a range's base, count and stride their positions in
 * `Leaves.ranges`), so one emitter call writes the loop body of a kernel.
 */
export function template(ir: IR): IR {
  let s = 0
  let n = 0
  let k = 0
  let r = 0
  const go = (x: IR): IR => {
    switch (x.t) {
      case 'num':
        return { t: 'num', v: n++ }
      case 'slot':
        return { t: 'slot', i: s++ }
      case 'un':
        return { ...x, a: go(x.a) }
      case 'bin': {
        const l = go(x.l)
        return { ...x, l, r: go(x.r) }
      }
      case 'if': {
        const c = go(x.c)
        const a = go(x.a)
        return { ...x, c, a, b: go(x.b) }
      }
      case 'fn':
        return { ...x, args: x.args.map(go) }
      case 'table': {
        const t = k++
        return { t: 'table', k: t, a: go(x.a) }
      }
      case 'range': {
        r += 3
        return { ...x, base: r - 3, n: r - 2, stride: r - 1 }
      }
    }
  }
  return go(ir)
}

/**
 * Orders a block into units. Auxiliaries are ranked by level (1 + the highest level among the
 * auxiliaries they read); those of one level never read each other, so any order within a level is
 * a valid evaluation order, and the statements of one level and shape form a kernel: when there are
 * `minKernel` of them, or at least two that `arrayed` marks (elements of arrays: an apply-to-all
 * equation is one loop whatever the array's size, so code grows with equations, not elements).
 * Second items keep the level of the slot they finish and come after the other statements of that level.
 */
export function schedule(
  items: readonly Item[],
  tableMode: (k: number) => string,
  minKernel = MIN_KERNEL,
  arrayed?: (item: Item) => boolean,
): Unit[] {
  // The level of each slot computed in this block, by slot (slots read but not computed here are -1).
  const levelOfSlot = new Int32Array(items.reduce((m, x) => Math.max(m, (x.slot ?? -1) + 1), 0)).fill(-1)
  const deepest = (ir: IR): number => {
    switch (ir.t) {
      case 'num':
        return -1
      case 'slot':
        return ir.i < levelOfSlot.length ? levelOfSlot[ir.i]! : -1
      case 'un':
        return deepest(ir.a)
      case 'bin':
        return Math.max(deepest(ir.l), deepest(ir.r))
      case 'if':
        return Math.max(deepest(ir.c), deepest(ir.a), deepest(ir.b))
      case 'fn':
        return ir.args.reduce((m, a) => Math.max(m, deepest(a)), -1)
      case 'table':
        return deepest(ir.a)
      case 'range': {
        let m = -1
        for (let j = 0, i = ir.base; j < ir.n; j++, i += ir.stride)
          if (i < levelOfSlot.length && levelOfSlot[i]! > m) m = levelOfSlot[i]!
        return m
      }
    }
  }
  const levels = items.map((item) => {
    if (item.second) return 2 * levelOfSlot[item.slot!]! + 1
    const level = deepest(item.expr) + 1
    if (item.slot !== undefined) levelOfSlot[item.slot] = level
    return 2 * level
  })
  // Groups of one level and shape (and target, and override), in order of first appearance, found
  // by a hash of those and then compared with each group of that hash (see shapes.ts).
  const groups: Item[][] = []
  const groupLevel: number[] = []
  const byHash = new Map<number, number[]>()
  items.forEach((item, j) => {
    const level = levels[j]!
    if (item.code !== undefined) {
      groupLevel.push(level)
      groups.push([item])
      return
    }
    const flags = 4 * level + (item.out === 'k' ? 2 : 0) + (item.override ? 1 : 0)
    const hash = Math.imul(shapeHash(item.expr, tableMode), 31) + flags
    let candidates = byHash.get(hash)
    if (!candidates) byHash.set(hash, (candidates = []))
    for (const g of candidates) {
      const first = groups[g]![0]!
      const same =
        groupLevel[g] === level &&
        first.out === item.out &&
        !first.override === !item.override &&
        sameShape(first.expr, item.expr, tableMode)
      if (same) {
        groups[g]!.push(item)
        return
      }
    }
    candidates.push(groups.length)
    groupLevel.push(level)
    groups.push([item])
  })
  const isKernel = (group: readonly Item[]) => {
    if (group.length >= minKernel) return true
    if (!arrayed || group.length < 2) return false
    let marked = 0
    for (const item of group) if (arrayed(item) && ++marked === 2) return true
    return false
  }
  if (!groups.some(isKernel)) return items.map((item) => ({ kind: 'one', item }))
  const order = groups.map((_, g) => g).sort((a, b) => groupLevel[a]! - groupLevel[b]! || a - b)
  const units: Unit[] = []
  for (const g of order) {
    const group = groups[g]!
    if (isKernel(group)) units.push({ kind: 'loop', items: group })
    else for (const item of group) units.push({ kind: 'one', item })
  }
  return units
}

/** How a kernel reads one leaf position over its items: a constant, an arithmetic sequence or an array. */
export type Column =
  | { readonly kind: 'same'; readonly value: number }
  | { readonly kind: 'step'; readonly base: number; readonly step: number }
  | { readonly kind: 'array'; readonly values: readonly number[] }

/** The cheapest way to read `values[i]`; `integer` values (slots) may be an arithmetic sequence. */
export function column(values: readonly number[], integer: boolean): Column {
  const first = values[0]!
  if (values.every((x) => Object.is(x, first))) return { kind: 'same', value: first }
  if (integer) {
    const step = values[1]! - first
    if (values.every((x, i) => x === first + i * step)) return { kind: 'step', base: first, step }
  }
  return { kind: 'array', values }
}
