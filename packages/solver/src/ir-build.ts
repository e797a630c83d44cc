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

/** Every slot an IR expression reads. */
export function slotsOf(ir: IR, out: Set<number> = new Set()): Set<number> {
  switch (ir.t) {
    case 'slot':
      out.add(ir.i)
      break
    case 'un':
      slotsOf(ir.a, out)
      break
    case 'bin':
      slotsOf(ir.l, out)
      slotsOf(ir.r, out)
      break
    case 'if':
      slotsOf(ir.c, out)
      slotsOf(ir.a, out)
      slotsOf(ir.b, out)
      break
    case 'fn':
      for (const a of ir.args) slotsOf(a, out)
      break
    case 'table':
      slotsOf(ir.a, out)
      break
    default:
      break
  }
  return out
}

/** The same expression with every slot index passed through `map`. */
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
    default:
      return ir
  }
}

/** The name of every function an IR expression calls. */
export function callsOf(ir: IR, out: Set<string> = new Set()): Set<string> {
  switch (ir.t) {
    case 'un':
      callsOf(ir.a, out)
      break
    case 'bin':
      callsOf(ir.l, out)
      callsOf(ir.r, out)
      break
    case 'if':
      callsOf(ir.c, out)
      callsOf(ir.a, out)
      callsOf(ir.b, out)
      break
    case 'fn':
      out.add(ir.fn)
      for (const a of ir.args) callsOf(a, out)
      break
    case 'table':
      callsOf(ir.a, out)
      break
    default:
      break
  }
  return out
}
