import type { BinaryOp } from '@stockflow/model'
import type { IR } from './ir.js'

/** Small constructors for IR, so expansions read like the formulas they implement. */
export const num = (v: number): IR => ({ t: 'num', v })
export const slot = (i: number): IR => ({ t: 'slot', i })
export const bin = (op: BinaryOp, l: IR, r: IR): IR => ({ t: 'bin', op, l, r })
export const add = (l: IR, r: IR): IR => bin('+', l, r)
export const sub = (l: IR, r: IR): IR => bin('-', l, r)
export const mul = (l: IR, r: IR): IR => bin('*', l, r)
export const div = (l: IR, r: IR): IR => bin('/', l, r)
export const fn = (name: string, ...args: IR[]): IR => ({ t: 'fn', fn: name, args })

/** Calls `visit` on every node of an IR expression, the root first. */
export function visitIR(ir: IR, visit: (node: IR) => void): void {
  visit(ir)
  switch (ir.t) {
    case 'un':
    case 'table':
      visitIR(ir.a, visit)
      break
    case 'bin':
      visitIR(ir.l, visit)
      visitIR(ir.r, visit)
      break
    case 'if':
      visitIR(ir.c, visit)
      visitIR(ir.a, visit)
      visitIR(ir.b, visit)
      break
    case 'fn':
      for (const a of ir.args) visitIR(a, visit)
      break
    default:
      break
  }
}

/** Calls `read` with each slot an IR expression reads, as met (repeats included; a range's slots in order). */
function forEachRead(ir: IR, read: (slot: number) => void): void {
  visitIR(ir, (node) => {
    if (node.t === 'slot') read(node.i)
    else if (node.t === 'range') for (let j = 0; j < node.n; j++) read(node.base + j * node.stride)
  })
}

/**
 * The slots an IR expression reads, pushed onto `out` as met (repeats included): for dependency
 * orders over large models, where a Set per expression costs more than the walk.
 */
export function readsOf(ir: IR, out: number[] = []): number[] {
  forEachRead(ir, (s) => out.push(s))
  return out
}

/** Every slot an IR expression reads. */
export function slotsOf(ir: IR, out: Set<number> = new Set()): Set<number> {
  forEachRead(ir, (s) => out.add(s))
  return out
}

export function remapSlots(ir: IR, map: (i: number) => number): IR {
  switch (ir.t) {
    case 'slot':
      return { t: 'slot', i: map(ir.i) }
    case 'un':
      return { ...ir, a: remapSlots(ir.a, map) }
    case 'bin':
      return { ...ir, l: remapSlots(ir.l, map), r: remapSlots(ir.r, map) }
    case 'if':
      return { ...ir, c: remapSlots(ir.c, map), a: remapSlots(ir.a, map), b: remapSlots(ir.b, map) }
    case 'fn':
      return { ...ir, args: ir.args.map((a) => remapSlots(a, map)) }
    case 'table':
      return { ...ir, a: remapSlots(ir.a, map) }
    case 'range': {
      // Still a range if the slots keep their spacing, else the call over each.
      const slots = Array.from({ length: ir.n }, (_, j) => map(ir.base + j * ir.stride))
      const stride = ir.n > 1 ? slots[1]! - slots[0]! : ir.stride
      if (stride > 0 && slots.every((x, j) => x === slots[0]! + j * stride)) return { ...ir, base: slots[0]!, stride }
      return fn(ir.fn, ...slots.map(slot))
    }
    default:
      return ir
  }
}

/** The name of every function an IR expression calls. */
export function callsOf(ir: IR, out: Set<string> = new Set()): Set<string> {
  visitIR(ir, (node) => {
    if (node.t === 'fn') out.add(node.fn)
  })
  return out
}
