import type { IR } from './ir.js'

/**
 * The shape of a statement: its expression with every slot, number and table left out (a table's
 * mode kept). Statements of one shape make a kernel (kernels.ts). A large flattened model has
 * hundreds of thousands of statements and few shapes, so shapes are compared by a hash and then
 * node by node, allocating nothing (strings built per statement were a fifth of compiling one).
 */

const names = new Map<string, number>()

/** A number for a name (operators, functions, table modes), the same for the same name. */
function nameCode(name: string): number {
  let h = names.get(name)
  if (h === undefined) names.set(name, (h = names.size + 1))
  return h
}

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1)
  return h ^ (h >>> 15)
}

/** A hash of an expression's shape: equal shapes hash alike. */
export function shapeHash(ir: IR, tableMode: (k: number) => string): number {
  switch (ir.t) {
    case 'num':
      return 1
    case 'slot':
      return 2
    case 'un':
      return mix(mix(3, nameCode(ir.op)), shapeHash(ir.a, tableMode))
    case 'bin':
      return mix(mix(mix(4, nameCode(ir.op)), shapeHash(ir.l, tableMode)), shapeHash(ir.r, tableMode))
    case 'if':
      return mix(mix(mix(5, shapeHash(ir.c, tableMode)), shapeHash(ir.a, tableMode)), shapeHash(ir.b, tableMode))
    case 'fn': {
      let h = mix(mix(6, nameCode(ir.fn)), ir.args.length)
      for (const a of ir.args) h = mix(h, shapeHash(a, tableMode))
      return h
    }
    case 'table':
      return mix(mix(7, nameCode(tableMode(ir.k))), shapeHash(ir.a, tableMode))
    case 'range':
      return mix(8, nameCode(ir.fn))
  }
}

/** Whether two expressions have one shape. */
export function sameShape(a: IR, b: IR, tableMode: (k: number) => string): boolean {
  if (a.t !== b.t) return false
  switch (a.t) {
    case 'num':
    case 'slot':
      return true
    case 'un': {
      const o = b as typeof a
      return a.op === o.op && sameShape(a.a, o.a, tableMode)
    }
    case 'bin': {
      const o = b as typeof a
      return a.op === o.op && sameShape(a.l, o.l, tableMode) && sameShape(a.r, o.r, tableMode)
    }
    case 'if': {
      const o = b as typeof a
      return sameShape(a.c, o.c, tableMode) && sameShape(a.a, o.a, tableMode) && sameShape(a.b, o.b, tableMode)
    }
    case 'fn': {
      const o = b as typeof a
      if (a.fn !== o.fn || a.args.length !== o.args.length) return false
      for (let j = 0; j < a.args.length; j++) if (!sameShape(a.args[j]!, o.args[j]!, tableMode)) return false
      return true
    }
    case 'table': {
      const o = b as typeof a
      return tableMode(a.k) === tableMode(o.k) && sameShape(a.a, o.a, tableMode)
    }
    case 'range':
      return a.fn === (b as typeof a).fn
  }
}
